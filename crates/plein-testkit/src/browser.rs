//! An in-process browser: a cookie jar, the CSRF token of the last page, forms and uploads sent
//! through the router, and responses read whole or as they arrive.

use super::*;

/// An HTTP response, read whole.
#[derive(Debug)]
pub struct TestResponse {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body as text.
    pub body: String,
}

impl TestResponse {
    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Every `Set-Cookie` value.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok().map(str::to_owned)).collect()
    }
}

/// A client with a cookie jar, like one browser.
#[derive(Clone)]
pub struct Browser {
    router: Router,
    /// Cookies by name.
    pub cookies: HashMap<String, String>,
    peer: Option<SocketAddr>,
    headers: Vec<(String, String)>,
}

impl Browser {
    /// A browser with an empty cookie jar on `router`.
    pub(crate) fn new(router: Router) -> Self {
        Browser { router, cookies: HashMap::new(), peer: None, headers: Vec::new() }
    }

    /// Sends requests as if from `addr`.
    pub fn from_addr(mut self, addr: SocketAddr) -> Browser {
        self.peer = Some(addr);
        self
    }

    /// Adds a header to every request.
    pub fn with_header(mut self, name: &str, value: &str) -> Browser {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.send(Request::get(path), Body::empty()).await
    }

    /// `GET path`, which must answer 200: its body. For negative checks ("the page does not show
    /// …"), so that an error page cannot pass them.
    pub async fn page(&mut self, path: &str) -> String {
        let res = self.get(path).await;
        assert_eq!(res.status, StatusCode::OK, "GET {path}: {}", res.body);
        res.body
    }

    /// `POST path` with a form.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let req = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        self.send(req, Body::from(body)).await
    }

    /// `POST path` with one text file, as `multipart/form-data`.
    pub async fn post_file(&mut self, path: &str, field: &str, file_name: &str, content: &str) -> TestResponse {
        self.post_bytes(path, field, file_name, "text/csv", content.as_bytes()).await
    }

    /// `POST path` with one file of any type, as `multipart/form-data`.
    pub async fn post_bytes(
        &mut self,
        path: &str,
        field: &str,
        file_name: &str,
        content_type: &str,
        content: &[u8],
    ) -> TestResponse {
        self.post_parts(path, &[(field, file_name, content_type, content)]).await
    }

    /// `POST path` as `multipart/form-data` with several parts: (field, file name, content type,
    /// content); an empty file name makes a plain field.
    pub async fn post_parts(&mut self, path: &str, parts: &[(&str, &str, &str, &[u8])]) -> TestResponse {
        let boundary = "plein-test-boundary-7d1f";
        let mut body = Vec::new();
        for (field, file_name, content_type, content) in parts {
            let file = if file_name.is_empty() { String::new() } else { format!("; filename=\"{file_name}\"") };
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"{file}\r\n\
                     Content-Type: {content_type}\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let req = Request::post(path).header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
        self.send(req, Body::from(body)).await
    }

    /// `GET path`, with the body left to be read as it arrives (server-sent events).
    pub async fn open(&mut self, path: &str) -> OpenResponse {
        let req = self.request(Request::get(path), Body::empty());
        let res = self.router.clone().oneshot(req).await.unwrap();
        OpenResponse { status: res.status(), body: res.into_body() }
    }

    /// The request as this browser sends it: its host, cookies, headers and address.
    fn request(&self, mut req: axum::http::request::Builder, body: Body) -> Request<Body> {
        if !self.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            req = req.header(header::HOST, "localhost");
        }
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            req = req.header(header::COOKIE, jar.join("; "));
        }
        for (k, v) in &self.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let mut req = req.body(body).unwrap();
        // What `into_make_service_with_connect_info` gives a real server.
        let peer = self.peer.unwrap_or(SocketAddr::from(([127, 0, 0, 1], 40000)));
        req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        req
    }

    /// Sends a request built by the caller, with this browser's cookies.
    pub async fn send(&mut self, req: axum::http::request::Builder, body: Body) -> TestResponse {
        let req = self.request(req, body);
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        let res = TestResponse { status, headers, body };
        for raw in res.set_cookies() {
            let c = cookie::Cookie::parse(raw).unwrap();
            if c.max_age() == Some(cookie::time::Duration::ZERO) {
                self.cookies.remove(c.name());
            } else {
                self.cookies.insert(c.name().to_owned(), c.value().to_owned());
            }
        }
        res
    }
}

/// A response whose body is read as it arrives, such as a stream of server-sent events.
pub struct OpenResponse {
    /// Status.
    pub status: StatusCode,
    body: Body,
}

/// What arrived on an open response within the time waited.
#[derive(Debug, PartialEq, Eq)]
pub enum Arrival {
    /// Some text.
    Text(String),
    /// Nothing: the body is still open.
    Nothing,
    /// The body ended.
    End,
}

impl OpenResponse {
    /// The next piece of the body to arrive within `wait`.
    pub async fn next(&mut self, wait: std::time::Duration) -> Arrival {
        use axum::body::HttpBody;
        loop {
            let frame = std::future::poll_fn(|cx| std::pin::Pin::new(&mut self.body).poll_frame(cx));
            match tokio::time::timeout(wait, frame).await {
                Err(_) => return Arrival::Nothing,
                Ok(None) => return Arrival::End,
                Ok(Some(frame)) => match frame.unwrap().into_data() {
                    Ok(bytes) => return Arrival::Text(String::from_utf8_lossy(&bytes).into_owned()),
                    // Trailers: nothing to read.
                    Err(_) => continue,
                },
            }
        }
    }

    /// Everything that arrives until the body ends, if it ends within `wait`; `Err` with what
    /// arrived meanwhile if it does not.
    pub async fn rest(&mut self, wait: std::time::Duration) -> Result<String, String> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut text = String::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await {
                Arrival::Text(t) => text.push_str(&t),
                Arrival::End => return Ok(text),
                Arrival::Nothing => return Err(text),
            }
        }
    }

    /// What arrives until `wanted` is among it (`Ok`), or until `wait` passes or the body ends (`Err`).
    pub async fn until(&mut self, wanted: &str, wait: std::time::Duration) -> Result<String, String> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut text = String::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await {
                Arrival::Text(t) => {
                    text.push_str(&t);
                    if text.contains(wanted) {
                        return Ok(text);
                    }
                }
                Arrival::End | Arrival::Nothing => return Err(text),
            }
        }
    }
}
