//! Records read straight from JSON text, without a `serde_json::Value` in between.
//!
//! The command line parses a million lines a run. Parsing each into a `Value` (a string per
//! key and per value, a B-tree per object) and then converting that into the record rules read
//! took about a fifth of a record's time next to the checks. This reader builds the record
//! from the text directly, for the usual record only: an object whose every member is a field
//! of its kind holding a value of the field's type, or `null`. At the first thing it does not
//! take (a member the kind does not have, a value of another type, a malformed date, a
//! duplicate member, a member name written with escapes, invalid JSON) it gives up,
//! and the caller goes the usual way, where [`super::normalize`] says what is wrong. So it
//! never has to produce an issue, and what it does produce is exactly what `normalize` makes of
//! the same text (held to it by tests, on every example record and on records broken on
//! purpose).

use super::Normalized;
use super::template;
use crate::date::{Date, DateTime};
use crate::schema::{Field, FieldType, Kind};
use rhai::{Array, Dynamic};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use smallvec::SmallVec;
use std::fmt;

/// The record of `kind` that `json` holds, when it is the usual record (see the module's
/// documentation); `None` otherwise, and then the caller parses the text and calls
/// [`super::normalize`].
///
/// Text rather than bytes: a record's strings are then read without checking each one's UTF-8
/// again. serde_json checks every string of a byte slice, ≈ 5,000 instructions a catalogue
/// entry; `gongkai check` checks each line once with SIMD instead, ≈ 500.
pub fn read_json(kind: &Kind, json: &str) -> Option<Normalized> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value = Shape(kind.fields).deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(Normalized {
        value,
        issues: Vec::new(),
    })
}

/// Why the reader gave up; never shown (the usual way then says what is wrong).
fn give_up<E: de::Error>() -> E {
    E::custom("not the usual record")
}

/// An object with these fields.
#[derive(Clone, Copy)]
struct Shape(&'static [Field]);

impl<'de> DeserializeSeed<'de> for Shape {
    type Value = Dynamic;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Dynamic, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Shape {
    type Value = Dynamic;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<Dynamic, A::Error> {
        let fields = self.0;
        let mut values: SmallVec<[Option<Dynamic>; 32]> = smallvec::smallvec![None; fields.len()];
        // A key with escapes cannot be borrowed from the text: giving up on it is rare and safe.
        while let Some(key) = members.next_key::<&'de str>()? {
            let Some((f, slot)) = fields
                .iter()
                .zip(values.iter_mut())
                .find(|(f, _)| crate::text::same(f.name, key))
            else {
                return Err(give_up());
            };
            // serde_json keeps the last of duplicate members; rather than follow it, give up.
            if slot.is_some() {
                return Err(give_up());
            }
            *slot = Some(members.next_value_seed(Member(f))?);
        }
        Ok(Dynamic::from_map(template::fill(fields, values)))
    }
}

/// The value of one field.
#[derive(Clone, Copy)]
struct Member(&'static Field);

impl<'de> DeserializeSeed<'de> for Member {
    type Value = Dynamic;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Dynamic, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Member {
    type Value = Dynamic;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.ty.label_en())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Dynamic, E> {
        Ok(Dynamic::UNIT)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Dynamic, E> {
        match self.0.ty {
            FieldType::Text => Ok(s.into()),
            FieldType::Date if Date::parse(s).is_ok() => Ok(s.into()),
            // Stored canonically, as `normalize` stores it.
            FieldType::DateTime => match DateTime::parse(s) {
                Ok(t) => Ok(t.to_string().into()),
                Err(_) => Err(give_up()),
            },
            _ => Err(give_up()),
        }
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Dynamic, E> {
        match self.0.ty {
            FieldType::Bool => Ok(b.into()),
            _ => Err(give_up()),
        }
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Dynamic, E> {
        match self.0.ty {
            FieldType::Int => Ok(n.into()),
            _ => Err(give_up()),
        }
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Dynamic, E> {
        match (self.0.ty, i64::try_from(n)) {
            (FieldType::Int, Ok(n)) => Ok(n.into()),
            _ => Err(give_up()),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Dynamic, A::Error> {
        let mut out = Array::with_capacity(items.size_hint().unwrap_or(0));
        match self.0.ty {
            FieldType::TextList => {
                while let Some(item) = items.next_element_seed(Item)? {
                    out.push(item);
                }
            }
            FieldType::List { kind } => {
                let kind = crate::schema::kind(kind).ok_or_else(give_up)?;
                while let Some(item) = items.next_element_seed(Shape(kind.fields))? {
                    out.push(item);
                }
            }
            _ => return Err(give_up()),
        }
        Ok(out.into())
    }

    fn visit_map<A: MapAccess<'de>>(self, members: A) -> Result<Dynamic, A::Error> {
        match self.0.ty {
            FieldType::Object { fields } => Shape(fields).visit_map(members),
            _ => Err(give_up()),
        }
    }
}

/// A text in a list of texts.
#[derive(Clone, Copy)]
struct Item;

impl<'de> DeserializeSeed<'de> for Item {
    type Value = Dynamic;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Dynamic, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for Item {
    type Value = Dynamic;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Dynamic, E> {
        Ok(s.into())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::read_json;
    use crate::dynamic::to_json;
    use crate::record::normalize;
    use crate::schema::{self, Kind};
    use serde_json::{Value, json};

    type Read = fn(&Kind, &str) -> Option<crate::record::Normalized>;

    /// Both readers: this one, on serde_json's deserializer (native builds), and the fast
    /// WebAssembly module's, on gongkai's JSON reader (`direct_text.rs`).
    const READERS: [(&str, Read); 2] = [
        ("serde", read_json),
        ("text", crate::record::direct_text::read_json),
    ];

    /// What `read` made of `text`, held to the usual way: whenever it gives a record, the
    /// usual way finds nothing wrong and makes the same record. Whether it gave one.
    fn agrees(read: Read, kind: &Kind, text: &str) -> bool {
        let Some(direct) = read(kind, text) else {
            return false;
        };
        let value: Value = serde_json::from_str(text).expect("the reader took invalid JSON");
        let usual = normalize(kind, &value);
        assert_eq!(usual.issues, [], "{text}");
        assert!(direct.issues.is_empty());
        assert_eq!(to_json(&direct.value), to_json(&usual.value), "{text}");
        true
    }

    fn examples() -> Vec<(&'static Kind, Value)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
        let files = [
            ("applications", "application"),
            ("catalogue", "catalogue"),
            ("catalogue_entries", "catalogue_entry"),
            ("documents", "document"),
            ("enterprise_disclosures", "enterprise_disclosure"),
            ("opinion_events", "opinion_event"),
            ("proposal_replies", "proposal_reply"),
            ("publications", "publication"),
        ];
        let mut out = Vec::new();
        for (file, kind) in files {
            let text = std::fs::read_to_string(format!("{dir}/{file}.json")).unwrap();
            let kind = schema::kind(kind).unwrap();
            match serde_json::from_str::<Value>(&text).unwrap() {
                Value::Array(items) => out.extend(items.into_iter().map(|r| (kind, r))),
                one => out.push((kind, one)),
            }
        }
        out
    }

    #[test]
    fn every_clean_example_is_read_as_the_usual_way_reads_it() {
        for (name, reader) in READERS {
            let mut read = 0;
            for (kind, record) in examples() {
                let clean = normalize(kind, &record).issues.is_empty();
                let text = serde_json::to_string(&record).unwrap();
                // Taken exactly when the usual way finds nothing wrong (no example has duplicate
                // members or escaped member names, the other reasons to give up).
                assert_eq!(agrees(reader, kind, &text), clean, "{name}: {text}");
                read += usize::from(clean);
            }
            assert!(read > 50, "{name}: only {read} example records read");
        }
    }

    #[test]
    fn anything_unusual_goes_the_usual_way() {
        let kind = schema::kind("catalogue_entry").unwrap();
        let base = json!({
            "category": "财政预决算", "content": "部门预算", "basis": "《预算法》第十四条",
            "time_limit": "批准后20日内", "subject": "市财政局", "channels": ["政府网站"],
            "audience": ["全社会"], "mode": "主动", "levels": ["市级"],
        });
        let with = |field: &str, v: Value| {
            let mut r = base.clone();
            r[field] = v;
            r.to_string()
        };
        let declined = [
            with("subject", json!(1)),
            with("subject", json!(true)),
            with("subject", json!(["市财政局"])),
            with("subject", json!({"name": "市财政局"})),
            with("channels", json!("政府网站")),
            with("channels", json!(["政府网站", 1])),
            with("channels", json!(["政府网站", null])),
            with("not_a_field", json!("x")),
            r#"{"subject": "甲", "subject": "乙"}"#.to_owned(),
            r#"{"subj\u0065ct": "甲"}"#.to_owned(),
            r#"["not", "an object"]"#.to_owned(),
            r#"{"subject": "甲""#.to_owned(),
            r#"{"subject": "甲"} trailing"#.to_owned(),
            String::new(),
        ];
        for (name, read) in READERS {
            for text in &declined {
                assert!(read(kind, text).is_none(), "{name}: {text}");
            }
        }
        let taken = [
            base.to_string(),
            with("subject", Value::Null),
            with("channels", json!([])),
            r#"{"subject": "\u5e02\u8d22\u653f\u5c40", "channels": ["\u653f\u5e9c\u7f51\u7ad9"]}"#
                .to_owned(),
            r#"{"content": "line\nbreak \"quoted\""}"#.to_owned(),
            "{}".to_owned(),
        ];
        for (name, read) in READERS {
            for text in &taken {
                assert!(agrees(read, kind, text), "{name}: {text}");
            }
        }
    }

    #[test]
    fn typed_fields_are_read_as_the_usual_way_reads_them() {
        // Dates checked, times made canonical, integers within i64, nested objects and lists
        // of records, across every kind: each field given a value of each JSON type.
        let samples = [
            json!("2020-02-30"),
            json!("2020-02-03"),
            json!("2020-02-03T09:05"),
            json!("2020-02-03 09:05:30"),
            json!("2020-02-03 9:05"),
            json!("text"),
            json!(true),
            json!(-7),
            json!(9_223_372_036_854_775_807_u64),
            json!(9_223_372_036_854_775_808_u64),
            json!(1.5),
            json!(["a", "b"]),
            json!({}),
            json!([{}]),
            Value::Null,
        ];
        for (name, reader) in READERS {
            let mut read = 0;
            for kind in schema::all_kinds() {
                for f in kind.fields {
                    for v in &samples {
                        let text = json!({ f.name: v }).to_string();
                        let clean = normalize(kind, &serde_json::from_str(&text).unwrap())
                            .issues
                            .is_empty();
                        let took = agrees(reader, kind, &text);
                        assert_eq!(took, clean, "{name}, {}: {text}", kind.name);
                        read += usize::from(clean);
                    }
                }
            }
            assert!(read > 200, "{name}: only {read} read");
        }
    }
}
