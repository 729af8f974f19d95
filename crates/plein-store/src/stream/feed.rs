//! The hot read: a page of a stream (the newest posts of the reader's containers, per backend through the dialect) and the posts behind it, with their authors, counts, pictures and polls.

use super::*;

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// The newest `limit` posts of `sources` older than `before`, as `viewer` sees them (author,
    /// place and the viewer's like, in the same query): one index slice per container, merged.
    /// Written per backend: SQLite reads a correlated `LIMIT` per container, PostgreSQL a
    /// `LATERAL` join (an `= ANY(…) ORDER BY … LIMIT` would read and sort every matching row).
    pub async fn stream(
        &self,
        viewer: i64,
        sources: &StreamSources,
        before: Option<i64>,
        limit: u64,
    ) -> Result<Vec<StreamItem>> {
        let Some((shape, values)) = self.stream_shape(viewer, sources, before, limit) else {
            return Ok(Vec::new());
        };
        let sql = kept_sql(Page::Stream(shape), || {
            let (fields, from) = items_query(shape.backend, &stream_ids_sql(shape), 5, false);
            shape.backend.json_rows(&fields, &from)
        });
        let mut items: Vec<StreamItem> = self.json_list(&sql, values, "stream page").await?;
        items.sort_by_key(|item| std::cmp::Reverse(item.id));
        Ok(items)
    }

    /// What decides the text of a stream page's query (see [`stream_ids_sql`]) and its values
    /// (the viewer is `$5`); none when there are no sources.
    pub(super) fn stream_shape(
        &self,
        viewer: i64,
        sources: &StreamSources,
        before: Option<i64>,
        limit: u64,
    ) -> Option<(Shape, Vec<sea_orm::Value>)> {
        if sources.spaces.is_empty() && sources.profiles.is_empty() && !sources.mentions && sources.follows.is_none() {
            return None;
        }
        let before = before.unwrap_or(i64::MAX);
        let limit = i64::try_from(Ord::min(limit, 200)).unwrap_or(200);
        let follows = sources.follows.as_ref();
        let visible: Vec<&str> =
            follows.map(|f| f.space_visibilities.iter().map(|v| v.stored()).collect()).unwrap_or_default();
        let values = vec![
            json_ids(&sources.spaces).into(),
            json_ids(&sources.profiles).into(),
            before.into(),
            limit.into(),
            viewer.into(),
            serde_json::to_string(&visible).unwrap_or_else(|_| "[]".into()).into(),
        ];
        debug_assert_eq!(values.len(), STREAM_VALUES);
        let shape = Shape { backend: self.backend(), follows: follows.map(|f| f.people), mentions: sources.mentions };
        Some((shape, values))
    }

    /// These posts as `viewer` sees them, newest first (removed ones too: the caller decides),
    /// with the text as written (for the edit form) besides the HTML.
    pub async fn post_items(&self, viewer: i64, ids: &[i64]) -> Result<Vec<StreamItem>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.items(&self.id_list(1), vec![json_ids(ids).into(), viewer.into()], 2, true).await
    }

    /// The posts whose ids `ids_sql` selects, with author, place and `viewer`'s like (`$viewer`),
    /// as one row of JSON: a page is one hand-over from the database driver, not one per post.
    /// `source`: with the text as written too (see [`items_query`]).
    pub(crate) async fn items(
        &self,
        ids_sql: &str,
        values: Vec<sea_orm::Value>,
        viewer: usize,
        source: bool,
    ) -> Result<Vec<StreamItem>> {
        let backend = self.backend();
        let (fields, from) = items_query(backend, ids_sql, viewer, source);
        let mut items: Vec<StreamItem> =
            self.json_list(&backend.json_rows(&fields, &from), values, "stream page").await?;
        items.sort_by_key(|item| std::cmp::Reverse(item.id));
        Ok(items)
    }
}

/// How many values a stream page's query takes (see [`Store::stream_shape`]).
pub(super) const STREAM_VALUES: usize = 6;

/// What the text of a stream page's query depends on; its values aside, the text is the same
/// for every reader of the same shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Shape {
    backend: crate::dialect::Backend,
    /// On the home stream: what the reader follows is read too, and with `true` the people.
    follows: Option<bool>,
    /// Posts naming the reader are read too.
    mentions: bool,
}

/// A page whose query [`kept_sql`] keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Page {
    /// A page of a stream.
    Stream(Shape),
    /// The start page, with or without a range of confirmations to read.
    Home(Shape, bool),
}

/// The text of `which`, built by `build` the first time and then kept: writing out the start
/// page's query (some 4 KB, its JSON fields turned into columns) was a twentieth of the page's
/// time in Plein. A few dozen shapes exist.
pub(super) fn kept_sql(which: Page, build: impl FnOnce() -> String) -> std::sync::Arc<str> {
    use std::sync::{Arc, LazyLock, RwLock};
    static KEPT: LazyLock<RwLock<HashMap<Page, Arc<str>>>> = LazyLock::new(Default::default);
    if let Some(sql) = KEPT.read().ok().and_then(|kept| kept.get(&which).cloned()) {
        return sql;
    }
    let sql: Arc<str> = build().into();
    if let Ok(mut kept) = KEPT.write() {
        kept.insert(which, sql.clone());
    }
    sql
}

/// The ids of a stream page of `shape`, newest first: the newest posts of the listed spaces
/// (`$1`) and profiles (`$2`), older than `$3`, at most `$4`, for the viewer `$5`; on the home
/// stream also of what the viewer follows and may read (space visibilities `$6`).
pub(super) fn stream_ids_sql(shape: Shape) -> String {
    let backend = shape.backend;
    // The containers: listed ones, and on the home stream what the viewer follows and may read.
    let spaces = match shape.follows {
        Some(_) => format!(
            "{} UNION SELECT f.target_id FROM follows f JOIN spaces s ON s.id = f.target_id \
             WHERE f.user_id = $5 AND f.target_kind = 'space' AND {}",
            backend.id_rows(1),
            backend.in_text_list("s.visibility", 6)
        ),
        None => backend.id_rows(1),
    };
    let profiles = match shape.follows {
        Some(true) => format!(
            "{} UNION SELECT target_id FROM follows WHERE user_id = $5 AND target_kind = 'user'",
            backend.id_rows(2)
        ),
        _ => backend.id_rows(2),
    };
    // The page's posts come from at most `limit` containers: those whose newest post is newest
    // (if another had a post on the page, `limit` containers would each have a newer one). One
    // index seek per container finds them; then each yields at most `limit` ids. A reader in
    // hundreds of spaces reads hundreds of seeks and `limit`² ids, not hundreds × `limit`.
    let branch = |containers: &str, column: &str| {
        // Containers without posts sort last (SQLite's NULLs are least) and then yield nothing.
        let top = format!(
            "SELECT c.id FROM ({containers}) c ORDER BY (SELECT id FROM posts WHERE {column} = c.id \
             AND deleted_at IS NULL AND id < $3 ORDER BY id DESC LIMIT 1) DESC{} LIMIT $4",
            backend.desc_nulls_last()
        );
        backend.newest_per_container(&top, column)
    };
    // Posts naming the viewer: one more slice, from the (user, post) key of the mentions.
    let mentions = if shape.mentions {
        " UNION SELECT post_id FROM (SELECT post_id FROM post_mentions WHERE user_id = $5 AND post_id < $3 \
         ORDER BY post_id DESC LIMIT $4) m"
    } else {
        ""
    };
    format!(
        "SELECT id FROM ({} UNION ALL {}{mentions}) s ORDER BY id DESC LIMIT $4",
        branch(&spaces, "space_id"),
        branch(&profiles, "profile_id")
    )
}

/// The JSON fields of a stream item and the `FROM` that finds the posts `ids_sql` selects, with
/// `viewer` the number of the parameter holding the viewer. The text as written only with
/// `source`: a stream page shows the HTML, and the text is most of what the database would
/// otherwise turn into JSON and Plein parse back (a page's `body` stays empty).
pub(super) fn items_query(
    backend: crate::dialect::Backend,
    ids_sql: &str,
    viewer: usize,
    source: bool,
) -> (String, String) {
    let option = backend.object(&format!(
        "'id', o.id, 'label', o.label, 'votes', o.votes, 'mine', \
         EXISTS (SELECT 1 FROM poll_votes v WHERE v.post_id = o.post_id AND v.option_id = o.id \
         AND v.user_id = ${viewer})"
    ));
    let options = backend.nested_array(
        &option,
        &Nested { table: "poll_options", alias: "o", key: "post_id", outer: "p.id", order: "position", columns: "*" },
    );
    // Only the few columns it shows: the table holds the pictures themselves too.
    let images = backend.nested_array(
        &backend.object("'alt', i.alt, 'width', i.width, 'height', i.height"),
        &Nested {
            table: "post_images",
            alias: "i",
            key: "post_id",
            outer: "p.id",
            order: "position",
            columns: "alt, width, height",
        },
    );
    let body = if source { "'body', p.body, " } else { "" };
    let fields = format!(
        "'id', p.id, 'space_id', p.space_id, 'profile_id', p.profile_id, 'author_id', p.author_id, \
         {body}'body_html', p.body_html, 'created_at', p.created_at, 'edited_at', p.edited_at, \
         'deleted_at', p.deleted_at, 'pinned_at', p.pinned_at, 'hidden_at', p.hidden_at, 'hidden_reason', p.hidden_reason, 'comment_count', p.comment_count, \
         'like_count', p.like_count, 'author_name', a.display_name, 'author_kind', a.kind, \
         'author_status', a.status, \
         'author_photo_at', a.photo_at, \
         'space_name', s.name, 'space_visibility', s.visibility, \
         'space_archived_at', s.archived_at, 'space_allows_guests', s.allows_guests, \
         'space_admins_post', s.admins_post, 'profile_name', o.display_name, \
         'liked', EXISTS (SELECT 1 FROM likes l WHERE l.target_kind = 'post' AND l.target_id = p.id \
                          AND l.user_id = ${viewer}), \
         'poll_question', pl.question, 'poll_multiple', pl.multiple, 'poll_closes_at', pl.closes_at, \
         'poll_options', CASE WHEN pl.post_id IS NULL THEN NULL ELSE {options} END, \
         'images', CASE WHEN p.picture_count > 0 THEN {images} END"
    );
    let from = format!(
        "FROM posts p JOIN users a ON a.id = p.author_id \
         LEFT JOIN spaces s ON s.id = p.space_id LEFT JOIN users o ON o.id = p.profile_id \
         LEFT JOIN polls pl ON pl.post_id = p.id \
         WHERE p.id IN ({ids_sql})"
    );
    (fields, from)
}
