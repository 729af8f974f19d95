-- The rest of the social stream (SQLite): mentions, topics, polls, notifications with their
-- settings, and moderation (reports, hidden posts and comments).
ALTER TABLE users ADD COLUMN unread_notifications INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN mail_mentions BOOLEAN NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN mail_digest BOOLEAN NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN digest_sent_at TEXT;

ALTER TABLE posts ADD COLUMN hidden_at TEXT;
ALTER TABLE posts ADD COLUMN hidden_reason TEXT;
ALTER TABLE comments ADD COLUMN hidden_at TEXT;
ALTER TABLE comments ADD COLUMN hidden_reason TEXT;

-- People named in a post's text: their home stream shows it.
CREATE TABLE post_mentions (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, post_id)
) WITHOUT ROWID;
CREATE INDEX post_mentions_post ON post_mentions (post_id);

CREATE TABLE post_topics (
    topic   TEXT    NOT NULL,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    PRIMARY KEY (topic, post_id)
) WITHOUT ROWID;
CREATE INDEX post_topics_post ON post_topics (post_id);

CREATE TABLE polls (
    post_id   INTEGER PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    multiple  BOOLEAN NOT NULL,
    closes_at TEXT
);
CREATE TABLE poll_options (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id  INTEGER NOT NULL REFERENCES polls (post_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label    TEXT    NOT NULL,
    votes    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX poll_options_post ON poll_options (post_id, position);
CREATE TABLE poll_votes (
    post_id    INTEGER NOT NULL REFERENCES polls (post_id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    option_id  INTEGER NOT NULL REFERENCES poll_options (id) ON DELETE CASCADE,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (post_id, user_id, option_id)
) WITHOUT ROWID;

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    actor_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    post_id    INTEGER REFERENCES posts (id) ON DELETE CASCADE,
    comment_id INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    space_id   INTEGER REFERENCES spaces (id) ON DELETE CASCADE,
    others     INTEGER NOT NULL DEFAULT 0,
    created_at TEXT    NOT NULL,
    read_at    TEXT,
    mailed_at  TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
-- Likes are gathered into the reader's one unread notification per post.
CREATE INDEX notifications_unread ON notifications (user_id, kind, post_id) WHERE read_at IS NULL;

-- A member's or follower's choice per space: every new post, or nothing but mentions.
CREATE TABLE space_notify (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    space_id INTEGER NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    level    TEXT    NOT NULL CHECK (level IN ('all', 'mute')),
    PRIMARY KEY (space_id, user_id)
) WITHOUT ROWID;

CREATE TABLE reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id     INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    comment_id  INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    space_id    INTEGER REFERENCES spaces (id) ON DELETE CASCADE,
    reporter_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason      TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    resolved_at TEXT,
    resolved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    outcome     TEXT
);
CREATE INDEX reports_open ON reports (space_id, id) WHERE resolved_at IS NULL;
CREATE UNIQUE INDEX reports_once ON reports (reporter_id, post_id, COALESCE(comment_id, 0)) WHERE resolved_at IS NULL;

-- A picture with a post: the picture (at most 1600 px) and its thumbnail, with its text alternative.
CREATE TABLE post_images (
    post_id INTEGER PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    alt     TEXT    NOT NULL,
    width   INTEGER NOT NULL,
    height  INTEGER NOT NULL,
    bytes   BLOB    NOT NULL,
    thumb   BLOB    NOT NULL
);
