//! Objects in an exchange file whose keys are each named once. JSON lets a
//! file edited by hand name a key twice; serde would keep the last and drop
//! the other unseen, and the checksum, taken over what was read, would still
//! hold. Every map the file carries is read through here instead.

use std::{
    collections::{BTreeMap, btree_map::Entry},
    fmt,
    marker::PhantomData,
};

use serde::{
    Deserialize, Deserializer,
    de::{Error, MapAccess, Visitor},
};

/// Reads an object as a map, refusing it if it names any key twice.
pub(super) fn deserialize<'de, D, V>(deserializer: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    deserializer.deserialize_map(EachOnce(PhantomData))
}

struct EachOnce<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for EachOnce<V> {
    type Value = BTreeMap<String, V>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an object naming each of its keys once")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Self::Value, A::Error> {
        let mut map = BTreeMap::new();
        while let Some((key, value)) = entries.next_entry::<String, V>()? {
            match map.entry(key) {
                Entry::Vacant(slot) => {
                    slot.insert(value);
                }
                Entry::Occupied(slot) => {
                    return Err(A::Error::custom(format!(
                        "it names “{}” twice in one place, so one of its values would be lost",
                        slot.key()
                    )));
                }
            }
        }
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[derive(serde::Deserialize)]
    struct Carrier {
        #[serde(default, with = "super")]
        map: BTreeMap<String, String>,
    }

    #[test]
    fn a_key_named_once_reads_and_one_named_twice_is_refused() {
        let read: Carrier = serde_json::from_str(r#"{"map": {"a": "1", "b": "2"}}"#).expect("reads");
        assert_eq!(read.map.len(), 2);
        let error = serde_json::from_str::<Carrier>(r#"{"map": {"a": "1", "a": "2"}}"#)
            .err()
            .expect("refused");
        assert!(error.to_string().contains("names “a” twice"), "{error}");
    }

    /// An action's lines of free text sit beside its named fields.
    #[derive(serde::Deserialize)]
    struct Flattened {
        #[serde(rename = "text")]
        _text: String,
        #[serde(flatten, deserialize_with = "super::deserialize")]
        rest: BTreeMap<String, String>,
    }

    #[test]
    fn beside_named_fields_a_key_or_a_field_named_twice_is_refused() {
        let read: Flattened = serde_json::from_str(r#"{"text": "t", "owner": "Jo"}"#).expect("reads");
        assert_eq!(read.rest.get("owner").map(String::as_str), Some("Jo"));
        for twice in [
            r#"{"text": "t", "owner": "Jo", "owner": "Sam"}"#,
            r#"{"text": "t", "text": "u", "owner": "Jo"}"#,
        ] {
            assert!(serde_json::from_str::<Flattened>(twice).is_err(), "{twice} was read");
        }
    }
}
