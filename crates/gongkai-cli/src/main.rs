//! `gongkai`: check records against the 政务公开 rules, test rule packs, list rules, and
//! evaluate rule-library expressions.
//!
//! Exit codes: 0 clean, 1 an error-severity finding (or a failed rule test, or a failed
//! `eval`), 2 bad usage or unreadable input.

/// Prints a line to standard output. When the reader has gone away (`gongkai check … | head`),
/// stop quietly as command-line tools do, instead of panicking on a broken pipe.
macro_rules! say {
    ($($arg:tt)*) => {
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    };
}

mod check;
mod input;
mod output;
mod workers;

use clap::{Parser, Subcommand, ValueEnum};
use gongkai::date::Date;
use gongkai::{Engine, EngineOptions, Lang};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// A check makes and drops many small strings (the record's values, the findings' texts), and
/// the checking threads do so side by side: mimalloc's per-thread free lists serve that better
/// than the system allocator (BENCHMARKS.md §2).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "gongkai",
    version,
    about = "政务公开规则引擎 · rules engine for government information disclosure",
    arg_required_else_help = true,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    /// Print the licences of the data built into gongkai (the holiday calendar) and exit.
    #[arg(long, exclusive = true)]
    acknowledgements: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum RulesFormat {
    Text,
    Json,
    Markdown,
}

#[derive(clap::Args)]
struct Common {
    /// Language of messages: zh (default) or en.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    lang: Lang,
    /// Add the rule pack(s) in DIR (a rule with a standard rule's id replaces it). Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Do not load the standard rule packs.
    #[arg(long)]
    no_standard: bool,
    /// Extend the holiday calendar with a year in holiday-cn JSON format. Repeatable.
    #[arg(long = "calendar", value_name = "FILE")]
    calendar: Vec<PathBuf>,
    /// Define record kinds beyond the standard ones (a JSON kind definition or an array of them).
    #[arg(long = "kinds", value_name = "FILE")]
    kinds: Vec<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Check records (a JSON object, a JSON array, JSON Lines, or CSV/TSV with Chinese column
    /// headers) against the rules.
    Check {
        /// Record kind: catalogue_entry, catalogue, document, proposal_reply, application,
        /// enterprise_disclosure, publication, opinion_event.
        #[arg(long)]
        kind: String,
        /// Output format: text (one finding a line), json (for programs), csv (one row a
        /// finding, with the unit, for a spreadsheet; the summary goes to standard error).
        #[arg(long, value_enum, default_value = "text")]
        format: check::Format,
        /// The date rules treat as today (default: today in Beijing time).
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        #[command(flatten)]
        common: Common,
        /// Files to check (`-` for standard input).
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Run the examples written in rule files; fails when one disagrees.
    Test {
        /// A rule pack (a folder, searched with its sub-folders) or one rule file to test
        /// (default: the standard packs).
        dir: Option<PathBuf>,
        /// Define record kinds beyond the standard ones (a JSON kind definition or an array).
        #[arg(long = "kinds", value_name = "FILE")]
        kinds: Vec<PathBuf>,
        /// Extend the holiday calendar with a year in holiday-cn JSON format, for examples
        /// dated beyond the built-in years. Repeatable.
        #[arg(long = "calendar", value_name = "FILE")]
        calendar: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Language of messages.
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
    },
    /// List the rules with their basis.
    Rules {
        /// Output format (markdown gives the table of rules/README.md).
        #[arg(long, value_enum, default_value = "text")]
        format: RulesFormat,
        /// Only rules for this record kind.
        #[arg(long)]
        kind: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Evaluate a rhai expression with the rule-author library and print the result as JSON.
    Eval {
        /// The expression, e.g. 'add_workdays("2018-09-28", 3)'.
        expr: String,
        /// The date `today()` returns (default: today in Beijing time).
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// Language of error messages.
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
        /// Extend the holiday calendar with a year in holiday-cn JSON format. Repeatable.
        #[arg(long = "calendar", value_name = "FILE")]
        calendar: Vec<PathBuf>,
    },
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).map_err(|e| e.to_string())
}

/// Today in Beijing time (UTC+8, no daylight saving): the default "today" at the CLI edge.
fn today_in_beijing() -> Date {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(0));
    Date::in_beijing_at(millis)
}

/// What `--acknowledgements` says before the licence text: the calendar data is MIT-licensed,
/// and its licence asks that the notice go with every copy, the binary included.
const ACKNOWLEDGEMENTS: &str = "\
gongkai 内置的工作日历数据（国务院办公厅关于部分节假日安排的通知，2007 年起）来自
NateScarlet/holiday-cn（https://github.com/NateScarlet/holiday-cn），按 MIT 许可使用。
The built-in working-day calendar (the State Council's holiday notices, 2007 onwards) comes from
NateScarlet/holiday-cn (https://github.com/NateScarlet/holiday-cn), used under the MIT licence:

";

/// A failure that ends the command with exit code 2 (bad usage or input).
struct Usage(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        // `--acknowledgements` (clap lets nothing else through without a subcommand).
        say!(
            "{ACKNOWLEDGEMENTS}{}",
            gongkai::calendar::BUILTIN_DATA_LICENCE.trim_end()
        );
        return ExitCode::SUCCESS;
    };
    match run(command) {
        Ok(code) => code,
        Err(Usage(msg)) => {
            eprintln!("gongkai: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Usage> {
    match command {
        Command::Check {
            kind,
            format,
            today,
            common,
            files,
        } => {
            // Made here once so that a bad kind file, rule pack or calendar stops the run before
            // it starts; each checking thread then makes its own engine (`workers.rs`).
            build(&common)?;
            if gongkai::schema::kind(&kind).is_none() {
                let err = gongkai::CheckError::UnknownKind(kind);
                return Err(Usage(err.message(common.lang)));
            }
            let today = today.unwrap_or_else(today_in_beijing);
            Ok(check::check(
                &|| engine(&common).map_err(|e| e.0),
                &kind,
                &files,
                today,
                common.lang,
                format,
            ))
        }
        Command::Test {
            dir,
            kinds,
            calendar,
            format,
            lang,
        } => {
            define_kinds(&kinds, lang)?;
            let mut engine = Engine::new();
            extend_calendar(&engine, &calendar, lang)?;
            let filter: Box<dyn Fn(&gongkai::RuleMeta) -> bool> = match &dir {
                Some(dir) => {
                    let loaded = engine.add_dir(dir);
                    let ids = match loaded {
                        Ok(loaded) => loaded.into_iter().map(|l| l.id).collect::<Vec<_>>(),
                        Err(diags) => {
                            for d in &diags {
                                eprintln!("{}", d.render(lang));
                            }
                            return Ok(ExitCode::from(1));
                        }
                    };
                    Box::new(move |m| ids.contains(&m.id))
                }
                None => {
                    for d in engine.load_diagnostics() {
                        eprintln!("{}", d.render(lang));
                    }
                    if !engine.load_diagnostics().is_empty() {
                        return Ok(ExitCode::from(1));
                    }
                    Box::new(|_| true)
                }
            };
            let report = engine.test(filter);
            Ok(output::test(
                &engine,
                &report,
                lang,
                matches!(format, Format::Json),
            ))
        }
        Command::Rules {
            format,
            kind,
            common,
        } => {
            let engine = build(&common)?;
            if let Some(k) = &kind
                && gongkai::schema::kind(k).is_none()
            {
                return Err(Usage(
                    gongkai::CheckError::UnknownKind(k.clone()).message(common.lang),
                ));
            }
            let rules: Vec<_> = engine
                .rules()
                .into_iter()
                .filter(|r| kind.as_ref().is_none_or(|k| r.kinds.contains(k)))
                .collect();
            output::rules(&rules, format, common.lang);
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            expr,
            today,
            lang,
            calendar,
        } => {
            let engine = Engine::with_options(&EngineOptions {
                standard_rules: false,
                ..EngineOptions::default()
            });
            extend_calendar(&engine, &calendar, lang)?;
            match engine.eval(&expr, today.unwrap_or_else(today_in_beijing)) {
                Ok(value) => {
                    println!("{value}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("gongkai eval: {}", e.message(lang));
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}

fn build(common: &Common) -> Result<Engine, Usage> {
    define_kinds(&common.kinds, common.lang)?;
    engine(common)
}

/// The engine `common` asks for, once its record kinds are defined.
fn engine(common: &Common) -> Result<Engine, Usage> {
    let mut engine = Engine::with_options(&EngineOptions {
        standard_rules: !common.no_standard,
        ..EngineOptions::default()
    });
    for dir in &common.rules {
        if let Err(diags) = engine.add_dir(dir) {
            let lines: Vec<String> = diags.iter().map(|d| d.render(common.lang)).collect();
            let lead = match common.lang {
                Lang::Zh => format!("规则包 {} 加载失败：", dir.display()),
                Lang::En => format!("cannot load the rule pack {}:", dir.display()),
            };
            return Err(Usage(format!("{lead}\n{}", lines.join("\n"))));
        }
    }
    extend_calendar(&engine, &common.calendar, common.lang)?;
    Ok(engine)
}

/// Defines the record kinds in each file (one definition, or an array of them).
fn define_kinds(files: &[PathBuf], lang: Lang) -> Result<(), Usage> {
    for file in files {
        let text =
            std::fs::read_to_string(file).map_err(|e| Usage(format!("{}: {e}", file.display())))?;
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            Usage(format!(
                "{}:{}:{}: {e}",
                file.display(),
                e.line(),
                e.column()
            ))
        })?;
        let defs = match value {
            serde_json::Value::Array(items) => items,
            one => vec![one],
        };
        for def in defs {
            gongkai::schema::KindDef::from_json(&def)
                .and_then(|d| gongkai::schema::define_kind(&d))
                .map_err(|e| Usage(format!("{}: {}", file.display(), e.get(lang))))?;
        }
    }
    Ok(())
}

fn extend_calendar(engine: &Engine, files: &[PathBuf], lang: Lang) -> Result<(), Usage> {
    for file in files {
        let text =
            std::fs::read_to_string(file).map_err(|e| Usage(format!("{}: {e}", file.display())))?;
        engine.extend_calendar(&text).map_err(|e| {
            Usage(format!(
                "{}: {}",
                file.display(),
                if lang == Lang::Zh {
                    e.message_zh()
                } else {
                    e.to_string()
                }
            ))
        })?;
    }
    Ok(())
}
