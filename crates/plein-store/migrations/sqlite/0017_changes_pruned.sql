-- How far the change log has been pruned (SQLite): the last change removed. A consumer whose
-- position is before it has missed changes (a node whose search index stood still longer than
-- the log keeps unread rows) and rebuilds from the tables.
CREATE TABLE changes_pruned (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    tx       INTEGER NOT NULL,
    position INTEGER NOT NULL
);
