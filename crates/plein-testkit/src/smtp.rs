//! A real SMTP server for tests, so that mail is sent as a server sends it and read as it arrived.

/// A real SMTP server (Python's `aiosmtpd`) on a free local port, storing what it receives
/// in a Maildir; stopped when dropped.
pub struct SmtpServer {
    child: std::process::Child,
    /// The port it listens on.
    pub port: u16,
    dir: tempfile::TempDir,
}

impl SmtpServer {
    /// Starts the server and waits until it accepts connections.
    pub fn start() -> SmtpServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        SmtpServer::start_on(port)
    }

    /// Stops the server: nothing listens on its port until [`SmtpServer::start_on`] that port.
    pub fn stop(self) -> u16 {
        self.port
    }

    /// Starts the server on `port` (one that a stopped server used, say), with an empty mailbox.
    pub fn start_on(port: u16) -> SmtpServer {
        let dir = tempfile::tempdir().unwrap();
        let child = std::process::Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("maildir"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 with aiosmtpd (pip install aiosmtpd) runs the test SMTP server");
        let server = SmtpServer { child, port, dir };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("the test SMTP server did not start on port {port}");
    }

    /// Mail settings that send to this server.
    pub fn config(&self) -> plein_app::mail::MailConfig {
        plein_app::mail::MailConfig {
            mode: plein_app::mail::MailMode::Smtp,
            host: "127.0.0.1".into(),
            port: self.port,
            tls: plein_app::mail::MailTls::None,
            from: "Samen@Work <intranet@voorbeeld.nl>".into(),
            ..Default::default()
        }
    }

    /// Every message received so far, as raw text, oldest first.
    pub fn messages(&self) -> Vec<String> {
        let new = self.dir.path().join("maildir").join("new");
        let mut files: Vec<_> = std::fs::read_dir(&new).map(|d| d.filter_map(Result::ok).collect()).unwrap_or_default();
        files.sort_by_key(|f| f.metadata().and_then(|m| m.modified()).ok());
        files.iter().filter_map(|f| std::fs::read_to_string(f.path()).ok()).collect()
    }

    /// Waits (up to ten seconds) until `count` messages have arrived, for mail sent in the
    /// background, and returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<String> {
        for _ in 0..200 {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        self.messages()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
