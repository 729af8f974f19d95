-- Comments and likes on news, through the one comment model: a comment's target is a post or a
-- news item, a like's a post, a comment or a news item (PostgreSQL). A news comment's change is
-- recorded in its item's container.
ALTER TABLE comments DROP CONSTRAINT comments_target_kind_check;
ALTER TABLE comments ADD CONSTRAINT comments_target_kind_check CHECK (target_kind IN ('post', 'news'));
ALTER TABLE likes DROP CONSTRAINT likes_target_kind_check;
ALTER TABLE likes ADD CONSTRAINT likes_target_kind_check CHECK (target_kind IN ('post', 'comment', 'news'));

CREATE FUNCTION comment_container(kind TEXT, target BIGINT) RETURNS TEXT LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT COALESCE(CASE kind
        WHEN 'post' THEN (SELECT CASE WHEN p.space_id IS NOT NULL THEN 'space:' || p.space_id ELSE 'profile:' || p.profile_id END FROM posts p WHERE p.id = target)
        ELSE (SELECT CASE WHEN n.space_id IS NOT NULL THEN 'space:' || n.space_id ELSE 'site' END FROM news n WHERE n.id = target)
    END, 'site');
$$;

CREATE OR REPLACE FUNCTION changes_of_comments_insert() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
        SELECT 'comment', r.id, comment_container(r.target_kind, r.target_id), 'created'
        FROM changed_rows r ORDER BY r.id;
    IF FOUND THEN
        PERFORM announce_changes();
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION changes_of_comments_delete() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
        SELECT 'comment', r.id, comment_container(r.target_kind, r.target_id), 'deleted'
        FROM changed_rows r ORDER BY r.id;
    IF FOUND THEN
        PERFORM announce_changes();
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION changes_of_comments_update() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
        VALUES ('comment', NEW.id, comment_container(NEW.target_kind, NEW.target_id), CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'deleted' WHEN NEW.hidden_at IS DISTINCT FROM OLD.hidden_at THEN CASE WHEN NEW.hidden_at IS NULL THEN 'shown' ELSE 'hidden' END ELSE 'updated' END);
    PERFORM announce_changes();
    RETURN NULL;
END;
$$;
