//! The `branchpress` binary: parse the command line, run it, print every
//! error, exit non-zero on failure. A panic is reported as an internal error.

use std::process::ExitCode;

use branchpress::cmd::Cli;
use branchpress::error::Failed;
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    branchpress::error::install_panic_report();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| cli.run())) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            match e.downcast_ref::<Failed>() {
                Some(failed) => eprintln!("{failed}"),
                None => eprintln!("错误 / error: {e:#}"),
            }
            ExitCode::FAILURE
        }
        // The panic hook has printed the file and the message.
        Err(_) => ExitCode::from(2),
    }
}
