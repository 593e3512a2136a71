//! Only regular files are read: a named pipe, a link or a folder where a file
//! belongs is reported with its place and never opened, by `check`, `build`
//! and `serve` alike, and never makes them hang.

mod common;

use std::fs;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::http::get_until;
use common::{copy_tree, files, fixture, squash, wait_within};
use hyoka::serve::{Preview, ServeOptions};

/// Longer than any run here takes; a run past it hangs.
const HUNG: Duration = Duration::from_secs(120);

fn mkfifo(path: &Path) {
    use rustix::fs::{CWD, FileType, Mode, mknodat};
    mknodat(CWD, path, FileType::Fifo, Mode::from_raw_mode(0o644), 0).unwrap();
}

fn site(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("site");
    copy_tree(&fixture("check-base"), &root);
    root
}

/// Runs hyoka, failing the test if it does not end in time.
fn hyoka(args: &[&str], root: &Path) -> Output {
    let child = Command::new(assert_cmd::cargo::cargo_bin("hyoka"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_within(child, HUNG, &format!("hyoka {args:?} on a special file"))
}

/// The messages of a run, with the temp folder's path made stable.
fn shown(output: &Output, dir: &Path) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    )
    .replace(&dir.display().to_string(), "<tmp>")
}

/// Whether the messages say `phrase`, however miette wrapped them.
fn says(text: &str, phrase: &str) -> bool {
    squash(text).contains(&squash(phrase))
}

#[test]
fn pipes_in_the_content_are_reported_and_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    mkfifo(&root.join("content/2023/feed.yaml"));
    mkfifo(&root.join("content/2023/notes.txt"));
    mkfifo(&root.join("site.yaml.fifo"));

    let check = hyoka(&["check"], &root);
    assert_eq!(check.status.code(), Some(1));
    let text = shown(&check, dir.path());
    insta::assert_snapshot!(text);

    let out = root.join("public");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join(hyoka::output::MARKER), "").unwrap();
    fs::write(out.join("index.html"), "published").unwrap();
    let before = files(&out);
    let build = hyoka(&["build"], &root);
    assert_eq!(build.status.code(), Some(1));
    assert!(says(
        &shown(&build, dir.path()),
        "[E009] content/2023/feed.yaml"
    ));
    assert!(files(&out) == before, "the published site is untouched");
}

#[test]
fn a_pipe_as_site_yaml_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    fs::remove_file(root.join("site.yaml")).unwrap();
    mkfifo(&root.join("site.yaml"));
    let check = hyoka(&["check"], &root);
    assert_eq!(check.status.code(), Some(1));
    assert!(says(
        &shown(&check, dir.path()),
        "[E009] site.yaml: this is a named pipe (FIFO)"
    ));
}

#[test]
fn static_files_and_themes_read_only_regular_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let config = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(root.join("site.yaml"), format!("{config}theme: city\n")).unwrap();
    let theme = root.join("themes/city");
    fs::create_dir_all(theme.join("templates")).unwrap();
    fs::create_dir_all(theme.join("static")).unwrap();
    fs::create_dir_all(theme.join("locales/ja.yaml")).unwrap();
    fs::create_dir_all(root.join("static")).unwrap();
    mkfifo(&theme.join("templates/section.html"));
    fs::write(dir.path().join("elsewhere.css"), "body{}").unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("elsewhere.css"),
        theme.join("static/extra.css"),
    )
    .unwrap();
    mkfifo(&root.join("static/upload.pdf"));

    let check = hyoka(&["check"], &root);
    assert_eq!(check.status.code(), Some(1));
    let text = shown(&check, dir.path());
    for expected in [
        "[E009] themes/city/templates/section.html: this is a named pipe (FIFO)",
        "[E003] themes/city/static/extra.css: this is a symbolic link leading outside",
        "[E009] themes/city/locales/ja.yaml: this is a folder",
    ] {
        assert!(says(&text, expected), "{expected}:\n{text}");
    }
    // Once the theme is fixed, the site's own static/ folder is checked.
    fs::remove_file(theme.join("templates/section.html")).unwrap();
    fs::remove_file(theme.join("static/extra.css")).unwrap();
    fs::remove_dir(theme.join("locales/ja.yaml")).unwrap();
    let check = hyoka(&["check"], &root);
    let text = shown(&check, dir.path());
    assert!(
        says(
            &text,
            "[E009] static/upload.pdf: this is a named pipe (FIFO)"
        ),
        "{text}"
    );
    fs::remove_file(root.join("static/upload.pdf")).unwrap();
    assert!(hyoka(&["check"], &root).status.success());
}

#[test]
fn serve_reports_a_pipe_and_recovers_once_it_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let preview = Preview::start(
        &ServeOptions {
            root: root.clone(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
        },
        |_| {},
    )
    .unwrap();
    let addr = preview.addr();
    let fifo = root.join("content/2023/feed.yaml");
    mkfifo(&fifo);
    let broken = get_until(addr, "/", |r| r.text().contains("E009"));
    assert!(broken.text().contains("content/2023/feed.yaml"));
    fs::remove_file(&fifo).unwrap();
    get_until(addr, "/", |r| r.status == 200 && !r.text().contains("E009"));
    // And a pipe that replaces a section file the preview already read.
    let section = root.join("content/2023/sample.yaml");
    let text = fs::read_to_string(&section).unwrap();
    fs::remove_file(&section).unwrap();
    mkfifo(&section);
    get_until(addr, "/", |r| r.text().contains("E009"));
    fs::remove_file(&section).unwrap();
    fs::write(&section, text).unwrap();
    get_until(addr, "/", |r| r.status == 200 && !r.text().contains("E009"));
    preview.stop();
}

#[test]
fn import_refuses_a_pipe_for_its_sheet_its_mapping_or_site_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let refused = |args: &[&str], name: &str| {
        let output = hyoka(args, &root);
        let text = shown(&output, dir.path());
        assert_eq!(output.status.code(), Some(2), "{name}: {text}");
        assert!(says(&text, "[E009]"), "{name}: {text}");
        assert!(says(&text, name), "{name}: {text}");
    };
    for name in ["sheet.csv", "sheet.xlsx"] {
        let sheet = dir.path().join(name);
        mkfifo(&sheet);
        refused(&["import", sheet.to_str().unwrap(), "--year", "2023"], name);
    }
    // The files import reads beside the sheet: a column mapping, and site.yaml,
    // which must not be taken for missing and replaced by a new site's settings.
    let sheet = dir.path().join("sheet.csv");
    let sheet = sheet.to_str().unwrap();
    let mapping = dir.path().join("mapping.yaml");
    mkfifo(&mapping);
    let with_mapping = [
        "import",
        sheet,
        "--year",
        "2023",
        "--mapping",
        mapping.to_str().unwrap(),
    ];
    refused(&with_mapping, "mapping.yaml");
    fs::remove_file(root.join("site.yaml")).unwrap();
    mkfifo(&root.join("site.yaml"));
    refused(&with_mapping[..4], "site.yaml");
}
