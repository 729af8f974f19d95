//! What the job queue does for news: tell the audience when an item appears (once, on one
//! node, at its publish time), remind those who have not confirmed, and send each mail only if
//! its recipient may still read (and, for a reminder, still has to confirm) the item when it goes out.

use plein_core::Locale;
use plein_core::policy::{Action, NewsState, Target, authorize};
use plein_store::notifications::NotificationKind;
use plein_store::now;

use super::news_facts;
use crate::jobs::Job;
use crate::mail::OutgoingMail;
use crate::{App, Result, i18n};

/// People told per statement.
const BATCH: u64 = 1_000;

impl App {
    /// Tells an item's audience that it appeared: in the app (news that asks for confirmation,
    /// and ordinary news for whoever wants to hear of it) and by e-mail (news that asks for
    /// confirmation, and ordinary news for whoever chose mail). Once per item, whatever runs it;
    /// an item rescheduled later waits for its own job.
    pub(crate) async fn announce_news(&self, news_id: i64) -> Result<()> {
        let Some(row) = self.store.news_by_id(0, news_id).await? else { return Ok(()) };
        let f = news_facts(&row, now());
        if f.state != NewsState::Published || row.announced_at.is_some() {
            return Ok(());
        }
        let tx = self.store.begin().await?;
        if !tx.mark_news_announced(news_id).await? {
            return Ok(());
        }
        // The item changes in the change log as it appears: the search index takes it in now.
        tx.touch_news(news_id).await?;
        let mut counted = Vec::new();
        let mut after = 0;
        loop {
            let people = tx.news_audience_ids(news_id, &row.audience, None, after, BATCH).await?;
            let Some(last) = people.last().map(|(id, _)| *id) else { break };
            after = last;
            let told: Vec<i64> = people
                .iter()
                .filter(|(id, choice)| *id != row.author_id && (row.confirmation || choice != "none"))
                .map(|(id, _)| *id)
                .collect();
            counted.extend(tx.notify_news(NotificationKind::News, news_id, Some(row.author_id), &told).await?);
            if self.site.base_url.is_some() {
                for (user_id, choice) in &people {
                    if *user_id != row.author_id && (row.confirmation || choice == "mail") {
                        let job = Job::NewsMail { news_id, user_id: *user_id, reminder: false };
                        self.enqueue_in(&tx, job).await?;
                    }
                }
            }
        }
        tx.commit().await?;
        self.tell(counted, None);
        Ok(())
    }

    /// Reminds the audience's people who have not confirmed version `version` (if it is still
    /// the current one), in the app and by e-mail.
    pub(crate) async fn remind_news(&self, news_id: i64, version: i32, by: i64) -> Result<()> {
        let Some(row) = self.store.news_by_id(0, news_id).await? else { return Ok(()) };
        let f = news_facts(&row, now());
        if row.version != version || !row.confirmation || !f.state.public() {
            return Ok(());
        }
        let tx = self.store.begin().await?;
        let mut counted = Vec::new();
        let mut after = 0;
        loop {
            let people = tx.news_audience_ids(news_id, &row.audience, Some(version), after, BATCH).await?;
            let Some(last) = people.last().map(|(id, _)| *id) else { break };
            after = last;
            let ids: Vec<i64> = people.iter().map(|(id, _)| *id).collect();
            counted.extend(tx.notify_news(NotificationKind::NewsReminder, news_id, Some(by), &ids).await?);
            if self.site.base_url.is_some() {
                for user_id in ids {
                    self.enqueue_in(&tx, Job::NewsMail { news_id, user_id, reminder: true }).await?;
                }
            }
        }
        tx.commit().await?;
        self.tell(counted, None);
        Ok(())
    }

    /// Sends one news mail, if its recipient may still use their account and read the item (and,
    /// for a reminder, still has to confirm it) now.
    pub(crate) async fn mail_news(&self, news_id: i64, user_id: i64, reminder: bool, key: &str) -> Result<()> {
        let Some(base) = self.site.base_url.clone() else { return Ok(()) };
        let Some(user) = self.store.user_by_id(user_id).await? else { return Ok(()) };
        if crate::accounts::may_log_in(&user, now()).is_err() {
            return Ok(());
        }
        let actor = self.actor_for(user.id, user.kind, user.is_admin).await?;
        let Some(row) = self.store.news_by_id(user.id, news_id).await? else { return Ok(()) };
        let f = news_facts(&row, now());
        if !authorize(Some(&actor), Action::Read, Target::News(&f)).allowed() {
            tracing::info!(news = news_id, "a news mail was dropped: its reader may no longer read it");
            return Ok(());
        }
        let asks = authorize(Some(&actor), Action::Confirm, Target::News(&f)).allowed() && row.confirmed_at.is_none();
        if reminder && !asks {
            return Ok(());
        }
        let l = user.locale.as_deref().and_then(Locale::parse).unwrap_or_default();
        let due = row.confirm_due.map(|d| i18n::exact_time(l, d)).unwrap_or_default();
        let args = [
            ("title", row.title.as_str()),
            ("organisation", self.site.organisation.as_str()),
            ("name", user.display_name.as_str()),
            ("due", due.as_str()),
        ];
        let (subject, intro) = match (reminder, asks) {
            (true, _) => ("mail-news-reminder-subject", "mail-news-reminder-intro"),
            (false, true) => ("mail-news-confirm-subject", "mail-news-confirm-intro"),
            (false, false) => ("mail-news-subject", "mail-news-intro"),
        };
        let mut parts = vec![i18n::t_text(l, intro, &args), row.title.clone()];
        if !row.lead.is_empty() {
            parts.push(row.lead.clone());
        }
        if asks && row.confirm_due.is_some() {
            parts.push(i18n::t_text(l, "mail-news-due", &args));
        }
        parts.push(format!("{base}/nieuws/{news_id}"));
        parts.push(i18n::t_text(
            l,
            "mail-notification-settings",
            &[("url", &format!("{base}/meldingen#instellingen"))],
        ));
        let mail = OutgoingMail {
            to: user.email.clone(),
            subject: i18n::t_text(l, subject, &args),
            body: parts.join("\n\n"),
            about: None,
        };
        self.mailer
            .send(&mail.to, &mail.subject, mail.body, key)
            .await
            .map_err(|e| crate::Failure::Mail(e.to_string()))?;
        Ok(())
    }
}
