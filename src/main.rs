use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().collect();
    match folio::main(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => ExitCode::from(folio::error::report(&error)),
    }
}
