-- Where someone posts most (PostgreSQL): the composer offers a person's most-used spaces first, counted
-- from their live posts by space with an index-only scan.
CREATE INDEX posts_author_space ON posts (author_id, space_id) WHERE deleted_at IS NULL;

-- A poll asks a question of its own, apart from the post's text (empty: the post's text is the
-- question, as in polls made before).
ALTER TABLE polls ADD COLUMN question TEXT NOT NULL DEFAULT '';
