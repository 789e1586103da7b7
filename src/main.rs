use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = folio::cli::Cli::parse();
    match folio::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => ExitCode::from(folio::error::report(&error)),
    }
}
