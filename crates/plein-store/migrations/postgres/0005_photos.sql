-- Profile photos, already resized (PostgreSQL).
CREATE TABLE user_photos (
    user_id      BIGINT      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    content_type TEXT        NOT NULL,
    bytes        BYTEA       NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
