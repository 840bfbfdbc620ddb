//! The `branchpress` binary: parse the command line, run it, print every
//! error, exit non-zero on failure. A panic is reported as an internal error.

use std::process::ExitCode;

use branchpress::cli::Cli;
use branchpress::error::Failed;
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| cli.run())) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            match e.downcast_ref::<Failed>() {
                Some(failed) => eprintln!("{failed}"),
                None => eprintln!("错误 / error: {e:#}"),
            }
            ExitCode::FAILURE
        }
        Err(_) => {
            eprintln!(
                "内部错误 / internal error: branchpress crashed; please report this with the file being processed (see the message above)."
            );
            ExitCode::from(2)
        }
    }
}
