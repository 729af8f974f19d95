//! What stream pages show: posts, comments, polls, a page of a stream and the composer, as the
//! templates of home, spaces, people and the post page read them.

use plein_app::stream::{Abilities, Author, CommentView, MAX_IMAGES, Place, PostView, StreamPage};
use serde::Deserialize;

use crate::faces::{Face, FaceSize};
use crate::flash::{self, Fault};
use crate::render::Shell;

/// A post as a stream or its own page shows it.
pub struct PostItem {
    /// Its id.
    pub id: i64,
    /// The author's profile.
    pub author_id: i64,
    /// The author's name.
    pub author: String,
    /// The author's face.
    pub face: Face,
    /// Labels next to the name (external, former colleague).
    pub author_tags: Vec<String>,
    /// Where it lives ("in Team X", "on Y's profile").
    pub place: String,
    /// The container's page.
    pub place_href: String,
    /// How long ago it was written.
    pub when: String,
    /// Its exact time, for the `<time>` element.
    pub datetime: String,
    /// Its exact time in words and local time, for readers.
    pub exact: String,
    /// Whether it was edited.
    pub edited: bool,
    /// Whether it is pinned.
    pub pinned: bool,
    /// The sanitized text.
    pub body_html: String,
    /// "3 likes".
    pub likes: String,
    /// How many like it.
    pub like_count: i32,
    /// "2 comments".
    pub comments: String,
    /// Whether the reader likes it.
    pub liked: bool,
    /// What the reader may do.
    pub can: Abilities,
    /// Its poll.
    pub poll: Option<PollItem>,
    /// Why a moderator hid it (its author and the moderators still see it).
    pub hidden_reason: Option<String>,
    /// Its pictures: (number from 1, text alternative, thumbnail width, height).
    pub images: Vec<(usize, String, i32, i32)>,
}

/// A poll for a template.
pub struct PollItem {
    /// The question (empty: the post's text asks it).
    pub question: String,
    /// Several options may be chosen.
    pub multiple: bool,
    /// The reader may (still) vote.
    pub can_vote: bool,
    /// The reader voted.
    pub voted: bool,
    /// The counts are shown (after voting, when closed, or to its author).
    pub show_results: bool,
    /// "Closes in 3 days", "Closed".
    pub status: Option<String>,
    /// "12 votes".
    pub total: String,
    /// (id, label, votes, percent, chosen by the reader).
    pub options: Vec<(i64, String, i64, i64, bool)>,
}

fn poll_item(shell: &Shell, v: &PostView, author: bool) -> Option<PollItem> {
    let poll = v.poll.as_ref()?;
    let status = if poll.closed {
        Some(shell.t("poll-closed"))
    } else {
        poll.closes_at.map(|at| shell.t_with("poll-closes-on", "when", &shell.exact_time(at)))
    };
    Some(PollItem {
        question: poll.question.clone(),
        multiple: poll.multiple,
        can_vote: v.can.react && !poll.closed,
        voted: poll.voted,
        // Results after voting or closing; its author sees them once there are votes (never empty bars
        // beside the vote form).
        show_results: poll.voted || poll.closed || (author && poll.total > 0),
        status,
        total: shell.t_num("poll-votes", "count", poll.total),
        options: poll
            .options
            .iter()
            .zip(poll.percents())
            .map(|(o, percent)| (o.id, o.label.clone(), o.votes, percent, o.mine))
            .collect(),
    })
}

/// An author's face; a former colleague's photo is no longer shown.
pub(crate) fn face(a: &Author, size: FaceSize) -> Face {
    Face::new(a.id, &a.name, a.photo.filter(|_| !a.former), size)
}

pub(crate) fn author_tags(shell: &Shell, a: &Author) -> Vec<String> {
    let mut tags = Vec::new();
    if a.external {
        tags.push(shell.t("space-external"));
    }
    if a.former {
        tags.push(shell.t("space-former"));
    }
    tags
}

/// A post for a template.
pub fn post_item(shell: &Shell, v: PostView, reader: i64) -> PostItem {
    let (place, place_href) = match &v.place {
        Place::Space { id, name } => (shell.t_with("post-in-space", "space", name), format!("/teams/{id}")),
        Place::Profile { id, name } => (shell.t_with("post-on-profile", "name", name), format!("/mensen/{id}")),
    };
    let poll = poll_item(shell, &v, v.author.id == reader);
    PostItem {
        poll,
        images: v.images.iter().enumerate().map(|(i, p)| (i + 1, p.alt.clone(), p.width, p.height)).collect(),
        hidden_reason: v.post.hidden_at.map(|_| v.post.hidden_reason.clone().unwrap_or_default()),
        id: v.post.id,
        author_id: v.author.id,
        author_tags: author_tags(shell, &v.author),
        face: face(&v.author, FaceSize::Medium),
        author: v.author.name,
        place,
        place_href,
        when: shell.time_ago(v.post.created_at),
        datetime: v.post.created_at.to_rfc3339(),
        exact: shell.exact_time(v.post.created_at),
        edited: v.post.edited_at.is_some(),
        pinned: v.post.pinned_at.is_some(),
        body_html: v.post.body_html,
        likes: shell.t_num("post-likes", "count", i64::from(v.post.like_count)),
        like_count: v.post.like_count,
        comments: shell.t_num("post-comments", "count", i64::from(v.post.comment_count)),
        liked: v.liked,
        can: v.can,
    }
}

/// A page of a stream for a template: its posts and the "more" link.
pub struct StreamList {
    /// The posts.
    pub items: Vec<PostItem>,
    /// The next page's address.
    pub more: Option<String>,
    /// Where forms return to.
    pub back: String,
}

impl StreamList {
    /// A stream page shown at `path` (which has no query of its own).
    pub fn new(shell: &Shell, page: StreamPage, path: &str, before: Option<i64>, reader: i64) -> StreamList {
        StreamList {
            items: page.items.into_iter().map(|v| post_item(shell, v, reader)).collect(),
            more: page.next.map(|id| format!("{path}?voor={id}#berichten")),
            back: match before {
                Some(b) => format!("{path}?voor={b}"),
                None => path.to_owned(),
            },
        }
    }
}

/// The form to write a post.
pub struct Composer {
    /// `space:{id}` or `profile`.
    pub place: String,
    /// Where to return.
    pub back: String,
    /// The text field's label.
    pub label: String,
    /// Why the last post was refused.
    pub error: Option<String>,
    /// Why the last poll was refused.
    pub poll_error: Option<String>,
    /// Why the last pictures were refused.
    pub image_error: Option<(String, Option<usize>)>,
    /// "At most 4 pictures …".
    pub image_hint: String,
    /// The picture slots: (number from 1, its legend, whether the refusal is about it).
    pub image_slots: Vec<(usize, String, bool)>,
    /// Where the post may go, when the writer chooses (`place` value, label); empty: only `place`.
    pub places: Vec<(String, String)>,
}

impl Composer {
    /// A form for `place`, labelled with the message `label_key`; `fault` is the page's `fout`.
    pub fn new(shell: &Shell, place: String, back: &str, label: String, fault: Option<Fault>) -> Composer {
        let about = |field: &str| fault.as_ref().filter(|f| f.field == field);
        let error = about("body").map(|f| shell.problem(f.code));
        let poll_error = about("poll").map(|f| shell.problem(f.code));
        // About the picture in slot `item + 1`, or about the pictures together.
        let image_error = about("images").map(|f| {
            let message = shell.problem(f.code);
            match f.item.map(|i| i + 1).filter(|n| (1..=MAX_IMAGES).contains(n)) {
                Some(n) => (format!("{}: {message}", shell.t_num("image-number", "n", n as i64)), Some(n)),
                None => (message, None),
            }
        });
        let refused = image_error.as_ref().and_then(|(_, slot)| *slot);
        let image_slots =
            (1..=MAX_IMAGES).map(|n| (n, shell.t_num("image-number", "n", n as i64), refused == Some(n))).collect();
        let image_hint = shell.t_num("image-hint", "count", MAX_IMAGES as i64);
        let back = back.to_owned();
        Composer { place, back, label, error, poll_error, image_error, image_hint, image_slots, places: Vec::new() }
    }

    /// Lets the writer choose where the post goes: their profile (when they may post there) and
    /// the spaces given, in that order, as `(id, name)`.
    pub fn with_places(mut self, shell: &Shell, profile: bool, spaces: Vec<(i64, String)>) -> Composer {
        if profile {
            self.places.push(("profile".into(), shell.t("post-place-profile")));
        }
        self.places.extend(spaces.into_iter().map(|(id, name)| (format!("space:{id}"), name)));
        if let Some((first, _)) = self.places.first() {
            self.place = first.clone();
        }
        self
    }

    /// Whether a refusal is the composer's to show (the text, the poll, the pictures).
    pub fn shows(fault: &Fault) -> bool {
        matches!(fault.field.as_str(), "body" | "poll" | "images")
    }
}

/// `?voor=` on a stream page: start below this post.
#[derive(Deserialize, Default)]
pub struct StreamQuery {
    /// The post to continue below.
    pub voor: Option<i64>,
    /// A refused post.
    #[serde(default, deserialize_with = "flash::fault")]
    pub fout: Option<Fault>,
}

/// A thread of comments for a template: where its form posts, whether the reader may comment,
/// and what the `@` suggestions are for (`post:7`), when it offers them.
pub struct CommentThread {
    pub(crate) action: String,
    /// The id of the counts beside the thread, replaced with the list after a comment.
    pub(crate) counts: String,
    pub(crate) can_react: bool,
    pub(crate) mentions: Option<String>,
}

/// A comment for a template.
pub struct CommentItem {
    pub(crate) id: i64,
    pub(crate) author_id: i64,
    pub(crate) author: String,
    pub(crate) face: Face,
    pub(crate) author_tags: Vec<String>,
    pub(crate) when: String,
    pub(crate) datetime: String,
    pub(crate) exact: String,
    pub(crate) body_html: String,
    pub(crate) likes: String,
    pub(crate) like_count: i32,
    pub(crate) liked: bool,
    pub(crate) can_react: bool,
    pub(crate) can_delete: bool,
    pub(crate) can_report: bool,
    pub(crate) hidden_reason: Option<String>,
    pub(crate) replies: Vec<CommentItem>,
    pub(crate) withheld: bool,
}

pub(crate) fn comment_item(shell: &Shell, c: CommentView) -> CommentItem {
    CommentItem {
        id: c.comment.id,
        author_id: c.author.id,
        author_tags: author_tags(shell, &c.author),
        face: face(&c.author, FaceSize::Small),
        author: c.author.name,
        when: shell.time_ago(c.comment.created_at),
        datetime: c.comment.created_at.to_rfc3339(),
        exact: shell.exact_time(c.comment.created_at),
        body_html: c.comment.body_html,
        likes: shell.t_num("post-likes", "count", i64::from(c.comment.like_count)),
        like_count: c.comment.like_count,
        liked: c.liked,
        can_react: c.can_react,
        can_delete: c.can_delete,
        can_report: c.can_report,
        hidden_reason: c.comment.hidden_at.map(|_| c.comment.hidden_reason.clone().unwrap_or_default()),
        replies: c.replies.into_iter().map(|r| comment_item(shell, r)).collect(),
        withheld: c.withheld,
    }
}
