-- A post may carry several pictures, each with its own text alternative, shown in their order.
ALTER TABLE post_images ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE post_images DROP CONSTRAINT post_images_pkey;
ALTER TABLE post_images ADD PRIMARY KEY (post_id, position);
ALTER TABLE post_images ALTER COLUMN position DROP DEFAULT;
-- How many pictures a post has: a stream page looks for pictures only where there are some.
ALTER TABLE posts ADD COLUMN picture_count INTEGER NOT NULL DEFAULT 0;
UPDATE posts SET picture_count = (SELECT count(*) FROM post_images i WHERE i.post_id = posts.id)
    WHERE id IN (SELECT post_id FROM post_images);
