//! utoipa writes `Page<User>` as `Page_User` with the item schema copied inline, so
//! generated clients get a `PageUserItemsItem` class beside `User`. Each page becomes
//! `UserPage` whose items refer to the named item schema.

use serde_json::{Map, Value};

use super::schema_ref;

/// Renames every `Page_X` to `XPage` and points its items at `X`.
pub(super) fn name_pages(doc: &mut Value) {
    let Some(schemas) = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return };
    let pages: Vec<String> = schemas.keys().filter(|k| k.starts_with("Page_")).cloned().collect();
    let mut renames = Vec::new();
    for old in pages {
        let item = old.trim_start_matches("Page_").to_owned();
        let Some(mut page) = schemas.remove(&old) else { continue };
        if schemas.contains_key(&item) {
            page["properties"]["items"]["items"] = schema_ref(&item);
        }
        page["description"] = Value::String(format!(
            "A page of `{item}`: the items and the cursor of the next page (`null` on the last page)."
        ));
        let new = format!("{item}Page");
        schemas.insert(new.clone(), page);
        renames.push((format!("#/components/schemas/{old}"), format!("#/components/schemas/{new}")));
    }
    sort(schemas);
    rename_refs(doc, &renames);
}

fn sort(map: &mut Map<String, Value>) {
    let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    map.extend(entries);
}

fn rename_refs(v: &mut Value, renames: &[(String, String)]) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if k == "$ref" {
                    if let Some((_, new)) = renames.iter().find(|(old, _)| child.as_str() == Some(old)) {
                        *child = Value::String(new.clone());
                    }
                } else {
                    rename_refs(child, renames);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|c| rename_refs(c, renames)),
        _ => {}
    }
}
