//! A space's page in three sections: its posts (`GET /teams/{id}`), its members
//! (`GET /teams/{id}/leden`, with search and pages, and where owners add colleagues and invite
//! guests) and what it is about (`GET /teams/{id}/over`). Each shows what the reader may do there.

use super::*;

/// Members on one page of the members section.
const MEMBERS_PER_PAGE: usize = 50;

/// What every section of a space's page shows at its top.
pub struct SpaceHead {
    id: i64,
    name: String,
    colour: String,
    image: Option<i64>,
    tags: Vec<String>,
    archived: bool,
    /// Which section this is: `posts`, `members` or `about`.
    section: &'static str,
    /// "12 members".
    member_count: String,
    /// Open requests to join, for those who decide on them.
    requests: usize,
    /// A refusal to show at the top.
    problem: Option<String>,
}

/// A member as the members section lists them.
pub struct MemberItem {
    user_id: i64,
    face: crate::faces::Face,
    name: String,
    tags: Vec<String>,
    /// The roles the reader may give this member (empty: the reader cannot change them).
    roles: Vec<Choice>,
    /// Whether the reader may remove this member.
    removable: bool,
    /// A guest whose access the reader may extend.
    renewable: Option<i64>,
}

/// A request as the members section lists it.
pub struct RequestItem {
    user_id: i64,
    title: String,
    message: String,
}

#[derive(Template)]
#[template(path = "spaces/show.html")]
struct ShowPage {
    shell: Shell,
    head: SpaceHead,
    /// What the reader may do here.
    can: SpaceAbilities,
    requested: bool,
    composer: Option<Composer>,
    pinned: Vec<PostItem>,
    /// The space's newest news (its first page).
    news: Vec<crate::pages::news::views::NewsCard>,
    stream: Option<StreamList>,
    follows: Option<bool>,
    /// How much the reader hears of this space (`all`, `normal`, `mute`), when they may read it.
    notify: Option<&'static str>,
    path: String,
}

#[derive(Template)]
#[template(path = "spaces/members.html")]
struct MembersPage {
    shell: Shell,
    head: SpaceHead,
    can: SpaceAbilities,
    requests: Vec<RequestItem>,
    members: Vec<MemberItem>,
    /// The name searched for.
    search: String,
    /// "3 of 12 members" when searching.
    found: Option<String>,
    previous: Option<String>,
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "spaces/about.html")]
struct AboutPage {
    shell: Shell,
    head: SpaceHead,
    can: SpaceAbilities,
    description: String,
    /// (label, value) pairs: kind, visibility, owners, created.
    facts: Vec<(String, String)>,
    is_member: bool,
}

/// Messages after an action on the space page, and where its stream continues.
#[derive(Deserialize)]
pub struct ShowQuery {
    #[serde(default, deserialize_with = "flash::fault")]
    fout: Option<Fault>,
    voor: Option<i64>,
}

/// The members section's search and page.
#[derive(Deserialize)]
pub struct MembersQuery {
    #[serde(default, deserialize_with = "flash::fault")]
    fout: Option<Fault>,
    #[serde(default)]
    zoek: String,
    pagina: Option<usize>,
}

fn space_head(shell: &Shell, view: &SpaceView, section: &'static str, problem: Option<String>) -> SpaceHead {
    let mut tags = space_tags(shell, &view.space);
    if let Some(role) = view.role {
        tags.push(shell.t_with("space-your-role", "role", &role_label(shell, role)));
    }
    SpaceHead {
        id: view.space.id,
        name: view.space.name.clone(),
        colour: view.space.colour.clone(),
        image: view.image_version,
        tags,
        archived: view.space.archived_at.is_some(),
        section,
        member_count: shell.t_num("space-members-count", "count", view.members.len() as i64),
        requests: view.requests.len(),
        problem,
    }
}

/// `GET /teams/{id}`: a space's posts as the reader may see them; 404 for a secret space one is not in.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    let view = state.app.spaces().read_space(&actor, id).await?;
    let shell = Shell::new(&state, &ctx, "spaces").for_actor(&actor);
    // Refusals of the composer show beside it; the others at the top.
    let (composer_fault, problem) = match q.fout {
        Some(f) if Composer::shows(&f) => (Some(f), None),
        Some(f) => (None, Some(shell.problem(f.code))),
        None => (None, None),
    };
    let can = view.can;
    let path = format!("/teams/{id}");
    let notify = view.notify.map(NotifyLevel::as_str);
    let (stream, pinned, follows) = if can.read {
        let page = state.app.stream().read_space_stream_in(&actor, &view.space, q.voor).await?;
        let pinned = if q.voor.is_none() {
            state.app.stream().list_pinned_posts(&actor, &view.space, &view.pinned).await?
        } else {
            Vec::new()
        };
        let pinned = pinned.into_iter().map(|v| post_item(&shell, v, actor.id)).collect();
        let follows = view.role.is_none().then_some(view.follows);
        (Some(StreamList::new(&shell, page, &path, q.voor, actor.id)), pinned, follows)
    } else {
        (None, Vec::new(), None)
    };
    let news = if can.read && q.voor.is_none() {
        let items = state.app.news().list_space_news(&actor, id).await?;
        items.into_iter().map(|n| crate::pages::news::views::card(&shell, n)).collect()
    } else {
        Vec::new()
    };
    let composer = can.post.then(|| {
        let label = shell.t_with("post-in-space-label", "space", &view.space.name);
        Composer::new(&shell, format!("space:{id}"), &path, label, composer_fault)
    });
    let head = space_head(&shell, &view, "posts", problem);
    let page_data =
        ShowPage { head, path, composer, pinned, news, stream, follows, notify, can, requested: view.requested, shell };
    Ok(page(StatusCode::OK, &page_data))
}

/// `GET /teams/{id}/leden`: a space's members, searchable by name, a page at a time; for those
/// who manage them, their roles, the requests to join, and the forms to add colleagues and invite
/// guests.
pub async fn members(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Query(q): Query<MembersQuery>,
) -> Result<Response, AppError> {
    let view = state.app.spaces().read_space(&actor, id).await?;
    let shell = Shell::new(&state, &ctx, "spaces").for_actor(&actor);
    let problem = q.fout.map(|f| shell.problem(f.code));
    let head = space_head(&shell, &view, "members", problem);
    let can = view.can;
    let search = q.zoek.trim().to_owned();
    let needle = search.to_lowercase();
    let all = view.members.len();
    let matching: Vec<MemberView> =
        view.members.into_iter().filter(|m| m.member.display_name.to_lowercase().contains(&needle)).collect();
    let found = (!search.is_empty()).then(|| {
        let count = matching.len() as i64;
        shell.t_with_args("space-members-found", &[("count", count.into()), ("all", (all as i64).into())])
    });
    let pages = matching.len().div_ceil(MEMBERS_PER_PAGE).max(1);
    let current = q.pagina.unwrap_or(1).clamp(1, pages);
    let link = |n: usize| {
        let zoek = if search.is_empty() {
            String::new()
        } else {
            format!("zoek={}&", percent_encoding::utf8_percent_encode(&search, percent_encoding::NON_ALPHANUMERIC))
        };
        format!("/teams/{id}/leden?{zoek}pagina={n}#leden")
    };
    let previous = (current > 1).then(|| link(current - 1));
    let next = (current < pages).then(|| link(current + 1));
    let shown: Vec<MemberView> =
        matching.into_iter().skip((current - 1) * MEMBERS_PER_PAGE).take(MEMBERS_PER_PAGE).collect();
    let ids: Vec<i64> = shown.iter().map(|m| m.member.user_id).collect();
    let photos = state.app.people().list_photo_versions(&actor, &ids).await?;
    let members = shown
        .into_iter()
        .map(|MemberView { member: m, roles, removable, renewable }| {
            let mut tags = vec![role_label(&shell, m.role)];
            if m.kind == UserKind::Guest {
                tags.push(shell.t("space-external"));
                if let Some(until) = m.guest_expires_at.filter(|_| can.manage_members) {
                    let date = plein_app::guests::format_date(shell.locale(), until);
                    tags.push(shell.t_with("space-guest-until", "date", &date));
                }
            }
            if m.status != UserStatus::Active {
                tags.push(shell.t("space-former"));
            }
            let roles = roles
                .into_iter()
                .map(|r| choice(&shell, r.as_str(), &format!("space-role-{r}"), r == m.role))
                .collect();
            let renewable = renewable.then_some(m.user_id);
            let photo = photos.get(&m.user_id).copied().filter(|_| m.status == UserStatus::Active);
            let face = crate::faces::Face::new(m.user_id, &m.display_name, photo, crate::faces::FaceSize::Small);
            MemberItem { user_id: m.user_id, face, name: m.display_name, tags, renewable, roles, removable }
        })
        .collect();
    let requests = view
        .requests
        .into_iter()
        .map(|r| RequestItem {
            user_id: r.user_id,
            title: shell.t_with("space-request-from", "name", &r.display_name),
            message: r.message,
        })
        .collect();
    let page_data = MembersPage { shell, head, can, requests, members, search, found, previous, next };
    Ok(page(StatusCode::OK, &page_data))
}

/// `GET /teams/{id}/over`: what a space is for, its kind, visibility and owners, and (for those
/// who may) its settings, archiving and leaving.
pub async fn about(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let view = state.app.spaces().read_space(&actor, id).await?;
    let shell = Shell::new(&state, &ctx, "spaces").for_actor(&actor);
    let head = space_head(&shell, &view, "about", None);
    let owners: Vec<String> = view
        .members
        .iter()
        .filter(|m| m.member.role == SpaceRole::Owner)
        .map(|m| m.member.display_name.clone())
        .collect();
    let mut facts = vec![
        (shell.t("space-about-kind"), shell.t(&kind_key(view.space.kind))),
        (shell.t("space-about-visibility"), shell.t(&format!("space-visibility-{}-help", view.space.visibility))),
    ];
    if !owners.is_empty() {
        facts.push((shell.t("space-about-owners"), owners.join(", ")));
    }
    facts.push((shell.t("space-about-created"), plein_app::guests::format_date(shell.locale(), view.space.created_at)));
    let page_data = AboutPage {
        description: view.space.description.clone(),
        is_member: view.role.is_some(),
        can: view.can,
        facts,
        head,
        shell,
    };
    Ok(page(StatusCode::OK, &page_data))
}
