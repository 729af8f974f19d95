//! Demo activity: a year of posts in spaces and on profiles, with comments and likes, written by
//! members of the spaces they are in, some with polls and pictures. Deterministic, and written in chunks so the large demo
//! (2,000,000 posts, 6,000,000 comments, 10,000,000 likes) fits in memory and in minutes.

use std::collections::HashMap;

use chrono::Duration;
use plein_store::stream::{BulkPost, CommentOn, InsertComment, PostPlace};
use plein_store::{Store, now};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::Scale;
use crate::error::{Failure, Result};

/// How much activity a scale gets: (posts, most comments per post, most likes per post).
fn volume(scale: Scale) -> (usize, usize, usize) {
    match scale {
        // About 50,000 posts, 100,000 comments and 200,000 likes.
        Scale::Small => (50_000, 4, 8),
        // 2,000,000 posts, about 6,000,000 comments and 10,000,000 likes.
        Scale::Large => (2_000_000, 6, 10),
    }
}

/// Whole posts, as colleagues write them.
const POSTS: &[&str] = &[
    "Goedemorgen allemaal! Vanaf maandag zitten we op de tweede verdieping. De sleutels liggen bij de receptie.",
    "Wie heeft er ervaring met het nieuwe zaaksysteem bij bezwaarschriften? Ik loop vast bij het koppelen van documenten.",
    "Het verslag van het overleg over de Omgevingswet staat in de map van het team. Vragen hoor ik graag voor vrijdag.",
    "Dank aan iedereen die meedacht over de subsidieaanvraag voor het dorpshuis. Hij is vanmorgen verstuurd!",
    "Herinnering: donderdag om 12.00 uur lunchwandeling vanaf de hoofdingang. Iedereen is welkom.",
    "De storing in het zaaksysteem is verholpen. Lukt iets nog steeds niet? Meld het bij de servicedesk.",
    "Wie helpt er mee met de kerstborrel? We zoeken nog twee mensen voor de muziek en één voor de hapjes.",
    "Mooi nieuws: de klanttevredenheid bij Burgerzaken is het derde kwartaal op rij gestegen. Knap werk!",
    "Vanaf 1 januari geldt het nieuwe beleid voor thuiswerken. De belangrijkste punten zet ik hieronder op een rij.",
    "Voor de stembureaus zoeken we nog voorzitters en leden. Je krijgt een training en een vergoeding.",
    "De aanbesteding voor het groenonderhoud is gegund. De nieuwe aannemer begint in maart in Noord.",
    "Volgende week is de training toegankelijk schrijven. Er zijn nog vier plekken vrij.",
    "Wie weet waar de beamer van vergaderzaal 3 is gebleven? Hij staat niet in de kast.",
    "Het inwonerspanel is gestart: 412 inwoners doen mee. De eerste vragenlijst gaat over de bibliotheek.",
    "Even een vraag aan het team: kunnen we het weekoverleg naar dinsdagmiddag verplaatsen?",
    "De nieuwe koffieautomaat staat in de kantine. Hij maakt ook thee, en de melk is nu lactosevrij.",
    "Ter info: de parkeerplaats achter het gemeentehuis is woensdag dicht vanwege onderhoud.",
    "Fijn om te zien hoeveel mensen zich hebben aangemeld voor de vrijwilligersdag. We gaan de speeltuin opknappen!",
    "Vandaag afscheid van Truus na 38 jaar bij de gemeente. Om 16.00 uur is er taart in de raadzaal.",
    "Ik zoek een collega die wil meelezen met de nota duurzaamheid. Het gaat om zo'n twintig pagina's.",
    "Update van vandaag: de nieuwe website staat op de testomgeving. Klik gerust rond en laat weten wat opvalt.",
    "Wie heeft tips voor een goede vergadering op afstand met tien mensen? Ik hoor het graag.",
    "De begroting voor volgend jaar is vastgesteld. De presentatie voor de teams volgt na het reces.",
    "Let op: in de week van 12 februari is de salarisadministratie met vakantie. Declaraties graag eerder indienen.",
    "Hoera, het dak van sporthal De Brink is klaar en de zonnepanelen leveren al stroom.",
    "Bedankt voor alle reacties op de enquête over het nieuwe intranet. De uitkomsten delen we volgende maand.",
];
const TAGS: &[&str] =
    &["omgevingswet", "thuiswerken", "zaaksysteem", "kerstborrel", "duurzaamheid", "toegankelijkheid", "begroting"];
/// Polls: the post's text, the question, the options.
const POLLS: &[(&str, &str, &[&str])] = &[
    (
        "Volgende maand is onze teamdag. Laat even weten wat je voorkeur heeft!",
        "Waar houden we de teamdag?",
        &["Op kantoor", "In het dorpshuis", "Buiten, bij de hei"],
    ),
    (
        "We plannen het overleg voor het nieuwe jaar.",
        "Welke dag past het best voor het overleg?",
        &["Dinsdag", "Woensdag", "Donderdag"],
    ),
    (
        "Sinds de zomer vergaderen we vaker online. Hoe bevalt dat?",
        "Zullen we de vergadering voortaan online houden?",
        &["Ja", "Nee", "Om en om"],
    ),
];
/// Comments, as colleagues answer.
const REPLIES: &[&str] = &[
    "Goed idee!",
    "Dank je, handig om te weten.",
    "Ik kijk er vandaag naar.",
    "Kunnen we dit in het overleg bespreken?",
    "Helemaal mee eens.",
    "Wie neemt dit op zich?",
    "Top, bedankt voor het delen.",
    "Ik doe mee!",
    "Staat het ook in de agenda?",
    "Mooi werk, gefeliciteerd!",
    "Ik heb hetzelfde probleem gehad. Bel me maar even, dan loop ik het met je door.",
    "Wordt er ook iets voor de buitendienst geregeld?",
    "Kan ik me nog aanmelden?",
    "Super, daar hebben we lang op gewacht.",
    "Ik stuur je de documenten straks door.",
    "Wat fijn, dank je wel!",
];

/// The demo's pictures: drawn once, then shared by the posts that carry one.
fn pictures() -> Result<Vec<(crate::images::PostImage, &'static str)>> {
    use image::{Rgb, RgbImage};
    let (w, h) = (960_u32, 600_u32);
    let mix = |a: [u8; 3], b: [u8; 3], t: f32| {
        Rgb(std::array::from_fn(|i| (f32::from(a[i]) + (f32::from(b[i]) - f32::from(a[i])) * t) as u8))
    };
    // Sunrise over the heath: a sky fading from orange to blue, the sun, purple heather.
    let sunrise = RgbImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (f64::from(x) - 620.0, f64::from(y) - 380.0);
        if y > 400 {
            mix([122, 62, 120], [70, 40, 70], (y - 400) as f32 / 200.0)
        } else if dx * dx + dy * dy < 70.0 * 70.0 {
            Rgb([255, 214, 90])
        } else {
            mix([250, 160, 80], [120, 170, 230], 1.0 - y as f32 / 400.0)
        }
    });
    // A floor plan: rooms drawn in blue on light paper.
    let plan = RgbImage::from_fn(w, h, |x, y| {
        let wall = x % 240 < 6 || y % 200 < 6 || x > w - 7 || y > h - 7;
        let door = y % 200 > 80 && y % 200 < 130;
        if wall && !(x % 240 < 6 && door && x > 0) { Rgb([26, 79, 139]) } else { Rgb([245, 243, 236]) }
    });
    // Satisfaction per quarter: four rising bars.
    let chart = RgbImage::from_fn(w, h, |x, y| {
        let bar = (x.saturating_sub(120)) / 200;
        let inside = x >= 120 && (x - 120) % 200 < 140 && bar < 4;
        let top = 460 - bar * 90;
        if y > 540 && y < 546 && x > 80 {
            Rgb([60, 60, 60])
        } else if inside && y >= top && y <= 540 {
            Rgb([0, 120, 80])
        } else {
            Rgb([255, 255, 255])
        }
    });
    let drawn = [
        (sunrise, "Zonsopkomst boven de paarse hei, de zon net boven de horizon"),
        (plan, "Plattegrond van de tweede verdieping: zes kamers met deuren naar de gang"),
        (chart, "Staafdiagram van de klanttevredenheid per kwartaal: vier balken die steeds hoger worden"),
    ];
    drawn
        .into_iter()
        .map(|(img, alt)| crate::images::post_image_of(image::DynamicImage::ImageRgb8(img)).map(|p| (p, alt)))
        .collect()
}

/// What a demo post has beside its text: its #topics, the people it mentions, its poll (of
/// [`POLLS`]), its pictures (of [`pictures`]).
type Extras = (Vec<String>, Vec<i64>, Option<usize>, Vec<usize>);

fn html(text: &str) -> String {
    format!("<p>{}</p>\n", crate::markdown::escape(text))
}

/// Writes the demo's posts, comments and likes; returns (posts, comments, likes).
pub(crate) async fn create_activity(store: &Store, scale: Scale) -> Result<(usize, usize, usize)> {
    let (total, max_comments, max_likes) = volume(scale);
    let memberships = store.all_memberships().await?;
    if memberships.is_empty() {
        return Ok((0, 0, 0));
    }
    let mut members: HashMap<i64, Vec<i64>> = HashMap::new();
    for (space, user) in &memberships {
        members.entry(*space).or_default().push(*user);
    }
    let employees = store.employee_ids().await?;
    let names: HashMap<i64, (String, String)> = store
        .users_by_ids(&employees)
        .await?
        .into_iter()
        .map(|u| (u.id, (u.username.to_lowercase(), u.display_name)))
        .collect();
    let pictures = tokio::task::spawn_blocking(pictures).await.map_err(|e| Failure::Export(e.to_string()))??;
    let mut rng = StdRng::seed_from_u64(2026);
    let start = now() - Duration::days(365);
    let step = Duration::seconds(365 * 24 * 3600) / i32::try_from(total).unwrap_or(i32::MAX);
    let (mut posts_done, mut comments_done, mut likes_done) = (0, 0, 0);
    let chunk = 20_000;
    let mut n = 0;
    while n < total {
        let size = chunk.min(total - n);
        let mut rows = Vec::with_capacity(size);
        // Per post: who may comment and like (the space's members, or everyone for a profile).
        let mut audiences: Vec<Option<i64>> = Vec::with_capacity(size);
        let mut plans: Vec<(usize, usize)> = Vec::with_capacity(size);
        let mut extras: Vec<Extras> = Vec::with_capacity(size);
        for i in 0..size {
            let at = start + step * i32::try_from(n + i).unwrap_or(i32::MAX);
            let (place, author, audience) = if rng.random_bool(0.12) {
                let who = employees[rng.random_range(0..employees.len())];
                (PostPlace::Profile(who), who, None)
            } else {
                let (space, author) = memberships[rng.random_range(0..memberships.len())];
                (PostPlace::Space(space), author, Some(space))
            };
            let mut body = POSTS[rng.random_range(0..POSTS.len())].to_owned();
            let pool_ids: &[i64] = audience.and_then(|s| members.get(&s)).map_or(&employees, Vec::as_slice);
            let pool = pool_ids.len();
            // One post in ten has a #topic, one in twenty mentions a reader, one in 500 is a poll.
            let mut links = HashMap::new();
            let mut mentioned = Vec::new();
            if rng.random_bool(0.05) {
                let who = pool_ids[rng.random_range(0..pool)];
                if let Some((username, name)) = names.get(&who).filter(|_| who != author) {
                    body.push_str(&format!(" @{username}"));
                    links.insert(username.clone(), (who, name.clone()));
                    mentioned.push(who);
                }
            }
            if rng.random_bool(0.1) {
                body.push_str(&format!(" #{}", TAGS[rng.random_range(0..TAGS.len())]));
            }
            let poll = rng.random_bool(0.002).then(|| rng.random_range(0..POLLS.len()));
            if let Some(p) = poll {
                body = POLLS[p].0.to_owned();
            }
            // One post in 1,000 carries a picture or two.
            let shown = if rng.random_bool(0.001) {
                let first = rng.random_range(0..pictures.len());
                let count = rng.random_range(1..=2);
                (0..count).map(|k| (first + k) % pictures.len()).collect()
            } else {
                Vec::new()
            };
            let topics = crate::markdown::topics(&body);
            let body_html = if topics.is_empty() && links.is_empty() {
                html(&body)
            } else {
                crate::markdown::render_with_links(&body, &links)
            };
            extras.push((topics, mentioned, poll, shown));
            let comments = rng.random_range(0..=max_comments);
            let likes = rng.random_range(0..=max_likes).min(pool);
            plans.push((comments, likes));
            audiences.push(audience);
            rows.push(BulkPost {
                place,
                author_id: author,
                body_html,
                body,
                created_at: at,
                comment_count: i32::try_from(comments).unwrap_or(0),
                like_count: i32::try_from(likes).unwrap_or(0),
            });
        }
        let times: Vec<_> = rows.iter().map(|r| r.created_at).collect();
        let tx = store.begin().await?;
        let ids = tx.bulk_posts(rows).await?;
        for (id, (topics, mentioned, poll, shown)) in ids.iter().zip(&extras) {
            for (position, k) in shown.iter().enumerate() {
                let (img, alt) = &pictures[*k];
                let size = (img.width, img.height);
                tx.insert_post_image((*id, position), alt, size, img.jpeg.clone(), img.thumb.clone()).await?;
            }
            if !topics.is_empty() {
                tx.set_post_topics(*id, topics).await?;
            }
            if !mentioned.is_empty() {
                tx.set_post_mentions(*id, mentioned).await?;
            }
            if let Some(p) = poll {
                let options = POLLS[*p].2.iter().map(|o| (*o).to_owned()).collect();
                tx.insert_poll(
                    *id,
                    &plein_store::social::NewPoll {
                        question: POLLS[*p].1.to_owned(),
                        multiple: false,
                        closes_at: None,
                        options,
                    },
                )
                .await?;
            }
        }
        let mut comments = Vec::new();
        let mut likes = Vec::new();
        for (((id, (n_comments, n_likes)), audience), at) in ids.iter().zip(&plans).zip(&audiences).zip(&times) {
            let pool: &[i64] = audience.and_then(|s| members.get(&s)).map_or(&employees, Vec::as_slice);
            for k in 0..*n_comments {
                let text = REPLIES[rng.random_range(0..REPLIES.len())];
                comments.push(InsertComment {
                    on: CommentOn::Post(*id),
                    parent_id: None,
                    author_id: pool[rng.random_range(0..pool.len())],
                    body: text.to_owned(),
                    body_html: html(text),
                    created_at: *at + Duration::minutes(5 * (i64::try_from(k).unwrap_or(0) + 1)),
                });
            }
            // Distinct likers: a run of consecutive members from a random start.
            let first = rng.random_range(0..pool.len());
            for k in 0..*n_likes {
                likes.push((*id, pool[(first + k) % pool.len()], *at + Duration::minutes(1)));
            }
        }
        comments_done += comments.len();
        likes_done += likes.len();
        tx.bulk_comments(comments).await?;
        tx.bulk_likes(&likes).await?;
        tx.commit().await?;
        posts_done += ids.len();
        n += size;
    }
    Ok((posts_done, comments_done, likes_done))
}
