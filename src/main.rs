//! The `hyoka` command: argument parsing and showing diagnostics; the work is in the library.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use hyoka::diagnostic::Code;
use hyoka::report_text::{error_text, report_text, warnings_text};
use hyoka::serve::{Preview, Rebuild, ServeOptions};
use hyoka::{Error, Report};

/// `println!`, except that a closed standard output (`hyoka build | head`)
/// is not a panic: by then the work is done, and the reader has gone.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

#[derive(Parser)]
#[command(
    name = "hyoka",
    version,
    about = "Static-site generator for public performance reports (評価)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder of static HTML, SVG charts, CSV and JSON.
    #[command(
        after_help = "Example:\n  hyoka build --root my-site --base-url https://www.city.example.jp/hyoka/"
    )]
    Build {
        /// The site folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site; replaced as a whole only when the build succeeds.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Absolute URL the site will be published under (overrides site.yaml).
        #[arg(long)]
        base_url: Option<String>,
        /// Also print the time each stage took (load, validate, render, write).
        #[arg(long)]
        timings: bool,
        /// Replace an output folder that hyoka did not write, and everything in it.
        #[arg(long)]
        force: bool,
    },
    /// Check every file the build would read, and write nothing.
    #[command(
        after_help = "Example:\n  hyoka check --root my-site\n\nExit status: 0 clean (warnings allowed), 1 content errors, 2 usage or I/O errors."
    )]
    Check {
        /// The site folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Turn a goal sheet (CSV, TSV or XLSX) into one section file per section.
    #[command(
        after_help = "Example:\n  hyoka import 2024-goals.xlsx --year 2024 --mapping sections.yaml\n\nWrites content/<YEAR>/<section>.yaml under --root; see docs/import.md for the columns it\nrecognises and the mapping file. Text it cannot place is kept as a `# hyoka import` comment\nin the file and listed at the end."
    )]
    Import {
        /// The goal sheet: .csv (UTF-8 or Shift_JIS), .tsv or .xlsx.
        file: PathBuf,
        /// Fiscal year of the goals: 2024, 令和6年度 or R6 (written as the western year).
        #[arg(long, value_parser = fiscal_year)]
        year: u16,
        /// The site folder: its site.yaml gives the grades, progress marks and plan types.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the section files [default: <root>/content/<year>].
        #[arg(long)]
        out: Option<PathBuf>,
        /// YAML file naming this city's column headers and section ids.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Overwrite section files that exist.
        #[arg(long)]
        force: bool,
    },
    /// Preview the site: build it, serve it on this machine, rebuild and reload on every save.
    #[command(
        after_help = "Example:\n  hyoka serve --root my-site --open\n\nOpen pages reload by themselves after each save; a change that does not build keeps the\nlast good site and shows the errors over the page. Pages are served at the root (/) whatever\nthe base_url, as every link is relative. Nothing is written to disk. Ctrl-C stops."
    )]
    Serve {
        /// The site folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on; anything but loopback exposes unpublished content to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = hyoka::serve::DEFAULT_PORT)]
        port: u16,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a small site that builds as it is.
    #[command(after_help = "Example:\n  hyoka init my-site && hyoka build --root my-site")]
    Init {
        /// The folder to create; it must not exist or be empty.
        dir: PathBuf,
    },
    /// Print the completion script of hyoka's commands and flags for a shell.
    #[command(
        after_help = "Example:\n  hyoka completions bash > ~/.local/share/bash-completion/completions/hyoka\n  hyoka completions zsh > ~/.zfunc/_hyoka\n  hyoka completions fish > ~/.config/fish/completions/hyoka.fish"
    )]
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Write the manual pages: hyoka(1), and hyoka-build(1) and so on for each command.
    #[command(
        after_help = "Example:\n  hyoka man --out ~/.local/share/man/man1 && man hyoka-build\n  hyoka man | man -l -"
    )]
    Man {
        /// The folder to write hyoka.1 and hyoka-<command>.1 into; without it, hyoka.1 is printed.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// A large site allocates and frees millions of small strings and maps from
/// every core at once; mimalloc does that faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // mimalloc asks for transparent huge pages, and the kernel zeroes each 2 MB
    // page in full when first touched: a third of the search index's time and a
    // sixth of a large build's went to that. Normal pages zero only what is used.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            timings,
            force,
        } => hyoka::build(&hyoka::BuildOptions {
            output: output.unwrap_or_else(|| root.join("public")),
            root,
            base_url,
            force,
            on_wait: Some(say_waiting),
        })
        .map(|summary| {
            print_warnings(&summary.report);
            say!(
                "built {} pages and {} charts into {} in {} ms",
                summary.pages,
                summary.charts,
                summary.output.display(),
                summary.elapsed.as_millis()
            );
            if timings {
                let stages = summary.timings;
                say!(
                    "timings: load {} ms, validate {} ms, render {} ms, write {} ms",
                    stages.load.as_millis(),
                    stages.validate.as_millis(),
                    stages.render.as_millis(),
                    stages.write.as_millis()
                );
            }
        }),
        Command::Check { root } => hyoka::check(&root).map(|report| {
            print_warnings(&report);
            say!("no errors, {} warning(s)", report.warnings().count());
        }),
        Command::Import {
            file,
            year,
            root,
            out,
            mapping,
            force,
        } => hyoka::import(&hyoka::ImportOptions {
            sheet: file,
            year,
            root,
            out,
            mapping,
            force,
        })
        .map(|summary| print_import(&summary)),
        Command::Serve {
            root,
            bind,
            port,
            open,
        } => serve(ServeOptions { root, bind, port }, open),
        Command::Init { dir } => hyoka::init(&dir).map(|()| {
            say!(
                "created a site in {}; build it with: hyoka build --root {}",
                dir.display(),
                dir.display()
            );
        }),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "hyoka", &mut std::io::stdout());
            Ok(())
        }
        Command::Man { out } => write_man_pages(out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Content(report)) => {
            print_report(&report);
            eprintln!(
                "{} error(s), {} warning(s): nothing was written",
                report.errors().count(),
                report.warnings().count()
            );
            ExitCode::from(if report.has_io_errors() { 2 } else { 1 })
        }
        Err(Error::Template(message)) => {
            eprintln!(
                "error[{}]: a template of the theme cannot be used:\n{message}\nnothing was written",
                Code::Template.id()
            );
            ExitCode::from(1)
        }
        Err(Error::Refused {
            code,
            message,
            help,
        }) => {
            eprintln!(
                "error[{}]: {message}\n  help: {help}\nnothing was written",
                code.id()
            );
            ExitCode::from(2)
        }
        Err(err) => {
            eprintln!("error: {err}\nnothing was written");
            ExitCode::from(2)
        }
    }
}

fn say_waiting(output: &std::path::Path) {
    eprintln!(
        "warning[{}]: another hyoka build is writing into {}; waiting for it to finish",
        Code::OutputBusy.id(),
        output.display()
    );
}

/// hyoka(1) on standard output, or it and a page per command (`man hyoka-build`) into a folder.
fn write_man_pages(out: Option<PathBuf>) -> hyoka::Result<()> {
    let hyoka = Cli::command();
    let Some(dir) = out else {
        return clap_mangen::Man::new(hyoka)
            .render(&mut std::io::stdout())
            .map_err(|err| Error::io("write", "standard output", err));
    };
    std::fs::create_dir_all(&dir).map_err(|err| Error::io("create", &dir, err))?;
    let commands = hyoka.get_subcommands().map(|command| {
        let name = format!("hyoka-{}", command.get_name());
        command
            .clone()
            .name(name)
            .version(env!("CARGO_PKG_VERSION"))
    });
    for page in std::iter::once(hyoka.clone()).chain(commands) {
        let path = dir.join(format!("{}.1", page.get_name()));
        let mut roff = Vec::new();
        clap_mangen::Man::new(page)
            .render(&mut roff)
            .and_then(|()| std::fs::write(&path, roff))
            .map_err(|err| Error::io("write", &path, err))?;
        say!("wrote {}", path.display());
    }
    Ok(())
}

fn print_import(summary: &hyoka::ImportSummary) {
    for section in &summary.written {
        say!(
            "wrote {} ({}): {} goals, {} indicators",
            section.path.display(),
            section.name,
            section.goals,
            section.indicators
        );
    }
    if summary.findings.is_empty() {
        say!("every cell was placed");
        return;
    }
    eprintln!("\n{} thing(s) to check by hand:", summary.findings.len());
    for finding in &summary.findings {
        eprintln!("- {finding}");
    }
}

fn serve(options: ServeOptions, open: bool) -> hyoka::Result<()> {
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the unpublished preview",
            options.bind
        );
    }
    let mut shown_warnings = String::new();
    let mut preview = Preview::start(&options, move |rebuild| {
        print_rebuild(rebuild, &mut shown_warnings);
    })?;
    preview.catch_ctrl_c();
    let url = preview.url();
    say!(
        "serving {} at {url} (Ctrl-C to stop)",
        options.root.display()
    );
    if open && let Err(err) = open::that_detached(&url) {
        eprintln!("warning: cannot open a browser: {err}");
    }
    preview.run_until_interrupted()?;
    say!("stopped");
    Ok(())
}

/// Says how each build went; warnings only when they differ from the last ones shown.
fn print_rebuild(rebuild: &Rebuild, shown_warnings: &mut String) {
    match rebuild {
        Rebuild::Built {
            pages,
            rendered,
            elapsed,
            since_save,
            report,
            changed,
        } => {
            let warnings = warnings_text(report, use_color());
            if warnings != *shown_warnings {
                eprint!("{warnings}");
                *shown_warnings = warnings;
            }
            let outcome = if *changed {
                "open pages reload"
            } else {
                "nothing changed"
            };
            let what = match rendered {
                Some(files) => format!("rebuilt {} files of {pages} pages", files.len()),
                None => format!("built {pages} pages"),
            };
            let since_save = since_save
                .map(|since| format!("{} after the save, ", millis(since)))
                .unwrap_or_default();
            say!(
                "{what} in {} ({since_save}{} warnings): {outcome}",
                millis(*elapsed),
                report.warnings().count()
            );
        }
        Rebuild::Failed { error } => {
            eprint!("{}", error_text(error, use_color()));
            if let Error::Content(report) = error {
                eprint!(
                    "{} error(s), {} warning(s): ",
                    report.errors().count(),
                    report.warnings().count()
                );
            }
            eprintln!(
                "the browser shows these errors over the last good site until they are fixed"
            );
        }
    }
}

fn fiscal_year(text: &str) -> Result<u16, String> {
    hyoka::fiscal::FiscalYear::parse(text)
        .map(|year| year.0)
        .ok_or_else(|| format!("`{text}` is not a fiscal year: write e.g. 2024, 令和6年度 or R6"))
}

fn millis(duration: std::time::Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

fn print_warnings(report: &Report) {
    eprint!("{}", warnings_text(report, use_color()));
}

fn print_report(report: &Report) {
    eprint!("{}", report_text(report, use_color()));
}

fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// `--help` describes every flag and argument of every command: one without words leaves the
    /// user to guess (as `check --root` once did).
    #[test]
    fn every_flag_of_every_command_has_help() {
        Cli::command().debug_assert();
        let hyoka = Cli::command();
        let mut bare = Vec::new();
        for command in std::iter::once(&hyoka).chain(hyoka.get_subcommands()) {
            if command.get_about().is_none() && command.get_name() != "hyoka" {
                bare.push(format!("hyoka {}", command.get_name()));
            }
            for arg in command.get_arguments() {
                if arg
                    .get_help()
                    .is_none_or(|help| help.to_string().trim().is_empty())
                {
                    bare.push(format!("hyoka {} {}", command.get_name(), arg.get_id()));
                }
            }
        }
        assert!(bare.is_empty(), "no help text: {bare:?}");
        assert!(
            hyoka.get_subcommands().count() >= 7,
            "the commands were not walked"
        );
    }
}
