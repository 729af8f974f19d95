//! The editor's confirmation report: totals, per group, a chart of confirmations over time (an
//! SVG drawn here, with the same numbers as a table), people by name, the CSV export and "remind
//! the others".

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::news::{Report, ReportFilter};
use serde::Deserialize;

use super::views::{NewsCard, card};
use crate::flash::{Notice, with_notice};
use crate::render::{Shell, page};
use crate::{AppError, AppState, CurrentActor, RequestContext};

/// The chart's drawing: the running total per day as bars and a line, in a fixed view box.
pub struct Chart {
    /// Bars: (x, y, width, height, label for the title).
    pub bars: Vec<(i64, i64, i64, i64, String)>,
    /// The line of the running total as SVG points.
    pub line: String,
    /// The first and last day's labels.
    pub first: String,
    /// The last day's label.
    pub last: String,
}

const WIDTH: i64 = 600;
const HEIGHT: i64 = 160;

fn chart(report: &Report) -> Option<Chart> {
    let days = &report.days;
    let (first, last) = (days.first()?, days.last()?);
    let top = report.audience.max(1);
    let n = i64::try_from(days.len()).unwrap_or(1).max(1);
    let step = WIDTH / n;
    let bar = (step - 2).max(1);
    let y = |v: i64| HEIGHT - v * HEIGHT / top;
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, (day, count, _))| {
            let x = i64::try_from(i).unwrap_or(0) * step;
            let h = (count * HEIGHT / top).max(1);
            (x, HEIGHT - h, bar, h, format!("{day}: {count}"))
        })
        .collect();
    let line = days
        .iter()
        .enumerate()
        .map(|(i, (_, _, total))| format!("{},{}", i64::try_from(i).unwrap_or(0) * step + bar / 2, y(*total)))
        .collect::<Vec<_>>()
        .join(" ");
    Some(Chart { bars, line, first: first.0.clone(), last: last.0.clone() })
}

#[derive(Template)]
#[template(path = "news/report.html")]
struct ReportPage {
    shell: Shell,
    report: Report,
    news: NewsCard,
    chart: Option<Chart>,
    summary: String,
    tabs: Vec<(String, String, bool)>,
    next: Option<String>,
}

/// Whom the report lists (`?wie=`) and from where (`?vanaf=`).
#[derive(Deserialize, Default)]
pub struct ReportQuery {
    wie: Option<String>,
    vanaf: Option<u64>,
}

fn filter_of(s: Option<&str>) -> ReportFilter {
    match s {
        Some("bevestigd") => ReportFilter::Confirmed,
        Some("iedereen") => ReportFilter::All,
        _ => ReportFilter::Open,
    }
}

fn filter_name(f: ReportFilter) -> &'static str {
    match f {
        ReportFilter::Open => "open",
        ReportFilter::Confirmed => "bevestigd",
        ReportFilter::All => "iedereen",
    }
}

/// `GET /nieuws/{id}/rapport`: the report, for the item's editors.
pub async fn show_report(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let filter = filter_of(q.wie.as_deref());
    let report = state.app.news().read_report(&actor, id, filter, q.vanaf.unwrap_or(0)).await?;
    let shell = Shell::new(&state, &ctx, "news").for_actor(&actor);
    let summary = shell.t_with_args(
        "news-report-summary",
        &[
            ("confirmed", report.confirmed.into()),
            ("audience", report.audience.into()),
            ("percent", report.percent().into()),
        ],
    );
    let tabs = [ReportFilter::Open, ReportFilter::Confirmed, ReportFilter::All]
        .into_iter()
        .map(|f| {
            let name = filter_name(f);
            (format!("/nieuws/{id}/rapport?wie={name}#mensen"), shell.t(&format!("news-report-{name}")), f == filter)
        })
        .collect();
    let next = report.next.map(|n| format!("/nieuws/{id}/rapport?wie={}&vanaf={n}#mensen", filter_name(filter)));
    let chart = chart(&report);
    let news = card(&shell, report.news.clone());
    Ok(page(StatusCode::OK, &ReportPage { shell, report, news, chart, summary, tabs, next }))
}

/// `GET /nieuws/{id}/rapport.csv`: everyone in the audience with when they confirmed, for Excel.
pub async fn export_report(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (name, bytes) = state.app.news().export_report(&actor, id, ctx.locale).await?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response())
}

/// `POST /nieuws/{id}/herinneren`: reminds those who have not confirmed.
pub async fn remind(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state.app.news().remind_unconfirmed(&actor, id).await?;
    Ok(Redirect::to(&with_notice(&format!("/nieuws/{id}/rapport"), Notice::NewsReminded)).into_response())
}
