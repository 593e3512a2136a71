//! Markdown fields whose text would not reach the page: an HTML comment never
//! closed hides the rest of the field, and raw HTML such as `<script>` is
//! removed by the sanitizer with the text inside it. Either would take a
//! sentence off the published report without a word, so each is told at the
//! line of the file where it starts.

use super::Site;
use super::locate;
use crate::diagnostic::{Code, Diagnostic, Report};
use crate::markdown::{Loss, losses};

/// Every Markdown field of the site, checked: the fields the pages render as Markdown.
pub(super) fn check(site: &Site, report: &mut Report) {
    let mut fields: Vec<(String, String, &str)> = Vec::new();
    for sections in site.years.values() {
        for section in sections {
            let file = &section.file;
            if let Some(mission) = &section.data.mission {
                fields.push((file.clone(), "mission".to_owned(), mission));
            }
            for (g, goal) in section.data.goals.iter().enumerate() {
                let at = |name: &str| format!("goals[{g}].{name}");
                fields.push((file.clone(), at("activities"), &goal.activities));
                for (name, text) in [
                    ("first_half", &goal.first_half),
                    ("second_half_plan", &goal.second_half_plan),
                    ("summary", &goal.summary),
                    ("next_steps", &goal.next_steps),
                ] {
                    if let Some(text) = text {
                        fields.push((file.clone(), at(name), text));
                    }
                }
            }
        }
    }
    for department in site.departments.values() {
        let data = &department.data;
        for (name, text) in [
            ("city_goal", &data.city_goal),
            ("goal", &data.goal),
            ("notes", &data.notes),
        ] {
            if let Some(text) = text {
                fields.push((department.file.clone(), name.to_owned(), text));
            }
        }
    }
    for (id, series) in &site.kpis {
        let file = format!("content/kpis/{id}.yaml");
        fields.push((file, "definition".to_owned(), &series.definition));
    }
    for (id, plan) in &site.plans {
        let file = format!("content/plans/{id}.yaml");
        let mut optional = vec![("description".to_owned(), &plan.description)];
        // Nodes of every level: a plan may be as deep as its levels say.
        for (_, at, node) in plan.nodes() {
            optional.push((format!("{at}.description"), &node.description));
            optional.push((format!("{at}.issues"), &node.issues));
            optional.push((format!("{at}.current_issues"), &node.current_issues));
        }
        for (name, text) in optional {
            if let Some(text) = text {
                fields.push((file.clone(), name, text));
            }
        }
    }
    for (file, field, text) in fields {
        for loss in losses(text) {
            let diagnostic = diagnostic(&file, &field, loss, text, report);
            report.push(diagnostic);
        }
    }
}

fn diagnostic(file: &str, field: &str, loss: Loss, text: &str, report: &Report) -> Diagnostic {
    let (code, line, what, help) = match loss {
        Loss::UnclosedComment { line } => (
            Code::UnclosedComment,
            line,
            "this HTML comment `<!--` is never closed: nothing after it in the field would be published".to_owned(),
            "close the comment with `-->` where the hidden part ends, or remove `<!--`",
        ),
        Loss::Removed { line, text } => (
            Code::RemovedHtml,
            line,
            format!("this HTML is removed from the page with the text inside it: “{}”", shortened(&text)),
            "write the text as plain Markdown; scripts, styles and other HTML the site does not allow are never published",
        ),
        Loss::Definition { line, text } => (
            Code::HiddenDefinition,
            line,
            format!("Markdown reads this line as a link definition and leaves it off the page: “{}”", shortened(&text)),
            "a line that starts with `[label]:` is an address for links, never shown; to publish it as a note, write `［注1］` with full-width brackets or `\\[注1]:`",
        ),
    };
    match place(report, file, field, text, line) {
        Some((line, column)) => Diagnostic::new(code, file, what).at(line, column),
        // Only the field can be pointed at: say where in its text.
        None => Diagnostic::new(
            code,
            file,
            format!("{what} (line {line} of the field's text)"),
        ),
    }
    .field(field)
    .help(help)
}

/// The start of a long lost text, enough to find it by.
fn shortened(text: &str) -> String {
    const SHOWN: usize = 40;
    if text.chars().count() <= SHOWN {
        return text.to_owned();
    }
    let start: String = text.chars().take(SHOWN).collect();
    format!("{start}…")
}

/// The line and column in the file of line `line` of a field's text. In a
/// block (`|`), the text's lines are the file's lines from the field's value
/// on; in other forms, the first line from there that holds the same words.
fn place(
    report: &Report,
    file: &str,
    field: &str,
    text: &str,
    line: usize,
) -> Option<(usize, usize)> {
    let source = report.sources.get(file)?;
    let (start, _) = locate::find(source, field)?;
    let wanted = text.lines().nth(line - 1)?.trim();
    let lines: Vec<&str> = source.lines().collect();
    let holds = |at: usize| {
        lines
            .get(at - 1)
            .and_then(|l| l.find(wanted).map(|c| (at, l, c)))
    };
    let (at, source_line, byte) =
        holds(start + line - 1).or_else(|| (start..=lines.len()).find_map(holds))?;
    Some((at, source_line[..byte].chars().count() + 1))
}

#[cfg(test)]
mod tests {
    use super::place;
    use crate::diagnostic::Report;

    fn placed(source: &str, text: &str, line: usize) -> Option<(usize, usize)> {
        let mut report = Report::default();
        report.add_source("f.yaml", source.into());
        place(&report, "f.yaml", "summary", text, line)
    }

    #[test]
    fn a_line_of_a_block_is_found_at_its_line_of_the_file() {
        let source = "name: 課\nsummary: |\n  一行目\n\n  <!-- メモ\n  続き\n";
        assert_eq!(
            placed(source, "一行目\n\n<!-- メモ\n続き\n", 3),
            Some((5, 3))
        );
    }

    #[test]
    fn a_line_of_quoted_text_is_found_where_it_is_written_whole() {
        let source = "summary: \"一行目\\n\\n<!-- メモ\"\n";
        assert_eq!(placed(source, "一行目\n\n<!-- メモ", 3), Some((1, 18)));
        let folded = "summary: \"一行目 <!-- メモ\n  続き\"\n";
        assert_eq!(placed(folded, "一行目 <!-- メモ 続き", 1), None);
    }
}
