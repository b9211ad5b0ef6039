//! `gongkai check`: records in, findings out, with exit codes for scripts.
//!
//! Output is written as results arrive (the JSON document too). Records are checked in
//! batches, each batch split over one thread per core (each with its own engine:
//! `workers.rs`), and written in file order. JSON Lines files (`.jsonl`,
//! `.ndjson`) are also read batch by batch, so memory stays flat however many records there
//! are; other files are read whole, and a JSON array's elements parsed a batch at a time.

use crate::input::{self, FieldLines, Input, InputError};
use crate::workers::{Pending, Workers};
use gongkai::date::Date;
use gongkai::record::IssueLevel;
use gongkai::{CheckOptions, Engine, Lang, Report, Severity};
use serde::Serialize;
use serde_json::json;
use std::borrow::Cow;
use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;

/// How findings are written (`gongkai check --format`).
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One finding a line and a summary line, for a person.
    Text,
    /// One JSON document, for programs.
    Json,
    /// One row a finding or input problem, for a spreadsheet: UTF-8 with a byte-order mark
    /// (Excel reads it as UTF-8 then), CRLF, the summary on standard error.
    Csv,
}

/// The field naming the unit responsible for a record of a standard kind (as the audit page
/// groups them): the JSON and CSV outputs carry it, to sort and count findings by unit.
pub fn unit_field(kind: &str) -> Option<&'static str> {
    match kind {
        "catalogue_entry" => Some("subject"),
        "catalogue" => Some("owner"),
        "document" | "proposal_reply" => Some("issuer"),
        "enterprise_disclosure" => Some("unit_name"),
        _ => None,
    }
}

/// An input error or warning as the JSON output lists it.
fn input_json(e: &InputError, zh: bool) -> serde_json::Value {
    json!({"file": e.file, "line": e.at.map(|a| a.0), "column": e.at.map(|a| a.1), "message": if zh { &e.zh } else { &e.en }})
}

/// Counts for the summary line.
#[derive(Default, Serialize)]
struct Summary {
    records: usize,
    records_with_findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    invalid_records: usize,
    unreadable_files: usize,
}

/// Writes results as they come: text lines, or the members of the JSON document's `results`.
///
/// Lines are gathered and written at the end of each batch or every 64 KiB
/// ([`Emitter::flush`]): standard output writes each line on its own, whether it is a terminal
/// or not, a system call per line, which for a million records was a tenth of the writing
/// thread's time. Whatever goes to standard error flushes first, so the two streams keep their
/// order on a terminal.
struct Emitter {
    format: Format,
    lang: Lang,
    first: bool,
    input_errors: Vec<serde_json::Value>,
    input_warnings: Vec<serde_json::Value>,
    lines: Vec<u8>,
}

impl Emitter {
    fn new(format: Format, lang: Lang) -> Self {
        Self {
            format,
            lang,
            first: true,
            input_errors: Vec::new(),
            input_warnings: Vec::new(),
            lines: Vec::new(),
        }
    }

    /// One row of the CSV output: cells quoted where they hold a comma, quote or line break,
    /// and guarded against being run as a formula by the spreadsheet (a leading `'` before
    /// = + - @), as the audit page's download is.
    fn csv_row(&mut self, cells: &[&str]) {
        let mut row = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                row.push(',');
            }
            let guarded;
            let mut cell = *cell;
            // (`-` alone, standard input's name, is no formula.)
            if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell != "-" {
                guarded = format!("'{cell}");
                cell = &guarded;
            }
            if cell.contains([',', '"', '\r', '\n']) {
                row.push('"');
                row.push_str(&cell.replace('"', "\"\""));
                row.push('"');
            } else {
                row.push_str(cell);
            }
        }
        self.say(format_args!("{row}\r"));
    }

    /// A row of the CSV output for an input problem: no rule, the level 输入错误 / 输入警告.
    fn csv_problem(&mut self, e: &InputError, record: Option<usize>, error: bool) {
        let zh = self.lang == Lang::Zh;
        let level = match (error, zh) {
            (true, true) => "输入错误",
            (false, true) => "输入警告",
            (true, false) => "input error",
            (false, false) => "input warning",
        };
        let record = record.map(|i| (i + 1).to_string()).unwrap_or_default();
        let line = e.at.map(|a| a.0.to_string()).unwrap_or_default();
        let message = if zh { &e.zh } else { &e.en };
        let file = e.file.clone();
        self.csv_row(&[&file, &record, &line, "", "", level, "", message, ""]);
    }

    /// Adds one line of output.
    fn say(&mut self, line: std::fmt::Arguments<'_>) {
        // Writing into a vector cannot fail.
        let _ = self.lines.write_fmt(line);
        self.lines.push(b'\n');
        if self.lines.len() >= 1 << 16 {
            self.flush();
        }
    }

    /// Writes the lines gathered so far. When the reader has gone away (`gongkai check … |
    /// head`), stops quietly, as `say!` does.
    fn flush(&mut self) {
        if self.lines.is_empty() {
            return;
        }
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = stdout.write_all(&self.lines).and_then(|()| stdout.flush())
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            std::process::exit(0);
        }
        self.lines.clear();
    }

    fn begin(&mut self, kind: &str, today: Date) {
        match self.format {
            Format::Json => self.say(format_args!(
                "{{\"kind\": {}, \"today\": \"{today}\", \"results\": [",
                json!(kind)
            )),
            Format::Csv => {
                let header: &[&str] = match self.lang {
                    Lang::Zh => &[
                        "\u{feff}文件",
                        "记录序号",
                        "行号",
                        "单位",
                        "规则",
                        "级别",
                        "字段",
                        "问题",
                        "依据",
                    ],
                    Lang::En => &[
                        "\u{feff}File",
                        "Record",
                        "Line",
                        "Unit",
                        "Rule",
                        "Severity",
                        "Field",
                        "Message",
                        "Basis",
                    ],
                };
                self.csv_row(header);
            }
            Format::Text => {}
        }
    }

    /// The findings and issues of the record at position `index` of `file`, whose unit (by
    /// [`unit_field`]) is `unit`.
    fn result(
        &mut self,
        file: &str,
        index: usize,
        lines: &FieldLines,
        report: &Report,
        unit: &str,
    ) {
        match self.format {
            Format::Json => {
                let mut value = json_result(file, index, lines, report);
                if let Some(obj) = value.as_object_mut() {
                    obj.insert("unit".to_owned(), json!(unit));
                }
                let sep = if self.first { "" } else { "," };
                self.first = false;
                let value = serde_json::to_string(&value).unwrap_or_default();
                self.say(format_args!("{sep}{value}"));
            }
            Format::Csv => {
                let record = (index + 1).to_string();
                for issue in &report.issues {
                    let line = lines.of(&issue.field).to_string();
                    let level = match (issue.level, self.lang) {
                        (IssueLevel::Error, Lang::Zh) => "输入错误",
                        (IssueLevel::Warning, Lang::Zh) => "输入警告",
                        (IssueLevel::Error, Lang::En) => "input error",
                        (IssueLevel::Warning, Lang::En) => "input warning",
                    };
                    let cells = [
                        file,
                        &record,
                        &line,
                        unit,
                        "",
                        level,
                        &issue.field,
                        &issue.message,
                        "",
                    ];
                    self.csv_row(&cells);
                }
                for f in &report.findings {
                    let line = lines.of(&f.field).to_string();
                    let cells = [
                        file,
                        &record,
                        &line,
                        unit,
                        &f.rule,
                        f.severity.label(self.lang),
                        &f.field,
                        &f.message,
                        &f.basis,
                    ];
                    self.csv_row(&cells);
                }
            }
            Format::Text => print_report(self, file, index, lines, report),
        }
    }

    /// A record (`index`, when known) or a file that could not be read.
    fn unreadable(&mut self, e: &InputError, index: Option<usize>) {
        self.input_problem(e, index, true);
    }

    /// Something of a file that was read but is not checked (a CSV column matching no field).
    fn warning(&mut self, e: &InputError) {
        self.input_problem(e, None, false);
    }

    /// An input error (`error`) or warning, in the output's own way.
    fn input_problem(&mut self, e: &InputError, index: Option<usize>, error: bool) {
        let zh = self.lang == Lang::Zh;
        match (self.format, error) {
            (Format::Json, true) => self.input_errors.push(input_json(e, zh)),
            (Format::Json, false) => self.input_warnings.push(input_json(e, zh)),
            (Format::Csv, _) => self.csv_problem(e, index, error),
            (Format::Text, _) => {
                self.flush();
                eprintln!("{}", e.render(zh));
            }
        }
    }

    fn finish(&mut self, summary: &Summary) {
        match self.format {
            Format::Json => {
                let summary = serde_json::to_string(summary).unwrap_or_default();
                let errors = serde_json::to_string(&self.input_errors).unwrap_or_default();
                let warnings = serde_json::to_string(&self.input_warnings).unwrap_or_default();
                self.say(format_args!(
                    "], \"summary\": {summary}, \"input_errors\": {errors}, \"input_warnings\": {warnings}}}"
                ));
            }
            // The rows alone go to standard output, so that it can be saved as the CSV file.
            Format::Csv => {
                self.flush();
                eprintln!("{}", summary_line(summary, self.lang));
            }
            Format::Text => self.say(format_args!("{}", summary_line(summary, self.lang))),
        }
        self.flush();
    }
}

/// Checks `files` as records of `kind`. `engine` makes the engine each checking thread keeps
/// for the run (the caller has made one already, so making it again cannot fail but for a rule
/// file changed meanwhile).
pub fn check(
    engine: &(dyn Fn() -> Result<Engine, String> + Sync),
    kind: &str,
    files: &[String],
    today: Date,
    lang: Lang,
    format: Format,
) -> ExitCode {
    let Some(schema) = gongkai::schema::kind(kind) else {
        return ExitCode::from(2);
    };
    let options = CheckOptions::new(today).with_lang(lang);
    let mut summary = Summary::default();
    let mut out = Emitter::new(format, lang);
    out.begin(kind, today);
    // Only the outputs that show the unit look for it.
    let unit = unit_field(kind).filter(|_| format != Format::Text);
    let work = |engine: &Result<Engine, String>, job: Job| match engine {
        Ok(engine) => job.run(engine, kind, &options, unit),
        Err(e) => job.unchecked(e),
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        let mut workers = Workers::new(scope, cores, engine, &work);
        for file in files {
            let name: Arc<str> = file.as_str().into();
            let lower = file.to_ascii_lowercase();
            // JSON Lines are streamed, in UTF-8; one in another encoding is read whole, to decode.
            if (lower.ends_with(".jsonl") || lower.ends_with(".ndjson"))
                && !input::head_needs_decoding(file)
            {
                if let Err(e) = stream(&mut workers, &name, schema, &mut summary, &mut out) {
                    summary.unreadable_files += 1;
                    out.unreadable(&e, None);
                }
                continue;
            }
            let input = match input::read(file, schema) {
                Ok(i) => Arc::new(i),
                Err(e) => {
                    summary.unreadable_files += 1;
                    out.unreadable(&e, None);
                    continue;
                }
            };
            for w in &input.warnings {
                out.warning(w);
            }
            // CSV columns are mapped to the kind's fields already (and said when they are not).
            if !lower.ends_with(".csv") && !lower.ends_with(".tsv") {
                let samples =
                    input.records.iter().take(KIND_SAMPLES).filter_map(|r| {
                        input.value(file, r).ok().map(std::borrow::Cow::into_owned)
                    });
                if let Some(hint) = kind_hint(file, schema, samples) {
                    out.warning(&hint);
                }
            }
            // The records are in memory already; they are checked in batches all the same, so
            // that results are written as they come (a batch's while the next is checked).
            let count = input.records.len();
            let mut pending = None;
            for start in (0..count).step_by(BATCH) {
                let batch = start..(start + BATCH).min(count);
                let jobs = split(batch, workers.count())
                    .map(|part| Job::Records(name.clone(), input.clone(), part))
                    .collect();
                advance(
                    &mut workers,
                    &mut pending,
                    Some(jobs),
                    file,
                    &mut summary,
                    &mut out,
                );
            }
            advance(
                &mut workers,
                &mut pending,
                None,
                file,
                &mut summary,
                &mut out,
            );
        }
    });
    out.finish(&summary);
    if summary.unreadable_files > 0 || summary.invalid_records > 0 {
        ExitCode::from(2)
    } else if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Work for one checking thread: part of a batch.
enum Job {
    /// Lines of a JSON Lines file: the batch's text and some of its lines.
    Lines(Arc<str>, Arc<Vec<u8>>, Vec<Line>),
    /// Records of a file read whole, by position.
    Records(Arc<str>, Arc<Input>, std::ops::Range<usize>),
}

impl Job {
    /// Checks the job's records; `unit` names the field whose value the outcome of a record
    /// with findings carries.
    fn run(
        self,
        engine: &Engine,
        kind: &str,
        options: &CheckOptions,
        unit: Option<&str>,
    ) -> Vec<Outcome> {
        match self {
            Self::Lines(file, text, lines) => lines
                .iter()
                .map(|(n, i, at)| {
                    let line = text.get(at.clone()).unwrap_or_default();
                    one(engine, kind, &file, *n, *i, line, options, unit)
                })
                .collect(),
            Self::Records(file, input, range) => input
                .records
                .get(range)
                .unwrap_or_default()
                .iter()
                .map(|record| {
                    let text = input.unparsed(record).unwrap_or_default();
                    let parse = || input.value(&file, record);
                    match reported(engine, kind, text, parse, options, unit) {
                        Ok(Some((report, unit))) => {
                            Outcome::Reported(record.index, input.field_lines(record), report, unit)
                        }
                        Ok(None) => Outcome::Clean,
                        Err(e) => Outcome::Invalid(e, Some(record.index)),
                    }
                })
                .collect(),
        }
    }

    /// Every record of the job as unchecked: the thread could not make its engine.
    fn unchecked(self, why: &str) -> Vec<Outcome> {
        let (file, count) = match &self {
            Self::Lines(file, _, lines) => (file, lines.len()),
            Self::Records(file, _, range) => (file, range.len()),
        };
        let error = || Outcome::Invalid(InputError::new(file, None, why.into(), why.into()), None);
        std::iter::repeat_with(error).take(count).collect()
    }
}

/// `range` cut into `parts` consecutive pieces of (nearly) equal length, none empty.
fn split(
    range: std::ops::Range<usize>,
    parts: usize,
) -> impl Iterator<Item = std::ops::Range<usize>> {
    let len = range.len().div_ceil(parts.max(1)).max(1);
    range
        .clone()
        .step_by(len)
        .map(move |start| start..(start + len).min(range.end))
}

/// How much of a JSON Lines file is read at a time.
const READ_BUFFER: usize = 256 * 1024;

/// Records checked together (and, for JSON Lines, read together): enough to keep every core
/// busy, few enough that results are written as the check goes and that memory does not grow
/// with a JSON Lines file.
const BATCH: usize = 4096;

/// What happened to one record (one line of a JSON Lines file). Only what the output needs goes
/// back to the thread that writes it: the record itself is dropped where it was checked.
enum Outcome {
    /// Checked, nothing found.
    Clean,
    /// Checked, with findings or issues: the record's position in the file, its lines, its
    /// unit (empty when not asked for, or the record has none).
    Reported(usize, FieldLines, Report, String),
    /// Not readable: why, and the record's position in the file when it is known.
    Invalid(InputError, Option<usize>),
}

/// The text of `record`'s field `field` (the unit), trimmed; empty when it is not text.
fn unit_of(record: &serde_json::Value, field: &str) -> String {
    record
        .get(field)
        .and_then(|v| v.as_str())
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

/// Checks a JSON Lines file batch by batch, each batch on all cores. While the checking
/// threads work on one batch, this thread writes the results of the one before and reads the
/// next: reading and writing JSON Lines happen on this thread, and without the overlap the
/// checking threads waited for them (the overlap saves 4–6% of a run, BENCHMARKS.md §2).
fn stream(
    workers: &mut Workers<'_, Job, Vec<Outcome>>,
    file: &Arc<str>,
    kind: &gongkai::schema::Kind,
    summary: &mut Summary,
    out: &mut Emitter,
) -> Result<(), InputError> {
    // Read 256 KiB at a time rather than the default 8 KiB: the million-line file of the
    // benchmark (513 MB) is then 2,000 reads instead of 62,600 (each a system call).
    let reader = std::fs::File::open(&**file)
        .map(|f| std::io::BufReader::with_capacity(READ_BUFFER, f))
        .map_err(|e| input::open_error(file, &e))?;
    let mut lines = LineReader {
        reader,
        file,
        line: 0,
        index: 0,
    };
    let mut pending = None;
    // The text of the batch the threads are checking, and of one they are done with: its room
    // is used again for the next batch (a few megabytes a batch; allocated afresh each time,
    // they took the run's peak memory from 39 to 52–58 MB).
    let (mut checking, mut spare): (Option<Arc<Vec<u8>>>, Vec<u8>) = (None, Vec::new());
    loop {
        // Read while the threads check the batch before; that batch is written out whatever
        // came of reading this one.
        let (text, batch) = match lines.next_batch(std::mem::take(&mut spare)) {
            Ok((text, batch)) if !batch.is_empty() => (Arc::new(text), batch),
            end => {
                advance(workers, &mut pending, None, file, summary, out);
                return end.map(drop);
            }
        };
        if checking.is_none() {
            let samples = batch
                .iter()
                .take(KIND_SAMPLES)
                .filter_map(|(_, _, at)| serde_json::from_slice(text.get(at.clone())?).ok());
            if let Some(hint) = kind_hint(file, kind, samples) {
                out.warning(&hint);
            }
        }
        let parts: Vec<_> = split(0..batch.len(), workers.count()).collect();
        let mut rest = batch.into_iter();
        let jobs = parts
            .iter()
            .map(|part| {
                let lines = rest.by_ref().take(part.len()).collect();
                Job::Lines(file.clone(), Arc::clone(&text), lines)
            })
            .collect();
        advance(workers, &mut pending, Some(jobs), file, summary, out);
        // The batch before this one is done, and its jobs (with their references to its text)
        // are dropped.
        if let Some(done) = checking.replace(text) {
            spare = Arc::try_unwrap(done).unwrap_or_default();
        }
    }
}

/// How many records of a file are looked at to tell whether they are of another kind.
const KIND_SAMPLES: usize = 20;

/// A warning when the records' members match the fields of another kind better than those of
/// `kind` (documents checked as catalogue entries): otherwise the auditor sees only a wall of
/// unknown fields and missing elements, and may take it for the file's fault.
fn kind_hint(
    file: &str,
    kind: &gongkai::schema::Kind,
    samples: impl Iterator<Item = serde_json::Value>,
) -> Option<InputError> {
    let mut keys = std::collections::BTreeSet::new();
    for record in samples {
        if let serde_json::Value::Object(map) = record {
            keys.extend(map.into_iter().map(|(k, _)| k));
        }
    }
    let score =
        |k: &gongkai::schema::Kind| k.fields.iter().filter(|f| keys.contains(f.name)).count();
    let chosen = score(kind);
    // The first of the kinds that match best, in the schemas' order (as the audit page picks).
    let best = gongkai::schema::all_kinds()
        .into_iter()
        .fold(None, |best: Option<(&gongkai::schema::Kind, usize)>, k| {
            let n = score(k);
            match best {
                Some((_, m)) if m >= n => best,
                _ => Some((k, n)),
            }
        })
        .filter(|&(k, n)| k.name != kind.name && n > chosen)
        .map(|(k, _)| k)?;
    Some(InputError::new(
        file,
        None,
        format!(
            "这些记录的字段更像「{}」（--kind {}）而不是「{}」：请确认记录类型",
            best.label_zh, best.name, kind.label_zh
        ),
        format!(
            "these records' members look like {} (--kind {}) rather than {}: check the kind",
            best.label_en, best.name, kind.label_en
        ),
    ))
}

/// A line of a JSON Lines batch: its line number, its record index and its place in the
/// batch's text.
type Line = (usize, usize, std::ops::Range<usize>);

/// Reads a JSON Lines file batch by batch.
///
/// A batch's lines are gathered into one text, which the checking threads share, rather than
/// each line into a vector of its own: a line's allocation, copy and free (on another thread)
/// cost more than reading it. Lines are split as bytes: checking that each is UTF-8 is left to
/// the checking threads, and a line that is not is reported as that line's error instead of
/// ending the file.
struct LineReader<'f, R> {
    reader: R,
    file: &'f str,
    /// The number of the line read last (from 1).
    line: usize,
    /// The number of records (lines that are not blank) read so far.
    index: usize,
}

impl<R: BufRead> LineReader<'_, R> {
    /// The next lines that are not blank (at most [`BATCH`]): their text, one after the other,
    /// and each one's line number, record index and place in the text. No lines at the end of
    /// the file. The text is written into `room`, emptied first.
    fn next_batch(&mut self, room: Vec<u8>) -> Result<(Vec<u8>, Vec<Line>), InputError> {
        let mut text = room;
        text.clear();
        let mut lines = Vec::with_capacity(BATCH);
        while lines.len() < BATCH {
            let start = text.len();
            if !self.read_line(&mut text)? {
                break;
            }
            self.line += 1;
            // This line's `\r` only: an empty line must not take one off the line before.
            if text.len() > start && text.last() == Some(&b'\r') {
                text.pop();
            }
            if blank(text.get(start..).unwrap_or_default()) {
                text.truncate(start);
                continue;
            }
            lines.push((self.line, self.index, start..text.len()));
            self.index += 1;
        }
        Ok((text, lines))
    }

    /// Appends the next line to `text`, without its `\n`; false at the end of the file (a last
    /// line without `\n` is a line).
    fn read_line(&mut self, text: &mut Vec<u8>) -> Result<bool, InputError> {
        let mut read = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(input::open_error(self.file, &e)),
            };
            if available.is_empty() {
                return Ok(read);
            }
            read = true;
            let (line, used) = match memchr::memchr(b'\n', available) {
                Some(end) => (available.get(..end).unwrap_or_default(), end + 1),
                None => (available, available.len()),
            };
            text.extend_from_slice(line);
            let done = used > line.len();
            self.reader.consume(used);
            if done {
                return Ok(true);
            }
        }
    }
}

/// One step of checking batches in turn: takes the results of the batch `pending` on the
/// threads, gives them `next` (the following batch, if any), and writes those results while
/// the threads check it.
fn advance(
    workers: &mut Workers<'_, Job, Vec<Outcome>>,
    pending: &mut Option<Pending>,
    next: Option<Vec<Job>>,
    file: &str,
    summary: &mut Summary,
    out: &mut Emitter,
) {
    let done = pending.take().map(|p| workers.collect(p));
    *pending = next.map(|jobs| workers.submit(jobs));
    if let Some(done) = done {
        emit(file, done.into_iter().flatten(), summary, out);
        out.flush();
    }
}

/// Counts and writes the outcomes of a batch, in order.
fn emit(
    file: &str,
    outcomes: impl IntoIterator<Item = Outcome>,
    summary: &mut Summary,
    out: &mut Emitter,
) {
    for outcome in outcomes {
        summary.records += 1;
        match outcome {
            Outcome::Clean => {}
            Outcome::Reported(index, lines, report, unit) => {
                tally(summary, &report);
                out.result(file, index, &lines, &report, &unit);
            }
            Outcome::Invalid(e, index) => {
                summary.invalid_records += 1;
                out.unreadable(&e, index);
            }
        }
    }
}

/// The report of checking the record `json` holds, when it has findings or issues. The usual
/// record is read straight from the text (`record::read_json`, no JSON value in between); any
/// other is parsed by `parse` first, whose error is the record's, and checked from its value,
/// which says what is wrong with it. (`json` may be empty, when the record is not text: it is
/// then parsed, that is, taken as it is.) With the report comes the text of the record's field
/// `unit`, when one is named (empty when the record has none).
fn reported<'a>(
    engine: &Engine,
    kind: &str,
    json: &str,
    parse: impl FnOnce() -> Result<Cow<'a, serde_json::Value>, InputError>,
    options: &CheckOptions,
    unit: Option<&str>,
) -> Result<Option<(Report, String)>, InputError> {
    // The unit is read from the record as it is read for checking, not by parsing it again.
    let direct = gongkai::schema::kind(kind).and_then(|k| gongkai::record::read_json(k, json));
    let (report, unit) = match direct {
        Some(record) => {
            let unit = unit.and_then(|u| record.text(u));
            (engine.check_normalized(kind, record, options), unit)
        }
        None => {
            let value = parse()?;
            let unit = unit.map(|u| unit_of(&value, u));
            (engine.check(kind, &value, options), unit)
        }
    };
    Ok(report
        .ok()
        .filter(|r| !r.findings.is_empty() || !r.issues.is_empty())
        .map(|r| (r, unit.unwrap_or_default())))
}

/// Whether a line holds nothing but whitespace (skipped, as JSON Lines allows). Only a line
/// starting with a non-ASCII character needs decoding to tell.
fn blank(line: &[u8]) -> bool {
    match line.trim_ascii_start().first() {
        None => true,
        Some(b) if b.is_ascii() => false,
        Some(_) => std::str::from_utf8(line).is_ok_and(|s| s.trim().is_empty()),
    }
}

#[allow(clippy::too_many_arguments)]
fn one(
    engine: &Engine,
    kind: &str,
    file: &str,
    line: usize,
    index: usize,
    text: &[u8],
    options: &CheckOptions,
    unit: Option<&str>,
) -> Outcome {
    // Text not in UTF-8 is not read straight: parsing it says where it goes wrong. (SIMD:
    // std's check takes ≈ 9 instructions a byte of Chinese text, about 5,000 a catalogue entry.)
    let json = simdutf8::basic::from_utf8(text).unwrap_or_default();
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let parse = || input::parse_line(file, line, index, text).map(Cow::Owned);
    match reported(engine, kind, json, parse, options, unit) {
        Ok(Some((report, unit))) => {
            Outcome::Reported(index, FieldLines::on_one_line(line), report, unit)
        }
        Ok(None) => Outcome::Clean,
        Err(e) => Outcome::Invalid(e, Some(index)),
    }
}

fn tally(summary: &mut Summary, report: &Report) {
    if !report.input_valid() {
        summary.invalid_records += 1;
    }
    if !report.findings.is_empty() {
        summary.records_with_findings += 1;
    }
    for f in &report.findings {
        match f.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => summary.infos += 1,
        }
    }
}

/// One checked record in the JSON output (records without findings or issues are left out);
/// every finding and issue carries the line of its field in the file.
fn json_result(file: &str, index: usize, lines: &FieldLines, report: &Report) -> serde_json::Value {
    let mut value = serde_json::to_value(report).unwrap_or_default();
    for list in ["findings", "issues"] {
        if let Some(items) = value.get_mut(list).and_then(|v| v.as_array_mut()) {
            for item in items {
                let field = item
                    .get("field")
                    .and_then(|f| f.as_str())
                    .unwrap_or_default()
                    .to_owned();
                if let Some(obj) = item.as_object_mut() {
                    // A rule that failed carries where in its own source (`line`, `column`):
                    // kept as `rule_line` and `rule_column`, as `line` here is the record's.
                    for (own, kept) in [("line", "rule_line"), ("column", "rule_column")] {
                        if let Some(v) = obj.remove(own) {
                            obj.insert(kept.to_owned(), v);
                        }
                    }
                    obj.insert("line".to_owned(), json!(lines.of(&field)));
                }
            }
        }
    }
    if let Some(obj) = value.as_object_mut() {
        obj.insert("file".to_owned(), json!(file));
        obj.insert("line".to_owned(), json!(lines.start()));
        obj.insert("index".to_owned(), json!(index));
    }
    value
}

/// A finding's field as the text output shows it: `-` for the record as a whole, and
/// `entries[3].channels` → `entries[3].channels（第4项）` (catalogues number entries from 1,
/// 序号; paths from 0). Written straight into the output, as every line of a batch's findings
/// goes through here (a text for each took ≈ 1% of a batch's instructions).
struct ShownField<'a> {
    field: &'a str,
    zh: bool,
}

impl std::fmt::Display for ShownField<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            return f.write_str("-");
        }
        f.write_str(self.field)?;
        let entry = self
            .field
            .strip_prefix("entries[")
            .and_then(|rest| rest.split(']').next())
            .and_then(|n| n.parse::<usize>().ok());
        match (entry, self.zh) {
            (Some(n), true) => write!(f, "（第{}项）", n + 1),
            (Some(n), false) => write!(f, " (entry {})", n + 1),
            (None, _) => Ok(()),
        }
    }
}

fn print_report(out: &mut Emitter, file: &str, index: usize, lines: &FieldLines, report: &Report) {
    let lang = out.lang;
    let zh = lang == Lang::Zh;
    if !report.issues.is_empty() {
        out.flush();
    }
    for issue in &report.issues {
        let level = match (issue.level, zh) {
            (IssueLevel::Error, true) => "输入错误",
            (IssueLevel::Warning, true) => "输入警告",
            (IssueLevel::Error, false) => "input error",
            (IssueLevel::Warning, false) => "input warning",
        };
        let line = lines.of(&issue.field);
        let which = if zh {
            format!("第{}条记录", index + 1)
        } else {
            format!("record {}", index + 1)
        };
        let field = if issue.field.is_empty() {
            String::new()
        } else {
            format!(" {}", issue.field)
        };
        eprintln!("{file}:{line}: {which}{field}: {level}: {}", issue.message);
    }
    for f in &report.findings {
        let line = lines.of(&f.field);
        let field = ShownField {
            field: &f.field,
            zh,
        };
        let (rule, severity, message) = (&f.rule, f.severity.label(lang), &f.message);
        if zh {
            out.say(format_args!(
                "{file}:{line}  {rule}  {severity}  {field}  {message}  〔依据：{}〕",
                f.basis
            ));
        } else {
            out.say(format_args!(
                "{file}:{line}  {rule}  {severity}  {field}  {message}  [basis: {}]",
                f.basis
            ));
        }
    }
}

fn summary_line(s: &Summary, lang: Lang) -> String {
    match lang {
        Lang::Zh => {
            let mut line = format!(
                "共检查 {} 条记录，{} 条有问题：错误 {} 项，警告 {} 项，提示 {} 项",
                s.records, s.records_with_findings, s.errors, s.warnings, s.infos
            );
            if s.invalid_records > 0 {
                line.push_str(&format!("；{} 条记录数据格式有误未检查", s.invalid_records));
            }
            if s.unreadable_files > 0 {
                line.push_str(&format!("；{} 个文件无法读取", s.unreadable_files));
            }
            line
        }
        Lang::En => {
            let mut line = format!(
                "checked {} record(s), {} with findings: {} error(s), {} warning(s), {} info",
                s.records, s.records_with_findings, s.errors, s.warnings, s.infos
            );
            if s.invalid_records > 0 {
                line.push_str(&format!(
                    "; {} invalid record(s) not checked",
                    s.invalid_records
                ));
            }
            if s.unreadable_files > 0 {
                line.push_str(&format!("; {} unreadable file(s)", s.unreadable_files));
            }
            line
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{BATCH, Job, LineReader, Outcome, ShownField, split};
    use std::sync::Arc;

    #[test]
    fn fields_are_shown_with_catalogue_entries_numbered_from_one() {
        let shown = |field: &str, zh: bool| ShownField { field, zh }.to_string();
        assert_eq!(shown("", true), "-");
        assert_eq!(shown("time_limit", true), "time_limit");
        assert_eq!(
            shown("entries[3].channels", true),
            "entries[3].channels（第4项）"
        );
        assert_eq!(shown("entries[0]", false), "entries[0] (entry 1)");
        assert_eq!(shown("entries", true), "entries");
        assert_eq!(shown("entries[x].channels", false), "entries[x].channels");
    }

    #[test]
    fn a_batch_is_split_into_consecutive_parts_covering_it() {
        for len in [1, 2, 3, 7, 4096] {
            for parts in [1, 2, 3, 8] {
                let pieces: Vec<_> = split(10..10 + len, parts).collect();
                assert!(pieces.len() <= parts && !pieces.is_empty(), "{len}/{parts}");
                assert!(pieces.iter().all(|p| !p.is_empty()), "{len}/{parts}");
                let joined: Vec<usize> = pieces.into_iter().flatten().collect();
                assert_eq!(joined, (10..10 + len).collect::<Vec<_>>(), "{len}/{parts}");
            }
        }
        assert_eq!(split(0..0, 2).count(), 0);
    }

    #[test]
    fn a_thread_without_an_engine_reports_every_record_of_its_job() {
        let job = Job::Lines(
            Arc::from("a.jsonl"),
            Arc::new(b"{}{}".to_vec()),
            vec![(1, 0, 0..2), (3, 1, 2..4)],
        );
        let outcomes = job.unchecked("规则包无法加载");
        assert_eq!(outcomes.len(), 2);
        for outcome in outcomes {
            let Outcome::Invalid(e, _) = outcome else {
                panic!("an unchecked record is reported as invalid");
            };
            assert_eq!(
                (e.file.as_str(), e.zh.as_str()),
                ("a.jsonl", "规则包无法加载")
            );
        }
    }

    /// Lines read in batches: numbered from 1 with blank ones skipped (but counted), `\r\n`
    /// ends taken off (one `\r`, and never from the line before an empty one), a last line
    /// without `\n` kept, and lines longer than the reader's buffer
    /// (read in several pieces) whole; batches of at most [`BATCH`] lines.
    #[test]
    fn the_line_reader_numbers_lines_and_skips_blank_ones() {
        let long = "长".repeat(40);
        let text = format!("a\r\n\n  \nb\r\r\n\n{long}\n\u{3000}\nc");
        for capacity in [1, 7, 4096] {
            let reader = std::io::BufReader::with_capacity(capacity, text.as_bytes());
            let mut lines = LineReader {
                reader,
                file: "t.jsonl",
                line: 0,
                index: 0,
            };
            let (bytes, batch) = lines
                .next_batch(b"left from a batch before".to_vec())
                .unwrap();
            let got: Vec<(usize, usize, &str)> = batch
                .iter()
                .map(|(n, i, at)| (*n, *i, std::str::from_utf8(&bytes[at.clone()]).unwrap()))
                .collect();
            assert_eq!(
                got,
                [
                    (1, 0, "a"),
                    (4, 1, "b\r"),
                    (6, 2, long.as_str()),
                    (8, 3, "c")
                ],
                "buffer of {capacity}"
            );
            assert!(lines.next_batch(Vec::new()).unwrap().1.is_empty());
        }
        let many = "{}\n".repeat(BATCH + 5);
        let mut lines = LineReader {
            reader: many.as_bytes(),
            file: "t.jsonl",
            line: 0,
            index: 0,
        };
        assert_eq!(lines.next_batch(Vec::new()).unwrap().1.len(), BATCH);
        let rest = lines.next_batch(Vec::new()).unwrap().1;
        assert_eq!(rest.first(), Some(&(BATCH + 1, BATCH, 0..2)));
        assert_eq!(rest.len(), 5);
    }
}
