-- The start page keeps the cards of spaces (name, colour and the facts the policy reads) per node
-- as it keeps its news, while the mark of migration 0021 stands: a space's colour and a new or
-- removed space raise the mark too (a new space may take a removed one's id on SQLite).
DROP TRIGGER news_mark_spaces ON spaces;
CREATE TRIGGER news_mark_spaces AFTER INSERT OR DELETE
    OR UPDATE OF name, colour, visibility, archived_at, allows_guests, admins_post ON spaces
    FOR EACH STATEMENT EXECUTE FUNCTION raise_news_mark();
