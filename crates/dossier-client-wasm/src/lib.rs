//! WebAssembly binding of `dossier-client` (SPEC §11): the pages' uploads, submissions and
//! status calls go through the same Rust client as `dossier submit`, with the same retry
//! policy, upload protocol (tus, resumable) and error model. Conversion only: JS values in
//! (serde-wasm-bindgen, web-sys for `Blob`/`File`), the client's results out as plain objects.
#![forbid(unsafe_code)]

use dossier_client::{Error, Source, UploadOptions};
use js_sys::{Function, Promise, Reflect, Uint8Array};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** An uploaded file, known to the server by its SHA-256. */
export interface Uploaded { sha256: string; sizeBytes: number; mediaType: string }
export interface UploadOptions {
  mediaType: "application/pdf" | "image/jpeg" | "image/png";
  fileName?: string;
  /** Called with (bytes the server has, total) after each chunk. */
  onProgress?: (sent: number, total: number) => void;
  /** To keep the upload URL yourself (e.g. in IndexedDB, in a service worker): called with
   * the URL once the upload exists and with null when it is done; pass it back as `uploadUrl`
   * to resume. Without it, the URL is kept in localStorage (memory elsewhere) by file. */
  onUploadUrl?: (url: string | null) => void;
  uploadUrl?: string | null;
}
export interface SubmitOptions { idempotencyKey: string }
/** Filing at the counter: an officer's session token as well. */
export interface CounterOptions { idempotencyKey: string; staffToken: string }
/** Narrows the retry policy (never widens it): at most 8 attempts within 60 s. */
export interface ClientOptions { maxAttempts?: number; budgetMs?: number }
/** The receipt of a submission: keep `accessToken` to follow the dossier. */
export interface Receipt { id: string; code: string; accessToken: string; status: string; receivedAt: string; report: object; dueDate?: string | null }
/** The answer to a supplement or a withdrawal. */
export interface DeskReply { code: string; status: string; bodyVersion: number; dueDate: string | null; report: object }
/** A failure: `code` is the server's error code, or NETWORK, TIMEOUT, TLS, UNAVAILABLE, PROTOCOL; `status` the HTTP status or 0. */
export interface ClientError extends Error { code: string; status: number; body?: object }
"#;

/// The server's answers as plain JS objects (not `Map`s).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
}

/// An `Error` with `code` and `status` (and the server's body when it sent one).
fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    let _ = Reflect::set(&err, &"code".into(), &e.code().into());
    let _ = Reflect::set(&err, &"status".into(), &e.status().into());
    if let Error::Rejected { body, .. } = e {
        if let Ok(b) = to_js(body) {
            let _ = Reflect::set(&err, &"body".into(), &b);
        }
    }
    err.into()
}

fn usage(message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    let _ = Reflect::set(&err, &"code".into(), &"USAGE".into());
    let _ = Reflect::set(&err, &"status".into(), &0.into());
    err.into()
}

/// A `Blob` (or `File`) read slice by slice.
struct BlobSource(web_sys::Blob);

impl Source for BlobSource {
    fn len(&self) -> u64 {
        self.0.size() as u64
    }

    async fn read(&self, offset: u64, len: usize) -> Result<Vec<u8>, Error> {
        let end = (offset + len as u64).min(self.len());
        let slice = self
            .0
            .slice_with_f64_and_f64(offset as f64, end as f64)
            .map_err(|_| Error::Config("cannot read the file".into()))?;
        let buffer = JsFuture::from(slice.array_buffer())
            .await
            .map_err(|_| Error::Config("cannot read the file".into()))?;
        Ok(Uint8Array::new(&buffer).to_vec())
    }
}

/// Where upload URLs are kept between page loads: `localStorage` in a page, memory elsewhere
/// (Node, a service worker).
#[derive(Clone, Default)]
struct Urls(Rc<RefCell<HashMap<String, String>>>);

impl Urls {
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    fn get(&self, key: &str) -> Option<String> {
        match Urls::storage() {
            Some(s) => s.get_item(key).ok().flatten(),
            None => self.0.borrow().get(key).cloned(),
        }
    }

    fn set(&self, key: &str, value: Option<&str>) {
        match (Urls::storage(), value) {
            (Some(s), Some(v)) => {
                let _ = s.set_item(key, v);
            }
            (Some(s), None) => {
                let _ = s.remove_item(key);
            }
            (None, Some(v)) => {
                self.0.borrow_mut().insert(key.to_owned(), v.to_owned());
            }
            (None, None) => {
                self.0.borrow_mut().remove(key);
            }
        }
    }
}

/// The submission client of one server.
#[wasm_bindgen]
pub struct Client {
    inner: Rc<dossier_client::Client>,
    urls: Urls,
}

fn field(options: &JsValue, name: &str) -> JsValue {
    Reflect::get(options, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

#[wasm_bindgen]
impl Client {
    /// A client for the server at `baseUrl` (e.g. `location.origin`); `options` may narrow
    /// the retry policy (`maxAttempts`, `budgetMs`), e.g. to queue sooner on a weak network.
    #[wasm_bindgen(constructor)]
    pub fn new(
        base_url: &str,
        #[wasm_bindgen(unchecked_param_type = "ClientOptions | undefined")] options: JsValue,
    ) -> Client {
        let mut policy = dossier_client::RetryPolicy::default();
        if let Some(n) = field(&options, "maxAttempts").as_f64() {
            policy.max_attempts = (n as u32).clamp(1, policy.max_attempts);
        }
        if let Some(ms) = field(&options, "budgetMs").as_f64() {
            let ms = Duration::from_millis(ms.max(0.0) as u64);
            policy.budget = ms.min(policy.budget);
        }
        Client {
            inner: Rc::new(dossier_client::Client::new(base_url).with_policy(policy)),
            urls: Urls::default(),
        }
    }

    /// Uploads a file (`Blob`/`File` or `Uint8Array`) resumably; a reload goes on with the
    /// upload of the same file.
    #[wasm_bindgen(unchecked_return_type = "Promise<Uploaded>")]
    pub fn upload(
        &self,
        data: JsValue,
        #[wasm_bindgen(unchecked_param_type = "UploadOptions")] options: JsValue,
    ) -> Promise {
        let (inner, urls) = (self.inner.clone(), self.urls.clone());
        future_to_promise(async move {
            let media_type = field(&options, "mediaType")
                .as_string()
                .ok_or_else(|| usage("upload: options.mediaType is required"))?;
            let on_progress = field(&options, "onProgress").dyn_into::<Function>().ok();
            let on_upload_url = field(&options, "onUploadUrl").dyn_into::<Function>().ok();
            // The caller keeps the URL, or the binding does, by a fingerprint of the file.
            let own_keeping = on_upload_url.is_none();
            let (source, file_name, fingerprint): (Data, String, String) =
                if let Some(blob) = data.dyn_ref::<web_sys::Blob>() {
                    let name = data
                        .dyn_ref::<web_sys::File>()
                        .map(|f| (f.name(), f.last_modified()));
                    let source = BlobSource(blob.clone());
                    let fingerprint = match &name {
                        _ if !own_keeping => String::new(),
                        Some((n, modified)) => {
                            format!("{n}:{}:{modified}:{media_type}", blob.size())
                        }
                        None => hex(&digest(&source).await.map_err(|e| js_error(&e))?),
                    };
                    let file_name = field(&options, "fileName")
                        .as_string()
                        .or(name.map(|(n, _)| n))
                        .unwrap_or_default();
                    (Data::Blob(source), file_name, fingerprint)
                } else if let Some(bytes) = data.dyn_ref::<Uint8Array>() {
                    let v = bytes.to_vec();
                    let fingerprint = if own_keeping {
                        hex(&Sha256::digest(&v))
                    } else {
                        String::new()
                    };
                    let file_name = field(&options, "fileName").as_string().unwrap_or_default();
                    (Data::Bytes(v), file_name, fingerprint)
                } else {
                    return Err(usage("upload: data must be a Blob, a File or a Uint8Array"));
                };
            let key = format!("dossier.upload.{fingerprint}");
            let progress = |sent: u64, total: u64| {
                if let Some(f) = &on_progress {
                    let _ = f.call2(
                        &JsValue::NULL,
                        &(sent as f64).into(),
                        &(total as f64).into(),
                    );
                }
            };
            let remember = |url: Option<&str>| match &on_upload_url {
                Some(f) => {
                    let _ = f.call1(&JsValue::NULL, &url.map_or(JsValue::NULL, JsValue::from));
                }
                None => urls.set(&key, url),
            };
            let resume = if own_keeping {
                urls.get(&key)
            } else {
                field(&options, "uploadUrl").as_string()
            };
            let upload_options = UploadOptions {
                media_type: &media_type,
                file_name: &file_name,
                resume,
                on_progress: Some(&progress),
                on_url: Some(&remember),
            };
            let uploaded = match &source {
                Data::Blob(b) => inner.upload_resumable(b, &upload_options).await,
                Data::Bytes(v) => inner.upload_resumable(v, &upload_options).await,
            }
            .map_err(|e| js_error(&e))?;
            to_js(&uploaded)
        })
    }

    /// Submits a dossier (an object or JSON text) once: the same `idempotencyKey` always gets
    /// the same receipt, however many times it is sent.
    #[wasm_bindgen(unchecked_return_type = "Promise<Receipt>")]
    pub fn submit(
        &self,
        dossier: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SubmitOptions")] options: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let key = required(&options, "idempotencyKey", "submit")?;
            let text = json_text(&dossier, "submit")?;
            let receipt = inner
                .submit_checked(&text, &key)
                .await
                .map_err(|e| js_error(&e))?;
            to_js(&receipt)
        })
    }

    /// Files a dossier at the counter with an officer's session (`staffToken`), once per
    /// `idempotencyKey`.
    #[wasm_bindgen(js_name = submitAtCounter, unchecked_return_type = "Promise<Receipt>")]
    pub fn submit_at_counter(
        &self,
        dossier: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CounterOptions")] options: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let key = required(&options, "idempotencyKey", "submitAtCounter")?;
            let staff = required(&options, "staffToken", "submitAtCounter")?;
            let text = json_text(&dossier, "submitAtCounter")?;
            let receipt = inner
                .submit_at_counter(&staff, &text, &key)
                .await
                .map_err(|e| js_error(&e))?;
            to_js(&receipt)
        })
    }

    /// Sends the corrected dossier of a returned one, under the same code.
    #[wasm_bindgen(unchecked_return_type = "Promise<DeskReply>")]
    pub fn supplement(&self, code: String, access_token: String, dossier: JsValue) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let text = json_text(&dossier, "supplement")?;
            let reply = inner
                .supplement(&code, &access_token, &text)
                .await
                .map_err(|e| js_error(&e))?;
            to_js(&reply)
        })
    }

    /// Withdraws a dossier (before its decision).
    #[wasm_bindgen(unchecked_return_type = "Promise<DeskReply>")]
    pub fn withdraw(&self, code: String, access_token: String) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let reply = inner
                .withdraw(&code, &access_token)
                .await
                .map_err(|e| js_error(&e))?;
            to_js(&reply)
        })
    }

    /// The status and history of a dossier (`null` when the code or the token is wrong).
    #[wasm_bindgen(unchecked_return_type = "Promise<object | null>")]
    pub fn status(&self, code: String, access_token: String) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            match inner.status(&code, &access_token).await {
                Ok(Some(v)) => to_js(&v),
                Ok(None) => Ok(JsValue::NULL),
                Err(e) => Err(js_error(&e)),
            }
        })
    }
}

/// A non-empty text option, or a USAGE error naming the call.
fn required(options: &JsValue, name: &str, call: &str) -> Result<String, JsValue> {
    field(options, name)
        .as_string()
        .filter(|k| !k.is_empty())
        .ok_or_else(|| usage(&format!("{call}: options.{name} is required")))
}

/// A dossier given as JSON text or as a JS object, as JSON text.
fn json_text(dossier: &JsValue, call: &str) -> Result<String, JsValue> {
    match dossier.as_string() {
        Some(t) => Ok(t),
        None => js_sys::JSON::stringify(dossier)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| usage(&format!("{call}: the dossier cannot be written as JSON"))),
    }
}

/// A new idempotency key: a UUID v4 from `crypto.getRandomValues`.
#[wasm_bindgen(js_name = newIdempotencyKey)]
pub fn new_idempotency_key() -> String {
    dossier_client::new_idempotency_key()
}

/// The SHA-256 of a Blob, read slice by slice (never the whole file in memory at once).
async fn digest(source: &BlobSource) -> Result<Vec<u8>, Error> {
    const SLICE: usize = 1024 * 1024;
    let mut hasher = Sha256::new();
    let mut offset = 0u64;
    while offset < source.len() {
        let piece = source.read(offset, SLICE).await?;
        if piece.is_empty() {
            break;
        }
        offset += piece.len() as u64;
        hasher.update(&piece);
    }
    Ok(hasher.finalize().to_vec())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The data of an upload.
enum Data {
    Blob(BlobSource),
    Bytes(Vec<u8>),
}
