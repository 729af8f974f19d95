-- Comments on news can be reported, as comments on posts (PostgreSQL): a report is about a post,
-- a comment on a post, or a comment on a news item (the item itself is the editors' own).
ALTER TABLE reports ALTER COLUMN post_id DROP NOT NULL;
ALTER TABLE reports ADD COLUMN news_id BIGINT REFERENCES news (id) ON DELETE CASCADE;
ALTER TABLE reports ADD CONSTRAINT reports_subject
    CHECK ((post_id IS NULL) <> (news_id IS NULL) AND (news_id IS NULL OR comment_id IS NOT NULL));
DROP INDEX reports_once;
CREATE UNIQUE INDEX reports_once ON reports (reporter_id, COALESCE(post_id, 0), COALESCE(news_id, 0), COALESCE(comment_id, 0))
    WHERE resolved_at IS NULL;
CREATE INDEX reports_comment ON reports (comment_id) WHERE comment_id IS NOT NULL AND resolved_at IS NULL;
