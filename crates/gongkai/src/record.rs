//! Records: JSON in, schema-normalised rhai values out.
//!
//! Every record is converted exactly once per check, whatever the number of rules. The result
//! holds every field of the kind (absent ones as `()`), so together with
//! `fail_on_invalid_map_property` a rule that reads a field the kind does not have fails loudly
//! instead of seeing a silent `()`. Values are checked against their declared type here, once,
//! so rules can trust that a date field holds a valid `"YYYY-MM-DD"` or nothing.

use crate::date::{Date, DateTime};
use crate::schema::{Field, FieldType, Kind};

#[cfg(not(target_family = "wasm"))]
mod direct;
#[cfg(any(test, all(target_family = "wasm", gongkai_lowered)))]
mod direct_text;
mod draft;
use crate::text::Text;
#[cfg(not(target_family = "wasm"))]
pub use direct::read_json;
#[cfg(all(target_family = "wasm", gongkai_lowered))]
pub use direct_text::read_json;
pub use draft::Draft;
use rhai::{Array, Dynamic, Map};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How serious an input problem is.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IssueLevel {
    /// The record does not fit its schema and is not checked.
    Error,
    /// Something was ignored (an unknown field); the record is still checked.
    Warning,
}

/// A problem with the input data itself, before any rule runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputIssue {
    /// Error or warning.
    pub level: IssueLevel,
    /// Path of the offending field, e.g. `entries[3].channels`; empty for the record itself.
    pub field: String,
    /// What is wrong, in both languages.
    pub message: Text,
}

/// A record converted to its schema, ready for rules.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The record as rules see it: a map holding every field of the kind ([`share`] makes it
    /// read-only when it is handed to rules).
    pub value: Dynamic,
    /// Problems found; any [`IssueLevel::Error`] means the record must not be checked.
    pub issues: Vec<InputIssue>,
}

impl Normalized {
    /// Whether the record fits its schema (warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.issues.iter().all(|i| i.level != IssueLevel::Error)
    }

    /// The text of the top-level field `name`, trimmed, when it is text: a batch names each
    /// record's unit (公开主体, 发文机关) by it, read here rather than by parsing the record again.
    ///
    /// ```
    /// use gongkai::{record, schema};
    /// let kind = schema::kind("document").unwrap();
    /// let rec = record::normalize(kind, &serde_json::json!({"issuer": " 信阳市人民政府 "}));
    /// assert_eq!(rec.text("issuer").as_deref(), Some("信阳市人民政府"));
    /// assert_eq!(rec.text("title"), None);
    /// ```
    pub fn text(&self, name: &str) -> Option<String> {
        let map = self.value.read_lock::<Map>()?;
        let value = map.get(name)?.read_lock::<rhai::ImmutableString>()?;
        Some(value.trim().to_owned())
    }
}

/// Converts a JSON record of `kind` into the map rules read, collecting every input problem
/// rather than stopping at the first, so one run tells the user everything to fix.
///
/// ```
/// use gongkai::{record, schema};
/// let kind = schema::kind("publication").unwrap();
/// let rec = record::normalize(kind, &serde_json::json!({"title": "公示", "body": 1}));
/// assert!(!rec.is_valid());
/// assert_eq!(rec.issues[0].field, "body");
/// assert_eq!(rec.issues[0].message.zh, "「正文」应为文本，实际为数字 1");
/// ```
pub fn normalize(kind: &Kind, value: &Value) -> Normalized {
    let mut issues = Vec::new();
    // Not made read-only here: `share` does that, and marking is a walk over the whole record.
    let value = object(kind.fields, value, "", &mut issues);
    Normalized { value, issues }
}

fn object(
    fields: &'static [Field],
    value: &Value,
    path: &str,
    issues: &mut Vec<InputIssue>,
) -> Dynamic {
    let Value::Object(obj) = value else {
        issues.push(error(
            path,
            &Text::new("记录", "record"),
            "对象",
            "an object",
            value,
        ));
        return Dynamic::UNIT;
    };
    let mut known_keys = 0;
    let map = template::build(fields, obj, |f, v| {
        known_keys += 1;
        field_value(f, v, path, issues)
    });
    // Only a record with more keys than it has known fields has unknown ones: the usual
    // record skips comparing every key with every field name.
    let unknown = (obj.len() > known_keys)
        .then_some(obj.keys())
        .into_iter()
        .flatten();
    for key in unknown.filter(|k| !fields.iter().any(|f| f.name == k.as_str())) {
        issues.push(unknown_field(fields, path, key));
    }
    Dynamic::from_map(map)
}

/// The warning for a member `key` that none of `fields` is called.
fn unknown_field(fields: &[Field], path: &str, key: &str) -> InputIssue {
    let known = fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ");
    InputIssue {
        level: IssueLevel::Warning,
        field: join(path, key),
        message: Text::new(
            format!("未知字段「{key}」，已忽略（可用字段：{known}）"),
            format!("unknown field `{key}` ignored (known fields: {known})"),
        ),
    }
}

/// The empty map of each object shape, made once per thread and cloned per record.
///
/// A record's map holds every field of its kind, so every record of a kind has the same keys.
/// Inserting them one by one compared each new key with those already in the B-tree (≈ 400
/// instructions a field, a third of the conversion of a catalogue entry); cloning a map that
/// already holds them, every value `()`, copies the tree without a comparison, and the
/// values are then filled in place. rhai's maps are not `Sync`, hence one cache per thread.
mod template {
    use crate::schema::Field;
    use rhai::{Dynamic, Map};
    use serde_json::Value;
    use smallvec::SmallVec;
    use std::cell::RefCell;
    use std::rc::Rc;

    struct Template {
        /// The address and length of the field list it was made for.
        key: (usize, usize),
        map: Map,
        /// For each field in declared order, the position of its key in the map's (sorted)
        /// order.
        rank: Box<[usize]>,
        /// For each key in the map's order, its field's position in declared order.
        #[cfg(not(target_family = "wasm"))]
        order: Box<[usize]>,
        /// Whether serde_json's objects iterate their keys sorted (they keep insertion order
        /// when some crate in the build enables its `preserve_order` feature).
        #[cfg(not(target_family = "wasm"))]
        sorted_json: bool,
        /// The map of a record checked before, its values emptied: the next record is filled
        /// into it instead of a fresh copy of `map` (see [`recycle`]).
        #[cfg(not(target_family = "wasm"))]
        spare: RefCell<Option<Map>>,
    }

    thread_local! {
        /// Found by the address and length of the field list: schema field lists are `'static`
        /// (kinds defined at run time are leaked), so an address is never reused for another.
        static TEMPLATES: RefCell<Vec<Rc<Template>>> = const { RefCell::new(Vec::new()) };
    }

    fn template(fields: &'static [Field]) -> Rc<Template> {
        let key = (fields.as_ptr() as usize, fields.len());
        TEMPLATES.with(|cache| {
            if let Some(t) = cache.borrow().iter().find(|t| t.key == key) {
                return Rc::clone(t);
            }
            let map: Map = fields
                .iter()
                .map(|f| (f.name.into(), Dynamic::UNIT))
                .collect();
            let rank: Box<[usize]> = fields
                .iter()
                .map(|f| map.keys().position(|k| k == f.name).unwrap_or(usize::MAX))
                .collect();
            #[cfg(not(target_family = "wasm"))]
            let (order, sorted_json) = {
                let mut order: Box<[usize]> = vec![usize::MAX; map.len()].into();
                for (i, &r) in rank.iter().enumerate() {
                    if let Some(o) = order.get_mut(r) {
                        *o = i;
                    }
                }
                let probe: serde_json::Map<String, serde_json::Value> = [("b", 0), ("a", 0)]
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v.into()))
                    .collect();
                (order, probe.keys().next().is_some_and(|k| k == "a"))
            };
            let t = Rc::new(Template {
                key,
                map,
                rank,
                #[cfg(not(target_family = "wasm"))]
                order,
                #[cfg(not(target_family = "wasm"))]
                sorted_json,
                #[cfg(not(target_family = "wasm"))]
                spare: RefCell::new(None),
            });
            cache.borrow_mut().push(Rc::clone(&t));
            t
        })
    }

    /// The JSON value of each field of `t`'s list, in declared order, found in one walk of the
    /// template's keys alongside the object's, both sorted, rather than by a B-tree search
    /// per field, each of which compared several keys (≈ 800 instructions a catalogue
    /// entry). Native builds only: in the WebAssembly module the walk's code cost more bytes
    /// than the module's budget had left.
    #[cfg(not(target_family = "wasm"))]
    fn find<'v>(
        t: &Template,
        fields: &'static [Field],
        obj: &'v serde_json::Map<String, Value>,
    ) -> SmallVec<[Option<&'v Value>; 32]> {
        use std::cmp::Ordering;
        if !t.sorted_json {
            return fields.iter().map(|f| obj.get(f.name)).collect();
        }
        let mut found: SmallVec<[Option<&Value>; 32]> = smallvec::smallvec![None; fields.len()];
        let mut entries = obj.iter().peekable();
        for (name, &i) in t.map.keys().zip(&t.order) {
            while let Some(&(k, v)) = entries.peek() {
                match k.as_str().cmp(name.as_str()) {
                    Ordering::Less => {}
                    Ordering::Equal => {
                        if let Some(slot) = found.get_mut(i) {
                            *slot = Some(v);
                        }
                    }
                    Ordering::Greater => break,
                }
                entries.next();
            }
        }
        found
    }

    /// Keeps the map of a checked record of `fields` for the next record to be filled into,
    /// its values dropped now rather than with the map. A batch checks records of one kind
    /// one after another: making each one's B-tree from the template and freeing it after
    /// its check cost 2–3% of a record's time. Only a map with the template's keys is kept (a
    /// record normalised elsewhere may be anything). Nothing holds a record once its check is
    /// done, so its map is taken, not copied (were it still held, a copy would be kept).
    #[cfg(not(target_family = "wasm"))]
    pub(super) fn recycle(fields: &'static [Field], record: Dynamic) {
        let Some(mut map) = record.flatten().try_cast::<Map>() else {
            return;
        };
        let t = template(fields);
        let keys_kept = map.len() == t.map.len()
            && map
                .keys()
                .zip(t.map.keys())
                .all(|(a, b)| crate::text::same(a, b));
        if !keys_kept {
            return;
        }
        for v in map.values_mut() {
            *v = Dynamic::UNIT;
        }
        t.spare.replace(Some(map));
    }

    #[cfg(all(test, not(target_family = "wasm")))]
    mod tests {
        #![allow(clippy::unwrap_used)]
        use super::*;

        #[test]
        fn the_walk_finds_what_a_search_per_field_finds() {
            for k in crate::schema::all_kinds() {
                let t = template(k.fields);
                // This build's objects are sorted, so the walk is what runs.
                assert!(t.sorted_json);
                // Every third field missing; unknown keys sorting first and last.
                let obj: serde_json::Map<String, Value> = k
                    .fields
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % 3 != 1)
                    .map(|(i, f)| (f.name.to_owned(), Value::from(i)))
                    .chain(["0", "zz"].map(|u| (u.to_owned(), Value::Null)))
                    .collect();
                let searched = Template {
                    key: t.key,
                    map: t.map.clone(),
                    rank: t.rank.clone(),
                    order: t.order.clone(),
                    sorted_json: false,
                    spare: RefCell::new(None),
                };
                let walked = find(&t, k.fields, &obj);
                assert_eq!(walked, find(&searched, k.fields, &obj), "{}", k.name);
                for (i, v) in walked.iter().enumerate() {
                    assert_eq!(v.and_then(Value::as_u64), (i % 3 != 1).then_some(i as u64));
                }
            }
        }

        /// The values of a record filled into a map kept from another, in declared order.
        fn filled(fields: &'static [Field], values: &[Option<i64>]) -> Vec<String> {
            let values = values.iter().map(|v| v.map(Dynamic::from));
            let map = fill(fields, values);
            map.values().map(ToString::to_string).collect()
        }

        #[test]
        fn a_kept_map_is_filled_as_a_fresh_copy_is() {
            let kind = crate::schema::kind("catalogue_entry").unwrap();
            let n = kind.fields.len();
            let first: Vec<_> = (0..n).map(|i| Some(Dynamic::from(i as i64))).collect();
            let mut second = vec![None; n];
            second[2] = Some(7);
            let fresh = filled(kind.fields, &second);
            let record = crate::record::share(Dynamic::from_map(fill(kind.fields, first)));
            recycle(kind.fields, record);
            assert!(template(kind.fields).spare.borrow().is_some());
            // Nothing of the first record is left in the second.
            assert_eq!(filled(kind.fields, &second), fresh);
            assert_eq!(fresh.iter().filter(|v| v.is_empty()).count(), n - 1);
        }

        #[test]
        fn only_a_map_with_the_templates_keys_is_kept() {
            let kind = crate::schema::kind("publication").unwrap();
            let mut other = Map::new();
            other.insert("title".into(), Dynamic::UNIT);
            recycle(kind.fields, Dynamic::from_map(other));
            assert!(template(kind.fields).spare.borrow().is_none());
            // A record still held elsewhere keeps its values there (what is kept is a copy).
            let values = (0..kind.fields.len()).map(|i| Some(Dynamic::from(i as i64)));
            let shared = crate::record::share(Dynamic::from_map(fill(kind.fields, values)));
            let held = shared.clone();
            recycle(kind.fields, shared);
            let held = held.read_lock::<Map>().unwrap();
            assert!(held.values().all(|v| v.is_int()));
        }
    }

    /// A map with every field of `fields`: each one's value from `values` (in declared order),
    /// or `()`.
    #[cfg(any(not(target_family = "wasm"), gongkai_lowered))]
    pub(super) fn fill(
        fields: &'static [Field],
        values: impl IntoIterator<Item = Option<Dynamic>>,
    ) -> Map {
        fill_in(&template(fields), values)
    }

    /// A map with every field of `fields`: what `value` makes of the field's member of `obj`,
    /// or `()` when `obj` has none. `value` is called in declared field order.
    pub(super) fn build(
        fields: &'static [Field],
        obj: &serde_json::Map<String, Value>,
        mut value: impl FnMut(&'static Field, &Value) -> Dynamic,
    ) -> Map {
        let t = template(fields);
        #[cfg(not(target_family = "wasm"))]
        let found = find(&t, fields, obj);
        #[cfg(target_family = "wasm")]
        let found = fields.iter().map(|f| obj.get(f.name));
        let values = fields
            .iter()
            .zip(found)
            .map(|(f, v)| v.map(|v| value(f, v)));
        fill_in(&t, values)
    }

    /// `t`'s map (natively the spare one [`recycle`] kept, if any; else a copy) with `values`
    /// (one per field, in declared order) in place of `()`.
    fn fill_in(t: &Template, values: impl IntoIterator<Item = Option<Dynamic>>) -> Map {
        #[cfg(not(target_family = "wasm"))]
        let mut map = t.spare.take().unwrap_or_else(|| t.map.clone());
        #[cfg(target_family = "wasm")]
        let mut map = t.map.clone();
        {
            let mut sorted: SmallVec<[&mut Dynamic; 32]> = map.values_mut().collect();
            for (&r, v) in t.rank.iter().zip(values) {
                if let (Some(v), Some(slot)) = (v, sorted.get_mut(r)) {
                    **slot = v;
                }
            }
        }
        map
    }
}

/// Converts one field's value. `parent` is the path of the enclosing object; the field's own
/// path is only built when a message or a nested value needs it, since this runs for every
/// field of every record.
fn field_value(
    f: &'static Field,
    v: &Value,
    parent: &str,
    issues: &mut Vec<InputIssue>,
) -> Dynamic {
    if v.is_null() {
        return Dynamic::UNIT;
    }
    let path = || join(parent, f.name);
    let label = || Text::new(f.label_zh, f.label_en);
    let wrong = |issues: &mut Vec<InputIssue>| {
        issues.push(error(
            &path(),
            &label(),
            f.ty.label_zh(),
            f.ty.label_en(),
            v,
        ));
        Dynamic::UNIT
    };
    match (f.ty, v) {
        (FieldType::Text, Value::String(s)) => s.as_str().into(),
        (FieldType::Date, Value::String(s)) => match Date::parse(s) {
            Ok(_) => s.as_str().into(),
            Err(e) => bad_format(issues, &path(), &label(), e.message_zh(), e.to_string()),
        },
        (FieldType::DateTime, Value::String(s)) => match DateTime::parse(s) {
            // Stored canonically so rules compare times as strings safely.
            Ok(t) => t.to_string().into(),
            Err(e) => bad_format(issues, &path(), &label(), e.message_zh(), e.to_string()),
        },
        (FieldType::Bool, Value::Bool(b)) => (*b).into(),
        (FieldType::Int, Value::Number(n)) => match n.as_i64() {
            Some(i) => i.into(),
            None => wrong(issues),
        },
        (FieldType::TextList, Value::Array(items)) => {
            let mut out = Array::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => out.push(s.as_str().into()),
                    _ => issues.push(error(
                        &format!("{}[{i}]", path()),
                        &label(),
                        "文本",
                        "a string",
                        item,
                    )),
                }
            }
            out.into()
        }
        (FieldType::Object { fields }, Value::Object(_)) => object(fields, v, &path(), issues),
        (FieldType::List { kind }, Value::Array(items)) => {
            let Some(kind) = crate::schema::kind(kind) else {
                return wrong(issues);
            };
            let path = path();
            let out: Array = items
                .iter()
                .enumerate()
                .map(|(i, item)| object(kind.fields, item, &format!("{path}[{i}]"), issues))
                .collect();
            out.into()
        }
        _ => wrong(issues),
    }
}

fn bad_format(
    issues: &mut Vec<InputIssue>,
    path: &str,
    label: &Text,
    zh: String,
    en: String,
) -> Dynamic {
    issues.push(InputIssue {
        level: IssueLevel::Error,
        field: path.to_owned(),
        message: Text::new(
            format!("「{}」：{zh}", label.zh),
            format!("{}: {en}", label.en),
        ),
    });
    Dynamic::UNIT
}

fn error(path: &str, label: &Text, want_zh: &str, want_en: &str, got: &Value) -> InputIssue {
    let (got_zh, got_en) = match got {
        Value::Null => ("空值", "null"),
        Value::Bool(_) => ("布尔值", "a boolean"),
        Value::Number(_) => ("数字", "a number"),
        Value::String(_) => ("文本", "a string"),
        Value::Array(_) => ("列表", "a list"),
        Value::Object(_) => ("对象", "an object"),
    };
    let shown = shorten(got);
    InputIssue {
        level: IssueLevel::Error,
        field: path.to_owned(),
        message: Text::new(
            format!("「{}」应为{want_zh}，实际为{got_zh} {shown}", label.zh),
            format!("{} must be {want_en}, found {got_en} {shown}", label.en),
        ),
    }
}

/// The offending value as the user wrote it, cut short so a huge value cannot flood a message.
fn shorten(v: &Value) -> String {
    let s = crate::json::text_of(v);
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or_default()),
        None => s,
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// Makes a normalised record ready to hand to every rule of a check: shared (each rule call
/// clones a pointer, not the record) and read-only (a rule that assigns to it fails with an
/// error instead of changing what the next rule sees).
pub fn share(record: Dynamic) -> Dynamic {
    record.into_read_only().into_shared()
}

/// Ends a check of a record of `kind` made by [`share`]: natively its map is kept for the next
/// record of the kind (see `template::recycle`); in the WebAssembly module, where checks are
/// one form at a time, it is dropped.
pub(crate) fn done(kind: &Kind, record: Dynamic) {
    #[cfg(not(target_family = "wasm"))]
    template::recycle(kind.fields, record);
    #[cfg(target_family = "wasm")]
    let _ = (kind, record);
}

/// Keeps only the declared fields of a normalised record (a dotted path keeps one field of a
/// nested object). Rule examples run on projected records so that a rule reading a field it
/// did not declare fails there, with the line and column of the read, even where the static
/// check is not available (the wasm build).
pub fn project(record: &Dynamic, fields: &[String]) -> Dynamic {
    let Some(map) = record.read_lock::<Map>() else {
        return record.clone();
    };
    let mut out = Map::new();
    for path in fields {
        let (head, rest) = path
            .split_once('.')
            .map_or((path.as_str(), None), |(h, r)| (h, Some(r)));
        let Some(v) = map.get(head) else { continue };
        let v = match rest {
            None => v.clone(),
            Some(rest) => {
                let prev = out.get(head).cloned().filter(|p| p.is_map());
                merge_nested(prev, v, rest)
            }
        };
        out.insert(head.into(), v);
    }
    Dynamic::from_map(out).into_read_only()
}

fn merge_nested(prev: Option<Dynamic>, value: &Dynamic, rest: &str) -> Dynamic {
    let Some(inner) = value.read_lock::<Map>() else {
        return value.clone();
    };
    let mut out = prev.and_then(|p| p.try_cast::<Map>()).unwrap_or_default();
    let head = rest.split_once('.').map_or(rest, |(h, _)| h);
    if let Some(v) = inner.get(head) {
        out.insert(head.into(), v.clone());
    }
    Dynamic::from_map(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::kind;
    use serde_json::json;

    #[test]
    fn absent_fields_become_unit_and_all_fields_are_present() {
        let k = kind("document").unwrap();
        let rec = normalize(
            k,
            &json!({"title": "关于印发…的通知", "disclosure": "主动公开"}),
        );
        assert!(rec.is_valid(), "{:?}", rec.issues);
        let map = rec.value.read_lock::<Map>().unwrap();
        assert_eq!(map.len(), k.fields.len());
        assert!(map["publish_date"].is_unit());
        assert_eq!(
            map["title"].clone().into_string().unwrap(),
            "关于印发…的通知"
        );
    }

    #[test]
    fn every_value_lands_in_its_own_field() {
        // The map is cloned from a template and filled by position: each value must still
        // reach the key of its field, whatever the declared order against the sorted one.
        for k in crate::schema::all_kinds() {
            for f in k.fields.iter().filter(|f| f.ty == FieldType::Text) {
                let rec = normalize(k, &json!({ f.name: format!("v-{}", f.name) }));
                let map = rec.value.read_lock::<Map>().unwrap();
                assert_eq!(map.len(), k.fields.len(), "{}", k.name);
                for (key, v) in map.iter() {
                    if key == f.name {
                        assert_eq!(v.to_string(), format!("v-{}", f.name), "{}.{key}", k.name);
                    } else {
                        assert!(v.is_unit(), "{}.{key} set by {}", k.name, f.name);
                    }
                }
            }
        }
    }

    #[test]
    fn reports_every_type_error_with_its_path() {
        let k = kind("catalogue").unwrap();
        let rec = normalize(
            k,
            &json!({
                "owner": "信阳市人民政府",
                "updated_date": "2018/09/28",
                "entries": [{"category": "政府信息"}, {"category": 5, "channels": ["政府网站", 3]}],
            }),
        );
        let fields: Vec<_> = rec.issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "updated_date",
                "entries[1].category",
                "entries[1].channels[1]"
            ]
        );
        assert_eq!(
            rec.issues[0].message.zh,
            "「更新日期」：「2018/09/28」不是有效日期（应为 YYYY-MM-DD）"
        );
        assert!(!rec.is_valid());
    }

    #[test]
    fn every_field_is_found_among_unknown_keys() {
        // Unknown keys before, between and after the fields' names must neither hide a field
        // nor count as one.
        for k in crate::schema::all_kinds() {
            let mut rec = serde_json::Map::new();
            let mut unknown = vec!["0".to_owned(), "zzzz".to_owned()];
            for f in k.fields.iter().filter(|f| f.ty == FieldType::Text) {
                rec.insert(f.name.into(), json!(format!("v-{}", f.name)));
                unknown.push(format!("{}_", f.name));
            }
            for u in &unknown {
                rec.insert(u.clone(), json!(1));
            }
            let rec = normalize(k, &Value::Object(rec));
            let mut warned: Vec<_> = rec.issues.iter().map(|i| i.field.clone()).collect();
            warned.sort();
            unknown.sort();
            assert_eq!(warned, unknown, "{}", k.name);
            let map = rec.value.read_lock::<Map>().unwrap();
            for f in k.fields.iter().filter(|f| f.ty == FieldType::Text) {
                assert_eq!(
                    map[f.name].to_string(),
                    format!("v-{}", f.name),
                    "{}",
                    k.name
                );
            }
        }
    }

    #[test]
    fn unknown_fields_are_warnings() {
        let k = kind("publication").unwrap();
        let rec = normalize(
            k,
            &json!({"title": "t", "body": "b", "category": "其他", "publsh_date": "x"}),
        );
        assert!(rec.is_valid());
        assert_eq!(rec.issues.len(), 1);
        assert_eq!(rec.issues[0].field, "publsh_date");
        assert!(
            rec.issues[0]
                .message
                .zh
                .starts_with("未知字段「publsh_date」")
        );
    }

    #[test]
    fn datetimes_are_canonical() {
        let k = kind("opinion_event").unwrap();
        let rec = normalize(
            k,
            &json!({"level": "重大", "occurred_at": "2018-07-01 09:30:00"}),
        );
        assert!(rec.is_valid());
        let map = rec.value.read_lock::<Map>().unwrap();
        assert_eq!(
            map["occurred_at"].clone().into_string().unwrap(),
            "2018-07-01T09:30"
        );
    }

    #[test]
    fn non_objects_are_rejected() {
        let rec = normalize(kind("document").unwrap(), &json!([1, 2]));
        assert!(!rec.is_valid());
        assert_eq!(
            rec.issues[0].message.zh,
            "「记录」应为对象，实际为列表 [1,2]"
        );
    }

    #[test]
    fn projection_keeps_declared_paths_only() {
        let k = kind("document").unwrap();
        let rec = normalize(
            k,
            &json!({"title": "t", "interpretation": {"unit": "u", "publish_date": "2018-10-08"}}),
        );
        let p = project(
            &rec.value,
            &["title".into(), "interpretation.publish_date".into()],
        );
        let map = p.read_lock::<Map>().unwrap();
        assert_eq!(map.len(), 2);
        let interp = map["interpretation"].read_lock::<Map>().unwrap();
        assert_eq!(interp.len(), 1);
        assert!(interp.contains_key("publish_date"));
    }
}
