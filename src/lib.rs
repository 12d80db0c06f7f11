//! cmbook turns a folder of Markdown into a themed, searchable handbook site.
//!
//! A build is a pipeline whose stages hand each other values, read top to bottom:
//!
//! 1. [`load`]: `cmbook.yaml`, `content/` and the theme become typed [`load::Sources`]
//!    (front matter validated per kind: article, checklist, case study).
//! 2. [`resolve`]: sections, sort order, taxonomies, `@/` links, anchors and aliases become a
//!    [`resolve::Site`].
//! 3. [`render`]: Markdown, highlighting and templates produce [`render::Output`] files in memory.
//! 4. [`write`]: files go to a staging folder that replaces the output only on success.
//!
//! [`pipeline`] chains them; [`build`] is the front door used by `cmbook build`. Every problem
//! in the user's input is an [`error::Diagnostic`] with file, line, column and help.

// Diagnostics are returned only on the error path, where their size costs nothing measurable;
// boxing them everywhere would only add noise.
#![allow(clippy::result_large_err)]
#![warn(unreachable_pub)]

use std::sync::atomic::AtomicBool;

pub(crate) mod build_cache;
pub mod check;
pub(crate) mod code_cache;
pub mod config;
pub(crate) mod dates;
pub mod error;
pub mod glossary;
pub(crate) mod incremental;
pub mod load;
pub(crate) mod lookups;
pub mod markdown;
pub(crate) mod paths;
pub mod pipeline;
pub mod render;
pub(crate) mod resolve;
pub mod scaffold;
pub(crate) mod search;
pub mod serve;
pub(crate) mod slugs;
pub(crate) mod timings;
pub mod typography;
pub(crate) mod write;
pub mod yaml;

pub use error::{Diagnostic, Error, Result};
pub use pipeline::{build, render_site, BuildOptions, BuildSummary};

/// Set when the user interrupts (Ctrl-C): the write stage stops and removes its staging folder.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);
