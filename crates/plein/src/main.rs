//! `plein`: the one binary. Serves the intranet and administers it from the command line.

mod config;

use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use plein_app::accounts::NewUser;
use plein_app::{App, DemoOutcome, Scale};
use plein_core::Locale;
use plein_core::UserKind;
use plein_store::{Store, StoreOptions};
use plein_web::i18n;
use tracing_subscriber::EnvFilter;

use crate::config::Config;

// Pages allocate many small strings and JSON values; mimalloc serves them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Plein, the social intranet.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Configuration file.
    #[arg(long, env = "PLEIN_CONFIG", default_value = "plein.toml", global = true)]
    config: PathBuf,
    /// Database URL (overrides the file and PLEIN_DATABASE_URL): sqlite://data/plein.db or postgres://…
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the intranet (runs migrations first).
    Serve {
        /// Address to listen on (overrides the file and PLEIN_BIND).
        #[arg(long)]
        bind: Option<SocketAddr>,
        /// Create the demo organisation first if the database has no users yet.
        #[arg(long)]
        demo: bool,
        /// Size of that demo.
        #[arg(long, value_enum, default_value_t = DemoScale::Small)]
        demo_scale: DemoScale,
    },
    /// Bring the database schema up to date.
    Migrate,
    /// Create the demo organisation "Gemeente Voorbeeld" in an empty database.
    Demo {
        /// How big.
        #[arg(long, value_enum, default_value_t = DemoScale::Small)]
        scale: DemoScale,
    },
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// The search index.
    #[command(subcommand)]
    Search(SearchCommand),
}

#[derive(Subcommand)]
enum SearchCommand {
    /// Build this node's search index afresh from the database (stop the server on this node
    /// first: one process writes an index). The server also builds one when it finds none.
    Rebuild,
}

#[derive(Clone, Copy, ValueEnum)]
enum DemoScale {
    Small,
    Large,
}

impl From<DemoScale> for Scale {
    fn from(s: DemoScale) -> Scale {
        match s {
            DemoScale::Small => Scale::Small,
            DemoScale::Large => Scale::Large,
        }
    }
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account.
    Add(AddUser),
    /// Set a new password (ends the user's sessions).
    Passwd {
        /// Username or e-mail address.
        username: String,
        /// Read the password from standard input instead of prompting.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Stop a user from logging in; their sessions end at once.
    Deactivate {
        /// Username or e-mail address.
        username: String,
    },
    /// Let a deactivated user log in again.
    Reactivate {
        /// Username or e-mail address.
        username: String,
    },
}

#[derive(Args)]
struct AddUser {
    /// Login name (a-z, 0-9, . _ -).
    username: String,
    /// Full name as shown to colleagues.
    #[arg(long)]
    name: String,
    /// E-mail address.
    #[arg(long)]
    email: String,
    /// Make the user an administrator.
    #[arg(long)]
    admin: bool,
    /// Create an external guest instead of an employee.
    #[arg(long)]
    guest: bool,
    /// Read the password from standard input instead of prompting.
    #[arg(long)]
    password_stdin: bool,
}

/// The language of the command line: from `LC_ALL`, `LC_MESSAGES` or `LANG`, Dutch by default.
fn cli_locale() -> Locale {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| Locale::parse(&v))
        .unwrap_or_default()
}

fn say(key: &str, args: &[(&'static str, &str)]) -> String {
    i18n::t_text(cli_locale(), key, args)
}

/// An account error in the user's language.
fn account_error(e: plein_app::Error) -> anyhow::Error {
    use plein_app::{Code, Error, Problem};
    let l = cli_locale();
    let text = match e {
        Error::Conflict(Problem { field, code: Code::Taken, .. }) => i18n::t_text(l, "cli-taken", &[("field", field)]),
        Error::Invalid(Problem { code: code @ Code::Password(_), .. }) => i18n::problem(l, code),
        Error::Invalid(Problem { field, code, .. }) => {
            i18n::t_text(l, "cli-field", &[("field", field), ("message", &i18n::problem(l, code))])
        }
        Error::NotFound => i18n::t(l, "cli-no-such-user"),
        other => return anyhow::Error::new(other),
    };
    anyhow::anyhow!(text)
}

fn read_password(from_stdin: bool) -> Result<String> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password(format!("{} ", say("cli-password-prompt", &[])))?;
    let second = rpassword::prompt_password(format!("{} ", say("cli-password-again", &[])))?;
    if first != second {
        bail!(say("cli-password-mismatch", &[]));
    }
    Ok(first)
}

fn init_logging(config: &Config) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&config.log.filter));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if config.log.format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn open(config: &Config) -> Result<App> {
    let mut options = StoreOptions::new(config.database_url.clone());
    options.max_connections = config.database_max_connections;
    let store = Store::connect(options).await.with_context(|| "opening the database".to_owned())?;
    store.migrate().await.context("migrating the database")?;
    let mailer = plein_app::mail::Mailer::new(&config.mail).context("setting up e-mail")?;
    Ok(App::new(store, config.settings()).with_mailer(mailer))
}

/// This node's search index, opened (or made) in its folder.
fn open_search(config: &Config) -> Result<std::sync::Arc<plein_search::SearchIndex>> {
    let dir = config.search_dir();
    let index = plein_search::SearchIndex::open(&dir)
        .with_context(|| format!("opening the search index in {}", dir.display()))?;
    Ok(std::sync::Arc::new(index))
}

/// `plein search rebuild`: the index afresh, with the count and rate on the terminal.
async fn rebuild_search(config: &Config) -> Result<()> {
    let app = open(config).await?.with_search(open_search(config)?);
    let started = std::time::Instant::now();
    let rate = |n: u64| format!("{:.0}", n as f64 / started.elapsed().as_secs_f64().max(0.001));
    let mut last = std::time::Instant::now();
    let total = app
        .search()
        .rebuild_index(|n| {
            if last.elapsed() >= std::time::Duration::from_millis(250) {
                last = std::time::Instant::now();
                eprint!("\r{}", say("cli-search-progress", &[("items", &n.to_string()), ("rate", &rate(n))]));
            }
        })
        .await?;
    let seconds = format!("{:.1}", started.elapsed().as_secs_f64());
    eprintln!();
    println!(
        "{}",
        say("cli-search-rebuilt", &[("items", &total.to_string()), ("seconds", &seconds), ("rate", &rate(total))])
    );
    Ok(())
}

async fn create_demo(app: &App, scale: Scale) -> Result<()> {
    let started = std::time::Instant::now();
    match app.create_demo(scale).await? {
        DemoOutcome::Created(n) => {
            let seconds = format!("{:.1}", started.elapsed().as_secs_f64());
            println!("{}", say("cli-demo-created", &[("users", &n.to_string()), ("seconds", &seconds)]));
        }
        DemoOutcome::AlreadyPresent => println!("{}", say("cli-demo-present", &[])),
    }
    Ok(())
}

async fn shutdown_signal(app: App) {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
    app.notifications().close_live();
}

async fn serve(config: Config, demo: Option<Scale>) -> Result<()> {
    let app = open(&config).await?;
    if let Some(scale) = demo {
        create_demo(&app, scale).await?;
    }
    let listener =
        tokio::net::TcpListener::bind(config.bind).await.with_context(|| format!("listening on {}", config.bind))?;
    let addr = listener.local_addr()?;
    // Notification mails link to the public address, or (in development) to where we listen.
    let base_url = config.web().http.public_url.clone().unwrap_or_else(|| format!("http://{addr}"));
    let site = plein_app::Site { organisation: config.web().organisation.name.clone(), base_url: Some(base_url) };
    let app = app.with_site(site).relay_live().await.context("following live events of other nodes and processes")?;
    let app = app.with_search(open_search(&config)?);
    let state = plein_web::AppState::new(app.clone(), config.web())?;
    let router = plein_web::router(state);
    println!("{}", say("cli-listening", &[("address", &format!("http://{addr}/"))]));
    if demo.is_some() {
        let args = [
            ("admin", plein_app::DEMO_ADMIN),
            ("employee", plein_app::DEMO_EMPLOYEE),
            ("password", plein_app::DEMO_PASSWORD),
        ];
        println!("{}", say("cli-demo-login", &args));
    }
    // The job worker and the recurring jobs (housekeeping, digests), once across all nodes.
    let jobs = app.start_jobs();
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal(app.clone()))
        .await?;
    jobs.stop(std::time::Duration::from_secs(10)).await;
    app.store().clone().close().await?;
    Ok(())
}

async fn user_command(config: &Config, cmd: UserCommand) -> Result<()> {
    let app = open(config).await?;
    match cmd {
        UserCommand::Add(a) => {
            let password = read_password(a.password_stdin)?;
            let kind = if a.guest { UserKind::Guest } else { UserKind::Employee };
            let new = NewUser {
                username: a.username,
                email: a.email,
                display_name: a.name,
                kind,
                is_admin: a.admin,
                password,
            };
            let row = app.accounts().create_user(new, None).await.map_err(account_error)?;
            println!("{}", say("cli-user-created", &[("username", &row.username)]));
        }
        UserCommand::Passwd { username, password_stdin } => {
            let password = read_password(password_stdin)?;
            app.accounts().set_password(&username, &password).await.map_err(account_error)?;
            println!("{}", say("cli-password-set", &[]));
        }
        UserCommand::Deactivate { username } => {
            app.accounts().deactivate_user(&username, None).await.map_err(account_error)?;
            println!("{}", say("cli-user-deactivated", &[]));
        }
        UserCommand::Reactivate { username } => {
            app.accounts().reactivate_user(&username, None).await.map_err(account_error)?;
            println!("{}", say("cli-user-reactivated", &[]));
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let cli = Cli::parse();
    let loaded = Config::load(&cli.config).map_err(|e| anyhow::anyhow!("configuration: {e}"))?;
    let mut config = loaded.config;
    if let Some(url) = cli.database_url {
        config.database_url = url;
    }
    init_logging(&config);
    for variable in &loaded.ignored_env {
        tracing::warn!(variable, "ignoring an environment variable that names no setting");
    }
    match cli.command {
        Command::Serve { bind, demo, demo_scale } => {
            if let Some(bind) = bind {
                config.bind = bind;
            }
            serve(config, demo.then(|| demo_scale.into())).await
        }
        Command::Migrate => {
            open(&config).await?;
            println!("{}", say("cli-migrated", &[]));
            Ok(())
        }
        Command::Demo { scale } => create_demo(&open(&config).await?, scale.into()).await,
        Command::User(cmd) => user_command(&config, cmd).await,
        Command::Search(SearchCommand::Rebuild) => rebuild_search(&config).await,
    }
}
