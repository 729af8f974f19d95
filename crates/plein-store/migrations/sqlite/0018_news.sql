-- News (SQLite): items for everyone, for chosen groups or for a space, with a state, dates, an
-- optional read confirmation tied to the version read, and the change-log triggers that let the
-- search index and live events follow them. Readers see the publish date, never the creation date.
CREATE TABLE news (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    audience       TEXT    NOT NULL CHECK (audience IN ('everyone', 'groups', 'space')),
    space_id       INTEGER REFERENCES spaces (id) ON DELETE CASCADE,
    author_id      INTEGER NOT NULL REFERENCES users (id),
    on_behalf_of   TEXT    NOT NULL DEFAULT '',
    category       TEXT    NOT NULL DEFAULT '',
    title          TEXT    NOT NULL,
    lead           TEXT    NOT NULL,
    body           TEXT    NOT NULL,
    body_html      TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    publish_at     TEXT,
    ends_at        TEXT,
    featured_until TEXT,
    reactions      BOOLEAN NOT NULL DEFAULT 1,
    confirmation   BOOLEAN NOT NULL DEFAULT 0,
    confirm_due    TEXT,
    version        INTEGER NOT NULL DEFAULT 1,
    change_note    TEXT    NOT NULL DEFAULT '',
    changed_at     TEXT,
    announced_at   TEXT,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    comment_count  INTEGER NOT NULL DEFAULT 0,
    like_count     INTEGER NOT NULL DEFAULT 0,
    CHECK ((audience = 'space') = (space_id IS NOT NULL)),
    CHECK (status = 'draft' OR publish_at IS NOT NULL)
);
-- The archive and the streams read published news newest first; a space its own.
CREATE INDEX news_published ON news (publish_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX news_space ON news (space_id, publish_at) WHERE space_id IS NOT NULL;
-- The start page's news: what is featured, and what asks for confirmation.
CREATE INDEX news_featured ON news (featured_until) WHERE featured_until IS NOT NULL;
CREATE INDEX news_confirmation ON news (id) WHERE confirmation AND status = 'published';

CREATE TABLE news_groups (
    news_id  INTEGER NOT NULL REFERENCES news (id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    PRIMARY KEY (news_id, group_id)
) WITHOUT ROWID;
CREATE INDEX news_groups_group ON news_groups (group_id, news_id);

CREATE TABLE news_pictures (
    news_id INTEGER PRIMARY KEY REFERENCES news (id) ON DELETE CASCADE,
    alt     TEXT    NOT NULL,
    width   INTEGER NOT NULL,
    height  INTEGER NOT NULL,
    bytes   BLOB    NOT NULL,
    thumb   BLOB    NOT NULL
);

-- Each version that asked for confirmation, as it was: what a confirmation was given for.
CREATE TABLE news_versions (
    news_id    INTEGER NOT NULL REFERENCES news (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    title      TEXT    NOT NULL,
    lead       TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    note       TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    PRIMARY KEY (news_id, version)
);

-- "Gelezen en begrepen": who confirmed which version, when. Kept when people leave the audience.
CREATE TABLE news_confirmations (
    news_id      INTEGER NOT NULL REFERENCES news (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    confirmed_at TEXT    NOT NULL,
    PRIMARY KEY (news_id, version, user_id)
) WITHOUT ROWID;
CREATE INDEX news_confirmations_user ON news_confirmations (user_id, news_id);

-- Notifications may be about a news item; people choose how they hear of ordinary news.
ALTER TABLE notifications ADD COLUMN news_id INTEGER REFERENCES news (id) ON DELETE CASCADE;
ALTER TABLE users ADD COLUMN news_notify TEXT NOT NULL DEFAULT 'app' CHECK (news_notify IN ('none', 'app', 'mail'));

CREATE TRIGGER changes_news_insert AFTER INSERT ON news
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('news', NEW.id, CASE WHEN NEW.space_id IS NOT NULL THEN 'space:' || NEW.space_id ELSE 'site' END, 'created');
END;

CREATE TRIGGER changes_news_delete AFTER DELETE ON news
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('news', OLD.id, CASE WHEN OLD.space_id IS NOT NULL THEN 'space:' || OLD.space_id ELSE 'site' END, 'deleted');
END;

CREATE TRIGGER changes_news_update AFTER UPDATE OF updated_at ON news
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('news', NEW.id, CASE WHEN NEW.space_id IS NOT NULL THEN 'space:' || NEW.space_id ELSE 'site' END, 'updated');
END;
