//! Operational endpoints: health and Prometheus metrics.

use std::net::IpAddr;
use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::context::{client_addr, is_forwarded};

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

const LATENCY_BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// Installs the process-wide Prometheus recorder once and returns its handle.
pub fn install_metrics() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            // Buckets are only refused when empty, and these are not.
            let recorder = match PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full("http_request_duration_seconds".into()), LATENCY_BUCKETS)
            {
                Ok(builder) => builder.build_recorder(),
                Err(_) => PrometheusBuilder::new().build_recorder(),
            };
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("a metrics recorder was already installed");
            }
            handle
        })
        .clone()
}

/// Middleware: counts requests by route and status and measures their latency.
pub async fn record_metrics(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req.extensions().get::<MatchedPath>().map_or("unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = req.method().to_string();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(start.elapsed().as_secs_f64());
    res
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.app.store().ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

fn token_matches(headers: &HeaderMap, expected: Option<&str>) -> bool {
    let Some(expected) = expected.filter(|t| !t.is_empty()) else {
        return false;
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    // Compare digests so the time taken says nothing about the token.
    Sha256::digest(given.as_bytes()) == Sha256::digest(expected.as_bytes())
}

/// `GET /metrics`: Prometheus text, for loopback clients or with the configured bearer token; 404 otherwise.
pub async fn metrics(State(state): State<AppState>, req: Request) -> Response {
    let peer = req.extensions().get::<ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    // A proxy on this machine that is not configured as trusted makes every client look like loopback:
    // relayed requests are never local.
    let from_loopback = client_addr(&state, peer, req.headers()).is_some_and(|ip: IpAddr| ip.is_loopback())
        && (state.config.http.trusted_proxies.iter().any(|p| Some(*p) == peer) || !is_forwarded(req.headers()));
    if !from_loopback && !token_matches(req.headers(), state.config.metrics.token.as_deref()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let pool = state.app.store().pool_stats();
    metrics::gauge!("db_pool_connections").set(f64::from(pool.size));
    metrics::gauge!("db_pool_idle_connections").set(f64::from(pool.idle));
    match state.app.count_jobs().await {
        Ok(jobs) => {
            // Counts far below 2^53: exact as floats.
            let gauge = |n: i64| n as f64;
            metrics::gauge!("jobs_waiting").set(gauge(jobs.waiting));
            metrics::gauge!("jobs_running").set(gauge(jobs.running));
            metrics::gauge!("jobs_failed").set(gauge(jobs.failed));
        }
        Err(e) => tracing::warn!(error = %e, "the job counts for the metrics could not be read"),
    }
    match state.app.search().index_status().await {
        Ok(Some(index)) => {
            metrics::gauge!("search_index_documents").set(index.documents as f64);
            // While the index is first built, its lag is unknown: reported as -1.
            metrics::gauge!("search_index_lag_seconds").set(index.lag_seconds.unwrap_or(-1.0));
        }
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "the search index's state for the metrics could not be read"),
    }
    state.metrics.run_upkeep();
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"))],
        state.metrics.render(),
    )
        .into_response()
}
