//! A record being filled in: converted once, then changed one field at a time.

use super::{InputIssue, IssueLevel, field_value, object, share, unknown_field};
use crate::engine::CheckError;
use crate::schema::{self, Kind};
use rhai::{Dynamic, Map};
use serde_json::Value;

/// A record of one kind kept converted between checks, for a form re-checked as a person types.
///
/// [`Engine::check_field`](crate::Engine::check_field) converts the whole record on every
/// call, though a keystroke changes one field. A draft keeps the converted record and the input
/// issues of each field; [`Draft::set`] converts only the field that changed, and
/// [`Engine::check_draft`](crate::Engine::check_draft) checks what the draft holds. The report
/// is the one `check_field` gives for the same record (the tests hold the two to each other),
/// at the cost of one field's conversion instead of the record's.
///
/// The record is shared with the rules of each check (read-only to them, as a record given whole
/// is), so a draft stays on the thread that made it: it is neither `Send` nor `Sync`.
///
/// ```
/// use gongkai::{CheckOptions, Engine, date::Date, record::Draft};
/// use serde_json::json;
///
/// let engine = Engine::new();
/// let options = CheckOptions::new(Date::parse("2026-03-02")?);
/// let mut draft = Draft::new("catalogue_entry")?;
/// draft.set("channels", Some(&json!(["政府网站", "微信群"])));
/// let report = engine.check_draft(&draft, Some("channels"), &options);
/// assert!(report.findings.iter().any(|f| &*f.rule == "CAT-007"));
/// draft.set("channels", Some(&json!(["政府网站"])));
/// let report = engine.check_draft(&draft, Some("channels"), &options);
/// assert!(!report.findings.iter().any(|f| &*f.rule == "CAT-007"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Draft {
    kind: &'static Kind,
    /// The record as rules see it, made by [`share`] once: setting a field changes the one map
    /// every check hands to its rules.
    value: Dynamic,
    /// The input issues of each field, in the kind's declared order, then the warnings for
    /// members the kind does not have, by name: the order [`super::normalize`] gives them in.
    issues: Vec<Vec<InputIssue>>,
}

impl Draft {
    /// An empty record of `kind` (every field absent).
    pub fn new(kind: &str) -> Result<Draft, CheckError> {
        let kind = schema::kind(kind).ok_or_else(|| CheckError::UnknownKind(kind.to_owned()))?;
        let mut none = Vec::new();
        let value = object(
            kind.fields,
            &Value::Object(Default::default()),
            "",
            &mut none,
        );
        Ok(Draft {
            kind,
            value: share(value),
            issues: vec![Vec::new(); kind.fields.len() + 1],
        })
    }

    /// The kind of record this is.
    pub fn kind(&self) -> &'static Kind {
        self.kind
    }

    /// Gives the member `name` a new value, or removes it (`None`). A value of the wrong type is
    /// an input issue of the next check, and a name the kind does not have a warning, as
    /// [`super::normalize`] reports them for a whole record.
    pub fn set(&mut self, name: &str, value: Option<&Value>) {
        let fields = self.kind.fields;
        let Some(i) = fields.iter().position(|f| f.name == name) else {
            let Some(unknown) = self.issues.last_mut() else {
                return;
            };
            let at = unknown.partition_point(|u| u.field.as_str() < name);
            let known = unknown.get(at).is_some_and(|u| u.field == name);
            match (value, known) {
                (Some(_), false) => unknown.insert(at, unknown_field(fields, "", name)),
                (None, true) => {
                    unknown.remove(at);
                }
                _ => {}
            }
            return;
        };
        let (Some(field), Some(issues)) = (fields.get(i), self.issues.get_mut(i)) else {
            return;
        };
        issues.clear();
        let converted = value.map_or(Dynamic::UNIT, |v| field_value(field, v, "", issues));
        if let Some(mut map) = self.value.write_lock::<Map>()
            && let Some(slot) = map.get_mut(name)
        {
            *slot = converted.into_read_only();
        }
    }

    /// The record as rules see it (shared and read-only).
    pub(crate) fn value(&self) -> &Dynamic {
        &self.value
    }

    /// Every input issue, in the order a whole record's conversion gives them.
    pub fn issues(&self) -> impl Iterator<Item = &InputIssue> {
        self.issues.iter().flatten()
    }

    /// Whether the record fits its schema (warnings allowed), so that its rules may run.
    pub fn is_valid(&self) -> bool {
        self.issues().all(|i| i.level != IssueLevel::Error)
    }
}
