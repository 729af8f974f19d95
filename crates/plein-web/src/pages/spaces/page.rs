//! `GET /teams/{id}`: a space's page, with its stream, its members and what the reader may do there.

use super::*;

/// A member as the space page lists them.
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

/// A request as the space page lists it.
pub struct RequestItem {
    user_id: i64,
    title: String,
    message: String,
}

#[derive(Template)]
#[template(path = "spaces/show.html")]
struct ShowPage {
    shell: Shell,
    id: i64,
    name: String,
    colour: String,
    image: Option<i64>,
    description: String,
    tags: Vec<String>,
    archived: bool,
    problem: Option<String>,
    /// What the reader may do here.
    can: SpaceAbilities,
    requested: bool,
    is_member: bool,
    members: Vec<MemberItem>,
    requests: Vec<RequestItem>,
    composer: Option<Composer>,
    pinned: Vec<PostItem>,
    stream: Option<StreamList>,
    follows: Option<bool>,
    /// How much the reader hears of this space (`all`, `normal`, `mute`), when they may read it.
    notify: Option<&'static str>,
    path: String,
}

/// Messages after an action on the space page, and where its stream continues.
#[derive(Deserialize)]
pub struct ShowQuery {
    #[serde(default, deserialize_with = "flash::notice")]
    ok: Option<Notice>,
    #[serde(default, deserialize_with = "flash::fault")]
    fout: Option<Fault>,
    voor: Option<i64>,
}

/// `GET /teams/{id}`: a space as the reader may see it; 404 for a secret space one is not in.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    let view = state.app.spaces().read_space(&actor, id).await?;
    let shell = Shell::new(&state, &ctx, "spaces").for_actor(&actor);
    let mut tags = space_tags(&shell, &view.space);
    if let Some(role) = view.role {
        tags.push(shell.t_with("space-your-role", "role", &role_label(&shell, role)));
    }
    let notice = q.ok.map(|n| shell.notice(n));
    // Refusals of the composer show beside it; the others (members, invitations) at the top.
    let (composer_fault, problem) = match q.fout {
        Some(f) if Composer::shows(&f) => (Some(f), None),
        Some(f) => (None, Some(shell.problem(f.code))),
        None => (None, None),
    };
    let can = view.can;
    let ids: Vec<i64> = view.members.iter().map(|m| m.member.user_id).collect();
    let photos = state.app.people().list_photo_versions(&actor, &ids).await?;
    let members = view
        .members
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
    let composer = can.post.then(|| {
        let label = shell.t_with("post-in-space-label", "space", &view.space.name);
        Composer::new(&shell, format!("space:{id}"), &path, label, composer_fault)
    });
    let page_data = ShowPage {
        path: path.clone(),
        composer,
        pinned,
        stream,
        follows,
        notify,
        id,
        name: view.space.name.clone(),
        colour: view.space.colour.clone(),
        image: view.image_version,
        description: view.space.description.clone(),
        archived: view.space.archived_at.is_some(),
        tags,
        problem,
        can,
        requested: view.requested,
        is_member: view.role.is_some(),
        members,
        requests,
        shell: shell.with_notice(notice),
    };
    Ok(page(StatusCode::OK, &page_data))
}
