//! The OpenAPI 3.1 document of the API, built from the same exports as the endpoints (the
//! dossier schemas are the core's generated JSON Schemas).

use dossier_core::{form, rulebook, Kind, WireEnum};
use serde_json::{json, Map, Value};

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

pub fn document() -> Value {
    let ed = rulebook::newest();
    let mut schemas = Map::new();
    let mut kinds = Vec::new();
    for kind in Kind::ALL {
        let mut s = form::json_schema(*kind, ed);
        if let Value::Object(m) = &mut s {
            m.remove("$schema");
            m.remove("$id");
        }
        schemas.insert(format!("Dossier_{}", kind.as_str()), s);
        kinds.push(json!({ "$ref": format!("#/components/schemas/Dossier_{}", kind.as_str()) }));
    }
    schemas.insert("Dossier".into(), json!({ "oneOf": kinds }));
    schemas.insert("Error".into(), json!({
        "type": "object",
        "required": ["error"],
        "properties": { "error": { "type": "object", "required": ["code", "message"], "properties": {
            "code": { "type": "string" },
            "message": { "type": "object", "properties": { "vi": { "type": "string" }, "en": { "type": "string" } } },
            "fields": { "type": "array", "description": "With INVALID_REQUEST: each wrong field or query parameter by its JSON Pointer.",
                "items": { "type": "object", "required": ["pointer", "code", "message"], "properties": {
                    "pointer": { "type": "string", "description": "RFC 6901, e.g. /findingCodes/3 or /pageSize" },
                    "code": { "enum": ["required", "unknown", "duplicate", "value", "length", "range", "pattern", "control", "json"] },
                    "params": { "type": "object" },
                    "message": { "type": "object", "properties": { "vi": { "type": "string" }, "en": { "type": "string" } } } } } } } } }
    }));
    schemas.insert("Report".into(), json!({
        "type": "object",
        "required": ["kind", "valid", "asOf", "rulebook", "findings", "routing"],
        "properties": {
            "kind": { "type": ["string", "null"] }, "valid": { "type": "boolean" }, "asOf": { "type": "string" },
            "rulebook": { "type": "object" }, "findings": { "type": "array", "items": { "type": "object",
                "required": ["code", "severity", "path", "params", "message", "basis"] } },
            "routing": { "type": ["object", "null"] } }
    }));
    schemas.insert("Receipt".into(), json!({
        "type": "object",
        "required": ["id", "code", "accessToken", "status", "receivedAt", "report"],
        "properties": {
            "id": { "type": "string" },
            "code": { "type": "string", "pattern": "^HS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$",
                      "description": "Receipt code: HS-XXXX-XXXX in Crockford base32 (no I, L, O, U)." },
            "accessToken": { "type": "string", "description": "Shown once per key; stored only as a hash." },
            "status": { "type": "string" }, "receivedAt": { "type": "string" },
            "report": { "$ref": "#/components/schemas/Report" } }
    }));
    let kind_param = json!({ "name": "kind", "in": "path", "required": true, "schema": { "enum": Kind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>() } });
    let lang_param = json!({ "name": "lang", "in": "query", "schema": { "enum": ["vi", "en"], "default": "vi" } });
    json!({
        "openapi": "3.1.0",
        "info": { "title": "Dossier API", "version": dossier_core::ENGINE_VERSION,
                  "description": "One set of rules for Vietnamese foreign-affairs dossiers." },
        "paths": {
            "/healthz": { "get": { "summary": "Liveness", "responses": { "200": { "description": "ok" } } } },
            "/api/v1/validate": { "post": {
                "summary": "Validate a dossier (stateless)",
                "parameters": [lang_param, { "name": "asOf", "in": "query", "schema": { "type": "string", "format": "date" } }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Dossier" } } } },
                "responses": { "200": { "description": "The report", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Report" } } } },
                               "400": error_response("Bad query (INVALID_REQUEST with fields)"), "408": error_response("Body too slow"), "413": error_response("Body over 1 MiB"), "415": error_response("Not JSON") } } },
            "/api/v1/schema/{kind}": { "get": { "summary": "JSON Schema of a kind", "parameters": [kind_param],
                "responses": { "200": { "description": "JSON Schema 2020-12" }, "404": error_response("Unknown kind") } } },
            "/api/v1/forms/{kind}": { "get": { "summary": "Form description", "parameters": [kind_param, lang_param],
                "responses": { "200": { "description": "Pages and fields" }, "404": error_response("Unknown kind") } } },
            "/api/v1/admin-units": { "get": { "summary": "Provinces and communes", "responses": { "200": { "description": "34 provinces" } } } },
            "/api/v1/admin-units/{provinceCode}": { "get": { "summary": "One province with its communes",
                "parameters": [{ "name": "provinceCode", "in": "path", "required": true, "schema": { "type": "integer" } }],
                "responses": { "200": { "description": "The province" }, "400": error_response("Not a number"), "404": error_response("Unknown province") } } },
            "/api/v1/rulebook": { "get": { "summary": "Editions, rules, citations, profiles", "responses": { "200": { "description": "The rulebook" } } } },
            "/api/v1/attachments": { "post": { "summary": "Upload a file (PDF, JPEG, PNG; at most 10 MiB)",
                "requestBody": { "required": true, "content": { "application/pdf": {}, "image/jpeg": {}, "image/png": {} } },
                "responses": { "201": { "description": "{sha256, sizeBytes, mediaType}" }, "400": error_response("Empty"), "408": error_response("Body too slow"), "413": error_response("Over 10 MiB"),
                               "415": error_response("Not PDF/JPEG/PNG"), "422": error_response("Content does not match the declared type"),
                               "429": error_response("Upload requests or bytes per hour exceeded for this address (Retry-After)") } } },
            "/api/v1/dossiers": { "post": { "summary": "Submit a dossier once",
                "parameters": [{ "name": "Idempotency-Key", "in": "header", "required": true, "schema": { "type": "string", "minLength": 1, "maxLength": 200 } }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Dossier" } } } },
                "responses": { "201": { "description": "Receipt (also for a replay with the same key and body)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Receipt" } } } },
                               "400": error_response("Missing key or bad JSON"), "408": error_response("Body too slow"), "413": error_response("Over 1 MiB"), "415": error_response("Not JSON"),
                               "422": error_response("Invalid dossier (with the report), missing attachments, or the key used with another body"),
                               "429": error_response("Submissions per hour exceeded for this address (Retry-After)"), "503": error_response("Storage unavailable: retry with the same key") } } },
            "/api/v1/dossiers/{code}": { "get": { "summary": "Status and history",
                "parameters": [{ "name": "code", "in": "path", "required": true, "schema": { "type": "string" } },
                               { "name": "Authorization", "in": "header", "required": true, "schema": { "type": "string", "pattern": "^Bearer " } }],
                "responses": { "200": { "description": "Status, history and report" }, "404": error_response("Unknown code or wrong token") } } },
            "/api/v1/staff/login": { "post": { "summary": "Staff login: {username, password} → {token, expiresAt} (8 hours)",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["username", "password"],
                    "additionalProperties": false,
                    "properties": { "username": { "type": "string", "pattern": "^[a-z0-9._-]{3,64}$" }, "password": { "type": "string", "minLength": 12, "maxLength": 1024 } } } } } },
                "responses": { "200": { "description": "{token, expiresAt, username, unit}" }, "400": error_response("Invalid body (INVALID_REQUEST with fields)"),
                               "401": error_response("Wrong username or password"),
                               "429": error_response("Too many failed logins: 5 per (username, address), 50 per address, in 15 minutes (Retry-After)") } } },
            "/api/v1/staff/logout": { "post": { "summary": "End the session (401 when there is no live session)", "security": [{ "staff": [] }],
                "responses": { "200": { "description": "Logged out" }, "401": error_response("No session") } } },
            "/api/v1/staff/me": { "get": { "summary": "The officer and unit of the session", "security": [{ "staff": [] }],
                "responses": { "200": { "description": "{username, unit}" }, "401": error_response("No session") } } },
            "/api/v1/staff/dossiers": { "get": { "summary": "The queue of the officer's unit, newest first", "security": [{ "staff": [] }],
                "parameters": [{ "name": "status", "in": "query", "schema": { "enum": ["received", "prechecked", "returned", "forwarded", "decision_pending"] } },
                               { "name": "kind", "in": "query", "schema": { "enum": Kind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>() } },
                               { "name": "page", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 100_000 } },
                               { "name": "pageSize", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 20 } }],
                "responses": { "200": { "description": "{page, pageSize, items}" }, "400": error_response("Bad page"), "401": error_response("No session") } } },
            "/api/v1/staff/dossiers/{id}": { "get": { "summary": "A dossier in scope: dossier, report at submission, fresh report, routing, attachments, history, audit",
                "security": [{ "staff": [] }], "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": { "description": "The dossier" }, "401": error_response("No session"), "404": error_response("Unknown or out of scope") } } },
            "/api/v1/staff/dossiers/{id}/attachments/{sha256}": { "get": { "summary": "Download an attachment of a dossier in scope", "security": [{ "staff": [] }],
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }, { "name": "sha256", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": { "description": "The file, as a download (Content-Disposition: attachment; the extension from the stored type)" },
                               "401": error_response("No session"), "404": error_response("Unknown or out of scope") } } },
            "/api/v1/staff/dossiers/{id}/actions": { "post": { "summary": "precheck_ok, return (with note and finding codes) or forward", "security": [{ "staff": [] }],
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["action", "version"], "additionalProperties": false,
                    "properties": { "action": { "enum": ["precheck_ok", "return", "forward"] }, "note": { "type": "string", "maxLength": 2000 },
                                    "findingCodes": { "type": "array", "maxItems": 50, "items": { "type": "string" } }, "version": { "type": "integer", "minimum": 0 } } } } } },
                "responses": { "200": { "description": "{id, status, version, decisionBy}" }, "400": error_response("Bad body"), "401": error_response("No session"),
                               "404": error_response("Unknown or out of scope"), "409": error_response("Not possible in this status, or another officer acted first") } } },
            "/api/v1/openapi.json": { "get": { "summary": "This document", "responses": { "200": { "description": "OpenAPI 3.1" } } } }
        },
        "components": { "schemas": schemas, "securitySchemes": { "staff": { "type": "http", "scheme": "bearer" } } }
    })
}
