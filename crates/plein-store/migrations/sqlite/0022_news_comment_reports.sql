-- Comments on news can be reported, as comments on posts (SQLite): a report is about a post,
-- a comment on a post, or a comment on a news item (the item itself is the editors' own).
-- SQLite cannot drop a NOT NULL, so the table is built anew (nothing refers to it), in one
-- transaction.
BEGIN;
CREATE TABLE reports_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id     INTEGER REFERENCES posts (id) ON DELETE CASCADE,
    news_id     INTEGER REFERENCES news (id) ON DELETE CASCADE,
    comment_id  INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    space_id    INTEGER REFERENCES spaces (id) ON DELETE CASCADE,
    reporter_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason      TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    resolved_at TEXT,
    resolved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    outcome     TEXT,
    CHECK ((post_id IS NULL) <> (news_id IS NULL) AND (news_id IS NULL OR comment_id IS NOT NULL))
);
INSERT INTO reports_new (id, post_id, comment_id, space_id, reporter_id, reason, created_at, resolved_at, resolved_by, outcome)
    SELECT id, post_id, comment_id, space_id, reporter_id, reason, created_at, resolved_at, resolved_by, outcome FROM reports;
DROP TABLE reports;
ALTER TABLE reports_new RENAME TO reports;
CREATE INDEX reports_open ON reports (space_id, id) WHERE resolved_at IS NULL;
CREATE UNIQUE INDEX reports_once ON reports (reporter_id, COALESCE(post_id, 0), COALESCE(news_id, 0), COALESCE(comment_id, 0))
    WHERE resolved_at IS NULL;
CREATE INDEX reports_comment ON reports (comment_id) WHERE comment_id IS NOT NULL AND resolved_at IS NULL;

COMMIT;
