-- Profile photos, already resized (SQLite).
CREATE TABLE user_photos (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    content_type TEXT    NOT NULL,
    bytes        BLOB    NOT NULL,
    updated_at   TEXT    NOT NULL
);
