//! The job queue with a real SMTP server, on SQLite and PostgreSQL: mail waits out an outage and
//! goes out once the server is back; a job that keeps failing waits for an administrator, who
//! sees it on /beheer/taken and tries it again; several nodes do each job once; recurring jobs
//! run once per period however many nodes enqueue them.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use std::collections::BTreeSet;
use std::time::Duration;

use axum::http::StatusCode;
use plein_app::jobs::Job;
use plein_app::mail::OutgoingMail;
use plein_core::policy::Capability;
use plein_store::jobs::{JobCounts, JobRow, NewJob};
use plein_testkit::{SmtpServer, TestApp, on_both_databases, quick_jobs};

on_both_databases!(with_smtp:
    mail_waits_while_the_smtp_server_is_down_and_goes_out_once_it_is_back,
    a_job_that_keeps_failing_waits_for_an_administrator_who_retries_it,
    several_nodes_do_each_job_once,
    a_mention_mail_is_not_sent_once_its_post_became_unreadable,
    on_postgres_a_new_job_wakes_idle_workers_on_other_nodes,
);

on_both_databases!(
    recurring_and_keyed_jobs_are_enqueued_once,
    mail_someone_waits_for_goes_before_background_work,
    only_administrators_see_the_queue,
);

fn mail(n: usize) -> Job {
    Job::Mail(OutgoingMail {
        to: format!("ontvanger{n}@voorbeeld.nl"),
        subject: format!("Bericht {n}"),
        body: "Hallo".into(),
        about: None,
    })
}

/// Waits (up to ten seconds) until the queue's open jobs satisfy `done`, and returns them.
async fn until_jobs(app: &TestApp, what: &str, done: impl Fn(&[JobRow]) -> bool) -> Vec<JobRow> {
    for _ in 0..200 {
        let jobs = app.store().list_open_jobs(100).await.unwrap();
        if done(&jobs) {
            return jobs;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what}: {:?}", app.store().list_open_jobs(100).await.unwrap());
}

async fn mail_waits_while_the_smtp_server_is_down_and_goes_out_once_it_is_back(app: TestApp, smtp: SmtpServer) {
    let port = smtp.stop();
    let user = app.add_user("vergeetachtig", plein_testkit::PASSWORD).await;
    let res = app.browser().post_form("/wachtwoord-vergeten", &[("login", "vergeetachtig")]).await;
    assert_eq!(res.status, StatusCode::OK, "the page does not wait for the mail server: {}", res.body);

    let jobs = until_jobs(&app, "the mail is tried again while the server is down", |jobs| {
        jobs.len() == 1 && jobs[0].attempts >= 2
    })
    .await;
    assert_eq!(jobs[0].kind, "mail");
    assert_ne!(jobs[0].state, "failed", "an outage of a second is not a failure");
    assert!(jobs[0].last_error.is_some(), "the error is kept for the administrator");

    let smtp = SmtpServer::start_on(port);
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1, "delivered once the server is back");
    assert!(mails[0].contains(&format!("X-RcptTo: {}", user.email)), "{}", mails[0]);
    assert!(mails[0].contains("/wachtwoord-instellen/"), "the link is in it: {}", mails[0]);
    until_jobs(&app, "the job is done", <[JobRow]>::is_empty).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.messages().len(), 1, "and delivered once");
}

async fn a_job_that_keeps_failing_waits_for_an_administrator_who_retries_it(app: TestApp, smtp: SmtpServer) {
    let port = smtp.stop();
    let mut admin = app.logged_in("baas").await;
    app.grant("baas", Capability::Admin).await;
    let mut employee = app.logged_in("medewerker").await;
    let job = NewJob { max_attempts: 3, ..mail(1).queued(&quick_jobs()) };
    assert!(app.store().enqueue(job).await.unwrap());

    let jobs =
        until_jobs(&app, "the job fails for good", |jobs| jobs.first().is_some_and(|j| j.state == "failed")).await;
    let failed = &jobs[0];
    assert_eq!(failed.attempts, 3, "three attempts, then it stops");
    assert!(failed.last_error.as_deref().is_some_and(|e| !e.is_empty()));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.store().job(failed.id).await.unwrap().unwrap().attempts, 3, "a failed job is not tried again");

    let page = admin.page("/beheer").await;
    assert!(page.contains("href=\"/beheer/taken\""), "the administration page links to the queue");
    let page = admin.page("/beheer/taken").await;
    assert!(page.contains("E-mail") && page.contains("mislukt") && page.contains("3 / 3"), "{page}");
    assert!(page.contains(&format!("action=\"/beheer/taken/{}/opnieuw\"", failed.id)), "{page}");
    assert!(page.contains("Opnieuw proberen"));

    let metrics = app.browser().get("/metrics").await.body;
    assert!(metrics.contains("jobs_failed 1"), "operators can alert on failed jobs: {metrics}");

    let retry = format!("/beheer/taken/{}/opnieuw", failed.id);
    let res = employee.post_form(&retry, &[]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "only administrators retry jobs");
    assert_eq!(app.store().job(failed.id).await.unwrap().unwrap().state, "failed");

    let smtp = SmtpServer::start_on(port);
    let res = admin.post_form(&retry, &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), Some("/beheer/taken?ok=opnieuw"));
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1, "the retried job delivers the mail");
    let id = format!("Message-ID: <plein-job-{}@voorbeeld.nl>", failed.id);
    assert!(mails[0].contains(&id), "a job's mail has one Message-ID, however often it is sent: {}", mails[0]);
    until_jobs(&app, "the job is done", <[JobRow]>::is_empty).await;
    let page = admin.page("/beheer/taken?ok=opnieuw").await;
    assert!(page.contains("De taak wordt opnieuw geprobeerd.") && page.contains("Er zijn geen wachtende"), "{page}");
    let res = admin.post_form(&retry, &[]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "a job that is not failed cannot be retried");
    let audit = format!("{:?}", app.store().recent_audit(20).await.unwrap());
    assert!(audit.contains("job.retry"), "retrying is audited: {audit}");
}

async fn several_nodes_do_each_job_once(app: TestApp, smtp: SmtpServer) {
    let mut app = app;
    app.stop_worker();
    const N: usize = 40;
    for n in 0..N {
        assert!(app.app.enqueue(mail(n)).await.unwrap());
    }
    // Three nodes, each with a pool of its own, as three servers on one database.
    let nodes = [app.app.clone(), app.other_node().await, app.other_node().await];
    let workers: Vec<_> = nodes.iter().map(plein_app::App::start_worker).collect();
    let mails = smtp.wait_for(N).await;
    until_jobs(&app, "every job is done", <[JobRow]>::is_empty).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(workers);
    let mails = if mails.len() == N { smtp.messages() } else { mails };
    let subjects: BTreeSet<String> =
        mails.iter().filter_map(|m| m.lines().find(|l| l.starts_with("Subject: ")).map(str::to_owned)).collect();
    assert_eq!(mails.len(), N, "each job ran exactly once");
    assert_eq!(subjects.len(), N, "and every job ran");
}

async fn recurring_and_keyed_jobs_are_enqueued_once(app: TestApp) {
    let mut app = app;
    app.stop_worker();
    let other = app.other_node().await;
    let at = plein_store::now();
    let (a, b) = tokio::join!(app.app.schedule(at), other.schedule(at));
    a.unwrap();
    b.unwrap();
    let counts = app.store().count_jobs().await.unwrap();
    assert_eq!(counts, JobCounts { waiting: 2, ..Default::default() }, "housekeeping and digests, once each");
    assert_eq!(app.app.run_due_jobs().await.unwrap(), 2);
    assert_eq!(app.store().count_jobs().await.unwrap(), JobCounts { done: 2, ..Default::default() });
    other.schedule(at).await.unwrap();
    assert_eq!(app.app.run_due_jobs().await.unwrap(), 0, "a period's jobs run once, even after they are done");

    let digest = Job::Digest { user_id: 1, day: "2026-11-28".into() };
    assert!(app.app.enqueue(digest.clone()).await.unwrap());
    assert!(!other.enqueue(digest).await.unwrap(), "a key enqueues once");

    // Enqueued in a transaction that rolls back: no job.
    let tx = app.store().begin().await.unwrap();
    assert!(tx.enqueue(mail(1).queued(&quick_jobs())).await.unwrap());
    drop(tx);
    assert_eq!(app.store().count_jobs().await.unwrap().waiting, 1, "only the digest waits");
}

async fn mail_someone_waits_for_goes_before_background_work(app: TestApp) {
    let mut app = app;
    app.stop_worker();
    app.app.enqueue(Job::Housekeeping { slot: 1 }).await.unwrap();
    app.app.enqueue(Job::Digest { user_id: 1, day: "2026-11-28".into() }).await.unwrap();
    app.app.enqueue(mail(1)).await.unwrap();
    let lease = Duration::from_secs(60);
    let order: Vec<String> = [
        app.store().claim_job(lease, "a").await.unwrap(),
        app.store().claim_job(lease, "b").await.unwrap(),
        app.store().claim_job(lease, "c").await.unwrap(),
    ]
    .into_iter()
    .map(|j| j.unwrap().kind)
    .collect();
    assert_eq!(order, ["mail", "digest", "housekeeping"]);
    assert!(app.store().claim_job(lease, "d").await.unwrap().is_none(), "claimed jobs are not claimed again");
}

async fn only_administrators_see_the_queue(app: TestApp) {
    let mut employee = app.logged_in("medewerker").await;
    app.grant("medewerker", Capability::ManageUsers).await;
    let res = employee.get("/beheer/taken").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "user managers do not see the queue");
    assert!(!employee.page("/beheer").await.contains("/beheer/taken"));
    let mut admin = app.logged_in("baas").await;
    app.grant("baas", Capability::Admin).await;
    let page = admin.page("/beheer/taken").await;
    assert!(page.contains("<h1>Taken</h1>") && page.contains("Er zijn geen wachtende of mislukte taken."), "{page}");
}

async fn a_mention_mail_is_not_sent_once_its_post_became_unreadable(app: TestApp, smtp: SmtpServer) {
    let mut app = app;
    app.stop_worker();
    app.add_user("eva", plein_testkit::PASSWORD).await;
    app.grant("eva", Capability::CreateSpaces).await;
    let mut eva = app.login_as("eva").await;
    let res = eva
        .post_form("/teams", &[("name", "Raad"), ("kind", "team"), ("visibility", "closed"), ("colour", "blue")])
        .await;
    let raad: i64 =
        res.header("location").unwrap().trim_start_matches("/teams/").split('?').next().unwrap().parse().unwrap();
    for name in ["jan", "piet"] {
        let u = app.add_user(name, plein_testkit::PASSWORD).await;
        app.store().add_space_member(raad, u.id, plein_core::policy::SpaceRole::Member).await.unwrap();
    }
    let place = format!("space:{raad}");
    let back = format!("/teams/{raad}");
    let fields = [("plaats", place.as_str()), ("body", "Vergadering met @jan en @piet"), ("terug", back.as_str())];
    assert_eq!(eva.post_form("/berichten", &fields).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store().count_jobs().await.unwrap().waiting, 2, "two mails, enqueued with the post");

    // Before the mails go out, jan leaves the closed team: his is not sent, piet's is.
    let jan = app.store().user_by_login("jan").await.unwrap().unwrap();
    app.store().remove_space_member(raad, jan.id).await.unwrap();
    assert_eq!(app.app.run_due_jobs().await.unwrap(), 2);
    let mails = smtp.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.messages().len(), 1, "{mails:?}");
    assert!(mails[0].contains("piet@voorbeeld.nl") && !mails[0].contains("jan@voorbeeld.nl"), "{}", mails[0]);
    assert!(app.store().list_open_jobs(10).await.unwrap().is_empty(), "the dropped mail's job is done, not failed");
}

/// On PostgreSQL, a node's idle workers hear of a job another node enqueued at once, rather than
/// at their next look at the queue. (SQLite has one node, whose workers poll.)
async fn on_postgres_a_new_job_wakes_idle_workers_on_other_nodes(app: TestApp, smtp: SmtpServer) {
    let mut app = app;
    if app.store().backend() == plein_store::Backend::Sqlite {
        return;
    }
    app.stop_worker();
    let store = plein_store::Store::connect(app.store_options().clone()).await.unwrap();
    let settings = plein_app::Settings {
        jobs: plein_app::jobs::JobSettings { poll: Duration::from_secs(60), ..quick_jobs() },
        ..Default::default()
    };
    let mailer = plein_app::mail::Mailer::new(&smtp.config()).unwrap();
    let other = plein_app::App::new(store, settings).with_mailer(mailer);
    let jobs = other.start_jobs();
    // Its first look at the queue passes; then it idles (and listens).
    tokio::time::sleep(Duration::from_secs(1)).await;
    let asked = std::time::Instant::now();
    app.app.enqueue(mail(1)).await.unwrap();
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1);
    assert!(asked.elapsed() < Duration::from_secs(5), "woken, not polled a minute later: {:?}", asked.elapsed());
    jobs.stop(Duration::from_secs(5)).await;
}
