-- Refused attempts on rights and accounts: one audit record per hour per (actor, action, object,
-- origin); repeats within that hour are counted here, so a flood does not fill the append-only log.
CREATE TABLE audit_repeats (
    audit_id INTEGER PRIMARY KEY REFERENCES audit_log (id),
    key      TEXT    NOT NULL,
    actor_id INTEGER,
    since    TEXT    NOT NULL,
    repeats  INTEGER NOT NULL DEFAULT 0,
    last_at  TEXT    NOT NULL
);
CREATE INDEX audit_repeats_key ON audit_repeats (key, since);
CREATE INDEX audit_repeats_actor ON audit_repeats (actor_id, since);
