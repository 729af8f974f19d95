//! The demo's news: two years of items by the communications department (some featured, some
//! for departments only, one for the external parties), news in the guest project, and a few
//! items with read confirmation at different stages: "Nieuwe werkplekregeling" confirmed by 80%,
//! the password policy past its due date, the integrity code just begun.

use chrono::{DateTime, Duration, Utc};
use plein_core::policy::NewsStatus;
use plein_store::Store;
use plein_store::news::{AudienceRow, NewsWrite};
use plein_store::stream::{CommentOn, InsertComment, LikeTarget};

use super::*;

/// (title, lead, body, category).
const ITEMS: &[(&str, &str, &str, &str)] = &[
    (
        "Gemeentehuis open op zaterdag",
        "Vanaf volgende maand is de publiekshal ook op zaterdagochtend open.",
        "Inwoners kunnen vanaf volgende maand op **zaterdag van 9.00 tot 12.00 uur** terecht voor paspoorten, \
         rijbewijzen en uittreksels.\n\nDe roosters van Burgerzaken en het Klantcontactcentrum zijn aangepast. \
         Vragen? Stel ze aan je teamleider.",
        "Dienstverlening",
    ),
    (
        "Nieuwe koffieautomaten op alle verdiepingen",
        "De oude automaten worden deze week vervangen; de koffie blijft gratis.",
        "Facilitaire Zaken vervangt de koffieautomaten. Ze zijn zuiniger en werken met je personeelspas.\n\n\
         - begane grond: maandag\n- eerste en tweede verdieping: dinsdag\n- derde verdieping: woensdag",
        "Huisvesting",
    ),
    (
        "Gemeenteraad stemt in met de begroting",
        "De raad heeft de begroting voor volgend jaar aangenomen, met extra geld voor duurzaamheid.",
        "Na een lange vergadering nam de raad de begroting aan. Er komt extra budget voor **zonnepanelen op \
         scholen** en voor het onderhoud van fietspaden.",
        "Bestuur",
    ),
    (
        "Kerstborrel in de raadzaal",
        "Iedereen is welkom op donderdag 18 december vanaf 16.00 uur.",
        "De personeelsvereniging nodigt je uit voor de kerstborrel. Er is muziek, een hapje en een drankje. \
         Neem gerust je collega's van buiten mee.",
        "Personeel",
    ),
    (
        "Storing in het zaaksysteem verholpen",
        "Het zaaksysteem werkt weer normaal. Excuses voor het ongemak.",
        "Door een fout bij een update was het zaaksysteem dinsdag twee uur niet bereikbaar. ICT heeft de oorzaak \
         gevonden en maatregelen genomen.",
        "ICT",
    ),
    (
        "Fietsplan: nu aanvragen",
        "Tot het eind van de maand kun je een fiets aanschaffen via het fietsplan.",
        "Met het fietsplan koop je een fiets met belastingvoordeel. Kijk in het personeelsportaal voor de \
         voorwaarden of vraag het HRM.",
        "Personeel",
    ),
    (
        "Nieuwe wethouder beëdigd",
        "De raad heeft een nieuwe wethouder voor Wonen en Ruimte beëdigd.",
        "De nieuwe wethouder stelt zich volgende week voor tijdens de personeelsbijeenkomst in de raadzaal.",
        "Bestuur",
    ),
    (
        "Werkzaamheden parkeergarage",
        "De parkeergarage is twee weken gedeeltelijk dicht; parkeer zo mogelijk bij het station.",
        "De eerste laag van de parkeergarage krijgt een nieuwe vloer. Medewerkers met een parkeervergunning \
         kunnen tijdelijk bij het station parkeren.",
        "Huisvesting",
    ),
    (
        "Duurzaamheidsweek: doe mee",
        "Van 6 tot 10 oktober staat het gemeentehuis in het teken van duurzaamheid.",
        "Er zijn workshops over energie besparen, een ruilmarkt en een fietsdag. Aanmelden kan bij de werkgroep \
         Duurzaamheid.",
        "Duurzaamheid",
    ),
    (
        "Resultaten medewerkersonderzoek",
        "Medewerkers geven de gemeente gemiddeld een 7,6; werkdruk blijft een aandachtspunt.",
        "Dank aan iedereen die meedeed. Het MT bespreekt de resultaten met de afdelingen en komt met een plan \
         voor de werkdruk.",
        "Organisatie",
    ),
    (
        "Nieuwe laptops voor iedereen",
        "ICT rolt de komende maanden nieuwe laptops uit, per afdeling.",
        "Je krijgt een uitnodiging om je laptop om te ruilen. Zet je bestanden vooraf in je teamruimte.",
        "ICT",
    ),
    (
        "Open dag brandweer en BHV",
        "Op zaterdag laten de brandweer en onze BHV'ers zien wat ze doen.",
        "Kinderen mogen in de brandweerauto en er is een demonstratie reanimeren.",
        "Evenementen",
    ),
];

/// What later rounds of the same subjects are called.
const PREFIXES: &[&str] = &[
    "",
    "Terugblik: ",
    "Update: ",
    "Herinnering: ",
    "Vooraankondiging: ",
    "Nog even: ",
    "Vervolg: ",
    "Stand van zaken: ",
];

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// Department items: (department, title, lead).
const DEPARTMENT_ITEMS: &[(&str, &str, &str)] = &[
    (
        "Burgerzaken",
        "Nieuw afsprakensysteem Burgerzaken",
        "Vanaf maandag plannen inwoners afspraken in het nieuwe systeem.",
    ),
    ("ICT", "Onderhoud servers in het weekend", "Zaterdagnacht is er onderhoud; plan geen werk in het weekend."),
    (
        "Communicatie",
        "Nieuwe huisstijl: de sjablonen staan klaar",
        "De nieuwe sjablonen voor brieven en presentaties staan in de teamruimte.",
    ),
    (
        "Vergunningen",
        "Omgevingswet: nieuwe werkinstructies",
        "De werkinstructies voor vergunningaanvragen zijn bijgewerkt.",
    ),
];

/// Writes the demo's news (after the organisation and its activity).
pub(super) async fn create_news(store: &plein_store::Store) -> Result<()> {
    let mut rng = StdRng::seed_from_u64(15);
    // Reactions draw from their own sequence: the rest of the demo stays as it was without them.
    let mut reacting = StdRng::seed_from_u64(16);
    let groups: std::collections::HashMap<String, i64> =
        store.group_names().await?.into_iter().map(|(id, name)| (name, id)).collect();
    let group = |name: &str| groups.get(name).copied();
    // The communications department writes the news, and is the editors' group's core.
    let communicatie = group("Afdeling Communicatie").unwrap_or_default();
    let writers: Vec<i64> = store.group_members(communicatie).await?.into_iter().map(|m| m.0).take(3).collect();
    if let Some(redactie) = group("Redactie") {
        store.add_group_members(redactie, &writers).await?;
    }
    let users: std::collections::HashMap<String, i64> =
        store.user_ids().await?.into_iter().map(|(id, name)| (name, id)).collect();
    let admin = users.get(DEMO_ADMIN).copied().unwrap_or_default();
    let employee = users.get(DEMO_EMPLOYEE).copied().unwrap_or_default();
    let author = |i: usize| writers.get(i % writers.len().max(1)).copied().unwrap_or(admin);
    let now = plein_store::now();
    let staff = store.news_audience_ids_of_everyone().await?;
    let tx = store.begin().await?;
    let write =
        |audience: AudienceRow, (title, lead, body, category): (&str, &str, &str, &str), at: DateTime<Utc>| NewsWrite {
            audience,
            on_behalf_of: "Afdeling Communicatie".into(),
            category: category.into(),
            title: title.into(),
            lead: lead.into(),
            body: body.into(),
            body_html: crate::markdown::render(body),
            status: NewsStatus::Published,
            publish_at: Some(at),
            ends_at: None,
            featured_until: None,
            reactions: true,
            confirmation: false,
            confirm_due: None,
        };
    // Two years, two items a week, oldest first.
    let weeks = 104;
    let mut n = 0usize;
    for week in (0..weeks).rev() {
        for k in 0..2 {
            let at = now - Duration::days(week * 7 + k * 3 + 1) - Duration::hours(rng.random_range(0..8));
            // The newest of each subject has its plain title; older ones are looked back on.
            let from_newest = (weeks as usize * 2).saturating_sub(n + 1);
            let item = ITEMS[from_newest % ITEMS.len()];
            let round = from_newest / ITEMS.len();
            let title = match PREFIXES[round % PREFIXES.len()] {
                "" => item.0.to_owned(),
                prefix => format!("{prefix}{}", lower_first(item.0)),
            };
            let audience = if n % 9 == 4 {
                let (dept, t, l) = DEPARTMENT_ITEMS[(n / 9) % DEPARTMENT_ITEMS.len()];
                let ids: Vec<i64> = group(&format!("Afdeling {dept}")).into_iter().collect();
                let w = write(AudienceRow::Groups(ids), (t, l, l, "Afdeling"), at);
                let id = tx.insert_news(author(n), &w).await?;
                tx.mark_news_announced(id).await?;
                n += 1;
                continue;
            } else {
                AudienceRow::Everyone
            };
            let mut w = write(audience, (title.as_str(), item.1, item.2, item.3), at);
            // The newest two stay on top of the start page this week.
            if week == 0 {
                w.featured_until = Some(now + Duration::days(7));
            }
            let id = tx.insert_news(author(n), &w).await?;
            tx.mark_news_announced(id).await?;
            // The last two months' items have comments and likes from colleagues.
            if week < 9 {
                react(&tx, &mut reacting, id, &staff, at).await?;
            }
            n += 1;
        }
    }
    // For the external parties (guests read this one).
    if let Some(extern_group) = group("Externe partijen") {
        let w = write(
            AudienceRow::Groups(vec![extern_group]),
            (
                "Welkom aan onze externe partners",
                "Via Plein werken we samen in projecten; hier vind je wat je als partner moet weten.",
                "Je ziet alleen de projecten waarvoor je bent uitgenodigd. Vragen over toegang? Neem contact op \
                 met je contactpersoon bij de gemeente.",
                "Samenwerking",
            ),
            now - Duration::days(20),
        );
        let id = tx.insert_news(admin, &w).await?;
        tx.mark_news_announced(id).await?;
    }
    // News in the guest project, written by its admin (the demo employee).
    if let Some(space) = tx.space_id_named("Project Nieuw Gemeentehuis").await? {
        for (days, title, lead) in [
            (
                30,
                "Bouwvergadering verplaatst naar dinsdag",
                "De bouwvergadering van deze maand is op dinsdag in plaats van donderdag.",
            ),
            (9, "Eerste paal geslagen", "Het nieuwe gemeentehuis is begonnen: de eerste paal is geslagen."),
        ] {
            let w = write(AudienceRow::Space(space), (title, lead, lead, "Project"), now - Duration::days(days));
            let id = tx.insert_news(employee, &w).await?;
            tx.mark_news_announced(id).await?;
        }
    }
    // Read confirmation at different stages.
    let confirmations = [
        (
            "Nieuwe werkplekregeling",
            "Vanaf 1 januari werken we met vaste thuiswerkdagen per team. Lees de regeling en bevestig dat je hem kent.",
            "Elk team spreekt **twee vaste kantoordagen** af. Op de andere dagen werk je thuis of op een flexplek.\n\n\
             - Reserveer een flexplek in de app.\n- Laat je bureau leeg achter.\n- De thuiswerkvergoeding blijft.\n\n\
             Vragen? Stel ze aan HRM.",
            12,
            Some(10),
            80,
        ),
        (
            "Wachtwoordbeleid: wijzig je wachtwoord",
            "Voor informatiebeveiliging moet iedereen een nieuw, lang wachtwoord kiezen.",
            "Kies een wachtwoord van **minstens 12 tekens**, bij voorkeur een zin. Gebruik het nergens anders.\n\n\
             Zet ook tweestapsverificatie aan.",
            30,
            Some(-5),
            65,
        ),
        (
            "Gedragscode integriteit",
            "De herziene gedragscode geldt voor iedereen. Lees hem en bevestig dat je hem hebt gelezen en begrepen.",
            "De gedragscode gaat over geschenken, nevenwerkzaamheden en omgaan met vertrouwelijke informatie.\n\n\
             Twijfel je? Bespreek het met je leidinggevende of de vertrouwenspersoon.",
            3,
            Some(21),
            30,
        ),
    ];
    for (title, lead, body, days_ago, due_in, percent) in confirmations {
        let published = now - Duration::days(days_ago);
        let mut w = write(AudienceRow::Everyone, (title, lead, body, "Organisatie"), published);
        w.confirmation = true;
        w.confirm_due = due_in.map(|d| now + Duration::days(d));
        w.featured_until = (title == "Nieuwe werkplekregeling").then(|| now + Duration::days(10));
        let id = tx.insert_news(author(0), &w).await?;
        tx.mark_news_announced(id).await?;
        tx.keep_news_version(id).await?;
        // The share that confirmed, spread over the days since it appeared (most in the first days);
        // the demo employee has not confirmed yet.
        let span = (days_ago * 24).max(1);
        let mut rows: Vec<(i64, DateTime<Utc>)> = Vec::new();
        for u in staff.iter().copied() {
            if u == employee || rng.random_range(0..100) >= percent {
                continue;
            }
            let hours: i64 = rng.random_range(0..span);
            let hours = hours * hours / span;
            rows.push((u, published + Duration::hours(hours) + Duration::minutes(rng.random_range(0..60))));
        }
        tx.bulk_confirmations(id, 1, &rows).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What colleagues say under news.
const NEWS_REPLIES: &[&str] = &[
    "Goed nieuws, dank voor het delen!",
    "Fijn om te horen. Weet iemand al wanneer dit ingaat?",
    "Mooi initiatief 👏",
    "Dank je, heel duidelijk uitgelegd.",
    "Komt er ook een bijeenkomst over?",
    "Eindelijk! Hier hebben we lang op gewacht.",
    "Goed geregeld, complimenten aan het team.",
    "Staat dit ook op de pagina van HRM?",
];

/// A few comments (one answered by another colleague) and likes under an item.
async fn react(
    tx: &Store<plein_store::sea_orm::DatabaseTransaction>,
    rng: &mut StdRng,
    id: i64,
    staff: &[i64],
    at: DateTime<Utc>,
) -> Result<()> {
    if staff.is_empty() {
        return Ok(());
    }
    let pick = |rng: &mut StdRng| staff[rng.random_range(0..staff.len())];
    let mut first = None;
    for k in 0..rng.random_range(0..4i64) {
        let text = NEWS_REPLIES[rng.random_range(0..NEWS_REPLIES.len())];
        let row = tx
            .insert_comment(InsertComment {
                on: CommentOn::News(id),
                parent_id: if k == 2 { first } else { None },
                author_id: pick(rng),
                body: text.to_owned(),
                body_html: crate::markdown::render(text),
                created_at: at + Duration::minutes(40 * (k + 1)),
            })
            .await?;
        first = first.or(Some(row.id));
    }
    for _ in 0..rng.random_range(2..24) {
        tx.set_like(LikeTarget::News(id), pick(rng), true).await?;
    }
    Ok(())
}
