//! Values a change records as compact JSON (the report's names for its
//! themes, its wording of the background): one form each, so one value is
//! always recorded as one text, and nothing is recorded as nothing.

use serde::{Serialize, de::DeserializeOwned};

/// `value` as a change records it: compact JSON, or nothing when `empty`.
pub fn key<T: Serialize>(value: &T, empty: bool) -> String {
    if empty {
        String::new()
    } else {
        serde_json::to_string(value).unwrap_or_default()
    }
}

/// Reads [`key`] back: only the form it writes (nothing for the default).
pub fn parse<T: Serialize + DeserializeOwned + Default>(text: &str, empty: fn(&T) -> bool) -> Option<T> {
    if text.is_empty() {
        return Some(T::default());
    }
    let value: T = serde_json::from_str(text).ok()?;
    (key(&value, empty(&value)) == text).then_some(value)
}
