-- Birthdays (day and month only, shown when the person opts in), the record that a guest's access
-- ended, links to set a password, and one table for every stored image (SQLite).
ALTER TABLE users ADD COLUMN birthday TEXT;
ALTER TABLE users ADD COLUMN birthday_visible BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN guest_expiry_recorded_at TEXT;
CREATE INDEX users_guest_expires_at ON users (guest_expires_at) WHERE guest_expires_at IS NOT NULL;

CREATE TABLE password_links (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT    NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT    NOT NULL CHECK (purpose IN ('reset', 'welcome')),
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    used_at    TEXT
);
CREATE INDEX password_links_user_id ON password_links (user_id);

CREATE TABLE images (
    owner_kind   TEXT    NOT NULL CHECK (owner_kind IN ('user', 'space')),
    owner_id     INTEGER NOT NULL,
    content_type TEXT    NOT NULL,
    bytes        BLOB    NOT NULL,
    updated_at   TEXT    NOT NULL,
    PRIMARY KEY (owner_kind, owner_id)
);
INSERT INTO images (owner_kind, owner_id, content_type, bytes, updated_at)
    SELECT 'user', user_id, content_type, bytes, updated_at FROM user_photos;
DROP TABLE user_photos;
