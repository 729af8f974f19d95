-- External guests: an expiry date on the account, and invitations by e-mail (SQLite).
ALTER TABLE users ADD COLUMN guest_expires_at TEXT;

CREATE TABLE invitations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash       TEXT    NOT NULL UNIQUE,
    space_id         INTEGER NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    email            TEXT    NOT NULL,
    locale           TEXT    NOT NULL,
    invited_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at       TEXT    NOT NULL,
    expires_at       TEXT    NOT NULL,
    accepted_at      TEXT,
    accepted_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX invitations_space_id ON invitations (space_id);
