-- The start page's news, kept ready on each node (PostgreSQL): a counter that every write which
-- changes what a news card shows, or who may read it, raises in its own transaction. A node keeps
-- the candidates it read with the counter it read them at, and the start page's one query reads
-- the counter again: equal means nothing changed. Writers take turns on the row, so the counter
-- rises in the order they commit, and a reader's snapshot with mark M holds every write up to M.
CREATE TABLE news_mark (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    mark BIGINT  NOT NULL
);
INSERT INTO news_mark (id, mark) VALUES (1, 1);

CREATE FUNCTION raise_news_mark() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE news_mark SET mark = mark + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

-- News itself, except the counts of comments and likes (cards do not show them).
CREATE TRIGGER news_mark_news AFTER INSERT OR DELETE OR UPDATE OF audience, space_id, author_id, on_behalf_of,
    category, title, lead, status, publish_at, ends_at, featured_until, reactions, confirmation, confirm_due,
    version, change_note, changed_at, updated_at ON news
    FOR EACH STATEMENT EXECUTE FUNCTION raise_news_mark();
CREATE TRIGGER news_mark_groups AFTER INSERT OR DELETE OR UPDATE ON news_groups
    FOR EACH STATEMENT EXECUTE FUNCTION raise_news_mark();
CREATE TRIGGER news_mark_pictures AFTER INSERT OR DELETE OR UPDATE OF alt, width, height ON news_pictures
    FOR EACH STATEMENT EXECUTE FUNCTION raise_news_mark();
-- What a card shows of its space, group names and editor, and the facts the policy reads of a space.
CREATE TRIGGER news_mark_spaces AFTER UPDATE OF name, visibility, archived_at, allows_guests, admins_post ON spaces
    FOR EACH STATEMENT EXECUTE FUNCTION raise_news_mark();
CREATE TRIGGER news_mark_group_names AFTER UPDATE OF name ON groups
    FOR EACH STATEMENT EXECUTE FUNCTION raise_news_mark();
CREATE TRIGGER news_mark_users AFTER UPDATE OF display_name, photo_at ON users
    FOR EACH STATEMENT EXECUTE FUNCTION raise_news_mark();
