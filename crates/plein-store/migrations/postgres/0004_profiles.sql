-- People (kenniskaart): profile fields and expertise tags (PostgreSQL).
ALTER TABLE users ADD COLUMN job_title TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN department TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN location TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN phone_visible BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN about TEXT NOT NULL DEFAULT '';
CREATE INDEX users_display_name ON users (display_name);
CREATE INDEX users_department ON users (department);

CREATE TABLE user_expertise (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tag     TEXT   NOT NULL,
    PRIMARY KEY (user_id, tag)
);
CREATE INDEX user_expertise_tag ON user_expertise (tag);
