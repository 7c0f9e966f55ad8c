//! Field types that accept what real exports write: ids and counts as strings or numbers.
//!
//! In: a JSON value. Out: the id as text ([`LenientId`], borrowed when possible) or the
//! count as a number ([`LenientCount`]). X writes `"id" : "123"` and `"favorite_count" : "5"`;
//! legacy archives write numbers; both must read the same.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// An id written as a string or as an integer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LenientId<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for LenientId<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl<'de> Visitor<'de> for IdVisitor {
            type Value = LenientId<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id (a string or an integer)")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(LenientId(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(LenientId(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(LenientId(Cow::Owned(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(LenientId(Cow::Owned(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(LenientId(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_any(IdVisitor)
    }
}

/// A count written as a string or a number; unreadable or negative counts read as 0 (a
/// count is never worth losing a post over).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LenientCount(pub u32);

impl<'de> Deserialize<'de> for LenientCount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct CountVisitor;
        impl<'de> Visitor<'de> for CountVisitor {
            type Value = LenientCount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a count")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(LenientCount(v.trim().parse().unwrap_or(0)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(LenientCount(v.min(u64::from(u32::MAX)) as u32))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(LenientCount(v.clamp(0, i64::from(u32::MAX)) as u32))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(LenientCount(v.clamp(0.0, f64::from(u32::MAX)) as u32))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(LenientCount(0))
            }
        }
        d.deserialize_any(CountVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_counts_read_from_strings_or_numbers() {
        let id: LenientId = serde_json::from_str("\"123\"").unwrap();
        assert!(matches!(id.0, Cow::Borrowed("123")));
        let id: LenientId = serde_json::from_str("1359562777325563904").unwrap();
        assert_eq!(id.0, "1359562777325563904");
        for (json, want) in [("\"5\"", 5), ("5", 5), ("\"x\"", 0), ("-3", 0), ("null", 0)] {
            assert_eq!(
                serde_json::from_str::<LenientCount>(json).unwrap().0,
                want,
                "{json}"
            );
        }
        assert!(serde_json::from_str::<LenientId>("[1]").is_err());
    }
}
