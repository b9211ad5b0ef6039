//! The rule-author library: the functions every rule can call, registered once per engine.
//!
//! Dates go in and come out as `"YYYY-MM-DD"` strings and times as `"YYYY-MM-DDTHH:MM"`,
//! exactly as records carry them, so rules never convert. Failures (a malformed date, a year
//! the calendar does not cover) are rhai runtime errors carrying a bilingual message map
//! `#{code, zh, en}`; the engine turns them into an error finding for the rule that called.
//! The reference with an example per function is `rules/README.md`; its examples are run by
//! the test suite.

use crate::calendar::CalendarError;
use crate::date::{Date, DateTime};
use crate::formats::{self, TimeLimitKind};
use crate::lookup;
use crate::natives::Natives;
use crate::sandbox::{Meter, SharedCalendar, Sizes, charge, charge_reader};
use crate::text::trim;
use rhai::{Array, Dynamic, EvalAltResult, ImmutableString, Map, NativeCallContext, Position};

type Res<T> = Result<T, Box<EvalAltResult>>;

/// A runtime error whose value is `#{code, zh, en}` (plus extra fields), so the engine can
/// show it in the user's language and recognise calendar gaps.
pub(crate) fn failure(
    code: &str,
    zh: String,
    en: String,
    extra: &[(&str, Dynamic)],
) -> Box<EvalAltResult> {
    let mut map = Map::new();
    map.insert("code".into(), code.into());
    map.insert("zh".into(), zh.into());
    map.insert("en".into(), en.into());
    for (k, v) in extra {
        map.insert((*k).into(), v.clone());
    }
    Box::new(EvalAltResult::ErrorRuntime(
        Dynamic::from_map(map),
        Position::NONE,
    ))
}

fn date(s: &str) -> Res<Date> {
    Date::parse(s).map_err(|e| failure("bad_date", e.message_zh(), e.to_string(), &[]))
}

fn datetime(s: &str) -> Res<DateTime> {
    DateTime::parse(s).map_err(|e| failure("bad_time", e.message_zh(), e.to_string(), &[]))
}

fn calendar_error(e: CalendarError) -> Box<EvalAltResult> {
    let year = match &e {
        CalendarError::NotCovered { year, .. } => Some(*year),
        _ => None,
    };
    let extra: Vec<(&str, Dynamic)> = year
        .map(|y| ("year", Dynamic::from(i64::from(y))))
        .into_iter()
        .collect();
    let code = if year.is_some() {
        "calendar_not_covered"
    } else {
        "calendar"
    };
    failure(code, e.message_zh(), e.to_string(), &extra)
}

fn int(n: i64, what: &str) -> Res<i32> {
    i32::try_from(n).map_err(|_| {
        failure(
            "out_of_range",
            format!("{what}超出范围：{n}"),
            format!("{what} out of range: {n}"),
            &[],
        )
    })
}

/// Registers the library into `engine`; `sizes` are the engine's size limits.
///
/// None of these functions builds more than a few times what it is given (dates, maps of a few
/// parts, lists of what a text holds); those that build lists of what a text holds check the
/// list against the limits before building it, as `stdlib.rs` does, and those that scan text
/// charge the work to the call's deadline (`crate::sandbox::charge`).
pub fn register(engine: &mut Natives, calendar: SharedCalendar, sizes: Sizes) {
    register_calendar(engine, calendar);
    register_dates(engine);
    register_formats(engine, sizes);
    register_vocabulary(engine, sizes);
    register_text(engine);
}

/// The calendar for reading; a poisoned lock (impossible without a panic inside the
/// calendar) is recovered rather than failing every rule.
fn read(cal: &SharedCalendar) -> std::sync::RwLockReadGuard<'_, crate::calendar::Calendar> {
    cal.read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn register_calendar(engine: &mut Natives, calendar: SharedCalendar) {
    let cal = calendar.clone();
    engine.def("is_workday", move |d: &str| -> Res<bool> {
        read(&cal).is_workday(date(d)?).map_err(calendar_error)
    });
    let cal = calendar.clone();
    engine.def(
        "add_workdays",
        move |d: &str, n: i64| -> Res<ImmutableString> {
            let out = read(&cal)
                .add_workdays(date(d)?, int(n, "工作日数")?)
                .map_err(calendar_error)?;
            Ok(out.to_string().into())
        },
    );
    let cal = calendar.clone();
    engine.def("workdays_between", move |a: &str, b: &str| -> Res<i64> {
        read(&cal)
            .workdays_between(date(a)?, date(b)?)
            .map(i64::from)
            .map_err(calendar_error)
    });
    let cal = calendar;
    engine.def(
        "workdays_late",
        // A negative period counts as none (`Calendar::workdays_late`).
        move |start: &str, n: i64, d: &str| -> Res<i64> {
            read(&cal)
                .workdays_late(date(start)?, int(n, "工作日数")?, date(d)?)
                .map(i64::from)
                .map_err(calendar_error)
        },
    );
}

fn register_dates(engine: &mut Natives) {
    engine.def("today", |ctx: NativeCallContext| -> Res<ImmutableString> {
        match ctx
            .tag()
            .and_then(|t| t.read_lock::<ImmutableString>().map(|s| s.clone()))
        {
            Some(s) => Ok(s),
            None => Err(failure(
                "no_today",
                "未提供检查日期（today）".into(),
                "no check date (today) was given".into(),
                &[],
            )),
        }
    });
    engine.def("is_date", |s: &str| Date::parse(s).is_ok());
    engine.def("is_date", |_: ()| false);
    engine.def("is_datetime", |s: &str| DateTime::parse(s).is_ok());
    engine.def("is_datetime", |_: ()| false);
    engine.def("add_days", |d: &str, n: i64| -> Res<ImmutableString> {
        let out = date(d)?.checked_add_days(n).ok_or_else(|| {
            failure(
                "out_of_range",
                format!("{d}加{n}天超出日期范围（{}至{}）", Date::MIN, Date::MAX),
                format!(
                    "{d} plus {n} days is out of range ({} to {})",
                    Date::MIN,
                    Date::MAX
                ),
                &[],
            )
        })?;
        Ok(out.to_string().into())
    });
    engine.def("days_between", |a: &str, b: &str| -> Res<i64> {
        Ok(i64::from(date(a)?.days_until(date(b)?)))
    });
    engine.def("add_months", |d: &str, n: i64| -> Res<ImmutableString> {
        let out = date(d)?.add_months(int(n, "月数")?).ok_or_else(|| {
            failure(
                "out_of_range",
                format!("{d}加{n}个月超出日期范围"),
                format!("{d} plus {n} months is out of range"),
                &[],
            )
        })?;
        Ok(out.to_string().into())
    });
    engine.def("year_of", |d: &str| -> Res<i64> {
        Ok(i64::from(date_or_time(d)?.year()))
    });
    engine.reader("year_of", 1, |args| {
        let year = date_or_time(&one_text(args)?).ok()?.year();
        Some(i64::from(year).into())
    });
    engine.def("date_of", |t: &str| -> Res<ImmutableString> {
        Ok(date_or_time(t)?.to_string().into())
    });
    engine.def("minutes_between", |a: &str, b: &str| -> Res<i64> {
        Ok(datetime(a)?.minutes_until(datetime(b)?))
    });
    engine.def("hours_between", |a: &str, b: &str| -> Res<i64> {
        Ok(datetime(a)?.minutes_until(datetime(b)?).div_euclid(60))
    });
    engine.def("add_hours", |t: &str, n: i64| -> Res<ImmutableString> {
        add_minutes(t, n.checked_mul(60).unwrap_or(i64::MAX))
    });
    engine.def("add_minutes", |t: &str, n: i64| -> Res<ImmutableString> {
        add_minutes(t, n)
    });
}

fn date_or_time(s: &str) -> Res<Date> {
    if s.len() > 10 {
        Ok(datetime(s)?.date())
    } else {
        date(s)
    }
}

/// `t` plus `n` minutes; a time outside the years [`Date::parse`] accepts is out of range (an
/// `n` of `i64::MAX` stands for one too large to compute).
fn add_minutes(t: &str, n: i64) -> Res<ImmutableString> {
    let out = datetime(t)?.checked_add_minutes(n).ok_or_else(|| {
        failure(
            "out_of_range",
            format!("时间超出范围（{}至{}）", Date::MIN, Date::MAX),
            format!("time out of range ({} to {})", Date::MIN, Date::MAX),
            &[],
        )
    })?;
    Ok(out.to_string().into())
}

fn register_formats(engine: &mut Natives, sizes: Sizes) {
    engine.def("is_valid_resident_id", formats::is_valid_resident_id);
    engine.def("is_valid_resident_id", |_: ()| false);
    engine.def("is_valid_uscc", formats::is_valid_uscc);
    engine.def("is_valid_uscc", |_: ()| false);
    engine.def("is_valid_org_code", formats::is_valid_org_code);
    engine.def("parse_doc_number", |s: &str| -> Res<Dynamic> {
        charge(s.len())?;
        Ok(Dynamic::from_map(doc_number(s)))
    });
    engine.reader("parse_doc_number", 1, |args| {
        let s = one_text(args)?;
        charge_reader(s.len()).then(|| Dynamic::from_map(doc_number(&s)))
    });
    engine.def("find_pii", move |text: &str| -> Res<Array> {
        charge(text.len())?;
        let found = formats::find_pii(text);
        // Each is a map of 6 entries.
        sizes.array(found.len())?;
        sizes.map(found.len().saturating_mul(6))?;
        Ok(found
            .into_iter()
            .map(|m| {
                let mut map = Map::new();
                map.insert("kind".into(), m.kind.code().into());
                map.insert("label".into(), m.kind.label_zh().into());
                map.insert("start".into(), (m.start as i64).into());
                map.insert("end".into(), (m.end as i64).into());
                map.insert("text".into(), m.text.into());
                map.insert("masked".into(), m.masked.into());
                Dynamic::from_map(map)
            })
            .collect())
    });
    engine.def("find_pii", |_: ()| Array::new());
    engine.def("parse_time_limit", |s: &str| -> Res<Dynamic> {
        charge(s.len())?;
        Ok(Dynamic::from_map(parsed_time_limit(s)))
    });
    engine.reader("parse_time_limit", 1, |args| {
        let s = one_text(args)?;
        charge_reader(s.len()).then(|| Dynamic::from_map(parsed_time_limit(&s)))
    });
    engine.def("cn_number", |s: &str| -> Dynamic {
        formats::parse_chinese_number(s).map_or(Dynamic::UNIT, |n| i64::from(n).into())
    });
}

// Maps become values through `Dynamic::from_map` throughout: rhai's `Dynamic::from` (and a
// native function returning a `Map`) rebuilds the map entry by entry (its
// `From<BTreeMap<K, T>>` converts each key and value and collects them anew, sorting them),
// which cost a catalogue check ≈ 3,800 instructions for the two parses below.

/// What `parse_doc_number` gives a rule: the parts of a document number as a map, or its
/// error.
fn doc_number(s: &str) -> Map {
    let mut map = Map::new();
    match formats::parse_doc_number(s) {
        Ok(n) => {
            map.insert("agency".into(), n.agency.into());
            map.insert(
                "year".into(),
                n.year.map_or(Dynamic::UNIT, |y| i64::from(y).into()),
            );
            map.insert("serial".into(), i64::from(n.serial).into());
            map.insert("order".into(), n.order.into());
        }
        Err(e) => {
            map.insert("error".into(), e.message_zh().into());
            map.insert("error_en".into(), e.message_en().into());
            map.insert("code".into(), e.code().into());
        }
    }
    map
}

/// The one argument of a reader's call, when it is a string.
fn one_text<'a>(args: &[&'a Dynamic]) -> Option<rhai::DynamicReadLock<'a, ImmutableString>> {
    let [x] = args else { return None };
    x.read_lock::<ImmutableString>()
}

thread_local! {
    /// The time limits parsed last on this thread.
    static TIME_LIMITS: crate::recent::Recent<Map> = const { crate::recent::empty() };
    /// The fields of standard kinds that rules named by path last on this thread.
    #[cfg(gongkai_lowered)]
    static STANDARD_FIELDS: crate::recent::Recent<Option<&'static crate::schema::Field>> =
        const { crate::recent::empty() };
}

/// `time_limit(s)`, remembered: several rules of a pack parse the same field (`recent.rs`).
fn parsed_time_limit(s: &str) -> Map {
    crate::recent::answer(&TIME_LIMITS, s, time_limit)
}

/// What `parse_time_limit` gives a rule: the parsed time limit as a map, or its error.
fn time_limit(s: &str) -> Map {
    let mut map = Map::new();
    match formats::parse_time_limit(s) {
        Ok(t) => {
            if let Some(w) = t.working_days() {
                map.insert("working_days".into(), i64::from(w).into());
            }
            map.insert("kind".into(), t.kind.code().into());
            match &t.kind {
                TimeLimitKind::Within { amount, unit }
                | TimeLimitKind::Duration { amount, unit } => {
                    map.insert("amount".into(), i64::from(*amount).into());
                    map.insert("unit".into(), unit.code().into());
                }
                TimeLimitKind::Periodic { every, month, day } => {
                    map.insert("every".into(), every.code().into());
                    map.insert(
                        "month".into(),
                        month.map_or(Dynamic::UNIT, |m| i64::from(m).into()),
                    );
                    map.insert(
                        "day".into(),
                        day.map_or(Dynamic::UNIT, |d| i64::from(d).into()),
                    );
                }
                TimeLimitKind::Immediate | TimeLimitKind::Fixed => {}
            }
            map.insert(
                "trigger".into(),
                t.trigger.clone().map_or(Dynamic::UNIT, Dynamic::from),
            );
        }
        Err(e) => {
            map.insert("error".into(), e.message_zh().into());
            map.insert("error_en".into(), e.message_en().into());
        }
    }
    map
}

/// The schema field a rule names as `"kind.field"` (e.g. `"catalogue_entry.channels"`); a typo
/// is an error, not a silent "no vocabulary".
///
/// A check asks this of the same few paths for every record (`unknown_terms` of each list
/// field), and finding a field by kind and name cost ≈ 300 instructions; a standard kind's
/// fields never change, so its answers are remembered (`recent.rs`). A custom kind can be
/// redefined at any time, so its fields are looked up afresh.
fn schema_field(path: &str) -> Res<&'static crate::schema::Field> {
    let standard = |path: &str| {
        let (kind, field) = crate::schema::split_path(path)?;
        crate::schema::standard_kind(kind)?.field_at(field)
    };
    // The default WebAssembly module, which spends its bytes on rules rather than on speed,
    // looks every path up.
    #[cfg(gongkai_lowered)]
    let field = crate::recent::answer(&STANDARD_FIELDS, path, standard);
    #[cfg(not(gongkai_lowered))]
    let field = standard(path);
    let field = field.or_else(|| {
        crate::schema::split_path(path).and_then(|(k, f)| crate::schema::kind(k)?.field_at(f))
    });
    field.ok_or_else(|| {
        failure(
            "unknown_field",
            format!(
                "字段路径「{path}」不存在：应写作「记录类型.字段」，如「catalogue_entry.channels」"
            ),
            format!("no field `{path}`: write `kind.field`, e.g. `catalogue_entry.channels`"),
            &[],
        )
    })
}

/// The pieces `find` gives of a text (charged to the call's deadline), as a list of rule
/// strings, or rhai's error when there are more than the array limit allows (checked before
/// they are copied).
fn texts(text: &str, find: impl FnOnce(&str) -> Vec<&str>, sizes: Sizes) -> Res<Array> {
    charge(text.len())?;
    let pieces = find(text);
    sizes.array(pieces.len())?;
    Ok(pieces
        .into_iter()
        .map(|t| ImmutableString::from(t).into())
        .collect())
}

/// Calls `f` on each string of a value that is a string or a list of strings (other values are
/// ignored), reading them in place: these run on list fields of every record.
fn each_string(value: &Dynamic, mut f: impl FnMut(&str)) {
    if let Some(s) = value.read_lock::<ImmutableString>() {
        return f(&s);
    }
    for v in value.read_lock::<Array>().iter().flat_map(|a| a.iter()) {
        if let Some(s) = v.read_lock::<ImmutableString>() {
            f(&s);
        }
    }
}

/// The standard term of the field at `path` that `value` is or stands for; `()` for none.
fn standard_term(path: &str, value: Option<&str>) -> Res<Dynamic> {
    let field = schema_field(path)?;
    Ok(value
        .and_then(|v| field.standard_term(v))
        .map_or(Dynamic::UNIT, Dynamic::from))
}

/// The values of `values` (a string or a list of strings) that are neither a standard term
/// of the field at `path` nor a synonym of one (nor 「其他…」 where the field allows it).
fn unknown_terms(path: &str, values: &Dynamic) -> Res<Array> {
    let field = schema_field(path)?;
    let other = field.options.contains(&"其他");
    let mut unknown = Array::new();
    each_string(values, |v| {
        let v = trim(v);
        if !v.is_empty() && field.standard_term(v).is_none() && !(other && v.starts_with("其他"))
        {
            unknown.push(v.into());
        }
    });
    Ok(unknown)
}

/// `#{value, standard}` for each value of `values` that is a synonym of a standard term of the
/// field at `path`.
fn synonym_terms(path: &str, values: &Dynamic) -> Res<Array> {
    let mut synonyms = Array::new();
    each_synonym(schema_field(path)?, values, |m| {
        synonyms.push(Dynamic::from_map(m));
    });
    Ok(synonyms)
}

/// Calls `f` with `#{value, standard}` for each value of `values` (a string or a list of
/// strings, trimmed) that is a synonym of one of `field`'s standard terms.
fn each_synonym(field: &crate::schema::Field, values: &Dynamic, mut f: impl FnMut(Map)) {
    each_string(values, |v| {
        let v = trim(v);
        if let Some(standard) = field.standard_term(v).filter(|s| !crate::text::same(s, v)) {
            let mut m = Map::new();
            m.insert("value".into(), v.into());
            m.insert("standard".into(), standard.into());
            f(m);
        }
    });
}

/// `#{field, value, standard}` for each value of the fields `fields` of `record` (of kind `kind`)
/// that is a synonym of a standard term, in the order of `fields`: what a rule harmonising the
/// wording of several checkbox columns reports, in one call rather than a loop of
/// `synonym_terms` calls, each with its path built by concatenation (under rhai, as the
/// WebAssembly module runs rules, that loop was half the work of re-checking a `channels` field).
fn synonyms_in(record: &Dynamic, kind: &str, fields: &Array) -> Res<Array> {
    let schema = crate::schema::kind(kind).ok_or_else(|| {
        let unknown = crate::CheckError::UnknownKind(kind.to_owned());
        failure(
            "unknown_kind",
            unknown.message(crate::Lang::Zh),
            unknown.message(crate::Lang::En),
            &[],
        )
    })?;
    let mut synonyms = Array::new();
    for name in fields {
        let Some(name) = name.read_lock::<ImmutableString>() else {
            return Err(failure(
                "bad_field",
                format!("字段列表中的 {name} 不是字段名（应为文本）"),
                format!("`{name}` in the field list is not a field name (text)"),
                &[],
            ));
        };
        let name: &ImmutableString = &name;
        let field = field_of(schema, name).ok_or_else(|| {
            failure(
                "unknown_field",
                format!("记录类型「{kind}」没有字段「{name}」"),
                format!("kind `{kind}` has no field `{name}`"),
                &[],
            )
        })?;
        value_at(record, name, |value| {
            each_synonym(field, value, |mut m| {
                m.insert("field".into(), name.clone().into());
                synonyms.push(Dynamic::from_map(m));
            });
        });
    }
    Ok(synonyms)
}

/// `kind.field_at(name)`, remembered on this thread for the few kinds and names asked last
/// (`synonyms_in` asks for the same five fields of every catalogue entry; finding one costs
/// ≈ 150 instructions, remembering ≈ 40). A kind is named by its address: kinds live for the
/// whole process, and a custom kind redefined is a new one (the old one stays allocated).
#[cfg(gongkai_lowered)]
fn field_of(
    kind: &'static crate::schema::Kind,
    name: &str,
) -> Option<&'static crate::schema::Field> {
    type Question = (&'static crate::schema::Kind, Box<str>);
    thread_local! {
        static KNOWN: crate::recent::Recent<Option<&'static crate::schema::Field>, Question> =
            const { crate::recent::empty() };
    }
    crate::recent::answer_by(
        &KNOWN,
        16,
        |(k, n)| std::ptr::eq(*k, kind) && crate::text::same(n, name),
        || (kind, name.into()),
        || kind.field_at(name),
    )
}

/// `kind.field_at(name)` (the default WebAssembly module spends no bytes on remembering it).
#[cfg(not(gongkai_lowered))]
fn field_of(
    kind: &'static crate::schema::Kind,
    name: &str,
) -> Option<&'static crate::schema::Field> {
    kind.field_at(name)
}

/// `f` of the value at a dotted path of a record map (`interpretation.unit`), read in place;
/// `None` when there is no such value.
fn value_at<R>(record: &Dynamic, path: &str, f: impl FnOnce(&Dynamic) -> R) -> Option<R> {
    value_in(&*record.read_lock::<Map>()?, path, f)
}

/// [`value_at`] in a map already read.
fn value_in<R>(map: &Map, path: &str, f: impl FnOnce(&Dynamic) -> R) -> Option<R> {
    match crate::schema::split_path(path) {
        None => lookup::get(map, path).map(f),
        Some((head, rest)) => value_at(lookup::get(map, head)?, rest, f),
    }
}

fn register_vocabulary(engine: &mut Natives, sizes: Sizes) {
    engine.def("standard_term", |path: &str, value: &str| {
        standard_term(path, Some(value))
    });
    engine.def("standard_term", |path: &str, _: ()| {
        standard_term(path, None)
    });
    engine.reader("standard_term", 2, |args| {
        let [path, value] = args else { return None };
        let path = path.read_lock::<ImmutableString>()?;
        if value.is_unit() {
            return standard_term(&path, None).ok();
        }
        standard_term(&path, Some(&value.read_lock::<ImmutableString>()?)).ok()
    });
    engine.def("unknown_terms", |path: &str, values: Dynamic| {
        unknown_terms(path, &values)
    });
    engine.reader("unknown_terms", 2, |args| {
        path_and_values(args, unknown_terms)
    });
    engine.def("synonym_terms", |path: &str, values: Dynamic| {
        synonym_terms(path, &values)
    });
    engine.reader("synonym_terms", 2, |args| {
        path_and_values(args, synonym_terms)
    });
    // The record by reference (only read, so still pure): called as its method
    // (`record.synonyms_in(…)`), rhai hands over the record itself rather than a copy of it.
    engine.def(
        "synonyms_in",
        |record: &mut Dynamic, kind: &str, fields: Array| synonyms_in(record, kind, &fields),
    );
    engine.reader("synonyms_in", 3, |args| {
        let [record, kind, fields] = args else {
            return None;
        };
        let fields = fields.read_lock::<Array>()?;
        synonyms_in(record, &kind.read_lock::<ImmutableString>()?, &fields)
            .ok()
            .map(Dynamic::from_array)
    });
    engine.def("cited_titles", move |text: &str| {
        texts(text, crate::formats::cited_titles, sizes)
    });
    engine.def("cited_titles", |_: ()| Array::new());
    engine.def("law_titles", move |text: &str| {
        texts(text, crate::formats::law_titles, sizes)
    });
    engine.def("law_titles", |_: ()| Array::new());
    engine.def("cited_doc_numbers", move |text: &str| {
        texts(text, crate::formats::cited_doc_numbers, sizes)
    });
    engine.def("cited_doc_numbers", |_: ()| Array::new());
    engine.reader("cited_titles", 1, |args| {
        text_or_nothing(args, |t| {
            texts(t, crate::formats::cited_titles, Sizes::READER)
        })
    });
    engine.reader("law_titles", 1, |args| {
        text_or_nothing(args, |t| {
            texts(t, crate::formats::law_titles, Sizes::READER)
        })
    });
    engine.reader("cited_doc_numbers", 1, |args| {
        text_or_nothing(args, |t| {
            texts(t, crate::formats::cited_doc_numbers, Sizes::READER)
        })
    });
}

/// A reader for the vocabulary functions of a field path and a value of any type.
fn path_and_values(args: &[&Dynamic], f: fn(&str, &Dynamic) -> Res<Array>) -> Option<Dynamic> {
    let [path, values] = args else { return None };
    f(&path.read_lock::<ImmutableString>()?, values)
        .ok()
        .map(Dynamic::from_array)
}

/// A reader for the functions of one text argument that give an empty list for `()`.
fn text_or_nothing(args: &[&Dynamic], f: impl FnOnce(&str) -> Res<Array>) -> Option<Dynamic> {
    let [x] = args else { return None };
    if x.is_unit() {
        return Some(Array::new().into());
    }
    f(&x.read_lock::<ImmutableString>()?).ok().map(Into::into)
}

/// Whether a value counts as not filled in: `()`, a blank string, an empty map, or a list whose
/// items are all blank (a checkbox group with nothing ticked).
fn blank(v: &Dynamic) -> bool {
    if v.is_unit() {
        return true;
    }
    if let Some(s) = v.read_lock::<ImmutableString>() {
        return trim(&s).is_empty();
    }
    if let Some(a) = v.read_lock::<Array>() {
        return a.iter().all(blank);
    }
    v.read_lock::<Map>().is_some_and(|m| m.is_empty())
}

/// The paths of `paths` (dotted ones reach into objects: `interpretation.unit`) whose value in
/// `record` is blank; an absent value is. Values are read in place (cloning a list field per
/// check would cost more than the test), and the record is read once for all the paths (CAT-001
/// asks about nine fields of every entry).
fn blank_fields(record: &Dynamic, paths: &Array) -> Array {
    let map = record.read_lock::<Map>();
    paths
        .iter()
        .filter(|p| {
            p.read_lock::<ImmutableString>().is_some_and(|p| {
                map.as_ref()
                    .is_none_or(|m| value_in(m, &p, blank).unwrap_or(true))
            })
        })
        .cloned()
        .collect()
}

/// Whether any string of `texts` (other values are skipped) contains any non-empty string of
/// `needles`; each text costs a pass per needle, charged to the call's deadline.
fn any_contains_any(texts: &Array, needles: &Array) -> Res<bool> {
    let mut meter = Meter::default();
    for t in texts {
        if let Some(t) = t.read_lock::<ImmutableString>()
            && contains_any(&t, needles, &mut meter)?
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether `s` contains any non-empty string of `needles`; each needle costs a pass over `s`,
/// charged to `meter` (as one when that is little: the usual case, a field and a short list).
fn contains_any(s: &str, needles: &Array, meter: &mut Meter) -> Res<bool> {
    let holds = |n: &Dynamic| {
        n.read_lock::<ImmutableString>()
            .is_some_and(|n| !n.is_empty() && crate::text::contains(s, &n))
    };
    if s.len().saturating_mul(needles.len()) < crate::sandbox::SMALL_WORK {
        return Ok(needles.iter().any(holds));
    }
    crate::stdlib::metered_any(needles, s.len(), meter, holds)
}

fn register_text(engine: &mut Natives) {
    // By reference, as `synonyms_in` takes the record.
    engine.def("blank_fields", |record: &mut Dynamic, paths: Array| {
        blank_fields(record, &paths)
    });
    engine.reader("blank_fields", 2, |args| {
        let [record, paths] = args else { return None };
        let paths = paths.read_lock::<Array>()?;
        Some(Dynamic::from_array(blank_fields(record, &paths)))
    });
    engine.def("is_blank", |_: ()| true);
    engine.def("is_blank", |s: &str| trim(s).is_empty());
    engine.def("is_blank", |a: Array| a.is_empty());
    engine.def("is_blank", |m: Map| m.is_empty());
    engine.def("is_blank", |_: bool| false);
    engine.def("is_blank", |_: i64| false);
    engine.reader("is_blank", 1, |args| {
        let [x] = args else { return None };
        if x.is_unit() {
            return Some(Dynamic::TRUE);
        }
        if x.is_bool() || x.is_int() {
            return Some(Dynamic::FALSE);
        }
        if let Some(s) = x.read_lock::<ImmutableString>() {
            return Some(trim(&s).is_empty().into());
        }
        if let Some(a) = x.read_lock::<Array>() {
            return Some(a.is_empty().into());
        }
        Some(x.read_lock::<Map>()?.is_empty().into())
    });
    engine.def("contains_any", |s: &str, needles: Array| {
        contains_any(s, &needles, &mut Meter::default())
    });
    engine.def("contains_any", |_: (), _: Array| false);
    // Several texts at once (a record's category, subcategory and content): each is searched
    // by itself, so no match can span two of them as it could in their concatenation.
    engine.def("contains_any", |texts: Array, needles: Array| {
        any_contains_any(&texts, &needles)
    });
    engine.reader("contains_any", 2, |args| {
        let [s, needles] = args else { return None };
        let needles = needles.read_lock::<Array>()?;
        if s.is_unit() {
            return Some(Dynamic::FALSE);
        }
        if let Some(texts) = s.read_lock::<Array>() {
            return any_contains_any(&texts, &needles).ok().map(Into::into);
        }
        let s = s.read_lock::<ImmutableString>()?;
        contains_any(&s, &needles, &mut Meter::default())
            .ok()
            .map(Into::into)
    });
    engine.def("char_count", |s: &str| s.chars().count() as i64);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{field_of, schema_field};
    use crate::schema::{KindDef, define_kind};

    /// Date arithmetic that leaves the years a date can have (0001–9999) is an `out_of_range`
    /// failure naming the range, never a wrapped date, a date `Date::parse` rejects, or (in a
    /// debug build) an overflow panic.
    #[test]
    fn date_arithmetic_out_of_range_is_a_failure() {
        let engine = crate::Engine::with_options(&crate::EngineOptions {
            standard_rules: false,
            ..Default::default()
        });
        let today = crate::date::Date::parse("2020-01-01").unwrap();
        for expr in [
            r#"add_days("2018-01-01", 2147483647)"#,
            r#"add_days("2018-01-01", 9223372036854775807)"#,
            r#"add_days("2018-01-01", -9223372036854775808)"#,
            r#"add_days("9999-12-31", 1)"#,
            r#"add_days("0001-01-01", -1)"#,
            r#"add_months("2018-01-01", 2147483647)"#,
            r#"add_months("2018-01-01", -2147483648)"#,
            r#"add_months("9999-12-31", 1)"#,
            r#"add_minutes("9999-12-31T23:59", 1)"#,
            r#"add_minutes("0001-01-01T00:00", -1)"#,
            r#"add_minutes("2018-01-01T00:00", 9223372036854775807)"#,
            r#"add_minutes("2018-01-01T00:00", -9223372036854775808)"#,
            r#"add_hours("2018-01-01T00:00", 9223372036854775807)"#,
            r#"add_hours("2018-01-01T00:00", -9223372036854775808)"#,
            r#"add_hours("2018-01-01T00:00", 2147483647)"#,
        ] {
            let err = engine.eval(expr, today).unwrap_err();
            assert_eq!(err.0.code, "out_of_range", "{expr}: {err:?}");
        }
        for (expr, value) in [
            (r#"add_days("9999-12-30", 1)"#, "9999-12-31"),
            (r#"add_days("0001-01-02", -1)"#, "0001-01-01"),
            (r#"add_days("2018-01-01", 365)"#, "2019-01-01"),
            (r#"add_months("9999-11-30", 1)"#, "9999-12-30"),
            (r#"add_minutes("9999-12-31T23:58", 1)"#, "9999-12-31T23:59"),
            (r#"add_hours("2018-01-01T23:00", -24)"#, "2017-12-31T23:00"),
        ] {
            assert_eq!(engine.eval(expr, today).unwrap(), value, "{expr}");
        }
        assert!(
            engine
                .eval(r#"add_days("9999-12-31", 1)"#, today)
                .unwrap_err()
                .message(crate::Lang::Zh)
                .contains("0001-01-01至9999-12-31")
        );
    }

    /// A standard kind's field is remembered; a custom kind's is looked up afresh (by path) or
    /// under its new address (by kind), so a kind redefined with other options is seen with its
    /// new options at once.
    #[test]
    fn schema_fields_of_redefined_custom_kinds_are_current() {
        let channels = schema_field("catalogue_entry.channels").unwrap();
        assert!(std::ptr::eq(
            channels,
            schema_field("catalogue_entry.channels").unwrap()
        ));
        let with = |option: &str| {
            let json = format!(
                r#"{{"name": "test_vocabulary_form", "label_zh": "表", "label_en": "Form", "fields": [
                {{"name": "way", "label_zh": "方式", "label_en": "Way", "type": "text", "options": ["{option}"]}}]}}"#
            );
            let def = KindDef::from_json(&crate::json::parse(&json).unwrap()).unwrap();
            let kind = define_kind(&def).unwrap();
            let by_kind = field_of(kind, "way").unwrap().options.to_vec();
            let by_path = schema_field("test_vocabulary_form.way")
                .unwrap()
                .options
                .to_vec();
            assert_eq!(by_kind, by_path);
            by_path
        };
        assert_eq!(with("甲"), ["甲"]);
        assert_eq!(with("乙"), ["乙"]);
        assert!(schema_field("test_vocabulary_form.nothing").is_err());
        assert!(schema_field("catalogue_entry.nothing").is_err());
    }
}
