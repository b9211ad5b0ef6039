//! `cargo xtask`: the workspace's build and test automation.
//!
//! Usage: `cargo xtask <command> [args…]`. Each command lives in its own module and returns
//! `Result<(), String>`; the message is printed and the process exits with status 1.

use std::process::ExitCode;

mod calendar;

const USAGE: &str = "\
usage: cargo xtask <command> [args...]

commands:
  calendar [SOURCE_DIR]   convert holiday-cn JSON files (default: ../shared/data/holiday-cn,
                          relative to the workspace root) into crates/gongkai/data/holiday-cn.txt
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next();
    let rest: Vec<String> = args.collect();
    let result = match command.as_deref() {
        Some("calendar") => calendar::run(&rest),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprint!("error: unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
        None => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
