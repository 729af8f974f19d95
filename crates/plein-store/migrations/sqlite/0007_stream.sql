-- The social stream: posts in spaces and on profiles, comments on anything, likes, follows (SQLite).
-- Streams read a bounded slice per container: newest first by id, from the (container, id) indexes.
ALTER TABLE spaces ADD COLUMN admins_post BOOLEAN NOT NULL DEFAULT 0;

CREATE TABLE posts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    space_id      INTEGER REFERENCES spaces (id) ON DELETE CASCADE,
    profile_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
    author_id     INTEGER NOT NULL REFERENCES users (id),
    body          TEXT    NOT NULL,
    body_html     TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    edited_at     TEXT,
    deleted_at    TEXT,
    pinned_at     TEXT,
    comment_count INTEGER NOT NULL DEFAULT 0,
    like_count    INTEGER NOT NULL DEFAULT 0,
    CHECK ((space_id IS NULL) <> (profile_id IS NULL))
);
-- Only live posts: a stream's slice comes from the index alone.
CREATE INDEX posts_space ON posts (space_id, id) WHERE space_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX posts_profile ON posts (profile_id, id) WHERE profile_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX posts_pinned ON posts (space_id, pinned_at) WHERE pinned_at IS NOT NULL;

CREATE TABLE comments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    target_kind TEXT    NOT NULL CHECK (target_kind IN ('post')),
    target_id   INTEGER NOT NULL,
    parent_id   INTEGER REFERENCES comments (id),
    author_id   INTEGER NOT NULL REFERENCES users (id),
    body        TEXT    NOT NULL,
    body_html   TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    edited_at   TEXT,
    deleted_at  TEXT,
    like_count  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comments_target ON comments (target_kind, target_id, id);

CREATE TABLE likes (
    target_kind TEXT    NOT NULL CHECK (target_kind IN ('post', 'comment')),
    target_id   INTEGER NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (target_kind, target_id, user_id)
) WITHOUT ROWID;

CREATE TABLE follows (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_kind TEXT    NOT NULL CHECK (target_kind IN ('user', 'space')),
    target_id   INTEGER NOT NULL,
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (user_id, target_kind, target_id)
) WITHOUT ROWID;
