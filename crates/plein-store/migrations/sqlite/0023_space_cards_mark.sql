-- The start page keeps the cards of spaces (name, colour and the facts the policy reads) per node
-- as it keeps its news, while the mark of migration 0021 stands: a space's colour and a new or
-- removed space raise the mark too (a new space may take a removed one's id).
DROP TRIGGER news_mark_spaces;
CREATE TRIGGER news_mark_spaces AFTER UPDATE OF name, colour, visibility, archived_at, allows_guests, admins_post
    ON spaces
BEGIN
    UPDATE news_mark SET mark = mark + 1 WHERE id = 1;
END;
CREATE TRIGGER news_mark_spaces_insert AFTER INSERT ON spaces
BEGIN
    UPDATE news_mark SET mark = mark + 1 WHERE id = 1;
END;
CREATE TRIGGER news_mark_spaces_delete AFTER DELETE ON spaces
BEGIN
    UPDATE news_mark SET mark = mark + 1 WHERE id = 1;
END;
