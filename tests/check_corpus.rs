//! The bad-input corpus: each folder under tests/fixtures/bad/ is a few files
//! laid over the valid site tests/fixtures/check-base/. For each, the real
//! `hyoka` binary must give the exit code and the messages its expect.txt
//! names, and a failed build must leave an existing output folder exactly as it was.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use common::{copy_tree, fixture, select, text_of};

/// What a case's expect.txt says: `exit N` on the first line, then one
/// phrase per line that the output must contain.
struct Expected {
    exit: i32,
    phrases: Vec<String>,
}

/// The file beside the output whose lock builds into it take turns on.
const LOCK: &str = ".public.hyoka-lock";

fn expected(case: &Path) -> Expected {
    let text = fs::read_to_string(case.join("expect.txt"))
        .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let exit = lines
        .next()
        .and_then(|l| l.strip_prefix("exit "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{}: expect.txt starts with `exit N`", case.display()));
    Expected {
        exit,
        phrases: lines.map(str::to_owned).collect(),
    }
}

/// The base site with the case's files laid over it, in a fresh temp folder.
fn site_for(case: &Path, dir: &Path) -> PathBuf {
    let root = dir.join("site");
    copy_tree(&fixture("check-base"), &root);
    copy_tree(case, &root);
    fs::remove_file(root.join("expect.txt")).unwrap();
    prepare(case.file_name().unwrap().to_str().unwrap(), &root, dir);
    root
}

/// Inputs that cannot sit in the repository as they are: made here.
fn prepare(case: &str, root: &Path, dir: &Path) {
    match case {
        "too-large" => {
            let mut text = fs::read_to_string(root.join("content/2023/sample.yaml")).unwrap();
            let filler = format!("# {}\n", "埋め草".repeat(40));
            while text.len() <= 2 * 1024 * 1024 {
                text.push_str(&filler);
            }
            fs::write(root.join("content/2023/sample.yaml"), text).unwrap();
        }
        "symlink-outside" => {
            let outside = dir.join("outside.yaml");
            fs::write(&outside, "secret: 1\n").unwrap();
            std::os::unix::fs::symlink(&outside, root.join("content/2023/linked.yaml")).unwrap();
        }
        "not-a-site" => fs::remove_file(root.join("site.yaml")).unwrap(),
        // A list of ids long enough to pass the parser's count of values,
        // where a list belongs, so that nothing else fails first.
        "too-many-values" => {
            let path = root.join("content/2023/sample.yaml");
            let text = fs::read_to_string(&path).unwrap();
            let ids = "a,".repeat(250_000);
            let text = text.replacen("order: 1\n", &format!("order: 1\ncontinues: [{ids}a]\n"), 1);
            fs::write(path, text).unwrap();
        }
        _ => {}
    }
}

/// Every file of a folder with its bytes, to compare before and after.
fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (path, fs::read(e.path()).unwrap())
        })
        .collect()
}

fn hyoka(args: &[&str]) -> Output {
    Command::cargo_bin("hyoka")
        .unwrap()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// stderr and stdout as one text, with the temp folder's path made stable.
fn shown(output: &Output, dir: &Path) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    text.replace(&dir.display().to_string(), "<tmp>")
}

fn squash(text: &str) -> String {
    text.replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(fixture("bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_bad_input_is_reported_and_leaves_the_output_alone() {
    let cases = cases();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_str().unwrap().to_owned();
        if let Err(problem) = run_case(case, &name) {
            failures.push(format!("{name}: {problem}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

fn run_case(case: &Path, name: &str) -> Result<(), String> {
    let expect = expected(case);
    let dir = tempfile::tempdir().unwrap();
    let root = site_for(case, dir.path());
    let root_arg = root.to_str().unwrap();

    let check = hyoka(&["check", "--root", root_arg]);
    let text = shown(&check, dir.path());
    if check.status.code() != Some(expect.exit) {
        return Err(format!(
            "check exited {:?}, expected {}:\n{text}",
            check.status.code(),
            expect.exit
        ));
    }
    // Long messages wrap: compare with the wrapping and the frame taken out.
    let unwrapped = squash(&text);
    for phrase in &expect.phrases {
        if !unwrapped.contains(&squash(phrase)) {
            return Err(format!("check output lacks `{phrase}`:\n{text}"));
        }
    }
    insta::assert_snapshot!(name, text);

    // A previously published site that a failed build must not touch.
    let out = dir.path().join("public");
    fs::create_dir_all(out.join("2023")).unwrap();
    fs::write(out.join(hyoka::output::MARKER), "").unwrap();
    fs::write(out.join("index.html"), "<p>published before</p>\n").unwrap();
    fs::write(out.join("2023/sample.html"), "前回の公開内容\n").unwrap();
    let before = contents(&out);
    let build = hyoka(&[
        "build",
        "--root",
        root_arg,
        "--output",
        out.to_str().unwrap(),
    ]);
    if build.status.code() != Some(expect.exit) {
        return Err(format!(
            "build exited {:?}, expected {}:\n{}",
            build.status.code(),
            expect.exit,
            shown(&build, dir.path())
        ));
    }
    if expect.exit != 0 && contents(&out) != before {
        return Err("the failed build changed the output folder".to_owned());
    }
    // A build that succeeds keeps the site it replaced as the spare the next
    // build writes over, and the lock file that lets builds take turns;
    // nothing else may be left beside the output.
    let spare = dir.path().join(".public.hyoka-spare");
    if expect.exit == 0 && contents(&spare) != before {
        return Err("the replaced site is not kept whole as the spare".to_owned());
    }
    let leftovers: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public") && n != LOCK)
        .filter(|n| !(expect.exit == 0 && n == ".public.hyoka-spare"))
        .collect();
    if !leftovers.is_empty() {
        return Err(format!("the build left {leftovers:?} beside the output"));
    }
    Ok(())
}

/// Builds the base site with one file replaced, and returns the page of the section.
fn build_with_section(section: &str) -> scraper::Html {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("check-base"), &root);
    fs::write(root.join("content/2023/sample.yaml"), section).unwrap();
    let out = dir.path().join("public");
    let build = hyoka(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(build.status.success(), "{}", shown(&build, dir.path()));
    scraper::Html::parse_document(&fs::read_to_string(out.join("2023/sample.html")).unwrap())
}

fn base_section() -> String {
    fs::read_to_string(fixture("check-base/content/2023/sample.yaml")).unwrap()
}

#[test]
fn html_in_plain_text_is_shown_as_text() {
    let section = base_section().replace(
        "title: 窓口サービスの向上",
        "title: \"<script>alert('x')</script>窓口\"",
    );
    let page = build_with_section(&section);
    let titles: Vec<String> = select(&page, "article.goal h2, article.goal h3")
        .iter()
        .map(text_of)
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.contains("<script>alert('x')</script>窓口")),
        "the title is shown as written: {titles:?}"
    );
    assert_no_injected_script(&page);
}

#[test]
fn raw_html_in_markdown_is_sanitized() {
    let section = base_section().replace(
        "      - 具体的な活動内容をここに書きます。",
        "      - 具体的な<b>活動</b>内容<script>alert('x')</script><img src=x onerror=\"alert('x')\"><a href=\"javascript:alert('x')\">リンク</a>",
    );
    let page = build_with_section(&section);
    assert_no_injected_script(&page);
    let bold = select(&page, "article.goal b");
    assert!(
        bold.iter().any(|b| text_of(b) == "活動"),
        "allowed tags are kept"
    );
    let unsafe_attributes: Vec<String> = select(&page, "[onerror], a[href^='javascript']")
        .iter()
        .map(|element| element.html())
        .collect();
    assert!(
        unsafe_attributes.is_empty(),
        "published: {unsafe_attributes:?}"
    );
}

fn assert_no_injected_script(page: &scraper::Html) {
    for script in select(page, "script") {
        assert!(
            !script.html().contains("alert"),
            "script published: {}",
            script.html()
        );
    }
}
