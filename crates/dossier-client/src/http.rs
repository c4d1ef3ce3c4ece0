//! The client's HTTP transport: reqwest with rustls natively; the platform's `fetch` in
//! WebAssembly. reqwest's WebAssembly build would bring `url` and, through it, `idna` with the
//! ICU normalisation tables (well over 100 KB gzip) into a package citizens download on slow
//! phones; `fetch` is already there, and the browser does TLS. Everything above this module
//! (retries, tus, errors) is the same code on both.

use std::time::Duration;

/// One request.
pub(crate) struct Request {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<Vec<u8>>,
}

impl Request {
    pub fn new(method: &'static str, url: &str) -> Request {
        Request {
            method,
            url: url.to_owned(),
            headers: Vec::new(),
            body: None,
        }
    }

    #[must_use]
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Request {
        self.headers.push((name, value.into()));
        self
    }

    #[must_use]
    pub fn body(mut self, body: Vec<u8>) -> Request {
        self.body = Some(body);
        self
    }
}

/// One answer: status, the headers the client reads (lower-case names), the body.
pub(crate) struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Why a request got no answer.
pub(crate) enum SendError {
    /// The TLS handshake failed (natively; in a browser the browser reports it as a network
    /// failure, without saying why).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    Tls(String),
    Timeout(String),
    Network(String),
    /// The answer is larger than any answer of the API ([`MAX_RESPONSE_BYTES`]): not read on.
    TooLarge,
}

/// No answer of the API is larger (a report with every finding, a dossier's history).
pub(crate) const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// Headers every answer of the API may carry that the client reads.
const READ_HEADERS: &[&str] = &[
    "location",
    "retry-after",
    "upload-offset",
    "dossier-attachment-sha256",
];

#[cfg(not(target_arch = "wasm32"))]
pub(crate) use native::Http;
#[cfg(target_arch = "wasm32")]
pub(crate) use web::Http;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::{Request, Response, SendError, READ_HEADERS};
    use crate::Error;
    use std::time::Duration;

    #[derive(Clone)]
    pub(crate) struct Http(reqwest::Client);

    impl Http {
        /// Web PKI roots, plus the CAs of `pem`; bounded connect and request times.
        pub fn new(pem: Option<&[u8]>) -> Result<Http, Error> {
            let mut builder = reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(10))
                .timeout(super::REQUEST_TIMEOUT);
            if let Some(pem) = pem {
                let certs = reqwest::Certificate::from_pem_bundle(pem)
                    .map_err(|e| Error::Config(format!("the CA certificate is not PEM: {e}")))?;
                if certs.is_empty() {
                    return Err(Error::Config("the CA file holds no PEM certificate".into()));
                }
                for cert in certs {
                    builder = builder.add_root_certificate(cert);
                }
            }
            builder
                .build()
                .map(Http)
                .map_err(|e| Error::Config(format!("cannot set up HTTPS: {e}")))
        }

        pub async fn send(&self, req: Request) -> Result<Response, SendError> {
            let method = reqwest::Method::from_bytes(req.method.as_bytes())
                .map_err(|e| SendError::Network(e.to_string()))?;
            let mut builder = self.0.request(method, &req.url);
            for (name, value) in &req.headers {
                builder = builder.header(*name, value);
            }
            if let Some(body) = req.body {
                builder = builder.body(body);
            }
            let response = builder.send().await.map_err(|e| classify(&e))?;
            let status = response.status().as_u16();
            let headers = READ_HEADERS
                .iter()
                .filter_map(|name| {
                    response
                        .headers()
                        .get(*name)
                        .and_then(|v| v.to_str().ok())
                        .map(|v| ((*name).to_owned(), v.to_owned()))
                })
                .collect();
            let mut response = response;
            let mut body = Vec::new();
            while let Some(piece) = response.chunk().await.map_err(|e| classify(&e))? {
                if body.len() + piece.len() > super::MAX_RESPONSE_BYTES {
                    return Err(SendError::TooLarge);
                }
                body.extend_from_slice(&piece);
            }
            Ok(Response {
                status,
                headers,
                body,
            })
        }
    }

    fn classify(e: &reqwest::Error) -> SendError {
        if let Some(tls) = tls_failure(e) {
            return SendError::Tls(tls);
        }
        if e.is_timeout() {
            SendError::Timeout(describe(e))
        } else {
            SendError::Network(describe(e))
        }
    }

    /// A reqwest error with its causes (reqwest's own message is only the outermost one).
    fn describe(e: &reqwest::Error) -> String {
        let mut out = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            out.push_str(": ");
            out.push_str(&s.to_string());
            source = s.source();
        }
        out
    }

    /// The TLS error inside a failed request, if the failure was the TLS handshake.
    fn tls_failure(e: &reqwest::Error) -> Option<String> {
        let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
        while let Some(err) = source {
            // io::Error hides its custom inner error from `source()`, and the TLS stack nests
            // one io::Error in another: look inside each.
            let mut inner: &(dyn std::error::Error + 'static) = err;
            loop {
                if let Some(tls) = inner.downcast_ref::<rustls::Error>() {
                    return Some(tls.to_string());
                }
                match inner
                    .downcast_ref::<std::io::Error>()
                    .and_then(std::io::Error::get_ref)
                {
                    Some(next) => inner = next,
                    None => break,
                }
            }
            source = err.source();
        }
        None
    }
}

#[cfg(target_arch = "wasm32")]
mod web {
    use super::{Request, Response, SendError, READ_HEADERS};
    use crate::Error;
    use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    #[derive(Clone)]
    pub(crate) struct Http;

    fn get(target: &JsValue, key: &str) -> JsValue {
        Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
    }

    fn call(target: &JsValue, method: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
        let f: Function = get(target, method).dyn_into()?;
        match args {
            [] => f.call0(target),
            [a] => f.call1(target, a),
            [a, b] => f.call2(target, a, b),
            _ => Err(JsValue::from_str("too many arguments")),
        }
    }

    fn message(e: &JsValue) -> String {
        e.as_string()
            .or_else(|| get(e, "message").as_string())
            .unwrap_or_else(|| "fetch failed".into())
    }

    impl Http {
        pub fn new(pem: Option<&[u8]>) -> Result<Http, Error> {
            if pem.is_some() {
                return Err(Error::Config(
                    "a CA certificate cannot be added in the browser".into(),
                ));
            }
            Ok(Http)
        }

        /// `fetch` of the global scope (a page, a worker, Node), with a timeout.
        pub async fn send(&self, req: Request) -> Result<Response, SendError> {
            let global = js_sys::global();
            let init = Object::new();
            let set = |k: &str, v: &JsValue| {
                let _ = Reflect::set(&init, &k.into(), v);
            };
            set("method", &req.method.into());
            let headers = Object::new();
            for (name, value) in &req.headers {
                let _ = Reflect::set(&headers, &(*name).into(), &value.into());
            }
            set("headers", &headers);
            if let Some(body) = &req.body {
                set("body", &Uint8Array::from(body.as_slice()));
            }
            // AbortSignal.timeout where the platform has it.
            let abort = get(&global, "AbortSignal");
            if let Ok(signal) = call(
                &abort,
                "timeout",
                &[&JsValue::from_f64(super::REQUEST_TIMEOUT.as_millis() as f64)],
            ) {
                set("signal", &signal);
            }
            let promise: Promise = call(&global, "fetch", &[&req.url.into(), &init])
                .and_then(|p| p.dyn_into())
                .map_err(|e| SendError::Network(message(&e)))?;
            let response = JsFuture::from(promise).await.map_err(|e| {
                let name = get(&e, "name").as_string().unwrap_or_default();
                if name == "TimeoutError" || name == "AbortError" {
                    SendError::Timeout(message(&e))
                } else {
                    SendError::Network(message(&e))
                }
            })?;
            let status = get(&response, "status").as_f64().unwrap_or(0.0) as u16;
            let js_headers = get(&response, "headers");
            let headers = READ_HEADERS
                .iter()
                .filter_map(|name| {
                    call(&js_headers, "get", &[&(*name).into()])
                        .ok()
                        .and_then(|v| v.as_string())
                        .map(|v| ((*name).to_owned(), v))
                })
                .collect();
            let declared = call(&js_headers, "get", &[&"content-length".into()])
                .ok()
                .and_then(|v| v.as_string())
                .and_then(|v| v.trim().parse::<usize>().ok());
            if declared.is_some_and(|n| n > super::MAX_RESPONSE_BYTES) {
                return Err(SendError::TooLarge);
            }
            let body =
                match call(&response, "arrayBuffer", &[]).and_then(|p| p.dyn_into::<Promise>()) {
                    Ok(p) => JsFuture::from(p)
                        .await
                        .map(|b| Uint8Array::new(&b).to_vec())
                        .map_err(|e| SendError::Network(message(&e)))?,
                    Err(_) => Vec::new(),
                };
            if body.len() > super::MAX_RESPONSE_BYTES {
                return Err(SendError::TooLarge);
            }
            Ok(Response {
                status,
                headers,
                body,
            })
        }
    }
}

/// The longest a request may take (a chunk sized for 15 s at the speed measured, and margin).
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(180);
