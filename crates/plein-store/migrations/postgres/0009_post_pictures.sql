-- A post may carry several pictures, each with its own text alternative, shown in their order.
ALTER TABLE post_images ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE post_images DROP CONSTRAINT post_images_pkey;
ALTER TABLE post_images ADD PRIMARY KEY (post_id, position);
ALTER TABLE post_images ALTER COLUMN position DROP DEFAULT;
