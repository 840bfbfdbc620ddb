//! What a run shows while it works: on a terminal, a progress line for a
//! long build (stage, and pages done of all); and, when `BRANCHPRESS_TIMINGS`
//! is set, how long each stage took and the memory in use after it (a
//! profiling aid). Stages call [`lap`]; only the pipeline owns a [`Progress`].
//! Beside them, the hook by which the pipeline hands freed memory back to
//! the system between stages ([`release_memory`]), which the binary sets
//! for its allocator ([`set_release`]).

use std::io::IsTerminal as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::text::{Lang, Text};

/// A build shorter than this shows no progress at all.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// Overrides [`SHOW_AFTER`] (milliseconds), so tests see the line on small portals.
const SHOW_AFTER_VAR: &str = "BRANCHPRESS_PROGRESS_AFTER_MS";

/// Prints how long a stage took, the processor time the process spent
/// meanwhile (all threads; more than the wall time when the stage is
/// parallel), and the resident and peak memory after it, when
/// `BRANCHPRESS_TIMINGS` is set; then restarts the clock.
pub fn lap(stage: &str, since: &mut Instant) {
    if std::env::var_os("BRANCHPRESS_TIMINGS").is_some() {
        static LAST_CPU: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let cpu = cpu_ms().map_or(String::new(), |now| {
            let before = LAST_CPU.swap(now, std::sync::atomic::Ordering::Relaxed);
            format!("  cpu {:>5} ms", now.saturating_sub(before))
        });
        eprintln!(
            "{stage:>10}: {:>6.1} ms{cpu}{}",
            since.elapsed().as_secs_f64() * 1000.0,
            memory().map_or(String::new(), |(rss, peak)| format!(
                "  rss {rss:>4} MB  peak {peak:>4} MB"
            ))
        );
    }
    *since = Instant::now();
}

/// User and system time of the process so far, in milliseconds (Linux,
/// from /proc/self/stat, in clock ticks of 10 ms).
fn cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which may hold spaces), from
    // the third: utime and stime are the 14th and 15th.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split(' ').skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) * 10)
}

/// How the binary returns freed memory to the system at once (its
/// allocator's purge), set by `main` through [`set_release`]; none by default.
static RELEASE: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Sets what [`release_memory`] calls: the allocator is the binary's
/// choice, so the library only knows this hook.
pub fn set_release(release: fn()) {
    let _ = RELEASE.set(release);
}

/// Returns the memory freed so far to the system, when the binary gave
/// a way to (see [`set_release`]). The pipeline calls it where a stage
/// has freed much that the next will not reuse, so that the build's peak
/// counts what it holds rather than what it held.
pub fn release_memory() {
    if let Some(release) = RELEASE.get() {
        release();
    }
}

/// Resident and peak resident memory in MiB (Linux), from /proc/self/status.
fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: u64 = line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib / 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// A progress line on stderr: drawn only on a terminal, only when asked
/// for (not with `--quiet`), and only once the run has taken
/// [`SHOW_AFTER`]; cleared when the run ends, so that a short build, a
/// pipe or a CI log sees nothing.
pub struct Progress {
    bar: Option<ProgressBar>,
    lang: Lang,
    /// Set when the run ends, so that the timer never shows a finished bar.
    done: Arc<Mutex<bool>>,
}

impl Progress {
    /// Progress for a run; `wanted` is false for `--quiet`.
    pub fn new(wanted: bool, lang: Lang) -> Progress {
        let done = Arc::new(Mutex::new(false));
        let show = wanted && std::io::stderr().is_terminal();
        let bar = show.then(|| {
            // Styled by each `stage`; hidden until the timer below shows it.
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            let (timer, flag) = (bar.clone(), done.clone());
            let after = std::env::var(SHOW_AFTER_VAR)
                .ok()
                .and_then(|v| v.parse().ok())
                .map_or(SHOW_AFTER, Duration::from_millis);
            std::thread::spawn(move || {
                std::thread::sleep(after);
                let done = flag.lock().unwrap_or_else(|e| e.into_inner());
                if !*done {
                    timer.set_draw_target(ProgressDrawTarget::stderr());
                    timer.enable_steady_tick(Duration::from_millis(120));
                }
            });
            bar
        });
        Progress { bar, lang, done }
    }

    /// Messages from now on in `lang` (once the site's language is known).
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// A stage begins; `total` is how many items it counts, if it counts.
    pub fn stage(&self, what: Text, total: Option<usize>) {
        let Some(bar) = &self.bar else { return };
        let template = if total.is_some() {
            "{spinner} {msg} {pos}/{len} {wide_bar} {elapsed}"
        } else {
            "{spinner} {msg} {elapsed}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        // Count first, message last: the message redraws the line.
        bar.set_length(total.unwrap_or(0) as u64);
        bar.set_position(0);
        bar.set_message(what.get(self.lang).to_string());
    }

    /// One more item of the stage is done (from any thread).
    pub fn inc(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        *self.done.lock().unwrap_or_else(|e| e.into_inner()) = true;
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
