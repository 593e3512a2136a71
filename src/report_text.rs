//! Diagnostics as the text people read, the same wherever it is shown: `hyoka
//! check` and `hyoka build` print it, `hyoka serve` shows it in the browser.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::error::Error;

/// Every diagnostic of the report with the offending line of its file.
pub fn report_text(report: &Report, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut text = String::new();
    for diagnostic in &report.diagnostics {
        let mut out = String::new();
        let rendered = to_miette(diagnostic, report);
        if handler.render_report(&mut out, rendered.as_ref()).is_err() {
            out = format!("{diagnostic}\n");
        }
        text.push_str(&out);
    }
    text
}

/// Why a build failed: the error diagnostics of the content, or the one error that stopped it.
pub fn error_text(err: &Error, color: bool) -> String {
    match err {
        Error::Content(report) => only(report, Diagnostic::is_error, color),
        other => format!("error: {other}\n"),
    }
}

/// Only the warnings of a report, as text.
pub fn warnings_text(report: &Report, color: bool) -> String {
    only(report, |diagnostic| !diagnostic.is_error(), color)
}

fn only(report: &Report, keep: impl Fn(&Diagnostic) -> bool, color: bool) -> String {
    let kept = Report {
        diagnostics: report
            .diagnostics
            .iter()
            .filter(|d| keep(d))
            .cloned()
            .collect(),
        sources: report.sources.clone(),
    };
    report_text(&kept, color)
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
    let mut message = format!("{location}: {}", diagnostic.message);
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
    match source
        .and_then(|text| byte_offset(text, diagnostic.line, diagnostic.column).map(|at| (text, at)))
    {
        Some((text, at)) => {
            let label = diagnostic
                .field
                .clone()
                .unwrap_or_else(|| "here".to_owned());
            let report =
                miette::Report::new(rendered.with_label(LabeledSpan::at_offset(at, label)))
                    .with_source_code(NamedSource::new(&diagnostic.file, text.to_string()));
            report.into()
        }
        None => Box::new(rendered),
    }
}

/// Byte offset of a 1-based line and character column, if it lies inside the text.
fn byte_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let line_text = text[line_start..].lines().next().unwrap_or("");
    let within: usize = line_text
        .chars()
        .take(column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    (line_start <= text.len()).then_some(line_start + within)
}
