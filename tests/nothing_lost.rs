//! No text or number is lost on its way from the YAML to the pages and the
//! open data without a message: every text of the example's YAML reaches its page,
//! Markdown that would hide text is reported, full-width digits are read as
//! the numbers they are, and no CSV cell can run as a spreadsheet formula.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{build, copy_tree, fixture, repo_root, squash};
use serde_json::Value;

/// Fields that hold no text of their own for the page: ids, codes the pages
/// show by their label, dates the pages write their own way.
const NOT_TEXT: &[&str] = &[
    "fiscal_year",
    "id",
    "continues",
    "plan_type",
    "plan",
    "item",
    "kpi",
    "direction",
    "grade",
    "progress",
    "categories",
    "date",
    "start",
    "end",
    "data_date",
];

/// Fields written in Markdown: their words are compared without the markup.
const MARKDOWN: &[&str] = &[
    "mission",
    "activities",
    "first_half",
    "second_half_plan",
    "summary",
    "next_steps",
    "definition",
    "description",
    "issues",
    "current_issues",
    "city_goal",
    "goal",
    "notes",
];

/// Every text of a YAML value, with the path to it and whether it is Markdown.
fn texts(value: &Value, key: &str, path: &str, found: &mut Vec<(String, String, bool)>) {
    match value {
        Value::Object(fields) => {
            for (key, child) in fields {
                if !NOT_TEXT.contains(&key.as_str()) {
                    texts(child, key, &format!("{path}.{key}"), found);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                texts(item, key, &format!("{path}[{i}]"), found);
            }
        }
        Value::String(text) => found.push((path.to_owned(), text.clone(), MARKDOWN.contains(&key))),
        _ => {}
    }
}

/// The words of a Markdown text without its markup; text inside raw HTML
/// counts too, since staff wrote it to be read.
fn words_of(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut words = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) => words.push_str(&text),
            Event::Html(html) | Event::InlineHtml(html) => {
                let mut in_tag = false;
                for c in html.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => words.push(c),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    words
}

/// The pages that show a content file's texts, by the file's path in content/.
fn pages_of(file: &str, html_files: &[String]) -> Vec<String> {
    let (folder, name) = file.rsplit_once('/').unwrap();
    let id = name.trim_end_matches(".yaml");
    let prefix = match folder {
        "plans" => format!("plans/{id}.html"),
        "kpis" => format!("kpi/{id}.html"),
        year if id == "_department" => format!("{year}/index.html"),
        year => format!("{year}/{id}"),
    };
    html_files
        .iter()
        .filter(|path| path.starts_with(&prefix))
        .cloned()
        .collect()
}

/// The YAML as staff wrote it, not the model: text the loader dropped would
/// be missing from the model too.
#[test]
fn every_text_of_the_example_yaml_is_on_its_page() {
    let built = build(&repo_root());
    let html_files = built.html_files();
    let content = repo_root().join("content");
    let mut checked = 0;
    let mut missing = Vec::new();
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let file = hyoka::diagnostic::display_path(&content, entry.path());
        let pages = pages_of(&file, &html_files);
        assert!(!pages.is_empty(), "{file}: no page");
        let page_text: String = pages
            .iter()
            .map(|path| squash(&built.html(path).root_element().text().collect::<String>()))
            .collect();
        let yaml: Value = serde_saphyr::from_str(&fs::read_to_string(entry.path()).unwrap())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut fields = Vec::new();
        texts(&yaml, "", "", &mut fields);
        for (field, text, markdown) in fields {
            let words = squash(&if markdown {
                words_of(&text)
            } else {
                text.clone()
            });
            checked += 1;
            if !page_text.contains(&words) {
                missing.push(format!("content/{file}{field}: {text}"));
            }
        }
    }
    assert!(checked > 500, "only {checked} texts checked");
    assert!(
        missing.is_empty(),
        "not on the page:\n{}",
        missing.join("\n")
    );
}

fn site_with(dir: &Path, change: impl Fn(&str) -> String) -> PathBuf {
    let root = dir.join("site");
    copy_tree(&fixture("check-base"), &root);
    let section = root.join("content/2023/sample.yaml");
    let text = fs::read_to_string(&section).unwrap();
    fs::write(&section, change(&text)).unwrap();
    root
}

fn check_output(root: &Path) -> (Option<i32>, String) {
    let output = assert_cmd::Command::cargo_bin("hyoka")
        .unwrap()
        .args(["check", "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The unclosed comment is a case of the bad-input corpus (unclosed-comment).
#[test]
fn a_script_or_a_note_read_as_a_link_definition_is_a_warning_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_with(dir.path(), |text| {
        text.replace(
            "      上半期の状況をここに書きます。\n",
            "      上半期の状況をここに書きます。\n\n      <script>alert('x')</script>\n\n      [注1]: 補足の説明\n",
        )
    });
    let (code, text) = check_output(&root);
    assert_eq!(code, Some(0), "{text}");
    insta::assert_snapshot!(text);
    let built = build(&root);
    let page = built.text("2023/sample.html");
    assert!(!page.contains("alert"));
    assert!(
        !page.contains("補足の説明"),
        "the warning is about text the page really leaves out"
    );
}

/// The cells of one open-data CSV file, by header.
fn csv_records(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let bytes = fs::read(path).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|record| {
            header
                .iter()
                .cloned()
                .zip(record.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[test]
fn full_width_numbers_are_read_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_with(dir.path(), |text| {
        text.replace("target: 80\n", "target: ８０\n")
            .replace("midyear: 76\n", "midyear: \"７６．５\"\n")
            .replace("actual: 82\n", "actual: ８２．０\n")
    });
    let (code, text) = check_output(&root);
    assert_eq!(code, Some(0), "{text}");
    assert!(!text.contains("W007"), "{text}");
    let built = build(&root);
    let rows = csv_records(&built.out.join("data/indicators.csv"));
    let row = &rows[0];
    assert_eq!(row["target_value"], "80");
    assert_eq!(row["midyear_value"], "76.5");
    assert_eq!(row["actual_value"], "82.0");
    assert_eq!(row["actual_text"], "");
    assert_eq!(row["achievement_rate_percent"], "102.5");
    let page = squash(&built.text("2023/sample.html"));
    assert!(page.contains("82.0%"), "the page shows the number");
}

#[test]
fn no_csv_cell_runs_as_a_formula_and_numbers_stay_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_with(dir.path(), |text| {
        text.replace("title: 窓口サービスの向上", "title: \"=HYPERLINK(\\\"https://evil.example\\\",\\\"詳細\\\")\"")
            .replace("name: 窓口アンケートの満足度", "name: \"+cmd|' /C calc'!A0\"")
            .replace("midyear_note: 9月末現在", "midyear_note: \"@SUM(1+1)\"")
            .replace("actual_note: 3月末現在", "actual_note: \"\\t=1+1\"")
            .replace("target: 実施", "target: \"-2+3\"")
            .replace("actual: 実施", "actual: \"\\r=1\"")
            .replace("    indicators:\n      - name: 見直し\n", "    indicators:\n      - name: 見直し\n        direction: lower\n        midyear: -5\n")
    });
    let built = build(&root);
    let goals = csv_records(&built.out.join("data/goals.csv"));
    assert_eq!(
        goals[0]["goal"],
        "'=HYPERLINK(\"https://evil.example\",\"詳細\")"
    );
    let indicators = csv_records(&built.out.join("data/indicators.csv"));
    assert_eq!(indicators[0]["indicator"], "'+cmd|' /C calc'!A0");
    assert_eq!(indicators[1]["target_text"], "'-2+3");
    assert_eq!(indicators[1]["actual_text"], "'\r=1");
    assert_eq!(
        indicators[1]["midyear_value"], "-5",
        "a negative number stays a number"
    );
    for (file, records) in [("goals.csv", &goals), ("indicators.csv", &indicators)] {
        for record in records.iter() {
            for (column, cell) in record.iter() {
                let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
                assert!(
                    !risky || cell.parse::<f64>().is_ok(),
                    "{file} {column}: {cell:?} would run as a formula"
                );
            }
        }
    }
    // The pages and the JSON keep the text as written.
    let json = built.text("data/goals.json");
    assert!(
        json.contains("\"=HYPERLINK(\\\"https://evil.example\\\""),
        "goals.json keeps the text"
    );
}
