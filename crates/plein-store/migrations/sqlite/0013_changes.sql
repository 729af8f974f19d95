-- The change log (SQLite): every write of content, or of what decides who may read it, appends a
-- row in the writing transaction. Triggers write it, whoever writes (a service, the demo, a bulk
-- load, a command), so no write can forget it; `Store::record_change` is there for changes no
-- table shows. Consumers (the search index, live events) keep where they are in change_consumers;
-- rows every consumer has read are pruned. They follow it by position: with one
-- writer, rows commit in that order.

CREATE TABLE changes (
    position  INTEGER PRIMARY KEY AUTOINCREMENT,
    tx        INTEGER NOT NULL DEFAULT 0,
    item_kind TEXT    NOT NULL,
    item_id   INTEGER NOT NULL,
    container TEXT    NOT NULL,
    happened  TEXT    NOT NULL,
    at        TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
);
CREATE INDEX changes_at ON changes (at);
CREATE TABLE change_consumers (
    name     TEXT    PRIMARY KEY,
    tx       INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TRIGGER changes_posts_insert AFTER INSERT ON posts
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('post', NEW.id, CASE WHEN NEW.space_id IS NOT NULL THEN 'space:' || NEW.space_id ELSE 'profile:' || NEW.profile_id END, 'created');
END;

CREATE TRIGGER changes_posts_delete AFTER DELETE ON posts
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('post', OLD.id, CASE WHEN OLD.space_id IS NOT NULL THEN 'space:' || OLD.space_id ELSE 'profile:' || OLD.profile_id END, 'deleted');
END;

CREATE TRIGGER changes_posts_update AFTER UPDATE OF body, deleted_at, hidden_at, pinned_at ON posts
WHEN NEW.body IS NOT OLD.body OR NEW.deleted_at IS NOT OLD.deleted_at OR NEW.hidden_at IS NOT OLD.hidden_at OR NEW.pinned_at IS NOT OLD.pinned_at
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('post', NEW.id, CASE WHEN NEW.space_id IS NOT NULL THEN 'space:' || NEW.space_id ELSE 'profile:' || NEW.profile_id END, CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'deleted' WHEN NEW.hidden_at IS NOT OLD.hidden_at THEN CASE WHEN NEW.hidden_at IS NULL THEN 'shown' ELSE 'hidden' END WHEN NEW.pinned_at IS NOT OLD.pinned_at THEN CASE WHEN NEW.pinned_at IS NULL THEN 'unpinned' ELSE 'pinned' END ELSE 'updated' END);
END;

CREATE TRIGGER changes_comments_insert AFTER INSERT ON comments
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('comment', NEW.id, COALESCE((SELECT CASE WHEN p.space_id IS NOT NULL THEN 'space:' || p.space_id ELSE 'profile:' || p.profile_id END FROM posts p WHERE p.id = NEW.target_id), 'site'), 'created');
END;

CREATE TRIGGER changes_comments_delete AFTER DELETE ON comments
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('comment', OLD.id, COALESCE((SELECT CASE WHEN p.space_id IS NOT NULL THEN 'space:' || p.space_id ELSE 'profile:' || p.profile_id END FROM posts p WHERE p.id = OLD.target_id), 'site'), 'deleted');
END;

CREATE TRIGGER changes_comments_update AFTER UPDATE OF body, deleted_at, hidden_at ON comments
WHEN NEW.body IS NOT OLD.body OR NEW.deleted_at IS NOT OLD.deleted_at OR NEW.hidden_at IS NOT OLD.hidden_at
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('comment', NEW.id, COALESCE((SELECT CASE WHEN p.space_id IS NOT NULL THEN 'space:' || p.space_id ELSE 'profile:' || p.profile_id END FROM posts p WHERE p.id = NEW.target_id), 'site'), CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'deleted' WHEN NEW.hidden_at IS NOT OLD.hidden_at THEN CASE WHEN NEW.hidden_at IS NULL THEN 'shown' ELSE 'hidden' END ELSE 'updated' END);
END;

CREATE TRIGGER changes_polls_insert AFTER INSERT ON polls
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('poll', NEW.post_id, COALESCE((SELECT CASE WHEN p.space_id IS NOT NULL THEN 'space:' || p.space_id ELSE 'profile:' || p.profile_id END FROM posts p WHERE p.id = NEW.post_id), 'site'), 'created');
END;

CREATE TRIGGER changes_polls_delete AFTER DELETE ON polls
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('poll', OLD.post_id, COALESCE((SELECT CASE WHEN p.space_id IS NOT NULL THEN 'space:' || p.space_id ELSE 'profile:' || p.profile_id END FROM posts p WHERE p.id = OLD.post_id), 'site'), 'deleted');
END;

CREATE TRIGGER changes_polls_update AFTER UPDATE OF multiple, closes_at ON polls
WHEN NEW.multiple IS NOT OLD.multiple OR NEW.closes_at IS NOT OLD.closes_at
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('poll', NEW.post_id, COALESCE((SELECT CASE WHEN p.space_id IS NOT NULL THEN 'space:' || p.space_id ELSE 'profile:' || p.profile_id END FROM posts p WHERE p.id = NEW.post_id), 'site'), 'updated');
END;

CREATE TRIGGER changes_spaces_insert AFTER INSERT ON spaces
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('space', NEW.id, 'space:' || NEW.id, 'created');
END;

CREATE TRIGGER changes_spaces_delete AFTER DELETE ON spaces
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('space', OLD.id, 'space:' || OLD.id, 'deleted');
END;

CREATE TRIGGER changes_spaces_update AFTER UPDATE OF name, description, kind, visibility, allows_guests, archived_at, admins_post ON spaces
WHEN NEW.name IS NOT OLD.name OR NEW.description IS NOT OLD.description OR NEW.kind IS NOT OLD.kind OR NEW.visibility IS NOT OLD.visibility OR NEW.allows_guests IS NOT OLD.allows_guests OR NEW.archived_at IS NOT OLD.archived_at OR NEW.admins_post IS NOT OLD.admins_post
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('space', NEW.id, 'space:' || NEW.id, CASE WHEN NEW.visibility IS NOT OLD.visibility THEN 'visibility_changed' WHEN NEW.archived_at IS NOT NULL AND OLD.archived_at IS NULL THEN 'archived' WHEN NEW.archived_at IS NULL AND OLD.archived_at IS NOT NULL THEN 'unarchived' ELSE 'updated' END);
END;

CREATE TRIGGER changes_space_members_insert AFTER INSERT ON space_members
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('membership', NEW.user_id, 'space:' || NEW.space_id, 'member_added');
END;

CREATE TRIGGER changes_space_members_delete AFTER DELETE ON space_members
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('membership', OLD.user_id, 'space:' || OLD.space_id, 'member_removed');
END;

CREATE TRIGGER changes_space_members_update AFTER UPDATE OF role ON space_members
WHEN NEW.role IS NOT OLD.role
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('membership', NEW.user_id, 'space:' || NEW.space_id, 'role_changed');
END;

CREATE TRIGGER changes_groups_insert AFTER INSERT ON groups
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('group', NEW.id, 'group:' || NEW.id, 'created');
END;

CREATE TRIGGER changes_groups_delete AFTER DELETE ON groups
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('group', OLD.id, 'group:' || OLD.id, 'deleted');
END;

CREATE TRIGGER changes_groups_update AFTER UPDATE OF name, description ON groups
WHEN NEW.name IS NOT OLD.name OR NEW.description IS NOT OLD.description
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('group', NEW.id, 'group:' || NEW.id, 'updated');
END;

CREATE TRIGGER changes_group_members_insert AFTER INSERT ON group_members
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('group_membership', NEW.user_id, 'group:' || NEW.group_id, 'member_added');
END;

CREATE TRIGGER changes_group_members_delete AFTER DELETE ON group_members
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('group_membership', OLD.user_id, 'group:' || OLD.group_id, 'member_removed');
END;

CREATE TRIGGER changes_group_capabilities_insert AFTER INSERT ON group_capabilities
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('group', NEW.group_id, 'group:' || NEW.group_id, 'capability_added');
END;

CREATE TRIGGER changes_group_capabilities_delete AFTER DELETE ON group_capabilities
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('group', OLD.group_id, 'group:' || OLD.group_id, 'capability_removed');
END;

CREATE TRIGGER changes_users_insert AFTER INSERT ON users
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('user', NEW.id, 'profile:' || NEW.id, 'created');
END;

CREATE TRIGGER changes_users_delete AFTER DELETE ON users
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('user', OLD.id, 'profile:' || OLD.id, 'deleted');
END;

CREATE TRIGGER changes_users_update AFTER UPDATE OF display_name, status, kind, is_admin, guest_expires_at, job_title, department, location, phone, phone_visible, about ON users
WHEN NEW.display_name IS NOT OLD.display_name OR NEW.status IS NOT OLD.status OR NEW.kind IS NOT OLD.kind OR NEW.is_admin IS NOT OLD.is_admin OR NEW.guest_expires_at IS NOT OLD.guest_expires_at OR NEW.job_title IS NOT OLD.job_title OR NEW.department IS NOT OLD.department OR NEW.location IS NOT OLD.location OR NEW.phone IS NOT OLD.phone OR NEW.phone_visible IS NOT OLD.phone_visible OR NEW.about IS NOT OLD.about
BEGIN
    INSERT INTO changes (item_kind, item_id, container, happened)
    VALUES ('user', NEW.id, 'profile:' || NEW.id, CASE WHEN NEW.status IS NOT OLD.status THEN CASE WHEN NEW.status = 'deactivated' THEN 'deactivated' ELSE 'reactivated' END WHEN NEW.kind IS NOT OLD.kind THEN 'kind_changed' WHEN NEW.is_admin IS NOT OLD.is_admin THEN 'rights_changed' ELSE 'updated' END);
END;
