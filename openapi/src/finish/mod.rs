//! The last pass over the document the server serves: what every operation shares
//! because middleware and extractors do it (authentication, size and type limits, rate
//! limits, idempotency, request ids, the database being down) is declared here once,
//! so no handler can forget a status or a header, and generated clients see the same
//! reusable names everywhere.
//!
//! It works on the JSON form of the document because utoipa cannot express a few of
//! these (a discriminator over tagged variants, a page per item type, an anonymous
//! security requirement).

mod pages;
mod responses;
mod transitions;

use serde_json::{json, Value};

/// Completes the document built from the handlers.
pub fn finish(mut doc: Value) -> Value {
    doc["servers"] = json!([{ "url": "/", "description": "the server that serves this document" }]);
    doc["info"]["license"] = json!({ "name": "MIT", "identifier": "MIT" });
    pages::name_pages(&mut doc);
    transitions::discriminate(&mut doc);
    responses::declare(&mut doc);
    doc
}

/// A `$ref` to a component schema.
pub(crate) fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}
