-- The start page's news, kept ready on each node (SQLite): a counter that every write which
-- changes what a news card shows, or who may read it, raises in its own transaction. A node keeps
-- the candidates it read with the counter it read them at, and the start page's one query reads
-- the counter again: equal means nothing changed.
CREATE TABLE news_mark (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    mark INTEGER NOT NULL
);
INSERT INTO news_mark (id, mark) VALUES (1, 1);

-- News itself, except the counts of comments and likes (cards do not show them).
CREATE TRIGGER news_mark_news_insert AFTER INSERT ON news
BEGIN
    UPDATE news_mark SET mark = mark + 1 WHERE id = 1;
END;
CREATE TRIGGER news_mark_news_delete AFTER DELETE ON news
BEGIN
    UPDATE news_mark SET mark = mark + 1 WHERE id = 1;
END;
CREATE TRIGGER news_mark_news_update AFTER UPDATE OF audience, space_id, author_id, on_behalf_of, category, title,
    lead, status, publish_at, ends_at, featured_until, reactions, confirmation, confirm_due, version, change_note,
    changed_at, updated_at ON news
BEGIN
    UPDATE news_mark SET mark = mark + 1 WHERE id = 1;
END;
CREATE TRIGGER news_mark_groups_insert AFTER INSERT ON news_groups
BEGIN
    UPDATE news_mark SET mark = mark + 1 WHERE id = 1;
END;
CREATE TRIGGER news_mark_groups_delete AFTER DELETE ON news_groups
BEGIN
    UPDATE news_mark SET mark = mark + 1 WHERE id = 1;
END;
CREATE TRIGGER news_mark_pictures_insert AFTER INSERT ON news_pictures
BEGIN
    UPDATE news_mark SET mark = mark + 1 WHERE id = 1;
END;
CREATE TRIGGER news_mark_pictures_delete AFTER DELETE ON news_pictures
BEGIN
    UPDATE news_mark SET mark = mark + 1 WHERE id = 1;
END;
CREATE TRIGGER news_mark_pictures_update AFTER UPDATE OF alt, width, height ON news_pictures
BEGIN
    UPDATE news_mark SET mark = mark + 1 WHERE id = 1;
END;
-- What a card shows of its space, group names and editor, and the facts the policy reads of a space.
CREATE TRIGGER news_mark_spaces AFTER UPDATE OF name, visibility, archived_at, allows_guests, admins_post ON spaces
BEGIN
    UPDATE news_mark SET mark = mark + 1 WHERE id = 1;
END;
CREATE TRIGGER news_mark_group_names AFTER UPDATE OF name ON groups
BEGIN
    UPDATE news_mark SET mark = mark + 1 WHERE id = 1;
END;
CREATE TRIGGER news_mark_users AFTER UPDATE OF display_name, photo_at ON users
BEGIN
    UPDATE news_mark SET mark = mark + 1 WHERE id = 1;
END;
