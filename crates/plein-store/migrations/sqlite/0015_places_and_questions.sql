-- Where someone posts most (SQLite): the composer offers a person's most-used spaces first, counted
-- from their live posts by space without reading the posts themselves.
CREATE INDEX posts_author_space ON posts (author_id, space_id) WHERE deleted_at IS NULL;

-- A poll asks a question of its own, apart from the post's text (empty: the post's text is the
-- question, as in polls made before).
ALTER TABLE polls ADD COLUMN question TEXT NOT NULL DEFAULT '';

-- When a person's photo last changed, on the person: the header, the stream and every list show
-- faces, and reading it from `images` would read past the photo's bytes in each row.
ALTER TABLE users ADD COLUMN photo_at TEXT;
UPDATE users SET photo_at = (SELECT i.updated_at FROM images i WHERE i.owner_kind = 'user' AND i.owner_id = users.id);
