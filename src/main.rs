use std::process::ExitCode;

fn main() -> ExitCode {
    cookielint_cli::run()
}

#[path = "cli/mod.rs"]
mod cookielint_cli;
