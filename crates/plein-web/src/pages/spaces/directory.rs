//! `GET /teams`: the directory of the spaces a reader may see, filtered by kind and by name.

use super::*;

/// A space in the directory.
pub struct SpaceCard {
    id: i64,
    name: String,
    colour: String,
    description: String,
    tags: Vec<String>,
    image: Option<i64>,
}

fn card(shell: &Shell, l: SpaceListing) -> SpaceCard {
    let mut tags = space_tags(shell, &l.space);
    tags.push(shell.t_num("space-members-count", "count", l.members));
    if let Some(role) = l.role {
        tags.push(shell.t_with("space-your-role", "role", &role_label(shell, role)));
    }
    let description: String = l.space.description.chars().take(240).collect();
    SpaceCard { id: l.space.id, name: l.space.name, colour: l.space.colour, description, tags, image: l.image_version }
}

#[derive(Template)]
#[template(path = "spaces/index.html")]
struct IndexPage {
    shell: Shell,
    can_create: bool,
    kinds: Vec<Choice>,
    shows: Vec<Choice>,
    count: String,
    spaces: Vec<SpaceCard>,
    pager: Pager,
    /// The name searched for.
    naam: String,
    /// The reader's own spaces, first on the directory's first page when nothing narrows it.
    mine: Vec<MySpace>,
}

/// The directory's filters.
#[derive(Deserialize)]
pub struct IndexQuery {
    soort: Option<String>,
    toon: Option<String>,
    na: Option<String>,
    na_id: Option<i64>,
    #[serde(default)]
    naam: String,
}

/// Spaces on one page of the directory.
const PAGE_SIZE: usize = 60;

/// `GET /teams`: the spaces the reader may see, filtered.
pub async fn index(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(q): Query<IndexQuery>,
) -> Result<Response, AppError> {
    let shell = Shell::new(&state, &ctx, "spaces").for_actor(&actor);
    let kind = q.soort.as_deref().and_then(SpaceKind::parse);
    let show = match q.toon.as_deref() {
        Some("mijn") => "mijn",
        Some("open") => "open",
        _ => "alle",
    };
    let naam: String = q.naam.trim().chars().take(100).collect();
    let name = (!naam.is_empty()).then(|| naam.clone());
    let filter = SpaceFilter { kind, mine: show == "mijn", joinable: show == "open", after: q.na.zip(q.na_id), name };
    let later = filter.after.is_some();
    let (spaces, more) =
        one_page(state.app.spaces().list_spaces(&actor, &filter, PAGE_SIZE as u64 + 1).await?, PAGE_SIZE);
    let total = state.app.spaces().count_spaces(&actor, &filter).await?;
    let last = spaces.last().filter(|_| more).map(|l| (l.space.name.as_str(), l.space.id));
    let pairs = [
        ("naam", naam.as_str()),
        ("soort", kind.map(SpaceKind::as_str).unwrap_or("")),
        ("toon", if show == "alle" { "" } else { show }),
    ];
    let pager = Pager::new("/teams", &pairs, last, later);
    let kinds = SpaceKind::ALL.iter().map(|k| choice(&shell, k.as_str(), &kind_key(*k), kind == Some(*k))).collect();
    let shows = vec![
        choice(&shell, "alle", "spaces-filter-all", show == "alle"),
        choice(&shell, "mijn", "spaces-filter-mine", show == "mijn"),
        choice(&shell, "open", "spaces-filter-joinable", show == "open"),
    ];
    let count = shell.t_num("spaces-count", "count", i64::try_from(total).unwrap_or(i64::MAX));
    let can_create = shell.can.create_spaces;
    let spaces = spaces.into_iter().map(|l| card(&shell, l)).collect();
    // My teams first: on the first page of the whole directory, above it.
    let mine = if show == "alle" && kind.is_none() && naam.is_empty() && !later {
        state.app.spaces().list_my_spaces(&actor).await?
    } else {
        Vec::new()
    };
    let data = IndexPage { shell, can_create, kinds, shows, count, spaces, pager, naam, mine };
    Ok(page(StatusCode::OK, &data))
}
