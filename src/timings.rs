//! `CMBOOK_TIMINGS=1` prints how long each stage takes: the first tool for a slow build.

use std::time::Instant;

/// Runs `work`, printing its duration under `stage` when `CMBOOK_TIMINGS` is set.
pub(crate) fn timed<T>(stage: &str, work: impl FnOnce() -> T) -> T {
    if std::env::var_os("CMBOOK_TIMINGS").is_none() {
        return work();
    }
    let start = Instant::now();
    let value = work();
    eprintln!(
        "[timings] {stage:<16} {:>8.1} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    value
}

/// Prints how long it lived under `stage` when `CMBOOK_TIMINGS` is set: for a stage that is not
/// one closure.
pub(crate) struct Span {
    stage: &'static str,
    start: Option<Instant>,
}

impl Span {
    /// Starts timing `stage`.
    pub(crate) fn new(stage: &'static str) -> Span {
        let start = std::env::var_os("CMBOOK_TIMINGS").map(|_| Instant::now());
        Span { stage, start }
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some(start) = self.start {
            eprintln!(
                "[timings] {:<16} {:>8.1} ms",
                self.stage,
                start.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}
