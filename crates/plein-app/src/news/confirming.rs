//! Read confirmation ("gelezen en begrepen"): a reader in the audience confirms the current
//! version; the editor's report counts the audience as it is now (people who joined a group
//! later must confirm too; people who left, were deactivated or whose guest access ended leave
//! the counts, their confirmations stay on record), per group and in total, with names, a
//! chart over time, a CSV export for Dutch Excel, and reminders through the job queue.
//! Nothing else about reading is tracked per person.

use chrono::{DateTime, Utc};
use plein_core::Locale;
use plein_core::policy::{Action, Actor, Target, authorize};
use plein_store::news::{ReportCounts, ReportPerson};
use plein_store::now;

use super::{News, NewsView};
use crate::error::{Error, Result, check};
use crate::jobs::Job;

/// People on one page of the report.
pub const REPORT_PAGE: u64 = 100;

/// Whom the report lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReportFilter {
    /// Those who have not confirmed yet.
    #[default]
    Open,
    /// Those who confirmed.
    Confirmed,
    /// Everyone in the audience.
    All,
}

/// One group's line in the report.
#[derive(Clone, Debug)]
pub struct ReportGroup {
    /// The group.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its members in the audience.
    pub audience: i64,
    /// Of them, confirmed.
    pub confirmed: i64,
}

/// The editor's report of an item that asks for confirmation.
#[derive(Clone, Debug)]
pub struct Report {
    /// The item.
    pub news: NewsView,
    /// In the audience now.
    pub audience: i64,
    /// Of them, confirmed the current version.
    pub confirmed: i64,
    /// Per group.
    pub groups: Vec<ReportGroup>,
    /// Confirmations per day in Dutch time (`28-11-2026`), and the running total.
    pub days: Vec<(String, i64, i64)>,
    /// The people listed (by name).
    pub people: Vec<ReportPerson>,
    /// Whom they are.
    pub filter: ReportFilter,
    /// Where the next page starts.
    pub next: Option<u64>,
}

impl ReportGroup {
    /// The confirmed share in whole percents.
    pub fn percent(&self) -> i64 {
        if self.audience == 0 { 0 } else { self.confirmed * 100 / self.audience }
    }
}

impl Report {
    /// The confirmed share in whole percents.
    pub fn percent(&self) -> i64 {
        if self.audience == 0 { 0 } else { self.confirmed * 100 / self.audience }
    }
}

impl News<'_> {
    /// Confirms that the actor read the current version of an item (for the audience only).
    /// Confirming twice changes nothing.
    pub async fn confirm_news(&self, actor: &Actor, id: i64) -> Result<()> {
        let (row, f) = self.readable_news(actor, id).await?;
        check(authorize(Some(actor), Action::Confirm, Target::News(&f)))?;
        self.store.confirm_news(id, row.version, actor.id).await?;
        Ok(())
    }

    /// The report of an item (its editors): numbers, per group, per day, and a page of people.
    pub async fn read_report(&self, actor: &Actor, id: i64, filter: ReportFilter, offset: u64) -> Result<Report> {
        let (news, row) = self.managed_news(actor, id).await?;
        let counts = self.store.news_report(id, &row.audience, row.version).await?;
        let which = match filter {
            ReportFilter::Open => Some(false),
            ReportFilter::Confirmed => Some(true),
            ReportFilter::All => None,
        };
        let mut people =
            self.store.news_report_people(id, &row.audience, row.version, which, offset, REPORT_PAGE + 1).await?;
        let next = (people.len() as u64 > REPORT_PAGE).then_some(offset + REPORT_PAGE);
        people.truncate(REPORT_PAGE as usize);
        Ok(report(news, counts, people, filter, next))
    }

    /// The report as CSV for Dutch Excel: `;` between fields, UTF-8 with a byte order mark,
    /// everyone in the audience with the time they confirmed (or nothing). Returns (file name, bytes).
    pub async fn export_report(&self, actor: &Actor, id: i64, locale: Locale) -> Result<(String, Vec<u8>)> {
        let (news, row) = self.managed_news(actor, id).await?;
        let people = self.store.news_report_people(id, &row.audience, row.version, None, 0, u64::MAX >> 1).await?;
        let mut out = Vec::with_capacity(64 * (people.len() + 1));
        out.extend_from_slice("\u{feff}".as_bytes());
        {
            let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
            let t = |key| crate::i18n::t(locale, key);
            let headers =
                ["news-csv-name", "news-csv-department", "news-csv-email", "news-csv-kind", "news-csv-confirmed"];
            w.write_record(headers.map(t)).map_err(export)?;
            let (guest, employee) = (t("news-csv-guest"), t("news-csv-employee"));
            for p in &people {
                let confirmed = p.confirmed_at.map(local_time).unwrap_or_default();
                let kind = if p.guest { &guest } else { &employee };
                let fields = [cell(&p.name), cell(&p.department), cell(&p.email), kind.clone(), confirmed];
                w.write_record(&fields).map_err(export)?;
            }
            w.flush().map_err(|e| export(csv::Error::from(e)))?;
        }
        let name = format!("leesbevestiging-{}-v{}.csv", news.id, news.version);
        Ok((name, out))
    }

    /// Reminds everyone in the audience who has not confirmed (its editors): in the app and by
    /// e-mail, through the job queue; each reminder checks the policy again when it is sent.
    /// Reminding twice within a minute sends once.
    pub async fn remind_unconfirmed(&self, actor: &Actor, id: i64) -> Result<bool> {
        let (news, _) = self.managed_news(actor, id).await?;
        if !news.confirmation || !news.state.public() {
            return Err(Error::Forbidden);
        }
        let slot = now().timestamp() / 60;
        let job = Job::NewsRemind { news_id: id, version: news.version, by: actor.id, slot };
        let tx = self.store.begin().await?;
        let queued = self.enqueue_in(&tx, job).await?;
        tx.audit(plein_store::audit::AuditEntry {
            actor_id: Some(actor.id),
            action: "news.remind",
            object: Some(format!("news:{id}")),
            success: true,
            ..Default::default()
        })
        .await?;
        tx.commit().await?;
        Ok(queued)
    }

    /// An item its editor manages, or why not.
    /// An item its editor manages (read once): how they see it, and its row.
    async fn managed_news(&self, actor: &Actor, id: i64) -> Result<(NewsView, plein_store::news::NewsRow)> {
        let (row, f) = self.readable_news(actor, id).await?;
        check(authorize(Some(actor), Action::Manage, Target::News(&f)))?;
        let view = super::views(actor, vec![row.clone()]).pop().ok_or(Error::NotFound)?;
        Ok((view, row))
    }
}

fn report(
    news: NewsView,
    counts: ReportCounts,
    people: Vec<ReportPerson>,
    filter: ReportFilter,
    next: Option<u64>,
) -> Report {
    // The store counts per hour in UTC; the Netherlands is a whole number of hours off it, so
    // each hour falls in one local day.
    let mut per_day: std::collections::BTreeMap<chrono::NaiveDate, i64> = std::collections::BTreeMap::new();
    for (hour, n) in counts.hours.unwrap_or_default() {
        let Ok(naive) = chrono::NaiveDateTime::parse_from_str(&format!("{hour}:00"), "%Y-%m-%dT%H:%M") else {
            continue;
        };
        let day = naive.and_utc().with_timezone(&crate::i18n::TIME_ZONE).date_naive();
        *per_day.entry(day).or_default() += n;
    }
    let mut total = 0;
    let days = per_day
        .into_iter()
        .map(|(day, n)| {
            total += n;
            (day.format("%d-%m-%Y").to_string(), n, total)
        })
        .collect();
    let groups = counts
        .groups
        .unwrap_or_default()
        .into_iter()
        .map(|(id, name, audience, confirmed)| ReportGroup { id, name, audience, confirmed })
        .collect();
    Report { news, audience: counts.audience, confirmed: counts.confirmed, groups, days, people, filter, next }
}

fn export(e: csv::Error) -> Error {
    Error::Internal(crate::Failure::Export(e.to_string()))
}

/// A time as Dutch Excel reads it, in Dutch time: `28-11-2026 14:05`.
fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&crate::i18n::TIME_ZONE).format("%d-%m-%Y %H:%M").to_string()
}

/// A text as a spreadsheet cell that is never taken for a formula (a name may start with `=`).
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() }
}
