-- The change log follows a person's expertise too (SQLite): the people search finds colleagues by it,
-- and it lives in a table of its own, so the users triggers of 0013 do not see it change. An edit of
-- someone's tags is an update of that person; the tags of a person being removed are not news.

CREATE TRIGGER changes_user_expertise_insert AFTER INSERT ON user_expertise
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('user', NEW.user_id, 'profile:' || NEW.user_id, 'updated');
END;

CREATE TRIGGER changes_user_expertise_delete AFTER DELETE ON user_expertise
WHEN EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id)
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('user', OLD.user_id, 'profile:' || OLD.user_id, 'updated');
END;
