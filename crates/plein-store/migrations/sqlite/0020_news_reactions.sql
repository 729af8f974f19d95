-- Comments and likes on news, through the one comment model: a comment's target is a post or a
-- news item, a like's a post, a comment or a news item (SQLite). SQLite changes a CHECK only by
-- building the table again: foreign keys are off while the copy replaces the table (other tables'
-- references name it, and find the copy under the same name), and checked before the commit.
-- A news comment's change is recorded in its item's container.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE comments_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    target_kind   TEXT    NOT NULL CHECK (target_kind IN ('post', 'news')),
    target_id     INTEGER NOT NULL,
    parent_id     INTEGER REFERENCES comments (id),
    author_id     INTEGER NOT NULL REFERENCES users (id),
    body          TEXT    NOT NULL,
    body_html     TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    edited_at     TEXT,
    deleted_at    TEXT,
    like_count    INTEGER NOT NULL DEFAULT 0,
    hidden_at     TEXT,
    hidden_reason TEXT
);
INSERT INTO comments_new (id, target_kind, target_id, parent_id, author_id, body, body_html, created_at, edited_at, deleted_at, like_count, hidden_at, hidden_reason)
    SELECT id, target_kind, target_id, parent_id, author_id, body, body_html, created_at, edited_at, deleted_at, like_count, hidden_at, hidden_reason FROM comments;
DROP TABLE comments;
ALTER TABLE comments_new RENAME TO comments;
CREATE INDEX comments_target ON comments (target_kind, target_id, id);

CREATE TABLE likes_new (
    target_kind TEXT    NOT NULL CHECK (target_kind IN ('post', 'comment', 'news')),
    target_id   INTEGER NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (target_kind, target_id, user_id)
) WITHOUT ROWID;
INSERT INTO likes_new (target_kind, target_id, user_id, created_at) SELECT target_kind, target_id, user_id, created_at FROM likes;
DROP TABLE likes;
ALTER TABLE likes_new RENAME TO likes;

CREATE TRIGGER changes_comments_insert AFTER INSERT ON comments
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('comment', NEW.id, COALESCE(CASE NEW.target_kind
        WHEN 'post' THEN (SELECT CASE WHEN p.space_id IS NOT NULL THEN 'space:' || p.space_id ELSE 'profile:' || p.profile_id END FROM posts p WHERE p.id = NEW.target_id)
        ELSE (SELECT CASE WHEN n.space_id IS NOT NULL THEN 'space:' || n.space_id ELSE 'site' END FROM news n WHERE n.id = NEW.target_id) END, 'site'), 'created');
END;

CREATE TRIGGER changes_comments_delete AFTER DELETE ON comments
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('comment', OLD.id, COALESCE(CASE OLD.target_kind
        WHEN 'post' THEN (SELECT CASE WHEN p.space_id IS NOT NULL THEN 'space:' || p.space_id ELSE 'profile:' || p.profile_id END FROM posts p WHERE p.id = OLD.target_id)
        ELSE (SELECT CASE WHEN n.space_id IS NOT NULL THEN 'space:' || n.space_id ELSE 'site' END FROM news n WHERE n.id = OLD.target_id) END, 'site'), 'deleted');
END;

CREATE TRIGGER changes_comments_update AFTER UPDATE OF body, deleted_at, hidden_at ON comments
WHEN NEW.body IS NOT OLD.body OR NEW.deleted_at IS NOT OLD.deleted_at OR NEW.hidden_at IS NOT OLD.hidden_at
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('comment', NEW.id, COALESCE(CASE NEW.target_kind
        WHEN 'post' THEN (SELECT CASE WHEN p.space_id IS NOT NULL THEN 'space:' || p.space_id ELSE 'profile:' || p.profile_id END FROM posts p WHERE p.id = NEW.target_id)
        ELSE (SELECT CASE WHEN n.space_id IS NOT NULL THEN 'space:' || n.space_id ELSE 'site' END FROM news n WHERE n.id = NEW.target_id) END, 'site'), CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'deleted' WHEN NEW.hidden_at IS NOT OLD.hidden_at THEN CASE WHEN NEW.hidden_at IS NULL THEN 'shown' ELSE 'hidden' END ELSE 'updated' END);
END;

COMMIT;
PRAGMA foreign_keys = ON;
