//! News items, their audiences and pictures, and read confirmations: writing them, reading them
//! within a reader's [`NewsScope`], and the editor's report (who in the audience confirmed the
//! current version). The audience is live: it is read from group and space memberships at the
//! time of asking, and only usable accounts (active; guests before their end date) count.

use chrono::{DateTime, Utc};
use plein_core::policy::{NewsScope, NewsStatus, SpaceVisibility};
use sea_orm::{ConnectionTrait, TransactionTrait};
use serde::Deserialize;

use crate::stored::Stored;
use crate::{Result, Store, flag, flag_opt, json_ids, now};

/// Who an item is for, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AudienceRow {
    /// Every employee.
    Everyone,
    /// These groups.
    Groups(Vec<i64>),
    /// This space.
    Space(i64),
}

impl AudienceRow {
    /// The stored `audience` and `space_id`.
    fn columns(&self) -> (&'static str, Option<i64>) {
        match self {
            AudienceRow::Everyone => ("everyone", None),
            AudienceRow::Groups(_) => ("groups", None),
            AudienceRow::Space(id) => ("space", Some(*id)),
        }
    }
}

/// A news item as written (validated by the app).
#[derive(Clone, Debug)]
pub struct NewsWrite {
    /// Who it is for.
    pub audience: AudienceRow,
    /// Shown as written on behalf of (a department), or empty.
    pub on_behalf_of: String,
    /// Its category, or empty.
    pub category: String,
    /// The title.
    pub title: String,
    /// The lead (one paragraph, plain text).
    pub lead: String,
    /// The body as written (Markdown subset).
    pub body: String,
    /// The body as HTML.
    pub body_html: String,
    /// Draft, published or archived.
    pub status: NewsStatus,
    /// When it appears (required once published).
    pub publish_at: Option<DateTime<Utc>>,
    /// When it leaves the streams.
    pub ends_at: Option<DateTime<Utc>>,
    /// Stays on top of the home stream until then.
    pub featured_until: Option<DateTime<Utc>>,
    /// Comments and likes allowed.
    pub reactions: bool,
    /// Readers are asked to confirm.
    pub confirmation: bool,
    /// Confirm before.
    pub confirm_due: Option<DateTime<Utc>>,
}

/// A header picture, already resized.
#[derive(Clone, Debug)]
pub struct NewsPicture {
    /// Its description.
    pub alt: String,
    /// Width and height of the large version.
    pub size: (u32, u32),
    /// The large version (JPEG).
    pub bytes: Vec<u8>,
    /// The thumbnail (JPEG).
    pub thumb: Vec<u8>,
}

/// A stored news item with what is needed to show it and to judge it.
#[derive(Clone, Debug, Deserialize)]
pub struct NewsRow {
    /// Its id.
    pub id: i64,
    /// `everyone`, `groups` or `space`.
    pub audience: String,
    /// The groups it is for.
    #[serde(default)]
    pub groups: Option<Vec<i64>>,
    /// Their names, in the same order.
    #[serde(default)]
    pub group_names: Option<Vec<String>>,
    /// The space it is for.
    pub space_id: Option<i64>,
    /// The space's name.
    pub space_name: Option<String>,
    /// Its visibility.
    #[serde(default, deserialize_with = "crate::stored::de_opt")]
    pub space_visibility: Option<SpaceVisibility>,
    /// When it was archived.
    pub space_archived_at: Option<DateTime<Utc>>,
    /// Whether it takes guests.
    #[serde(default, deserialize_with = "flag_opt")]
    pub space_allows_guests: Option<bool>,
    /// Whether only its managers post.
    #[serde(default, deserialize_with = "flag_opt")]
    pub space_admins_post: Option<bool>,
    /// The editor.
    pub author_id: i64,
    /// Their name.
    pub author_name: String,
    /// The version of their photo.
    pub author_photo: Option<DateTime<Utc>>,
    /// Written on behalf of.
    pub on_behalf_of: String,
    /// Category.
    pub category: String,
    /// Title.
    pub title: String,
    /// Lead.
    pub lead: String,
    /// Body as written (only when read whole).
    #[serde(default)]
    pub body: Option<String>,
    /// Body as HTML (only when read whole).
    #[serde(default)]
    pub body_html: Option<String>,
    /// Stored status.
    #[serde(deserialize_with = "crate::stored::de")]
    pub status: NewsStatus,
    /// When it appears.
    pub publish_at: Option<DateTime<Utc>>,
    /// When it leaves the streams.
    pub ends_at: Option<DateTime<Utc>>,
    /// Featured until.
    pub featured_until: Option<DateTime<Utc>>,
    /// Comments and likes allowed.
    #[serde(deserialize_with = "flag")]
    pub reactions: bool,
    /// Readers confirm.
    #[serde(deserialize_with = "flag")]
    pub confirmation: bool,
    /// Confirm before.
    pub confirm_due: Option<DateTime<Utc>>,
    /// The version confirmations count for.
    pub version: i32,
    /// What changed in the last version.
    pub change_note: String,
    /// When the content last changed (a new version, or a correction).
    pub changed_at: Option<DateTime<Utc>>,
    /// When the audience was told.
    pub announced_at: Option<DateTime<Utc>>,
    /// Last written.
    pub updated_at: DateTime<Utc>,
    /// Comments.
    pub comment_count: i64,
    /// Likes.
    pub like_count: i64,
    /// The picture's description, when it has one.
    pub picture_alt: Option<String>,
    /// The picture's width.
    pub picture_width: Option<i64>,
    /// The picture's height.
    pub picture_height: Option<i64>,
    /// When the viewer confirmed the current version.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Whether the viewer likes it, read whole.
    #[serde(default, deserialize_with = "flag_opt")]
    pub liked: Option<bool>,
}

/// Which news a list shows.
#[derive(Clone, Debug, Default)]
pub struct NewsFilter {
    /// Only this category.
    pub category: Option<String>,
    /// Only published in this month (`2026-11`): from, until.
    pub between: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// `everyone`, `groups` or `space`.
    pub audience: Option<String>,
    /// Only of this space.
    pub space: Option<i64>,
    /// Only items asking the viewer to confirm, not yet confirmed.
    pub to_confirm: bool,
    /// Every state the viewer manages (the editors' desk), not only public items.
    pub managed: bool,
    /// Only featured now.
    pub featured: bool,
    /// Only still in the streams (not ended).
    pub current: bool,
    /// Published before this (publish time, id): the next page.
    pub before: Option<(DateTime<Utc>, i64)>,
}

/// Raised by every write that changes what a news card shows or who may read it (migration 0021):
/// what a node keeps of the news is current while the mark it was read at is the mark.
pub type NewsMark = i64;

/// The start page's news candidates, read at a mark.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct HomeNewsCandidates {
    /// The mark they were read at.
    pub mark: NewsMark,
    /// The items, as nobody in particular sees them.
    #[serde(default, deserialize_with = "crate::null_as_empty")]
    pub rows: Vec<NewsRow>,
}

/// What one reader's start page reads of news (see [`Store::home_news_reading`]).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct HomeNewsReading {
    /// The mark now.
    pub mark: NewsMark,
    /// The reader's confirmations of the asked items, of every version (the caller knows which
    /// version is current: the one of the items it read at this mark).
    #[serde(default, deserialize_with = "crate::null_as_empty")]
    pub confirmed: Vec<Confirmed>,
}

/// A reader's confirmation of a version of an item.
#[derive(Clone, Debug, Deserialize)]
pub struct Confirmed {
    /// The item.
    pub news_id: i64,
    /// The version confirmed.
    pub version: i32,
    /// When.
    pub confirmed_at: DateTime<Utc>,
}

/// The JSON fields `'mark'` and `'confirmed'` of a [`HomeNewsReading`], with the viewer in
/// parameter `viewer`; with `range`, the reader's confirmations of the items whose ids lie
/// between parameters `range` and `range + 1` (one slice of the `(user_id, news_id)` index; the
/// caller keeps those of the items it asked about), else none.
pub(crate) fn home_news_fields(backend: crate::Backend, viewer: usize, range: Option<usize>) -> String {
    let confirmed = match range {
        Some(lo) => backend.nested_json_rows(
            "'news_id', c.news_id, 'version', c.version, 'confirmed_at', c.confirmed_at",
            &format!(
                "FROM news_confirmations c WHERE c.user_id = ${viewer} AND c.news_id BETWEEN ${lo} AND ${}",
                lo + 1
            ),
        ),
        None => "NULL".to_owned(),
    };
    format!("'mark', (SELECT mark FROM news_mark WHERE id = 1), 'confirmed', {confirmed}")
}

/// The smallest and largest of `ids`, as the parameters of [`home_news_fields`]' range.
pub(crate) fn id_range(ids: &[i64]) -> Option<[sea_orm::Value; 2]> {
    Some([(*ids.iter().min()?).into(), (*ids.iter().max()?).into()])
}

/// A person in a confirmation report.
#[derive(Clone, Debug, Deserialize)]
pub struct ReportPerson {
    /// Their id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// Department.
    pub department: String,
    /// E-mail address.
    pub email: String,
    /// An external guest.
    #[serde(deserialize_with = "flag")]
    pub guest: bool,
    /// When they confirmed the current version.
    pub confirmed_at: Option<DateTime<Utc>>,
}

/// The numbers of a confirmation report.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReportCounts {
    /// In the audience now.
    pub audience: i64,
    /// Of them, confirmed the current version.
    pub confirmed: i64,
    /// Per group: (group id, name, in the audience, confirmed).
    #[serde(default)]
    pub groups: Option<Vec<(i64, String, i64, i64)>>,
    /// Confirmations of the current version per hour in UTC (`2026-11-28T14`, count), by people
    /// in the audience.
    #[serde(default)]
    pub hours: Option<Vec<(String, i64)>>,
}

/// SQL of a statement under construction, with its values numbered as they are added.
struct Sql {
    values: Vec<sea_orm::Value>,
    backend: crate::Backend,
}

impl Sql {
    fn new(backend: crate::Backend) -> Sql {
        Sql { values: Vec::new(), backend }
    }

    /// Adds a time; returns its placeholder. SQLite gets the text it stores times as, so that the
    /// statement runs on the fast read path (which takes numbers and texts); PostgreSQL a timestamp.
    fn time(&mut self, at: DateTime<Utc>) -> String {
        match self.backend {
            crate::Backend::Sqlite => self.bind(at.to_rfc3339_opts(chrono::SecondsFormat::Micros, false)),
            crate::Backend::Postgres => self.bind(at),
        }
    }

    /// Adds a value; returns its placeholder.
    fn bind(&mut self, value: impl Into<sea_orm::Value>) -> String {
        self.values.push(value.into());
        format!("${}", self.values.len())
    }
}

/// The fields of a news row (`n` is the item, `viewer` the reader's id placeholder; without one,
/// as nobody in particular sees it: confirmed by nobody).
fn fields(viewer: Option<&str>, whole: bool, backend: crate::Backend) -> String {
    let groups =
        backend.nested_ids("SELECT g.group_id AS id FROM news_groups g WHERE g.news_id = n.id ORDER BY g.group_id");
    let names = match backend {
        crate::Backend::Postgres => {
            "(SELECT json_agg(gr.name ORDER BY g.group_id) FROM news_groups g \
             JOIN groups gr ON gr.id = g.group_id WHERE g.news_id = n.id)"
        }
        crate::Backend::Sqlite => {
            "json((SELECT json_group_array(x.name) FROM (SELECT gr.name FROM news_groups g \
             JOIN groups gr ON gr.id = g.group_id WHERE g.news_id = n.id ORDER BY g.group_id) x))"
        }
    };
    // Only group news has groups (most news is for everyone): the subqueries run only for it.
    let only_groups = |expr: &str| match backend {
        crate::Backend::Postgres => format!("CASE WHEN n.audience = 'groups' THEN {expr} END"),
        // `json(…)` outside keeps the value JSON for `json_object` (a CASE would make it text).
        crate::Backend::Sqlite => {
            let inner = expr.strip_prefix("json(").and_then(|e| e.strip_suffix(')')).unwrap_or(expr);
            format!("json(CASE WHEN n.audience = 'groups' THEN {inner} END)")
        }
    };
    let (groups, names) = (only_groups(&groups), only_groups(names));
    // Read whole, the item says whether the viewer likes it (lists show the count alone).
    let body = match viewer {
        Some(viewer) if whole => format!(
            "'body', n.body, 'body_html', n.body_html, 'liked', EXISTS (SELECT 1 FROM likes l \
             WHERE l.target_kind = 'news' AND l.target_id = n.id AND l.user_id = {viewer}), "
        ),
        _ => String::new(),
    };
    let confirmed = match viewer {
        Some(viewer) => format!(
            "CASE WHEN n.confirmation THEN (SELECT c.confirmed_at FROM news_confirmations c \
             WHERE c.news_id = n.id AND c.version = n.version AND c.user_id = {viewer}) END"
        ),
        None => "NULL".to_owned(),
    };
    format!(
        "'id', n.id, 'audience', n.audience, 'groups', {groups}, 'group_names', {names}, 'space_id', n.space_id, 'space_name', s.name, \
         'space_visibility', s.visibility, 'space_archived_at', s.archived_at, 'space_allows_guests', s.allows_guests, \
         'space_admins_post', s.admins_post, 'author_id', n.author_id, 'author_name', a.display_name, \
         'author_photo', a.photo_at, 'on_behalf_of', n.on_behalf_of, 'category', n.category, 'title', n.title, \
         'lead', n.lead, {body}'status', n.status, 'publish_at', n.publish_at, 'ends_at', n.ends_at, \
         'featured_until', n.featured_until, 'reactions', n.reactions, 'confirmation', n.confirmation, \
         'confirm_due', n.confirm_due, 'version', n.version, 'change_note', n.change_note, \
         'changed_at', n.changed_at, 'announced_at', n.announced_at, 'updated_at', n.updated_at, \
         'comment_count', n.comment_count, 'like_count', n.like_count, 'picture_alt', pic.alt, \
         'picture_width', pic.width, 'picture_height', pic.height, \
         'confirmed_at', {confirmed}"
    )
}

const JOINS: &str = "FROM news n JOIN users a ON a.id = n.author_id LEFT JOIN spaces s ON s.id = n.space_id \
     LEFT JOIN news_pictures pic ON pic.news_id = n.id";

/// Whether a person (SQL `u`) may use their account now (`$now`).
fn usable(now: &str) -> String {
    format!("u.status = 'active' AND (u.kind = 'employee' OR u.guest_expires_at > {now})")
}

/// The SQL condition of a scope: which items (`n`) the reader reads, or manages when `managed`.
fn in_scope(q: &mut Sql, scope: &NewsScope, managed: bool, backend: crate::Backend) -> String {
    let now = q.time(now());
    let mut either = Vec::new();
    // What the reader manages, in every state.
    if scope.all_site {
        either.push("n.space_id IS NULL".to_owned());
    }
    if scope.all_spaces {
        either.push("n.space_id IS NOT NULL".to_owned());
    } else if !scope.managed_spaces.is_empty() {
        let ids = q.bind(json_ids(&scope.managed_spaces));
        either.push(format!("n.space_id IN ({})", id_list_at(backend, &ids)));
    }
    if !managed {
        // What the reader reads once it is public.
        let mut audience = Vec::new();
        if scope.everyone {
            audience.push("n.audience = 'everyone'".to_owned());
        }
        if !scope.groups.is_empty() {
            let ids = q.bind(json_ids(&scope.groups));
            audience.push(format!(
                "(n.audience = 'groups' AND EXISTS (SELECT 1 FROM news_groups g WHERE g.news_id = n.id \
                 AND g.group_id IN ({})))",
                id_list_at(backend, &ids)
            ));
        }
        let spaces = &scope.spaces;
        if spaces.all {
            audience.push("n.space_id IS NOT NULL".to_owned());
        } else {
            if !spaces.member_of.is_empty() {
                let ids = q.bind(json_ids(&spaces.member_of));
                audience.push(format!("n.space_id IN ({})", id_list_at(backend, &ids)));
            }
            if !spaces.visibilities.is_empty() {
                let list: Vec<&str> = spaces.visibilities.iter().map(|v| v.stored()).collect();
                let vis = q.bind(serde_json::to_string(&list).unwrap_or_else(|_| "[]".into()));
                audience.push(format!(
                    "(n.space_id IS NOT NULL AND EXISTS (SELECT 1 FROM spaces sv WHERE sv.id = n.space_id AND {}))",
                    in_text_list_at(backend, "sv.visibility", &vis)
                ));
            }
        }
        if !audience.is_empty() {
            either.push(format!("(n.status = 'published' AND n.publish_at <= {now} AND ({}))", audience.join(" OR ")));
        }
    }
    if either.is_empty() { "1 = 0".to_owned() } else { format!("({})", either.join(" OR ")) }
}

/// [`crate::Backend::id_list`] for a placeholder given as `$N`.
fn id_list_at(backend: crate::Backend, placeholder: &str) -> String {
    backend.id_list(placeholder.trim_start_matches('$').parse().unwrap_or(1))
}

fn in_text_list_at(backend: crate::Backend, expr: &str, placeholder: &str) -> String {
    backend.in_text_list(expr, placeholder.trim_start_matches('$').parse().unwrap_or(1))
}

/// The people an item is for, now (SQL of `SELECT u.id … FROM users u …`, with `n` the item id
/// placeholder). `columns` are the columns of `u` to select.
fn audience_people(q: &mut Sql, audience: &str, news: &str, columns: &str) -> String {
    let now = q.time(now());
    let usable = usable(&now);
    match audience {
        "everyone" => format!("SELECT {columns} FROM users u WHERE u.kind = 'employee' AND {usable}"),
        "groups" => format!(
            "SELECT {columns} FROM users u WHERE {usable} AND EXISTS (SELECT 1 FROM group_members gm \
             JOIN news_groups ng ON ng.group_id = gm.group_id WHERE gm.user_id = u.id AND ng.news_id = {news})"
        ),
        _ => format!(
            "SELECT {columns} FROM users u WHERE {usable} AND EXISTS (SELECT 1 FROM space_members sm \
             JOIN news n2 ON n2.space_id = sm.space_id WHERE sm.user_id = u.id AND n2.id = {news})"
        ),
    }
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Stores a new item with its groups; returns its id.
    pub async fn insert_news(&self, author_id: i64, w: &NewsWrite) -> Result<i64> {
        let at = now();
        let (audience, space) = w.audience.columns();
        let sql = "INSERT INTO news (audience, space_id, author_id, on_behalf_of, category, title, lead, body, \
                   body_html, status, publish_at, ends_at, featured_until, reactions, confirmation, confirm_due, \
                   created_at, updated_at, changed_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $17) \
                   RETURNING id";
        let values: Vec<sea_orm::Value> = vec![
            audience.into(),
            space.into(),
            author_id.into(),
            w.on_behalf_of.clone().into(),
            w.category.clone().into(),
            w.title.clone().into(),
            w.lead.clone().into(),
            w.body.clone().into(),
            w.body_html.clone().into(),
            w.status.stored().into(),
            w.publish_at.into(),
            w.ends_at.into(),
            w.featured_until.into(),
            w.reactions.into(),
            w.confirmation.into(),
            w.confirm_due.into(),
            at.into(),
        ];
        let id = self.ids(sql, values).await?.first().copied().ok_or(crate::StoreError::NotFound)?;
        self.set_news_groups(id, &w.audience).await?;
        Ok(id)
    }

    /// Changes an item; `new_version` (with a note saying what changed) asks everyone to confirm
    /// again and keeps the version as it was confirmed, a correction keeps the confirmations.
    pub async fn update_news(&self, id: i64, w: &NewsWrite, new_version: Option<&str>) -> Result<()> {
        let at = now();
        let (audience, space) = w.audience.columns();
        let version = match new_version {
            Some(_) => "version + 1",
            None => "version",
        };
        let sql = format!(
            "UPDATE news SET audience = $1, space_id = $2, on_behalf_of = $3, category = $4, title = $5, lead = $6, \
             body = $7, body_html = $8, status = $9, publish_at = $10, ends_at = $11, featured_until = $12, \
             reactions = $13, confirmation = $14, confirm_due = $15, updated_at = $16, \
             changed_at = CASE WHEN title <> $5 OR lead <> $6 OR body <> $7 THEN $16 ELSE changed_at END, \
             version = {version}, change_note = COALESCE($17, change_note) WHERE id = $18"
        );
        let values: Vec<sea_orm::Value> = vec![
            audience.into(),
            space.into(),
            w.on_behalf_of.clone().into(),
            w.category.clone().into(),
            w.title.clone().into(),
            w.lead.clone().into(),
            w.body.clone().into(),
            w.body_html.clone().into(),
            w.status.stored().into(),
            w.publish_at.into(),
            w.ends_at.into(),
            w.featured_until.into(),
            w.reactions.into(),
            w.confirmation.into(),
            w.confirm_due.into(),
            at.into(),
            new_version.map(str::to_owned).into(),
            id.into(),
        ];
        self.run(&sql, values).await?;
        self.set_news_groups(id, &w.audience).await
    }

    async fn set_news_groups(&self, id: i64, audience: &AudienceRow) -> Result<()> {
        self.run("DELETE FROM news_groups WHERE news_id = $1", vec![id.into()]).await?;
        if let AudienceRow::Groups(groups) = audience {
            let sql = format!(
                "INSERT INTO news_groups (news_id, group_id) SELECT DISTINCT $1, g.id FROM groups g \
                 WHERE g.id IN ({})",
                self.id_list(2)
            );
            self.run(&sql, vec![id.into(), json_ids(groups).into()]).await?;
        }
        Ok(())
    }

    /// Keeps the text of a version that is asked to be confirmed (once per version).
    pub async fn keep_news_version(&self, id: i64) -> Result<()> {
        let sql = "INSERT INTO news_versions (news_id, version, title, lead, body, note, created_at) \
                   SELECT id, version, title, lead, body, change_note, $2 FROM news WHERE id = $1 \
                   ON CONFLICT (news_id, version) DO NOTHING";
        self.run(sql, vec![id.into(), now().into()]).await?;
        Ok(())
    }

    /// The text of an earlier version: (title, lead, body).
    pub async fn news_version(&self, id: i64, version: i32) -> Result<Option<(String, String, String)>> {
        let sql = self.backend().json_rows(
            "'title', v.title, 'lead', v.lead, 'body', v.body",
            "FROM news_versions v WHERE v.news_id = $1 AND v.version = $2",
        );
        #[derive(Deserialize)]
        struct V {
            title: String,
            lead: String,
            body: String,
        }
        let rows: Vec<V> = self.json_list(&sql, vec![id.into(), version.into()], "news version").await?;
        Ok(rows.into_iter().next().map(|v| (v.title, v.lead, v.body)))
    }

    /// Sets or removes an item's picture.
    pub async fn set_news_picture(&self, id: i64, picture: Option<NewsPicture>) -> Result<()> {
        self.run("DELETE FROM news_pictures WHERE news_id = $1", vec![id.into()]).await?;
        if let Some(p) = picture {
            self.run(
                "INSERT INTO news_pictures (news_id, alt, width, height, bytes, thumb) VALUES ($1, $2, $3, $4, $5, $6)",
                vec![
                    id.into(),
                    p.alt.into(),
                    i64::from(p.size.0).into(),
                    i64::from(p.size.1).into(),
                    p.bytes.into(),
                    p.thumb.into(),
                ],
            )
            .await?;
        }
        Ok(())
    }

    /// Changes an item's picture description only.
    pub async fn set_news_picture_alt(&self, id: i64, alt: &str) -> Result<()> {
        self.run("UPDATE news_pictures SET alt = $1 WHERE news_id = $2", vec![alt.into(), id.into()]).await?;
        Ok(())
    }

    /// An item's picture: (large or thumbnail JPEG).
    pub async fn news_picture(&self, id: i64, thumb: bool) -> Result<Option<Vec<u8>>> {
        let column = if thumb { "thumb" } else { "bytes" };
        let rows = self
            .conn()
            .query_all_raw(
                self.statement(&format!("SELECT {column} FROM news_pictures WHERE news_id = $1"), [id.into()]),
            )
            .await?;
        Ok(rows.first().map(|r| r.try_get_by_index::<Vec<u8>>(0)).transpose()?)
    }

    /// One item as `viewer` sees it (the caller judges it), with its body.
    pub async fn news_by_id(&self, viewer: i64, id: i64) -> Result<Option<NewsRow>> {
        let backend = self.backend();
        let sql = backend.json_rows(&fields(Some("$1"), true, backend), &format!("{JOINS} WHERE n.id = $2"));
        let rows: Vec<NewsRow> = self.json_list(&sql, vec![viewer.into(), id.into()], "news item").await?;
        Ok(rows.into_iter().next())
    }

    /// These items as `viewer` sees them, without their bodies (the caller judges each).
    pub async fn news_by_ids(&self, viewer: i64, ids: &[i64]) -> Result<Vec<NewsRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let backend = self.backend();
        let sql = backend
            .json_rows(&fields(Some("$1"), false, backend), &format!("{JOINS} WHERE n.id IN ({})", self.id_list(2)));
        self.json_list(&sql, vec![viewer.into(), json_ids(ids).into()], "news items").await
    }

    /// Items within `scope` that pass `filter`, newest publish date first (drafts, in the
    /// editors' desk, by their last change).
    pub async fn list_news(
        &self,
        viewer: i64,
        scope: &NewsScope,
        filter: &NewsFilter,
        limit: u64,
    ) -> Result<Vec<NewsRow>> {
        let backend = self.backend();
        let (fields, from, values) = news_query(backend, viewer, scope, filter, limit);
        let sql = backend.json_rows(&fields, &from);
        let mut rows: Vec<NewsRow> = self.json_list(&sql, values, "news").await?;
        sort_news(&mut rows, filter.managed);
        Ok(rows)
    }

    /// The start page's candidates as nobody in particular sees them, with the [`NewsMark`] they
    /// were read at (in the same statement): every published item still in the streams that was
    /// published since `since` or is to appear, is featured, or asks for confirmation. Which of
    /// them a reader sees is the policy's to say, per reader and at the time of asking.
    pub async fn home_news_candidates(&self, since: DateTime<Utc>) -> Result<HomeNewsCandidates> {
        let backend = self.backend();
        let mut q = Sql::new(backend);
        let (now, since) = (q.time(now()), q.time(since));
        let from = format!(
            "{JOINS} WHERE n.id IN (SELECT id FROM news WHERE status = 'published' AND publish_at > {since} \
             UNION SELECT id FROM news WHERE featured_until > {now} \
             UNION SELECT id FROM news WHERE confirmation AND status = 'published') \
             AND n.status = 'published' AND (n.ends_at IS NULL OR n.ends_at > {now})"
        );
        let sql = format!(
            "SELECT {}",
            backend.as_text(&backend.object(&format!(
                "'mark', (SELECT mark FROM news_mark WHERE id = 1), 'rows', {}",
                backend.nested_json_rows(&fields(None, false, backend), &from)
            )))
        );
        let text = self.text(&sql, q.values).await?.unwrap_or_default();
        crate::from_json(&text, "start page news")
    }

    /// What one reader's start page reads of news besides what a node keeps: the mark (is what
    /// the node keeps still current?) and the reader's confirmations of `ids`. The start page's query holds the same in its fields ([`home_news_fields`]).
    pub async fn home_news_reading(&self, viewer: i64, ids: &[i64]) -> Result<HomeNewsReading> {
        let backend = self.backend();
        let mut values = vec![viewer.into()];
        let range = id_range(ids).map(|range| {
            values.extend(range);
            2
        });
        let sql = format!("SELECT {}", backend.as_text(&backend.object(&home_news_fields(backend, 1, range))));
        let text = self.text(&sql, values).await?.unwrap_or_default();
        let mut reading: HomeNewsReading = crate::from_json(&text, "start page news")?;
        reading.confirmed.retain(|c| ids.contains(&c.news_id));
        Ok(reading)
    }

    /// The categories in use, for the archive's filter.
    pub async fn news_categories(&self) -> Result<Vec<String>> {
        let rows = self
            .conn()
            .query_all_raw(self.statement(
                "SELECT DISTINCT category FROM news WHERE category <> '' AND status = 'published' ORDER BY category",
                [],
            ))
            .await?;
        Ok(rows.iter().filter_map(|r| r.try_get_by_index::<String>(0).ok()).collect())
    }

    /// Confirms the current version for `user_id`; false when it was confirmed already or the
    /// version moved on meanwhile.
    pub async fn confirm_news(&self, id: i64, version: i32, user_id: i64) -> Result<bool> {
        let changed = self
            .run(
                "INSERT INTO news_confirmations (news_id, version, user_id, confirmed_at) \
                 SELECT id, version, $3, $4 FROM news WHERE id = $1 AND version = $2 \
                 ON CONFLICT (news_id, version, user_id) DO NOTHING",
                vec![id.into(), version.into(), user_id.into(), now().into()],
            )
            .await?;
        Ok(changed > 0)
    }

    /// The report's numbers: the audience now, who of them confirmed the current version, per
    /// group and per day.
    pub async fn news_report(&self, id: i64, audience: &str, version: i32) -> Result<ReportCounts> {
        let backend = self.backend();
        let mut q = Sql::new(self.backend());
        let news = q.bind(id);
        let version = q.bind(version);
        let people = audience_people(&mut q, audience, &news, "u.id");
        let confirmed = format!(
            "SELECT c.user_id, c.confirmed_at FROM news_confirmations c WHERE c.news_id = {news} AND c.version = {version}"
        );
        // Per group: the audience's groups; for everyone, every group with people in it.
        let group_filter = if audience == "groups" {
            format!("gm.group_id IN (SELECT group_id FROM news_groups WHERE news_id = {news})")
        } else {
            "1 = 1".to_owned()
        };
        let day = match backend {
            crate::Backend::Postgres => "to_char(k.confirmed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24')",
            crate::Backend::Sqlite => "substr(k.confirmed_at, 1, 13)",
        };
        let (groups_json, days_json) = match backend {
            crate::Backend::Postgres => (
                format!(
                    "(SELECT json_agg(json_build_array(gid, name, total, done) ORDER BY name) FROM (\
                     SELECT g.id AS gid, g.name AS name, count(*) AS total, count(k.user_id) AS done \
                     FROM p JOIN group_members gm ON gm.user_id = p.id JOIN groups g ON g.id = gm.group_id \
                     LEFT JOIN k ON k.user_id = p.id WHERE {group_filter} GROUP BY g.id, g.name) x)"
                ),
                format!(
                    "(SELECT json_agg(json_build_array(d, c) ORDER BY d) FROM (SELECT {day} AS d, count(*) AS c \
                     FROM k JOIN p ON p.id = k.user_id GROUP BY 1) y)"
                ),
            ),
            crate::Backend::Sqlite => (
                format!(
                    "json((SELECT json_group_array(json_array(gid, name, total, done)) FROM (\
                     SELECT g.id AS gid, g.name AS name, count(*) AS total, count(k.user_id) AS done \
                     FROM p JOIN group_members gm ON gm.user_id = p.id JOIN groups g ON g.id = gm.group_id \
                     LEFT JOIN k ON k.user_id = p.id WHERE {group_filter} GROUP BY g.id, g.name ORDER BY g.name)))"
                ),
                format!(
                    "json((SELECT json_group_array(json_array(d, c)) FROM (SELECT {day} AS d, count(*) AS c \
                     FROM k JOIN p ON p.id = k.user_id GROUP BY 1 ORDER BY 1)))"
                ),
            ),
        };
        let object = backend.object(&format!(
            "'audience', (SELECT count(*) FROM p), 'confirmed', (SELECT count(*) FROM p JOIN k ON k.user_id = p.id), \
             'groups', {groups_json}, 'hours', {days_json}"
        ));
        let sql = format!("WITH p AS ({people}), k AS ({confirmed}) SELECT {}", backend.as_text(&object));
        let text = self.text(&sql, q.values).await?.unwrap_or_default();
        crate::from_json(&text, "news report")
    }

    /// People of the audience, by name, with when they confirmed the current version:
    /// `confirmed` Some(true) only those who did, Some(false) those who did not. At most `limit`
    /// from `offset`.
    pub async fn news_report_people(
        &self,
        id: i64,
        audience: &str,
        version: i32,
        confirmed: Option<bool>,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<ReportPerson>> {
        let backend = self.backend();
        let mut q = Sql::new(self.backend());
        let news = q.bind(id);
        let version = q.bind(version);
        let people = audience_people(&mut q, audience, &news, "u.id, u.display_name, u.department, u.email, u.kind");
        let which = match confirmed {
            Some(true) => "WHERE c.user_id IS NOT NULL",
            Some(false) => "WHERE c.user_id IS NULL",
            None => "",
        };
        let (offset, limit) =
            (q.bind(i64::try_from(offset).unwrap_or(0)), q.bind(i64::try_from(limit).unwrap_or(i64::MAX)));
        // The page in a subquery (see `list_news`), whose order the JSON keeps.
        let from = format!(
            "FROM (SELECT p.id, p.display_name, p.department, p.email, p.kind, c.confirmed_at FROM ({people}) p \
             LEFT JOIN news_confirmations c ON c.news_id = {news} AND c.version = {version} AND c.user_id = p.id \
             {which} ORDER BY p.display_name, p.id LIMIT {limit} OFFSET {offset}) r"
        );
        let sql = backend.json_rows(
            "'id', r.id, 'name', r.display_name, 'department', r.department, 'email', r.email, \
             'guest', r.kind = 'guest', 'confirmed_at', r.confirmed_at",
            &from,
        );
        self.json_list(&sql, q.values, "report people").await
    }

    /// Marks an item as announced to its audience; false when it was already (so the audience is
    /// told once, whichever node runs the job).
    pub async fn mark_news_announced(&self, id: i64) -> Result<bool> {
        Ok(self
            .run(
                "UPDATE news SET announced_at = $1 WHERE id = $2 AND announced_at IS NULL",
                vec![now().into(), id.into()],
            )
            .await?
            > 0)
    }

    /// Deletes an item with everything that hangs on it.
    pub async fn delete_news(&self, id: i64) -> Result<()> {
        self.run("DELETE FROM news WHERE id = $1", vec![id.into()]).await?;
        Ok(())
    }

    /// Notes a change of state that only time made (it appeared, or ended) in the change log,
    /// so followers (the search index) pick it up.
    pub async fn touch_news(&self, id: i64) -> Result<()> {
        self.run("UPDATE news SET updated_at = $1 WHERE id = $2", vec![now().into(), id.into()]).await?;
        Ok(())
    }

    /// How a person wants to hear of ordinary news: `none`, `app` or `mail`.
    pub async fn news_notify_choice(&self, user_id: i64) -> Result<String> {
        Ok(self
            .text("SELECT news_notify FROM users WHERE id = $1", vec![user_id.into()])
            .await?
            .unwrap_or_else(|| "app".into()))
    }

    /// Sets how a person wants to hear of ordinary news.
    pub async fn set_news_notify_choice(&self, user_id: i64, choice: &str) -> Result<()> {
        self.run("UPDATE users SET news_notify = $1 WHERE id = $2", vec![choice.into(), user_id.into()]).await?;
        Ok(())
    }

    /// The ids of the audience now, with how each wants to hear of ordinary news, from `after`
    /// on: (id, choice). With `unconfirmed`, only those who did not confirm the current version.
    pub async fn news_audience_ids(
        &self,
        id: i64,
        audience: &str,
        unconfirmed: Option<i32>,
        after: i64,
        limit: u64,
    ) -> Result<Vec<(i64, String)>> {
        let mut q = Sql::new(self.backend());
        let news = q.bind(id);
        let people = audience_people(&mut q, audience, &news, "u.id, u.news_notify");
        let after = q.bind(after);
        let mut sql = format!("SELECT p.id, p.news_notify FROM ({people}) p WHERE p.id > {after}");
        if let Some(version) = unconfirmed {
            let version = q.bind(version);
            sql.push_str(&format!(
                " AND NOT EXISTS (SELECT 1 FROM news_confirmations c WHERE c.news_id = {news} \
                 AND c.version = {version} AND c.user_id = p.id)"
            ));
        }
        let limit = q.bind(i64::try_from(limit).unwrap_or(1000));
        sql.push_str(&format!(" ORDER BY p.id LIMIT {limit}"));
        let rows = self.conn().query_all_raw(self.statement(&sql, q.values)).await?;
        rows.iter()
            .map(|r| Ok((r.try_get_by_index::<i64>(0)?, r.try_get_by_index::<String>(1)?)))
            .collect::<std::result::Result<_, sea_orm::DbErr>>()
            .map_err(Into::into)
    }

    /// The id of the space with this name (the demo's).
    pub async fn space_id_named(&self, name: &str) -> Result<Option<i64>> {
        Ok(self
            .ids("SELECT id FROM spaces WHERE name = $1 ORDER BY id LIMIT 1", vec![name.into()])
            .await?
            .first()
            .copied())
    }

    /// Every active employee's id (the demo's audience of news for everyone).
    pub async fn news_audience_ids_of_everyone(&self) -> Result<Vec<i64>> {
        self.ids("SELECT id FROM users WHERE kind = 'employee' AND status = 'active' ORDER BY id", Vec::new()).await
    }

    /// Stores many confirmations of one version at once (the demo; imports).
    pub async fn bulk_confirmations(&self, news_id: i64, version: i32, rows: &[(i64, DateTime<Utc>)]) -> Result<()> {
        for chunk in rows.chunks(200) {
            let mut q = Sql::new(self.backend());
            let (news, version) = (q.bind(news_id), q.bind(version));
            let values: Vec<String> = chunk
                .iter()
                .map(|(user, at)| format!("({news}, {version}, {}, {})", q.bind(*user), q.bind(*at)))
                .collect();
            let sql = format!(
                "INSERT INTO news_confirmations (news_id, version, user_id, confirmed_at) VALUES {} \
                 ON CONFLICT (news_id, version, user_id) DO NOTHING",
                values.join(", ")
            );
            self.run(&sql, q.values).await?;
        }
        Ok(())
    }
}

/// Newest first, as a list shows them (the JSON of `n.id IN (…)` comes in no order).
pub fn sort_news(rows: &mut [NewsRow], managed: bool) {
    rows.sort_by_key(|r| {
        let at = if managed { r.publish_at.unwrap_or(r.updated_at) } else { r.publish_at.unwrap_or_default() };
        std::cmp::Reverse((at, r.id))
    });
}

/// The JSON fields, the `FROM …` and the values of a list of news within `scope` that pass
/// `filter` (see [`Store::list_news`]).
fn news_query(
    backend: crate::Backend,
    viewer: i64,
    scope: &NewsScope,
    filter: &NewsFilter,
    limit: u64,
) -> (String, String, Vec<sea_orm::Value>) {
    let mut q = Sql::new(backend);
    let me = q.bind(viewer);
    let mut conditions = vec![in_scope(&mut q, scope, filter.managed, backend)];
    if !filter.managed {
        conditions.push("n.status = 'published'".into());
    }
    if let Some(category) = &filter.category {
        conditions.push(format!("n.category = {}", q.bind(category.clone())));
    }
    if let Some(audience) = &filter.audience {
        conditions.push(format!("n.audience = {}", q.bind(audience.clone())));
    }
    if let Some(space) = filter.space {
        conditions.push(format!("n.space_id = {}", q.bind(space)));
    }
    if let Some((from, until)) = filter.between {
        conditions.push(format!("n.publish_at >= {} AND n.publish_at < {}", q.time(from), q.time(until)));
    }
    if filter.featured || filter.current {
        let now = q.time(now());
        conditions.push(format!("(n.ends_at IS NULL OR n.ends_at > {now})"));
        if filter.featured {
            conditions.push(format!("n.featured_until > {now}"));
        }
    }
    if filter.to_confirm {
        conditions.push(format!(
            "n.confirmation AND NOT EXISTS (SELECT 1 FROM news_confirmations c WHERE c.news_id = n.id \
             AND c.version = n.version AND c.user_id = {me})"
        ));
        // Asked of the audience only, not of editors reading along.
        let mut audience = Vec::new();
        if scope.everyone {
            audience.push("n.audience = 'everyone'".to_owned());
        }
        if !scope.groups.is_empty() {
            let ids = q.bind(json_ids(&scope.groups));
            audience.push(format!(
                "(n.audience = 'groups' AND EXISTS (SELECT 1 FROM news_groups g WHERE g.news_id = n.id \
                 AND g.group_id IN ({})))",
                id_list_at(backend, &ids)
            ));
        }
        if !scope.spaces.member_of.is_empty() {
            let ids = q.bind(json_ids(&scope.spaces.member_of));
            audience.push(format!("n.space_id IN ({})", id_list_at(backend, &ids)));
        }
        let now = q.time(now());
        conditions.push(format!(
            "n.status = 'published' AND n.publish_at <= {now} AND ({})",
            if audience.is_empty() { "1 = 0".to_owned() } else { audience.join(" OR ") }
        ));
    }
    let order = if filter.managed {
        "COALESCE(n.publish_at, n.updated_at) DESC, n.id DESC"
    } else {
        "n.publish_at DESC, n.id DESC"
    };
    if let Some((at, id)) = filter.before {
        let key = if filter.managed { "COALESCE(n.publish_at, n.updated_at)" } else { "n.publish_at" };
        let (at, id) = (q.time(at), q.bind(id));
        conditions.push(format!("({key} < {at} OR ({key} = {at} AND n.id < {id}))"));
    }
    let limit = q.bind(i64::try_from(limit.min(500)).unwrap_or(500));
    // The page is chosen in a subquery: an aggregate's ORDER BY and LIMIT (SQLite) would apply
    // to its one row of JSON, not to the rows it gathers.
    let page = format!("SELECT n.id FROM news n WHERE {} ORDER BY {order} LIMIT {limit}", conditions.join(" AND "));
    (fields(Some(&me), false, backend), format!("{JOINS} WHERE n.id IN ({page})"), q.values)
}
