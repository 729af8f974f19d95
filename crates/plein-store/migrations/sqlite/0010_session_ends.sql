-- Sessions that ended, so that every process and node on this database hears of it (a live
-- stream ends with its session). A trigger records every deletion, whoever makes it, inside the
-- deleting transaction; followers read by id; rows older than a day are pruned.
CREATE TABLE session_ends (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL,
    at      TEXT    NOT NULL
);
CREATE INDEX session_ends_at ON session_ends (at);
-- `at` is written in the form the application binds times in, so pruning compares like with like.
CREATE TRIGGER sessions_ended AFTER DELETE ON sessions
BEGIN
    INSERT INTO session_ends (user_id, at) VALUES (OLD.user_id, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'));
END;
