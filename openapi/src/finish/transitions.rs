//! `TransitionRequest` as a discriminated union: each variant schema lists `action` as a
//! required constant, and the union names `action` as its discriminator, so a generator
//! makes one typed class per action and a validator can tell the variants apart
//! (utoipa writes `allOf` wrappers whose variants forbid the very `action` they need).

use serde_json::{json, Map, Value};

use super::schema_ref;

/// The actions and the schema of each.
const VARIANTS: [(&str, &str); 9] = [
    ("assign", "Assign"),
    ("submit", "Submit"),
    ("approve", "Approve"),
    ("reject", "Reject"),
    ("close_on_site", "CloseOnSite"),
    ("invalidate", "Invalidate"),
    ("regrade", "Regrade"),
    ("extend", "Extend"),
    ("reopen", "Reopen"),
];

/// Rewrites `TransitionRequest` and its variants.
pub(super) fn discriminate(doc: &mut Value) {
    let Some(schemas) = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return };
    if !schemas.contains_key("TransitionRequest") {
        return;
    }
    let mut mapping = Map::new();
    for (action, name) in VARIANTS {
        let Some(variant) = schemas.get_mut(name).and_then(Value::as_object_mut) else { continue };
        let properties = variant.remove("properties").unwrap_or_else(|| json!({}));
        let mut with_action = Map::new();
        with_action.insert(
            "action".into(),
            json!({ "type": "string", "const": action, "description": "The action: always this value." }),
        );
        if let Value::Object(p) = properties {
            with_action.extend(p);
        }
        variant.insert("properties".into(), Value::Object(with_action));
        let mut required = vec![json!("action")];
        if let Some(Value::Array(r)) = variant.remove("required") {
            required.extend(r);
        }
        variant.insert("required".into(), Value::Array(required));
        mapping.insert(action.into(), Value::String(format!("#/components/schemas/{name}")));
    }
    let description = schemas["TransitionRequest"]["description"].clone();
    schemas.insert(
        "TransitionRequest".into(),
        json!({
            "description": description,
            "oneOf": VARIANTS.iter().map(|(_, name)| schema_ref(name)).collect::<Vec<_>>(),
            "discriminator": { "propertyName": "action", "mapping": mapping },
        }),
    );
}
