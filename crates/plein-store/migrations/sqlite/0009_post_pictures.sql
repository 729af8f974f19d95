-- A post may carry several pictures, each with its own text alternative, shown in their order.
CREATE TABLE post_pictures (
    post_id  INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    alt      TEXT    NOT NULL,
    width    INTEGER NOT NULL,
    height   INTEGER NOT NULL,
    bytes    BLOB    NOT NULL,
    thumb    BLOB    NOT NULL,
    PRIMARY KEY (post_id, position)
);
INSERT INTO post_pictures (post_id, position, alt, width, height, bytes, thumb)
    SELECT post_id, 0, alt, width, height, bytes, thumb FROM post_images;
DROP TABLE post_images;
ALTER TABLE post_pictures RENAME TO post_images;
-- How many pictures a post has: a stream page looks for pictures only where there are some.
ALTER TABLE posts ADD COLUMN picture_count INTEGER NOT NULL DEFAULT 0;
UPDATE posts SET picture_count = (SELECT count(*) FROM post_images i WHERE i.post_id = posts.id)
    WHERE id IN (SELECT post_id FROM post_images);
