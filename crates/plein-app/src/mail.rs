//! Outgoing e-mail: SMTP in production, `.eml` files in a folder for development, or off.

use std::path::PathBuf;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Deserialize;

/// Where mail goes.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MailMode {
    /// Through an SMTP server.
    Smtp,
    /// As `.eml` files in a folder (development).
    #[default]
    Files,
    /// Nowhere.
    Off,
}

/// How to talk to the SMTP server.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MailTls {
    /// Plain SMTP (only for a relay on the same machine or network).
    None,
    /// Upgrade with STARTTLS (port 587).
    #[default]
    Starttls,
    /// TLS from the start (port 465).
    Tls,
}

/// Mail settings.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailConfig {
    /// `smtp`, `files` or `off`.
    pub mode: MailMode,
    /// SMTP host.
    pub host: String,
    /// SMTP port.
    pub port: u16,
    /// `none`, `starttls` or `tls`.
    pub tls: MailTls,
    /// SMTP user name, if the server wants one.
    pub username: Option<String>,
    /// SMTP password.
    pub password: Option<String>,
    /// The sender, e.g. `Samen@Work <intranet@voorbeeld.nl>`.
    pub from: String,
    /// The folder for `files` mode.
    pub folder: PathBuf,
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            mode: MailMode::Files,
            host: "127.0.0.1".into(),
            port: 587,
            tls: MailTls::Starttls,
            username: None,
            password: None,
            from: "Plein <noreply@localhost>".into(),
            folder: PathBuf::from("data/mail"),
        }
    }
}

/// What every mail to a person needs besides its text.
#[derive(Clone, Debug)]
pub struct MailContext {
    /// The organisation's (intranet's) name.
    pub organisation: String,
    /// The site's address, e.g. `https://intranet.voorbeeld.nl`, without a trailing slash.
    pub base_url: String,
    /// The language of the mail.
    pub locale: plein_core::Locale,
}

/// A mail ready to send, as a job in the queue carries it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OutgoingMail {
    /// The recipient's address.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// The plain text.
    pub body: String,
    /// What a notification mail tells of: it is sent only while its recipient may read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<About>,
}

/// Who must still be able to read which post or news item when a notification mail goes out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct About {
    /// The recipient.
    pub user_id: i64,
    /// The post (of a mention in a post or a comment on it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_id: Option<i64>,
    /// The news item (of a mention in a comment on it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub news_id: Option<i64>,
}

impl About {
    /// A mail to `user_id` about what a comment is `on` (a post: also a mention in the post).
    pub fn on(user_id: i64, on: plein_store::stream::CommentOn) -> About {
        match on {
            plein_store::stream::CommentOn::Post(id) => About { user_id, post_id: Some(id), news_id: None },
            plein_store::stream::CommentOn::News(id) => About { user_id, post_id: None, news_id: Some(id) },
        }
    }

    /// What the mail is about; none for a mail about nothing known (sent to nobody).
    pub fn thread(&self) -> Option<plein_store::stream::CommentOn> {
        match (self.post_id, self.news_id) {
            (Some(id), _) => Some(plein_store::stream::CommentOn::Post(id)),
            (None, Some(id)) => Some(plein_store::stream::CommentOn::News(id)),
            (None, None) => None,
        }
    }
}

/// Why mail could not be set up or sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The configuration is unusable.
    #[error("mail configuration: {0}")]
    Config(String),
    /// The address or message is unusable.
    #[error("message: {0}")]
    Message(String),
    /// The server or folder refused it.
    #[error("sending failed: {0}")]
    Send(String),
}

/// Reads `Name <address>` or a bare address; a name with special characters such as
/// "Samen@Work" needs no quotes.
fn parse_mailbox(s: &str) -> Result<Mailbox, lettre::address::AddressError> {
    if let Ok(mailbox) = s.parse() {
        return Ok(mailbox);
    }
    match s.trim().strip_suffix('>').and_then(|rest| rest.rsplit_once('<')) {
        Some((name, address)) => Ok(Mailbox::new(Some(name.trim().to_owned()), address.trim().parse()?)),
        None => s.trim().parse::<lettre::Address>().map(|a| Mailbox::new(None, a)),
    }
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
    Off,
}

/// Sends e-mail as configured.
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Option<Mailbox>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mode = match self.transport {
            Transport::Smtp(_) => "smtp",
            Transport::Files(_) => "files",
            Transport::Off => "off",
        };
        f.debug_struct("Mailer")
            .field("mode", &mode)
            .field("from", &self.from.as_ref().map(Mailbox::to_string))
            .finish()
    }
}

impl Mailer {
    /// A mailer that sends nothing.
    pub fn off() -> Mailer {
        Mailer { transport: Transport::Off, from: None }
    }

    /// A mailer as configured.
    pub fn new(config: &MailConfig) -> Result<Mailer, MailError> {
        let from = parse_mailbox(&config.from).map_err(|e| MailError::Config(format!("from: {e}")))?;
        let transport = match config.mode {
            MailMode::Off => Transport::Off,
            MailMode::Files => {
                std::fs::create_dir_all(&config.folder)
                    .map_err(|e| MailError::Config(format!("{}: {e}", config.folder.display())))?;
                Transport::Files(AsyncFileTransport::new(&config.folder))
            }
            MailMode::Smtp => {
                let builder = match config.tls {
                    MailTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host),
                    MailTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host)
                        .map_err(|e| MailError::Config(e.to_string()))?,
                    MailTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host)
                        .map_err(|e| MailError::Config(e.to_string()))?,
                };
                let mut builder = builder.port(config.port);
                if let (Some(user), Some(password)) = (&config.username, &config.password) {
                    builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
                }
                Transport::Smtp(builder.build())
            }
        };
        Ok(Mailer { transport, from: Some(from) })
    }

    /// Sends a plain-text message. `key` names the message for good (a job's id): a message
    /// sent again, after a crash between sending and recording it, carries the same Message-ID,
    /// by which mail programs know it for the same message.
    pub async fn send(&self, to: &str, subject: &str, body: String, key: &str) -> Result<(), MailError> {
        let Some(from) = self.from.clone() else {
            return Ok(());
        };
        let to: Mailbox = to.parse().map_err(|e| MailError::Message(format!("to: {e}")))?;
        let message_id = format!("<{key}@{}>", from.email.domain());
        let message = Message::builder()
            .message_id(Some(message_id))
            .from(from)
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| MailError::Message(e.to_string()))?;
        match &self.transport {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| MailError::Send(e.to_string())),
            Transport::Files(t) => t.send(message).await.map(|_| ()).map_err(|e| MailError::Send(e.to_string())),
            Transport::Off => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_mailbox;

    #[test]
    fn senders_need_no_quotes() {
        let m = parse_mailbox("Samen@Work <intranet@voorbeeld.nl>").map(|m| m.to_string());
        assert_eq!(m.as_deref(), Ok("\"Samen@Work\" <intranet@voorbeeld.nl>"));
        assert!(parse_mailbox("intranet@voorbeeld.nl").is_ok());
        assert!(parse_mailbox("Plein <geen adres>").is_err());
    }
}
