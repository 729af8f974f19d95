//! What news pages show: an item as a card in a list or the home stream, and whole on its page.

use plein_app::news::{ChangedField, NewsPlace, NewsView, Words};
use plein_core::policy::NewsState;

use crate::faces::{Face, FaceSize};
use crate::render::Shell;

/// An item in a list: the archive, the home stream, a space page, the desk.
pub struct NewsCard {
    /// Its id.
    pub id: i64,
    /// Its page.
    pub href: String,
    /// Title.
    pub title: String,
    /// Lead.
    pub lead: String,
    /// Category (may be empty).
    pub category: String,
    /// "Voor iedereen", "Voor Afdeling X", "In Team Y".
    pub place: String,
    /// The publish date in words (readers never see the creation date); empty for drafts.
    pub date: String,
    /// The publish date for `<time datetime>`.
    pub datetime: String,
    /// The thumbnail and its description.
    pub picture: Option<(String, String)>,
    /// Badges: (text, kind: `confirm`, `overdue`, `confirmed`, `featured`, `state`).
    pub badges: Vec<(String, &'static str)>,
    /// The reader is asked to confirm it.
    pub to_confirm: bool,
    /// The reader may manage it (the desk shows the report link).
    pub manage: bool,
    /// It asks for confirmation.
    pub confirmation: bool,
}

/// An item whole, on its page.
pub struct NewsItemView {
    /// The card's facts.
    pub card: NewsCard,
    /// The body (sanitized HTML).
    pub body_html: String,
    /// The editor's name, and on whose behalf.
    pub byline: String,
    /// The editor's face.
    pub face: Face,
    /// "Gewijzigd op … : note", when the content changed after publishing.
    pub changed: Option<String>,
    /// The picture, large, with its description.
    pub picture: Option<(String, String)>,
    /// The confirmation block: what it says.
    pub confirm_text: Option<String>,
    /// The reader confirmed this version (when).
    pub confirmed: Option<String>,
    /// The reader may confirm now.
    pub can_confirm: bool,
    /// The reader may edit and see the report.
    pub manage: bool,
    /// The state in words, for editors (drafts, scheduled, ended, archived).
    pub state: Option<String>,
    /// Readers may comment and like.
    pub reactions: bool,
    /// The reader likes it.
    pub liked: bool,
    /// How many like it, and that in words.
    pub like_count: i64,
    /// "3 vind-ik-leuks".
    pub likes: String,
    /// "2 reacties".
    pub comments: String,
    /// What changed since the version before: (part, runs of `same`, `removed` or `added` words).
    pub changes: Vec<(String, Vec<(&'static str, String)>)>,
}

fn place(shell: &Shell, n: &NewsView) -> String {
    match &n.place {
        NewsPlace::Everyone => shell.t("news-for-everyone"),
        NewsPlace::Groups(groups) => {
            let names: Vec<&str> = groups.iter().map(|(_, name)| name.as_str()).collect();
            shell.t_with("news-for-groups", "groups", &names.join(", "))
        }
        NewsPlace::Space { name, .. } => shell.t_with("news-in-space", "space", name),
    }
}

/// An item as a card.
pub fn card(shell: &Shell, n: NewsView) -> NewsCard {
    let mut badges = Vec::new();
    if n.featured_until.is_some() {
        badges.push((shell.t("news-featured"), "featured"));
    }
    if n.state != NewsState::Published {
        badges.push((shell.t(&format!("news-state-{}", n.state.as_str())), "state"));
    }
    if n.overdue() {
        badges.push((shell.t("news-overdue"), "overdue"));
    } else if n.can.confirm {
        badges.push((shell.t("news-to-confirm"), "confirm"));
    } else if n.confirmed_at.is_some() {
        badges.push((shell.t("news-confirmed"), "confirmed"));
    }
    let (date, datetime) = match (n.state, n.publish_at) {
        (NewsState::Draft, _) | (_, None) => (String::new(), String::new()),
        (NewsState::Scheduled, Some(at)) => {
            (shell.t_with("news-scheduled-for", "time", &shell.exact_time(at)), at.to_rfc3339())
        }
        (_, Some(at)) => (plein_app::i18n::local_date(shell.locale(), at), at.to_rfc3339()),
    };
    NewsCard {
        id: n.id,
        href: format!("/nieuws/{}", n.id),
        place: place(shell, &n),
        picture: n
            .picture
            .as_ref()
            .map(|(_, _, alt)| (format!("/nieuws/{}/afbeelding?formaat=klein&v={}", n.id, n.version), alt.clone())),
        to_confirm: n.can.confirm,
        manage: n.can.manage,
        confirmation: n.confirmation,
        title: n.title,
        lead: n.lead,
        category: n.category,
        date,
        datetime,
        badges,
    }
}

/// An item whole.
pub fn item(shell: &Shell, n: NewsView) -> NewsItemView {
    let byline = if n.on_behalf_of.is_empty() {
        n.author.name.clone()
    } else {
        shell.t_with_args(
            "news-byline-on-behalf",
            &[("name", n.author.name.clone().into()), ("department", n.on_behalf_of.clone().into())],
        )
    };
    let face = Face::new(n.author.id, &n.author.name, n.author.photo, FaceSize::Small);
    let changed = n.changed_at.map(|at| {
        let when = shell.exact_time(at);
        if n.change_note.is_empty() {
            shell.t_with("news-changed", "time", &when)
        } else {
            shell.t_with_args("news-changed-note", &[("time", when.into()), ("note", n.change_note.clone().into())])
        }
    });
    let confirm_text = n.confirmation.then(|| match n.confirm_due {
        Some(due) => shell.t_with("news-confirm-due", "time", &shell.exact_time(due)),
        None => shell.t("news-confirm-asked"),
    });
    let confirmed = n.confirmed_at.map(|at| shell.t_with("news-confirmed-at", "time", &shell.exact_time(at)));
    let state =
        (n.can.manage && n.state != NewsState::Published).then(|| shell.t(&format!("news-state-{}", n.state.as_str())));
    let picture =
        n.picture.as_ref().map(|(_, _, alt)| (format!("/nieuws/{}/afbeelding?v={}", n.id, n.version), alt.clone()));
    let can_confirm = n.can.confirm;
    let manage = n.can.manage;
    let body_html = n.body_html.clone().unwrap_or_default();
    let (reactions, liked, like_count) = (n.reactions, n.liked, n.like_count);
    let likes = shell.t_num("post-likes", "count", n.like_count);
    let comments = shell.t_num("post-comments", "count", n.comment_count);
    let changes = n
        .changes
        .iter()
        .map(|c| {
            let part = match c.field {
                ChangedField::Title => "news-field-title",
                ChangedField::Lead => "news-field-lead",
                ChangedField::Body => "news-field-body",
            };
            let words = c
                .words
                .iter()
                .map(|w| match w {
                    Words::Same(t) => ("same", t.clone()),
                    Words::Removed(t) => ("removed", t.clone()),
                    Words::Added(t) => ("added", t.clone()),
                })
                .collect();
            (shell.t(part), words)
        })
        .collect();
    NewsItemView {
        card: card(shell, n),
        body_html,
        byline,
        face,
        changed,
        picture,
        confirm_text,
        confirmed,
        can_confirm,
        manage,
        state,
        reactions,
        liked,
        like_count,
        likes,
        comments,
        changes,
    }
}
