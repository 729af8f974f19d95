-- The intranet's own name, logo, favicon, colours and login text (SQLite): one row, set by an
-- administrator; what is empty falls back to the configuration file. Its change is written in the
-- change log so every node shows it.
CREATE TABLE branding (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    name           TEXT    NOT NULL DEFAULT '',
    logo           BLOB,
    logo_type      TEXT,
    logo_alt       TEXT    NOT NULL DEFAULT '',
    favicon        BLOB,
    favicon_type   TEXT,
    primary_colour TEXT,
    header_colour  TEXT,
    link_colour    TEXT,
    login_intro    TEXT    NOT NULL DEFAULT '',
    updated_at     TEXT    NOT NULL
);

CREATE TRIGGER changes_branding AFTER UPDATE ON branding
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened) VALUES ('branding', 1, 'site', 'updated');
END;

CREATE TRIGGER changes_branding_insert AFTER INSERT ON branding
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened) VALUES ('branding', 1, 'site', 'created');
END;
