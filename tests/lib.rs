//! The integration tests of the `folio` binary: one test binary, one module
//! per command or concern, sharing the fixture in `support`.

mod bad_input;
mod catalogs;
mod check;
mod git;
mod interactive;
mod interrupt;
mod list_show;
mod new;
mod support;
