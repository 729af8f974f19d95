-- Groups with capabilities, spaces with members and join requests (SQLite).
CREATE TABLE groups (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

CREATE TABLE group_capabilities (
    group_id   INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    capability TEXT    NOT NULL,
    PRIMARY KEY (group_id, capability)
);

CREATE TABLE group_members (
    group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user_id ON group_members (user_id);

CREATE TABLE spaces (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL,
    description   TEXT    NOT NULL DEFAULT '',
    kind          TEXT    NOT NULL CHECK (kind IN ('team', 'workgroup', 'project', 'department')),
    visibility    TEXT    NOT NULL CHECK (visibility IN ('open', 'closed', 'secret')),
    colour        TEXT    NOT NULL,
    allows_guests BOOLEAN NOT NULL DEFAULT 0,
    archived_at   TEXT,
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE INDEX spaces_visibility_name ON spaces (visibility, name);
CREATE INDEX spaces_name ON spaces (name);

CREATE TABLE space_members (
    space_id  INTEGER NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'guest')),
    joined_at TEXT    NOT NULL,
    PRIMARY KEY (space_id, user_id)
);
CREATE INDEX space_members_user_id ON space_members (user_id);

CREATE TABLE space_join_requests (
    space_id   INTEGER NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message    TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    PRIMARY KEY (space_id, user_id)
);
CREATE INDEX space_join_requests_user_id ON space_join_requests (user_id);
