//! What templates looked up while rendering a page (`get_page`, `get_section`, `get_taxonomy`
//! and the key asked for), and the hash of each answer: what incremental reuse compares to
//! know that a page must be rendered again because data it looked up changed. Below both the
//! render stage (which records) and the build cache (which stores and compares), so that
//! neither imports the other for it.

use std::cell::RefCell;
use std::collections::HashMap;

thread_local! {
    /// What the template being rendered on this thread looked up: (function, key). `serve`
    /// keeps it with the page, to know when a change in looked-up data must render it again.
    static LOOKED_UP: RefCell<Option<Vec<(&'static str, String)>>> = const { RefCell::new(None) };
}

/// Starts recording lookups on this thread.
pub(crate) fn start_recording() {
    LOOKED_UP.with(|l| *l.borrow_mut() = Some(Vec::new()));
}

/// Stops recording and returns what was looked up.
pub(crate) fn take_recording() -> Vec<(&'static str, String)> {
    LOOKED_UP.with(|l| l.borrow_mut().take().unwrap_or_default())
}

/// Notes that the template being rendered looked `key` up with `function`.
pub(crate) fn record(function: &'static str, key: &str) {
    LOOKED_UP.with(|l| {
        if let Some(list) = l.borrow_mut().as_mut() {
            list.push((function, key.to_owned()));
        }
    });
}

/// The functions whose lookups are recorded.
const RECORDED: [&str; 4] = ["get_page", "get_section", "get_taxonomy", "career_map"];

/// The recorded function called `name`, as the `'static` name lookups are kept under.
pub(crate) fn known_name(name: &str) -> Option<&'static str> {
    RECORDED.into_iter().find(|n| *n == name)
}

/// Per function, a hash of the value behind each key (only in `serve`, where it is compared).
pub(crate) type DataHashes = HashMap<&'static str, HashMap<String, u64>>;

/// The hash of what `function` answers for `key` now (`None`: unknown key, or a plain path).
pub(crate) fn current_hash(hashes: &DataHashes, function: &str, key: &str) -> Option<u64> {
    hashes.get(function)?.get(key).copied()
}
