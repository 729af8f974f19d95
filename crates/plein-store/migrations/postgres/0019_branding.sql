-- The intranet's own name, logo, favicon, colours and login text (PostgreSQL): one row, set by an
-- administrator; what is empty falls back to the configuration file. Its change is written in the
-- change log so every node shows it.
CREATE TABLE branding (
    id             INTEGER     PRIMARY KEY CHECK (id = 1),
    name           TEXT        NOT NULL DEFAULT '',
    logo           BYTEA,
    logo_type      TEXT,
    logo_alt       TEXT        NOT NULL DEFAULT '',
    favicon        BYTEA,
    favicon_type   TEXT,
    primary_colour TEXT,
    header_colour  TEXT,
    link_colour    TEXT,
    login_intro    TEXT        NOT NULL DEFAULT '',
    updated_at     TIMESTAMPTZ NOT NULL
);

CREATE FUNCTION changes_of_branding() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
        VALUES ('branding', 1, 'site', CASE TG_OP WHEN 'INSERT' THEN 'created' ELSE 'updated' END);
    PERFORM announce_changes();
    RETURN NULL;
END;
$$;
CREATE TRIGGER changes_branding AFTER INSERT OR UPDATE ON branding FOR EACH ROW EXECUTE FUNCTION changes_of_branding();
