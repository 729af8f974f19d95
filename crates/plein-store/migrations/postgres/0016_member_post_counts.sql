-- How many live posts each member wrote in a space, kept on the membership (PostgreSQL). The home
-- page and the composer's place picker list someone's spaces most-used first on every visit;
-- counting their posts there each time read hundreds of index entries per page. Triggers keep the
-- count on every path that adds, removes or restores a post, and count afresh when someone (re)joins.

ALTER TABLE space_members ADD COLUMN post_count INTEGER NOT NULL DEFAULT 0;

UPDATE space_members SET post_count = (
    SELECT count(*) FROM posts p
    WHERE p.author_id = space_members.user_id AND p.space_id = space_members.space_id AND p.deleted_at IS NULL
);

CREATE FUNCTION member_posts_join() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    NEW.post_count := (
        SELECT count(*) FROM posts p
        WHERE p.author_id = NEW.user_id AND p.space_id = NEW.space_id AND p.deleted_at IS NULL
    );
    RETURN NEW;
END;
$$;
CREATE TRIGGER member_posts_join BEFORE INSERT ON space_members
    FOR EACH ROW EXECUTE FUNCTION member_posts_join();

-- New posts arrive one at a time, or by the thousand from the demo; posts go one at a time, or with
-- their space or author: counted per statement, added on insert and taken off on delete.
CREATE FUNCTION member_posts_count() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE space_members m
    SET post_count = m.post_count + CASE WHEN TG_OP = 'INSERT' THEN n.posts ELSE -n.posts END
    FROM (
        SELECT r.space_id, r.author_id, count(*) AS posts FROM changed_posts r
        WHERE r.space_id IS NOT NULL AND r.deleted_at IS NULL
        GROUP BY r.space_id, r.author_id
    ) n
    WHERE m.space_id = n.space_id AND m.user_id = n.author_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER member_posts_insert AFTER INSERT ON posts
    REFERENCING NEW TABLE AS changed_posts FOR EACH STATEMENT EXECUTE FUNCTION member_posts_count();
CREATE TRIGGER member_posts_delete AFTER DELETE ON posts
    REFERENCING OLD TABLE AS changed_posts FOR EACH STATEMENT EXECUTE FUNCTION member_posts_count();

CREATE FUNCTION member_posts_removal() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE space_members SET post_count = post_count + CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END
    WHERE space_id = NEW.space_id AND user_id = NEW.author_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER member_posts_removal AFTER UPDATE OF deleted_at ON posts FOR EACH ROW
    WHEN (NEW.space_id IS NOT NULL AND (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL))
    EXECUTE FUNCTION member_posts_removal();
