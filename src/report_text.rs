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
    // The location is part of the message, counted in characters; miette's
    // own would count bytes and disagree on Japanese lines.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .without_primary_span_start();
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
        ..Report::default()
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
