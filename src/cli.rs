//! The command line: flags and their help. Parsing only; `main.rs` dispatches to the library.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// cmbook: build the community-manager handbook (or any handbook) from Markdown.
#[derive(Debug, Parser)]
#[command(name = "cmbook", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds).
    Build {
        /// Site root: the folder holding cmbook.yaml and content/.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Output folder [default: <root>/public].
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Use this base URL instead of cmbook.yaml's `base_url` (e.g. for a preview host).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Also publish pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Render every page again instead of reusing unchanged pages of the previous build
        /// (recorded in <root>/.cmbook-cache/, which is always safe to delete).
        #[arg(long)]
        no_cache: bool,
        /// Print nothing but errors (no progress bar, no summary line).
        #[arg(long, short)]
        quiet: bool,
        /// Replace the output folder even if it holds files cmbook did not write (they are
        /// deleted). Never accepted for /, a home folder, the site or its sources.
        #[arg(long)]
        force: bool,
    },
    /// Build the site in memory, templates included, and report every problem without writing.
    Check {
        /// Site root: the folder holding cmbook.yaml and content/.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Check drafts as if they were published.
        #[arg(long)]
        drafts: bool,
        /// Output format: rustc-like text, or JSON for CI tools.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Exit with an error when there are warnings (exit 0 otherwise when only warnings).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Build in memory, serve on 127.0.0.1 with live reload, and rebuild what each edit changes.
    Serve {
        /// Site root: the folder holding cmbook.yaml and content/.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Address to listen on; keep the loopback default unless you mean to share the preview.
        #[arg(long, default_value = "127.0.0.1", value_name = "IP")]
        interface: std::net::IpAddr,
        /// Port to listen on; when taken, the next free one is used (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Also publish pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a new site or a new page.
    New {
        /// What to create.
        #[command(subcommand)]
        what: NewCommand,
    },
}

/// What `cmbook new` creates.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Create a site that builds at once: config, one page of each kind, a taxonomy term file.
    Site {
        /// Folder to create (must not exist or be empty).
        dir: PathBuf,
    },
    /// Create a page with its kind's front matter filled in.
    Page {
        /// Path of the new file, like content/metier/veille.md.
        path: PathBuf,
        /// Kind of page.
        #[arg(long, value_enum, default_value_t = KindArg::Article)]
        kind: KindArg,
        /// Site root, used to list the configured taxonomies.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// file:line:column, the source line, a caret and a help line.
    Human,
    /// One JSON document on standard output.
    Json,
}

/// Page kinds as typed on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// Prose with headings.
    Article,
    /// Task-list items grouped by `##` heading.
    Checklist,
    /// A sourced case with a fact box.
    CaseStudy,
}
