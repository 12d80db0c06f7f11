//! The `cmbook` binary: parses the command line, calls the library, prints, sets the exit code.

mod cli;

/// Templates build and drop many small JSON values: with glibc's allocator, malloc and free were
/// over a third of a build's instructions (callgrind, 1,000 pages). mimalloc handles that load
/// far better; see the README's performance notes for the measured gain. Its `override` feature
/// also serves the C code's malloc and free: oniguruma, syntect's regex engine, allocates per
/// search, and glibc's allocator was still ~7 % of a build's instructions (override: 5.9 % fewer
/// instructions at 1,000 pages, 0.94x the wall time at 10,000).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{IsTerminal, Write as _};
use std::process::ExitCode;

use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use cli::{Cli, Command, Format, KindArg, NewCommand};
use cmbook::load::kinds::Kind;
use cmbook::{BuildOptions, Error};

fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

fn progress_bar(quiet: bool) -> ProgressBar {
    let target = if quiet || !std::io::stderr().is_terminal() {
        ProgressDrawTarget::hidden()
    } else {
        ProgressDrawTarget::stderr()
    };
    let bar = ProgressBar::with_draw_target(None, target);
    bar.set_style(
        ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages {wide_bar}")
            .expect("valid template"),
    );
    bar
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            no_cache,
            quiet,
            force,
        } => {
            let options = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                no_cache,
                force,
            };
            let bar = progress_bar(quiet);
            let progress = |done: usize, total: usize| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            };
            let summary = cmbook::build(&options, &progress);
            bar.finish_and_clear();
            let summary = summary?;
            if !quiet {
                let reused = match summary.reused {
                    0 => String::new(),
                    n => format!(" ({n} unchanged since the last build)"),
                };
                eprintln!(
                    "built {} pages, {} sections, {} taxonomy terms: {} files written to {}{reused} in {} ms",
                    summary.pages,
                    summary.sections,
                    summary.terms,
                    summary.files,
                    options.output_dir().display(),
                    summary.elapsed.as_millis()
                );
            }
            Ok(())
        }
        Command::Check {
            root,
            drafts,
            format,
            deny_warnings,
        } => {
            let options = BuildOptions {
                root,
                drafts,
                ..BuildOptions::default()
            };
            let report = match cmbook::check::check(&options) {
                Ok(report) => report,
                Err(error) if format == Format::Json => {
                    // CI tools read stdout: a site that cannot load is still one JSON document.
                    let message = error.to_string();
                    let d = cmbook::Diagnostic {
                        path: None,
                        ..cmbook::Diagnostic::error("", message)
                    };
                    let report = cmbook::check::CheckReport {
                        diagnostics: vec![d],
                        pages: 0,
                    };
                    let json = serde_json::to_string_pretty(&report).expect("report serialises");
                    let _ = writeln!(std::io::stdout(), "{json}");
                    return Err(error);
                }
                Err(error) => return Err(error),
            };
            match format {
                Format::Json => {
                    let json = serde_json::to_string_pretty(&report).expect("report serialises");
                    // A closed pipe (`| head`) is the reader's choice, not an error to panic on.
                    let _ = writeln!(std::io::stdout(), "{json}");
                }
                Format::Human => {
                    let color = color();
                    for d in &report.diagnostics {
                        eprintln!("{}", d.render(color));
                    }
                    let (errors, warnings) = (report.errors(), report.warnings());
                    eprintln!(
                        "{errors} errors, {warnings} warnings in {} pages",
                        report.pages
                    );
                }
            }
            if report.errors() > 0 {
                return Err(Error::CheckFailed { what: "errors" });
            }
            if deny_warnings && report.warnings() > 0 {
                return Err(Error::CheckFailed {
                    what: "warnings (--deny-warnings)",
                });
            }
            Ok(())
        }
        Command::Serve {
            root,
            interface,
            port,
            drafts,
            open,
        } => {
            let options = cmbook::serve::ServeOptions {
                root,
                interface,
                port,
                drafts,
                open,
            };
            let say = |line: String| {
                println!("{line}");
                let _ = std::io::Write::flush(&mut std::io::stdout());
            };
            cmbook::serve::serve(options, &say)
        }
        Command::New {
            what: NewCommand::Site { dir },
        } => {
            cmbook::scaffold::new_site(&dir)?;
            eprintln!(
                "created a site in {}: run `cmbook build --root {}`",
                dir.display(),
                dir.display()
            );
            Ok(())
        }
        Command::New {
            what: NewCommand::Page { path, kind, root },
        } => {
            let kind = match kind {
                KindArg::Article => Kind::Article,
                KindArg::Checklist => Kind::Checklist,
                KindArg::CaseStudy => Kind::CaseStudy,
            };
            let today = chrono::Local::now().format("%Y-%m-%d").to_string();
            cmbook::scaffold::new_page(&root, &path, kind, &today)?;
            eprintln!("created {}", path.display());
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A Markdown parse that panics (a pulldown-cmark bug on odd input) becomes an error naming
    // the page; its panic message would only be noise on the terminal. The process's hook is
    // the binary's to set, not the library's.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !cmbook::markdown::in_guarded_parse() {
            default_hook(info);
        }
    }));
    // `serve` stops on Ctrl-C by itself; other commands stop writing and clean up.
    if !matches!(cli.command, Command::Serve { .. }) {
        let interrupted = || cmbook::INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = ctrlc::set_handler(interrupted);
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", error.report(color()));
            ExitCode::from(error.exit_code())
        }
    }
}
