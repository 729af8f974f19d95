-- How many live posts each member wrote in a space, kept on the membership (SQLite). The home page
-- and the composer's place picker list someone's spaces most-used first on every visit; counting
-- their posts there each time read hundreds of index entries per page. Triggers keep the count
-- on every path that adds, removes or restores a post, and count afresh when someone (re)joins.

ALTER TABLE space_members ADD COLUMN post_count INTEGER NOT NULL DEFAULT 0;

UPDATE space_members SET post_count = (
    SELECT count(*) FROM posts p
    WHERE p.author_id = space_members.user_id AND p.space_id = space_members.space_id AND p.deleted_at IS NULL
);

CREATE TRIGGER member_posts_join AFTER INSERT ON space_members
BEGIN
    UPDATE space_members SET post_count = (
        SELECT count(*) FROM posts p
        WHERE p.author_id = NEW.user_id AND p.space_id = NEW.space_id AND p.deleted_at IS NULL
    )
    WHERE space_id = NEW.space_id AND user_id = NEW.user_id;
END;

CREATE TRIGGER member_posts_insert AFTER INSERT ON posts
WHEN NEW.space_id IS NOT NULL AND NEW.deleted_at IS NULL
BEGIN
    UPDATE space_members SET post_count = post_count + 1
    WHERE space_id = NEW.space_id AND user_id = NEW.author_id;
END;

CREATE TRIGGER member_posts_removal AFTER UPDATE OF deleted_at ON posts
WHEN NEW.space_id IS NOT NULL AND (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
BEGIN
    UPDATE space_members SET post_count = post_count + CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END
    WHERE space_id = NEW.space_id AND user_id = NEW.author_id;
END;

CREATE TRIGGER member_posts_delete AFTER DELETE ON posts
WHEN OLD.space_id IS NOT NULL AND OLD.deleted_at IS NULL
BEGIN
    UPDATE space_members SET post_count = post_count - 1
    WHERE space_id = OLD.space_id AND user_id = OLD.author_id;
END;
