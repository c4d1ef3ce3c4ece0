//! The API's routes and its OpenAPI 3.1 document, from one source (SPEC §10: "the OpenAPI
//! document is the truth"). Every handler carries `#[utoipa::path]`; [`routes`] registers the
//! handlers through `utoipa-axum`, which takes method and path from those same attributes, so a
//! route cannot exist without its description nor be described under another path. The bodies
//! are the server's wire types (`responses.rs`, `dto.rs`, `ToSchema`); the dossier schemas come
//! from the core (the same generator as `GET /api/v1/schema/{kind}`), with their `$defs` moved
//! into the components so that every `$ref` resolves within the document.

use crate::citizen::{api, tus};
use crate::security::{headers, rate};
use crate::staff::{api as staff_api, desk, overview};
use crate::AppState;
use axum::middleware::from_fn_with_state;
use dossier_core::{form, rulebook, Kind, WireEnum};
use serde_json::{json, Map, Value};
use std::sync::OnceLock;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Dossier API",
        description = "One set of rules for Vietnamese foreign-affairs dossiers: validation, submission once per idempotency key, attachments, tracking, and the staff workflow. Every error is `{\"error\": {\"code\", \"message\": {\"vi\", \"en\"}}}`.",
        license(name = "MIT OR Apache-2.0")
    ),
    tags(
        (name = "citizens", description = "Validate, upload, submit and follow a dossier"),
        (name = "staff", description = "Commune and province officers (bearer session token from the login)"),
        (name = "exports", description = "Schemas, forms, admin units and the rulebook"),
        (name = "operations", description = "Probes and this document"),
    ),
    // Parameter types are referenced by name: listed here so that their schemas are in.
    components(schemas(
        crate::dto::KindParam,
        crate::dto::LangParam,
        crate::dto::DateParam,
        crate::dto::FindingCode,
        crate::workflow::Status,
        crate::workflow::Action
    )),
    modifiers(&StaffSecurity)
)]
struct ApiDoc;

struct StaffSecurity;

impl Modify for StaffSecurity {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                "staff",
                SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
            );
    }
}

/// Every API route with its description. With `state`, the routes that are rate-limited get
/// their limit layers (the document does not depend on them).
pub fn routes(state: Option<&AppState>) -> OpenApiRouter<AppState> {
    let mut submit = OpenApiRouter::new().routes(routes!(api::submit_dossier));
    let mut upload = OpenApiRouter::new().routes(routes!(api::upload_attachment));
    let mut tus_create = OpenApiRouter::new().routes(routes!(tus::create));
    let mut tus_patch = OpenApiRouter::new().routes(routes!(tus::patch));
    if let Some(state) = state {
        submit = submit.route_layer(from_fn_with_state(state.clone(), rate::submissions));
        // Both upload endpoints count: a direct upload, and each tus POST and PATCH.
        upload = upload.route_layer(from_fn_with_state(state.clone(), rate::uploads));
        tus_create = tus_create.route_layer(from_fn_with_state(state.clone(), rate::uploads));
        tus_patch = tus_patch.route_layer(from_fn_with_state(state.clone(), rate::uploads));
    }
    // tus: every response says which protocol version it speaks.
    let resumable = OpenApiRouter::new()
        .routes(routes!(tus::options))
        .merge(tus_create)
        .routes(routes!(tus::head, tus::terminate))
        .merge(tus_patch)
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            axum::http::HeaderName::from_static("tus-resumable"),
            axum::http::HeaderValue::from_static(tus::VERSION),
        ))
        .layer(headers::no_store());
    // Personal data (receipts, status, the staff API, downloads): never cached.
    let personal = OpenApiRouter::new()
        .merge(submit)
        .routes(routes!(api::dossier_status))
        .routes(routes!(desk::supplement))
        .routes(routes!(desk::withdraw))
        .routes(routes!(desk::decision_document))
        .routes(routes!(desk::printed_form))
        .routes(routes!(desk::register_xlsx))
        .routes(routes!(desk::register_csv))
        .routes(routes!(overview::overview))
        .routes(routes!(overview::overview_xlsx))
        .routes(routes!(staff_api::login))
        .routes(routes!(staff_api::logout))
        .routes(routes!(staff_api::me))
        .routes(routes!(staff_api::queue, desk::counter_filing))
        .routes(routes!(staff_api::detail))
        .routes(routes!(staff_api::attachment))
        .routes(routes!(staff_api::act))
        .layer(headers::no_store());
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(api::healthz))
        .routes(routes!(api::readyz))
        .routes(routes!(api::validate_dossier))
        .routes(routes!(api::schema))
        .routes(routes!(api::form_description))
        .routes(routes!(api::admin_units_all))
        .routes(routes!(api::admin_units_one))
        .routes(routes!(api::rulebook_export))
        .routes(routes!(api::openapi_json))
        .merge(upload)
        .merge(resumable)
        .merge(personal)
}

/// The document as JSON text (built once).
pub fn document_json() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| document().to_string())
}

/// The document.
pub fn document() -> Value {
    let (_, api) = routes(None).split_for_parts();
    let mut doc = serde_json::to_value(&api).unwrap_or_default();
    doc["openapi"] = Value::from("3.1.0");
    doc["info"]["version"] = Value::from(dossier_core::ENGINE_VERSION);
    let schemas = doc["components"]["schemas"]
        .as_object_mut()
        .map(std::mem::take)
        .unwrap_or_default();
    let mut schemas: Map<String, Value> = schemas;
    add_dossier_schemas(&mut schemas);
    schemas.insert("Report".into(), report_schema());
    doc["components"]["schemas"] = Value::Object(schemas);
    let max = dossier_core::rulebook::newest().documents.max_bytes;
    fill_in(&mut doc, MAX_ATTACHMENT, &size_text(max));
    doc
}

/// Where a description names the attachment size limit; the number comes from the edition.
const MAX_ATTACHMENT: &str = "{documents.max_bytes}";

/// `placeholder` → `text` in every string of `v`.
fn fill_in(v: &mut Value, placeholder: &str, text: &str) {
    match v {
        Value::String(s) if s.contains(placeholder) => *s = s.replace(placeholder, text),
        Value::Array(items) => items.iter_mut().for_each(|x| fill_in(x, placeholder, text)),
        Value::Object(m) => m.values_mut().for_each(|x| fill_in(x, placeholder, text)),
        _ => {}
    }
}

/// A size for people: whole MiB or KiB when it is one, else bytes.
fn size_text(bytes: i64) -> String {
    const KIB: i64 = 1024;
    match bytes {
        b if b <= 0 => format!("{b} bytes"),
        b if b % (KIB * KIB) == 0 => format!("{} MiB", b / (KIB * KIB)),
        b if b % KIB == 0 => format!("{} KiB", b / KIB),
        b => format!("{b} bytes"),
    }
}

/// `#/$defs/x` → `#/components/schemas/{prefix}x`, everywhere in `v`.
fn rewrite_refs(v: &mut Value, prefix: &str) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref") {
                if let Some(name) = r.strip_prefix("#/$defs/") {
                    *r = format!("#/components/schemas/{prefix}{name}");
                }
            }
            for (_, x) in m.iter_mut() {
                rewrite_refs(x, prefix);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rewrite_refs(x, prefix)),
        _ => {}
    }
}

/// `Dossier` (one of the kinds), `Dossier_{kind}` and their definitions, from the core.
fn add_dossier_schemas(schemas: &mut Map<String, Value>) {
    let ed = rulebook::newest();
    let mut kinds = Vec::new();
    for kind in <Kind as WireEnum>::ALL {
        let name = format!("Dossier_{}", kind.as_str());
        let prefix = format!("{name}_");
        let mut s = form::json_schema(*kind, ed);
        if let Value::Object(m) = &mut s {
            m.remove("$schema");
            m.remove("$id");
            if let Some(Value::Object(defs)) = m.remove("$defs") {
                for (def, mut schema) in defs {
                    rewrite_refs(&mut schema, &prefix);
                    schemas.insert(format!("{prefix}{def}"), schema);
                }
            }
        }
        rewrite_refs(&mut s, &prefix);
        schemas.insert(name.clone(), s);
        kinds.push(json!({ "$ref": format!("#/components/schemas/{name}") }));
    }
    schemas.insert(
        "Dossier".into(),
        json!({ "description": "A dossier of one of the three kinds (SPEC §4)", "oneOf": kinds }),
    );
}

/// The report (SPEC §5).
fn report_schema() -> Value {
    let messages = json!({ "type": "string" });
    json!({
        "description": "The report of a validation (SPEC §5): every finding at once, sorted by path, code and params",
        "type": "object",
        "required": ["kind", "valid", "asOf", "rulebook", "findings", "routing"],
        "additionalProperties": false,
        "properties": {
            "kind": { "type": ["string", "null"] },
            "valid": { "type": "boolean" },
            "asOf": { "type": "string", "format": "date" },
            "rulebook": { "type": "object", "required": ["edition", "profile", "engine"],
                "properties": { "edition": { "type": ["string", "null"] }, "profile": { "type": ["string", "null"] }, "engine": { "type": "string" } } },
            "findings": { "type": "array", "items": {
                "type": "object",
                "required": ["code", "severity", "path", "params", "message", "basis"],
                "additionalProperties": false,
                "properties": {
                    "code": { "type": "string" },
                    "severity": { "enum": ["error", "warning", "info"] },
                    "path": { "type": "string", "description": "RFC 6901 JSON Pointer in wire names; \"\" = the whole dossier" },
                    "params": { "type": "object" },
                    "message": messages,
                    "basis": { "oneOf": [ { "type": "null" }, { "type": "object", "required": ["rule", "citation", "confidence"],
                        "properties": { "rule": { "type": "string" }, "citation": { "type": "string" }, "confidence": { "type": "string" } } } ] }
                } } },
            "routing": { "oneOf": [ { "type": "null" }, { "type": "object", "required": ["decisionBy", "handledBy", "forwardedFromCommune", "consult"],
                "properties": {
                    "decisionBy": { "type": "string" }, "provinceCode": { "type": ["integer", "null"] },
                    "handledBy": { "type": "string" }, "forwardedFromCommune": { "type": "boolean" },
                    "consult": { "type": "array", "items": { "type": "string" } } } } ] }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value a JSON Pointer (`#/a/b`) names in `doc`.
    fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
        doc.pointer(reference.strip_prefix('#')?)
    }

    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    out.push(r.clone());
                }
                m.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }

    #[test]
    fn the_attachment_limit_is_the_editions() {
        let text = document_json();
        assert!(!text.contains(MAX_ATTACHMENT), "a placeholder is left");
        let max = dossier_core::rulebook::newest().documents.max_bytes;
        let over = format!("Over {}", size_text(max));
        assert!(text.matches(&over).count() >= 2, "{over}");
        assert_eq!(size_text(3 * 1024 * 1024), "3 MiB");
        assert_eq!(size_text(2048), "2 KiB");
        assert_eq!(size_text(1536), "1536 bytes");
    }

    #[test]
    fn shared_errors_are_in_every_operation_that_names_them() {
        let doc = document();
        let staff = &doc["paths"]["/api/v1/staff/dossiers/{id}/actions"]["post"]["responses"];
        for status in ["200", "401", "409", "503"] {
            assert!(
                staff[status]["description"].is_string(),
                "{status}: {staff}"
            );
        }
        assert_eq!(
            staff["401"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorBody"
        );
        let submit = &doc["paths"]["/api/v1/dossiers"]["post"]["responses"];
        for status in ["201", "408", "413", "415"] {
            assert!(
                submit[status]["description"].is_string(),
                "{status}: {submit}"
            );
        }
    }

    #[test]
    fn every_reference_resolves() {
        let doc = document();
        let mut all = Vec::new();
        refs(&doc, &mut all);
        assert!(all.len() > 30, "{} references", all.len());
        for r in all {
            assert!(r.starts_with("#/components/schemas/"), "{r}");
            assert!(resolve(&doc, &r).is_some(), "unresolved {r}");
        }
    }

    #[test]
    fn every_route_is_described() {
        let doc = document();
        let paths: Vec<&str> = doc["paths"]
            .as_object()
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        for path in [
            "/healthz",
            "/readyz",
            "/api/v1/validate",
            "/api/v1/schema/{kind}",
            "/api/v1/forms/{kind}",
            "/api/v1/admin-units",
            "/api/v1/admin-units/{province}",
            "/api/v1/rulebook",
            "/api/v1/openapi.json",
            "/api/v1/attachments",
            "/api/v1/dossiers",
            "/api/v1/dossiers/{code}",
            "/api/v1/staff/login",
            "/api/v1/staff/logout",
            "/api/v1/staff/me",
            "/api/v1/staff/dossiers",
            "/api/v1/staff/dossiers/{id}",
            "/api/v1/staff/dossiers/{id}/attachments/{sha256}",
            "/api/v1/staff/dossiers/{id}/actions",
            "/api/v1/uploads",
            "/api/v1/uploads/{upload}",
            "/api/v1/dossiers/{code}/supplements",
            "/api/v1/dossiers/{code}/withdraw",
            "/api/v1/dossiers/{code}/decision",
            "/api/v1/staff/dossiers/{id}/forms/{form}",
            "/api/v1/staff/register.xlsx",
            "/api/v1/staff/register.csv",
            "/api/v1/staff/overview",
            "/api/v1/staff/overview.xlsx",
        ] {
            assert!(paths.contains(&path), "{path} is not in {paths:?}");
        }
        assert_eq!(paths.len(), 29, "{paths:?}");
    }

    /// The literals of the `schema`/`param` attributes are the limits of `limits.rs`.
    #[test]
    fn the_document_states_the_limits() {
        use crate::security::limits::*;
        let doc = document();
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["ActionBody"]["properties"]["note"]["maxLength"],
            NOTE_MAX_CHARS
        );
        assert_eq!(
            s["ActionBody"]["properties"]["findingCodes"]["maxItems"],
            FINDING_CODES_MAX
        );
        assert_eq!(
            s["LoginBody"]["properties"]["password"]["minLength"],
            PASSWORD_MIN_CHARS
        );
        assert_eq!(
            s["LoginBody"]["properties"]["password"]["maxLength"],
            PASSWORD_MAX_CHARS
        );
        assert_eq!(
            s["LoginBody"]["properties"]["username"]["pattern"],
            USERNAME_PATTERN
        );
        let params = doc["paths"]["/api/v1/staff/dossiers"]["get"]["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let param = |name: &str| {
            params
                .iter()
                .find(|p| p["name"] == name)
                .cloned()
                .unwrap_or_default()
        };
        assert_eq!(param("pageSize")["schema"]["maximum"], PAGE_SIZE_MAX);
        assert_eq!(param("page")["schema"]["maximum"], PAGE_MAX);
    }
}
