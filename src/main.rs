//! The `branchpress` binary: parse the command line, run it, print every
//! error, exit non-zero on failure. A panic is reported as an internal error.

use std::process::ExitCode;

use branchpress::cmd::Cli;
use branchpress::error::Failed;
use clap::Parser;

/// jemalloc: a build allocates many short-lived strings on every thread,
/// where glibc's malloc spent a sixth of the CPU (docs/performance.md).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options: dirty pages go back to the system within a second
/// (jemalloc's default is ten) and are not kept as "muzzy" pages, which
/// keeps the peak near glibc's.
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &u8 = &b"dirty_decay_ms:1000,muzzy_decay_ms:0\0"[0];

/// Returns every arena's unused dirty pages to the system now, rather
/// than within the decay time: what the pipeline asks for after a stage
/// that freed much (see `progress::release_memory`). Best effort: a
/// failure only leaves the pages to the decay.
#[cfg(not(target_env = "msvc"))]
fn purge() {
    let _ = purge_status();
}

/// [`purge`], with `mallctl`'s status (0 when done).
#[cfg(not(target_env = "msvc"))]
fn purge_status() -> std::ffi::c_int {
    // "arena.<MALLCTL_ARENAS_ALL>.purge" (4096 in jemalloc 5) takes and
    // returns nothing.
    let name = c"arena.4096.purge";
    // SAFETY: a NUL-terminated name, and null pointers with length 0, as
    // this control requires (jemalloc's `arena_i_purge_ctl`).
    unsafe {
        tikv_jemalloc_sys::mallctl(
            name.as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        )
    }
}

fn main() -> ExitCode {
    #[cfg(not(target_env = "msvc"))]
    branchpress::progress::set_release(purge);
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

#[cfg(all(test, not(target_env = "msvc")))]
mod tests {
    #[test]
    fn jemalloc_knows_the_purge_of_every_arena() {
        // A misspelt control or a wrong arena index gives ENOENT or EFAULT,
        // and the build's peak would silently stay where it was.
        let held: Vec<Vec<u8>> = (0..64).map(|i| vec![i as u8; 64 * 1024]).collect();
        drop(held);
        assert_eq!(super::purge_status(), 0);
    }
}
