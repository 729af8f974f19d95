-- The change log follows a person's expertise too (PostgreSQL): the people search finds colleagues by
-- it, and it lives in a table of its own, so the users triggers of 0013 do not see it change. An edit
-- of someone's tags is one update of that person per statement; the tags of a person being removed
-- are not news.

CREATE FUNCTION changes_of_user_expertise() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
        SELECT DISTINCT 'user', r.user_id, 'profile:' || r.user_id, 'updated'
        FROM changed_rows r WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id) ORDER BY r.user_id;
    IF FOUND THEN
        PERFORM announce_changes();
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER changes_user_expertise_insert AFTER INSERT ON user_expertise
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION changes_of_user_expertise();
CREATE TRIGGER changes_user_expertise_delete AFTER DELETE ON user_expertise
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION changes_of_user_expertise();
