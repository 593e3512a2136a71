//! The `hyoka` command: argument parsing and showing diagnostics; the work is in the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use hyoka::diagnostic::Code;
use hyoka::{Diagnostic, Error, Report, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

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
    },
    /// Check every file the build would read, and write nothing.
    #[command(
        after_help = "Example:\n  hyoka check --root my-site\n\nExit status: 0 clean (warnings allowed), 1 content errors, 2 usage or I/O errors."
    )]
    Check {
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
        /// Fiscal year of the goals (the western year it starts in).
        #[arg(long)]
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
    /// Create a small site that builds as it is.
    #[command(after_help = "Example:\n  hyoka init my-site && hyoka build --root my-site")]
    Init {
        /// The folder to create; it must not exist or be empty.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
        } => hyoka::build(&hyoka::BuildOptions {
            output: output.unwrap_or_else(|| root.join("public")),
            root,
            base_url,
        })
        .map(|summary| {
            print_warnings(&summary.report);
            println!(
                "built {} pages and {} charts into {} in {} ms",
                summary.pages,
                summary.charts,
                summary.output.display(),
                summary.elapsed.as_millis()
            );
        }),
        Command::Check { root } => hyoka::check(&root).map(|report| {
            print_warnings(&report);
            println!("no errors, {} warning(s)", report.warnings().count());
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
        Command::Init { dir } => hyoka::init(&dir).map(|()| {
            println!(
                "created a site in {}; build it with: hyoka build --root {}",
                dir.display(),
                dir.display()
            );
        }),
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
        Err(err) => {
            eprintln!("error: {err}\nnothing was written");
            ExitCode::from(2)
        }
    }
}

fn print_import(summary: &hyoka::ImportSummary) {
    for section in &summary.written {
        println!(
            "wrote {} ({}): {} goals, {} indicators",
            section.path.display(),
            section.name,
            section.goals,
            section.indicators
        );
    }
    if summary.findings.is_empty() {
        println!("every cell was placed");
        return;
    }
    eprintln!("\n{} thing(s) to check by hand:", summary.findings.len());
    for finding in &summary.findings {
        eprintln!("- {finding}");
    }
}

fn print_warnings(report: &Report) {
    let warnings = Report {
        diagnostics: report.warnings().cloned().collect(),
        sources: report.sources.clone(),
    };
    print_report(&warnings);
}

fn print_report(report: &Report) {
    let theme = if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // The location is part of the message, counted in characters; miette's
    // own would count bytes and disagree on Japanese lines.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .without_primary_span_start();
    for diagnostic in &report.diagnostics {
        let mut out = String::new();
        let rendered = to_miette(diagnostic, report);
        if handler.render_report(&mut out, rendered.as_ref()).is_err() {
            out = format!("{diagnostic}\n");
        }
        eprint!("{out}");
    }
}

fn to_miette(
    diagnostic: &Diagnostic,
    report: &Report,
) -> Box<dyn miette::Diagnostic + Send + Sync> {
    let location = if diagnostic.line > 0 {
        format!(
            "{}:{}:{}",
            diagnostic.file, diagnostic.line, diagnostic.column
        )
    } else {
        diagnostic.file.clone()
    };
    let mut message = format!(
        "[{}] {location}: {}",
        diagnostic.code.id(),
        diagnostic.message
    );
    if let Some(field) = &diagnostic.field {
        message.push_str(&format!("\n  field: {field}"));
    }
    let mut rendered = MietteDiagnostic::new(message).with_severity(match diagnostic.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
    });
    if let Some(help) = &diagnostic.help {
        rendered = rendered.with_help(help);
    }
    let source = report
        .sources
        .get(&diagnostic.file)
        .filter(|_| diagnostic.line > 0);
    match source.and_then(|text| excerpt(text, diagnostic.line, diagnostic.column)) {
        Some((text, at)) => {
            let label = diagnostic
                .field
                .clone()
                .unwrap_or_else(|| "here".to_owned());
            let report =
                miette::Report::new(rendered.with_label(LabeledSpan::at_offset(at, label)))
                    .with_source_code(NamedSource::new(&diagnostic.file, text));
            report.into()
        }
        None => Box::new(rendered),
    }
}

/// Widest stretch of a line shown, in terminal columns: a minified or
/// hostile file must not flood the terminal.
const SHOWN_COLUMNS: usize = 90;

/// Terminal columns of a character; Japanese text takes two.
fn width(c: &char) -> usize {
    if c.is_ascii() { 1 } else { 2 }
}

/// The lines around a 1-based line and character column, with every other
/// line blanked so line numbers stay right and long lines cut to a window
/// around the column; returns the text and the byte offset of the position.
fn excerpt(text: &str, line: usize, column: usize) -> Option<(String, usize)> {
    let lines: Vec<&str> = text.split('\n').collect();
    if line == 0 || line > lines.len() {
        return None;
    }
    let mut shown = String::new();
    let mut at = 0;
    for (n, content) in lines.iter().enumerate() {
        let n = n + 1;
        if n.abs_diff(line) > 1 {
            shown.push('\n');
            continue;
        }
        let chars: Vec<char> = content.trim_end_matches('\r').chars().collect();
        let target = if n == line { column.max(1) - 1 } else { 0 }.min(chars.len());
        let mut start = target;
        while start > 0
            && chars[start - 1..target].iter().map(width).sum::<usize>() < SHOWN_COLUMNS / 2
        {
            start -= 1;
        }
        let mut end = start;
        while end < chars.len()
            && chars[start..=end].iter().map(width).sum::<usize>() <= SHOWN_COLUMNS
        {
            end += 1;
        }
        let mut piece: String = chars[start..end].iter().collect();
        let cut_before = start > 0;
        if cut_before {
            piece.insert(0, '…');
        }
        if end < chars.len() {
            piece.push('…');
        }
        if n == line {
            let before: usize = chars[start..target].iter().map(|c| c.len_utf8()).sum();
            at = shown.len() + before + if cut_before { '…'.len_utf8() } else { 0 };
        }
        shown.push_str(&piece);
        shown.push('\n');
    }
    Some((shown, at))
}
