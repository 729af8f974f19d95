//! The social stream: posts in spaces and on profiles, comments, likes and follows, and the
//! streams that show them. Every item passes the policy: a stream only reads containers the
//! reader may read, and every single post is authorized again before it is shown or touched.

use std::collections::{BTreeSet, HashMap};

use plein_core::account::FieldError;
use plein_core::policy::{Action, Actor, Container, PersonFacts, PostFacts, SpaceVisibility, Target, authorize};
use plein_core::{UserKind, UserStatus};
use plein_store::now;
use plein_store::spaces::SpaceRow;
use plein_store::stream::{
    CommentRow, FollowSources, FollowTarget, InsertComment, InsertPost, LikeTarget, PictureInfo, PostPlace, PostRow,
    StreamItem, StreamSources,
};

use crate::confirm::{Confirmation, Outcome};
use crate::error::{Code, Error, Problem, Result, check};
use crate::notifications::LiveEvent;
use crate::spaces::facts;
use crate::{App, markdown};

mod comments;
pub(crate) use comments::Thread;
mod publishing;
mod reactions;
mod reading;

crate::capability!(
    /// The social stream: reading streams and posts, publishing, comments, likes and follows.
    Stream,
    stream
);

/// Posts on one page of a stream.
pub const PAGE_SIZE: u64 = 20;
/// The longest post.
pub const MAX_POST: usize = 10_000;
/// The longest comment.
pub const MAX_COMMENT: usize = 5_000;

/// Someone as a post or comment shows them.
#[derive(Clone, Debug)]
pub struct Author {
    /// Their id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// An external guest.
    pub external: bool,
    /// No longer with the organisation.
    pub former: bool,
    /// The version of their profile photo, if they have one.
    pub photo: Option<i64>,
}

/// Where a post lives, as its header shows it.
#[derive(Clone, Debug)]
pub enum Place {
    /// In a space.
    Space {
        /// The space's id.
        id: i64,
        /// Its name.
        name: String,
    },
    /// On someone's profile.
    Profile {
        /// The person's id.
        id: i64,
        /// Their name.
        name: String,
    },
}

/// What the reader may do with a post.
#[derive(Clone, Copy, Debug, Default)]
pub struct Abilities {
    /// Comment and like.
    pub react: bool,
    /// Change the text.
    pub edit: bool,
    /// Remove it.
    pub delete: bool,
    /// Pin or unpin it.
    pub pin: bool,
    /// Report it to its moderators.
    pub report: bool,
    /// Hide or remove it as a moderator.
    pub moderate: bool,
}

/// A poll as one reader sees it.
#[derive(Clone, Debug)]
pub struct PollView {
    /// The question (empty: the post's text asks it).
    pub question: String,
    /// Whether several options may be chosen.
    pub multiple: bool,
    /// When voting ends.
    pub closes_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Whether voting has ended.
    pub closed: bool,
    /// The options with their counts and the reader's choices.
    pub options: Vec<plein_store::social::PollOption>,
    /// All votes cast.
    pub total: i64,
    /// Whether the reader voted.
    pub voted: bool,
}

impl PollView {
    /// Each option's share of the votes in whole percents, in the options' order, adding up to
    /// 100 (the largest remainders get the percents that rounding down leaves over); all 0 before
    /// the first vote.
    pub fn percents(&self) -> Vec<i64> {
        let votes: Vec<i64> = self.options.iter().map(|o| o.votes.max(0)).collect();
        let total: i64 = votes.iter().sum();
        if total == 0 {
            return vec![0; votes.len()];
        }
        let mut shares: Vec<i64> = votes.iter().map(|v| v * 100 / total).collect();
        let mut by_remainder: Vec<usize> = (0..votes.len()).collect();
        // Largest remainder first; on a tie, the earlier option.
        by_remainder.sort_by_key(|&i| (std::cmp::Reverse(votes[i] * 100 % total), i));
        let left = 100 - shares.iter().sum::<i64>();
        for &i in by_remainder.iter().take(usize::try_from(left).unwrap_or(0)) {
            shares[i] += 1;
        }
        shares
    }
}

/// A poll as the composer gives it.
#[derive(Clone, Debug, Default)]
pub struct PollInput {
    /// The question, if it is not the post's text (may be empty).
    pub question: String,
    /// The options, one per line as typed.
    pub options: Vec<String>,
    /// Whether several may be chosen.
    pub multiple: bool,
    /// When voting ends, if ever.
    pub closes_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A new post as the composer gives it.
#[derive(Clone, Debug)]
pub struct NewPost {
    /// Where it goes.
    pub place: PostPlace,
    /// The text (Markdown).
    pub body: String,
    /// A poll, if any.
    pub poll: Option<PollInput>,
    /// Its pictures (each upload with its text alternative), at most [`MAX_IMAGES`].
    pub images: Vec<(Vec<u8>, String)>,
}

/// The longest text alternative of a picture.
pub const MAX_ALT: usize = 300;
/// The most pictures one post carries.
pub const MAX_IMAGES: usize = 4;

/// Checks each picture's text alternative, then turns the uploads into pictures and thumbnails;
/// an error names the picture (0 first) it is about.
async fn pictures(uploads: Vec<(Vec<u8>, String)>) -> Result<Vec<(crate::images::PostImage, String)>> {
    if uploads.len() > MAX_IMAGES {
        return Err(Error::Invalid(Problem::at("images", MAX_IMAGES, Code::ImageTooMany)));
    }
    let mut checked = Vec::with_capacity(uploads.len());
    for (i, (upload, alt)) in uploads.into_iter().enumerate() {
        let Ok(alt) = plein_core::text::long(alt.trim()) else {
            return Err(Error::Invalid(Problem::at("images", i, Code::ImageAlt)));
        };
        if alt.is_empty() || alt.chars().count() > MAX_ALT {
            return Err(Error::Invalid(Problem::at("images", i, Code::ImageAlt)));
        }
        checked.push((upload, alt));
    }
    let mut out = Vec::with_capacity(checked.len());
    for (i, (upload, alt)) in checked.into_iter().enumerate() {
        let processed = crate::images::process_post_image(upload).await.map_err(|e| e.at_item("images", i))?;
        out.push((processed, alt));
    }
    Ok(out)
}

/// The longest poll option.
pub const MAX_POLL_OPTION: usize = 200;

/// The longest poll question.
pub const MAX_POLL_QUESTION: usize = 300;

pub(crate) fn poll(input: PollInput) -> Result<plein_store::social::NewPoll> {
    let options: Vec<String> = input.options.iter().map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()).collect();
    let distinct: BTreeSet<String> = options.iter().map(|o| o.to_lowercase()).collect();
    if !(2..=10).contains(&options.len())
        || distinct.len() != options.len()
        || options.iter().any(|o| o.chars().count() > MAX_POLL_OPTION || plein_core::text::line(o).is_err())
    {
        return Err(Error::invalid("poll", Code::PollOptions));
    }
    if input.closes_at.is_some_and(|at| at <= now()) {
        return Err(Error::invalid("poll", Code::PollCloses));
    }
    let question = input.question.trim().to_owned();
    if question.chars().count() > MAX_POLL_QUESTION || plein_core::text::line(&question).is_err() {
        return Err(Error::invalid("poll", Code::PollQuestion));
    }
    Ok(plein_store::social::NewPoll { question, multiple: input.multiple, closes_at: input.closes_at, options })
}

/// A post as one reader sees it.
#[derive(Clone, Debug)]
pub struct PostView {
    /// The stored post.
    pub post: PostRow,
    /// Who wrote it.
    pub author: Author,
    /// Where it lives.
    pub place: Place,
    /// Whether the reader likes it.
    pub liked: bool,
    /// What the reader may do.
    pub can: Abilities,
    /// Its poll.
    pub poll: Option<PollView>,
    /// What the policy knows of it.
    pub facts: PostFacts,
    /// Its pictures, in their order.
    pub images: Vec<PictureInfo>,
}

/// A comment as one reader sees it.
#[derive(Clone, Debug)]
pub struct CommentView {
    /// The stored comment.
    pub comment: CommentRow,
    /// Who wrote it.
    pub author: Author,
    /// Whether the reader likes it.
    pub liked: bool,
    /// Whether the reader may like it.
    pub can_react: bool,
    /// Whether the reader may remove it.
    pub can_delete: bool,
    /// Whether the reader may report it.
    pub can_report: bool,
    /// Replies (one level deep).
    pub replies: Vec<CommentView>,
    /// A comment the reader may not read (a moderator hid it) that opens a thread they may:
    /// it stands in its place, without its text or author, so the replies keep their context.
    pub withheld: bool,
}

/// One page of a stream.
#[derive(Clone, Debug, Default)]
pub struct StreamPage {
    /// The posts, newest first.
    pub items: Vec<PostView>,
    /// Where the next page starts, when there is one.
    pub next: Option<i64>,
}

/// The home page's content: a page of the home stream and the reader's spaces.
#[derive(Clone, Debug)]
pub struct Home {
    /// The stream page.
    pub stream: StreamPage,
    /// The reader's spaces, most used first.
    pub spaces: Vec<crate::spaces::MySpace>,
    /// The news on top (of the first page).
    pub news: crate::news::HomeNews,
}

/// A comment as the policy sees it: content by its own author in its post's container, removed
/// or hidden when it or its post is. Reading, liking, removing, reporting and hiding a comment are
/// the policy's answers about these facts.
pub fn comment_facts(post: &PostFacts, c: &CommentRow) -> PostFacts {
    PostFacts {
        container: post.container,
        author: c.author_id,
        deleted: post.deleted || c.deleted_at.is_some(),
        hidden: post.hidden || c.hidden_at.is_some(),
    }
}

pub(crate) fn text(raw: &str, max: usize) -> Result<String> {
    let t = plein_core::text::long(raw.trim()).map_err(|e| Error::invalid("body", e))?;
    if t.is_empty() {
        return Err(Error::invalid("body", FieldError::Required));
    }
    if t.chars().count() > max {
        return Err(Error::invalid("body", FieldError::TooLong { max }));
    }
    Ok(t)
}

impl App {
    /// The facts the policy needs about a post, with its space when it has one.
    pub(crate) async fn post_facts(&self, post: &PostRow) -> Result<(PostFacts, Option<SpaceRow>)> {
        let (container, space) = match (post.space_id, post.profile_id) {
            (Some(id), _) => {
                let space = self.store.space_by_id(id).await?.ok_or(Error::NotFound)?;
                (Container::Space(facts(&space)), Some(space))
            }
            (None, Some(profile)) => (Container::Profile(profile), None),
            (None, None) => return Err(Error::NotFound),
        };
        Ok((
            PostFacts {
                container,
                author: post.author_id,
                deleted: post.deleted_at.is_some(),
                hidden: post.hidden_at.is_some(),
            },
            space,
        ))
    }

    /// What the policy needs to know of a post, if it exists.
    pub(crate) async fn post_facts_by_id(&self, id: i64) -> Result<Option<PostFacts>> {
        let Some(post) = self.store.post_by_id(id).await? else { return Ok(None) };
        Ok(Some(self.post_facts(&post).await?.0))
    }

    /// A post the actor may read, with its facts.
    pub(crate) async fn readable_post(&self, actor: &Actor, id: i64) -> Result<(PostRow, PostFacts)> {
        let post = self.store.post_by_id(id).await?.ok_or(Error::NotFound)?;
        let (f, _) = self.post_facts(&post).await?;
        check(authorize(Some(actor), Action::Read, Target::Post(&f)))?;
        Ok((post, f))
    }
}

#[cfg(test)]
mod tests {
    use plein_store::social::PollOption;

    use super::PollView;

    fn poll(votes: &[i64]) -> PollView {
        let options = votes
            .iter()
            .enumerate()
            .map(|(i, v)| PollOption { id: i as i64, label: format!("{i}"), votes: *v, mine: false })
            .collect();
        PollView {
            question: String::new(),
            multiple: false,
            closes_at: None,
            closed: false,
            options,
            total: votes.iter().sum(),
            voted: false,
        }
    }

    #[test]
    fn poll_shares_add_up_to_a_hundred() {
        assert_eq!(poll(&[1, 1, 1]).percents(), [34, 33, 33]);
        assert_eq!(poll(&[2, 1]).percents(), [67, 33]);
        assert_eq!(poll(&[1, 0, 2]).percents(), [33, 0, 67]);
        assert_eq!(poll(&[0, 0]).percents(), [0, 0]);
        assert_eq!(poll(&[7, 0, 0]).percents(), [100, 0, 0]);
        for votes in [[3, 3, 1], [1, 1, 5], [2, 2, 2], [10, 3, 4]] {
            assert_eq!(poll(&votes).percents().iter().sum::<i64>(), 100, "{votes:?}");
        }
    }
}
