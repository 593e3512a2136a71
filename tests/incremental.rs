//! `hyoka serve`'s rebuilds after an edit to one section file: each must give
//! the same files as a build of the whole site, and re-make only what shows
//! the section.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::sync::Arc;

use common::{copy_tree, fixture, repo_root};
use hyoka::report_text::error_text;
use hyoka::serve::{Changes, Rebuild, State};
use tempfile::TempDir;

const SECTION: &str = "content/2023/mynumber.yaml";

/// An edit of a file's text.
type Change = fn(&str) -> String;

/// A copy of a site without the search index, which a preview rebuilds in the
/// background after the pages (see `search_index_follows_an_edit`).
fn copy_without_search(from: &Path) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(from, dir.path());
    let config = dir.path().join("site.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{text}\nsearch: false\n")).unwrap();
    dir
}

fn example_sources() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(repo_root().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    copy_tree(&repo_root().join("content"), &dir.path().join("content"));
    let site = copy_without_search(dir.path());
    drop(dir);
    site
}

fn started(root: &Path) -> Arc<State> {
    let state = Arc::new(State::new(root.to_path_buf()));
    match state.rebuild(&Changes::Unknown) {
        Rebuild::Built { rendered: None, .. } => state,
        Rebuild::Built { .. } => panic!("the first build was not a full build"),
        Rebuild::Failed { error } => panic!("the first build failed: {error}"),
    }
}

/// Rewrites `file` and tells the preview it changed, as the watcher would.
fn edit(state: &Arc<State>, root: &Path, file: &str, change: impl Fn(&str) -> String) -> Rebuild {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    let changed = change(&text);
    assert_ne!(text, changed, "the edit of {file} changed nothing");
    fs::write(&path, changed).unwrap();
    state.rebuild(&Changes::Paths(BTreeSet::from([path])))
}

/// The files of the preview, which must be a full build's, byte for byte.
fn assert_same_as_full_build(state: &State, root: &Path, after: &str) {
    let (full, _) = hyoka::render_site(root, None).unwrap();
    let shown = state.snapshot().files.clone().expect("a site is shown");
    let shown: BTreeMap<&str, &[u8]> = shown
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let expected: BTreeMap<&str, &[u8]> = full
        .files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    assert_eq!(
        shown.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "files after {after}"
    );
    for (path, bytes) in expected {
        assert!(shown[path] == bytes, "{path} differs after {after}");
    }
}

fn rendered(rebuild: &Rebuild, after: &str) -> Vec<String> {
    match rebuild {
        Rebuild::Built {
            rendered: Some(files),
            ..
        } => files.clone(),
        Rebuild::Built { rendered: None, .. } => panic!("{after}: the whole site was rebuilt"),
        Rebuild::Failed { error } => panic!("{after}: {error}"),
    }
}

#[test]
fn every_edit_gives_what_a_full_build_gives() {
    let site = example_sources();
    let root = site.path();
    let state = started(root);
    let edits: [(&str, Change); 9] = [
        ("a changed mission", |t| {
            t.replace("市民満足度を高めます", "市民満足度をさらに高めます")
        }),
        ("a corrected actual value", |t| {
            t.replacen("actual: 64\n", "actual: 65\n", 1)
        }),
        ("a changed grade", |t| t.replacen("grade: C", "grade: A", 1)),
        ("a goal linked to another KPI series", |t| {
            t.replace("kpi: convenience-store-share", "kpi: my-number-card")
        }),
        // The year gets a page of its ungraded goals, then loses it again.
        ("a removed grade", |t| {
            t.replacen("    grade: A\n    grade_reason:", "    grade_reason:", 1)
        }),
        ("a grade given again", |t| {
            t.replacen("    grade_reason:", "    grade: B\n    grade_reason:", 1)
        }),
        ("a plan no longer implemented", |t| {
            t.replace("plan: civic-center-vision", "plan: management-reform")
        }),
        ("a renamed section", |t| {
            t.replace(
                "name: 市民課 マイナンバー担当",
                "name: 市民課 マイナンバー窓口",
            )
        }),
        ("a section moved first", |t| {
            t.replace("order: 5", "order: 0")
        }),
    ];
    for (after, change) in edits {
        let rebuild = edit(&state, root, SECTION, change);
        rendered(&rebuild, after);
        assert_same_as_full_build(&state, root, after);
    }

    let good = fs::read_to_string(root.join(SECTION)).unwrap();
    let rebuild = edit(&state, root, SECTION, |t| t.replace("goals:", "goals: ["));
    let Rebuild::Failed { error } = rebuild else {
        panic!("broken YAML built");
    };
    let check = hyoka::check(root).expect_err("check passed broken YAML");
    let shown = state.snapshot();
    assert_eq!(error_text(&error, false), error_text(&check, false));
    assert_eq!(
        shown.failure.as_ref().map(|f| f.errors.as_str()),
        Some(error_text(&check, false).as_str())
    );

    let rebuild = edit(&state, root, SECTION, |_| good.clone());
    rendered(&rebuild, "the fixed YAML");
    assert_same_as_full_build(&state, root, "the fixed YAML");
}

/// The files one edit of the example's section re-makes, after checking that
/// the preview then equals a full build.
fn remade_by(after: &str, change: Change) -> BTreeSet<String> {
    let site = example_sources();
    let root = site.path();
    let state = started(root);
    let rebuild = edit(&state, root, SECTION, change);
    let remade = rendered(&rebuild, after).into_iter().collect();
    assert_same_as_full_build(&state, root, after);
    remade
}

#[test]
fn an_edit_to_text_no_list_shows_renders_only_the_sections_own_page() {
    let remade = remade_by("a new mission", |t| {
        t.replace("市民満足度を高めます", "市民満足度をさらに高めます")
    });
    let expected: BTreeSet<String> = [
        "2023/mynumber.html",
        "data/goals.csv",
        "data/indicators.csv",
        "data/goals.json",
        "sitemap.xml",
    ]
    .map(String::from)
    .into();
    assert_eq!(remade, expected);
}

#[test]
fn an_edit_to_what_lists_show_renders_every_page_that_lists_the_section() {
    let remade = remade_by("a goal's new title", |t| {
        t.replacen(
            "title: マイナンバーカードの取得促進",
            "title: マイナンバーカードの取得の促進",
            1,
        )
    });
    let expected = [
        "index.html",
        "2023/index.html",
        "2023/mynumber.html",
        "kpi/my-number-card.html",
        "kpi/convenience-store-share.html",
        "plans/management-reform.html",
        "plans/civic-center-vision.html",
        "data/goals.csv",
        "data/indicators.csv",
        "data/goals.json",
        "sitemap.xml",
    ];
    for path in expected {
        assert!(remade.contains(path), "{path} was not rendered");
    }
    let others: Vec<&String> = remade
        .iter()
        .filter(|p| !expected.contains(&p.as_str()) && !p.starts_with("2023/goals/"))
        .collect();
    assert!(others.is_empty(), "rendered more than needed: {others:?}");
    assert!(remade.contains("2023/goals/index.html"));
}

#[test]
fn an_edit_to_an_older_year_leaves_the_latest_years_pages() {
    let site = copy_without_search(&fixture("two-years"));
    let root = site.path();
    let state = started(root);
    let rebuild = edit(&state, root, "content/2022/madoguchi.yaml", |t| {
        t.replacen("name: ", "name: 新", 1)
    });
    let rendered = rendered(&rebuild, "an edit to 2022");
    assert!(rendered.contains(&"2022/madoguchi.html".to_owned()));
    assert!(rendered.contains(&"2022/index.html".to_owned()));
    for untouched in ["index.html", "2023/index.html", "2023/madoguchi.html"] {
        assert!(!rendered.contains(&untouched.to_owned()), "{untouched}");
    }
    assert_same_as_full_build(&state, root, "an edit to 2022");
}

#[test]
fn a_saved_file_that_did_not_change_reloads_nothing() {
    let site = example_sources();
    let root = site.path();
    let state = started(root);
    let version = state.snapshot().version.clone();
    let path = root.join(SECTION);
    let rebuild = state.rebuild(&Changes::Paths(BTreeSet::from([path])));
    let Rebuild::Built {
        changed, rendered, ..
    } = rebuild
    else {
        panic!("an unchanged file did not build");
    };
    assert!(
        rendered.is_some(),
        "an unchanged section rebuilt the whole site"
    );
    assert!(!changed);
    assert_eq!(state.snapshot().version, version);
}

#[test]
fn other_changes_rebuild_the_whole_site() {
    let site = example_sources();
    let root = site.path();
    let state = started(root);
    let new_file = root.join("content/2023/new-section.yaml");
    fs::copy(root.join(SECTION), &new_file).unwrap();
    let rebuild = state.rebuild(&Changes::Paths(BTreeSet::from([
        root.join(SECTION),
        new_file.clone(),
    ])));
    assert!(matches!(
        rebuild,
        Rebuild::Failed { .. } | Rebuild::Built { rendered: None, .. }
    ));
    fs::remove_file(&new_file).unwrap();
    let rebuild = state.rebuild(&Changes::Paths(BTreeSet::from([new_file])));
    assert!(matches!(rebuild, Rebuild::Built { rendered: None, .. }));
    let rebuild = edit(&state, root, "content/kpis/my-number-card.yaml", |t| {
        t.replacen("title: ", "title: 新", 1)
    });
    assert!(matches!(rebuild, Rebuild::Built { rendered: None, .. }));
    assert_same_as_full_build(&state, root, "a KPI edit");
}

#[test]
fn search_index_follows_an_edit() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    fs::copy(repo_root().join("site.yaml"), root.join("site.yaml")).unwrap();
    copy_tree(&repo_root().join("content"), &root.join("content"));
    let state = started(root);
    let rebuild = edit(&state, root, SECTION, |t| {
        t.replace(
            "マイナンバーカードの取得促進",
            "マイナンバーカードの取得と活用の促進",
        )
    });
    rendered(&rebuild, "an edit of a goal's title");
    let (full, _) = hyoka::render_site(root, None).unwrap();
    let index = |files: &mut dyn Iterator<Item = (&String, &[u8])>| -> BTreeMap<String, Vec<u8>> {
        files
            .filter(|(path, _)| path.starts_with("pagefind/"))
            .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
            .collect()
    };
    let expected = index(&mut full.files.iter().map(|(p, b)| (p, b.as_slice())));
    assert!(!expected.is_empty());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let shown = state.snapshot().files.clone().expect("a site is shown");
        if index(&mut shown.iter().map(|(p, b)| (p, b.as_slice()))) == expected {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the search index was not rebuilt after the edit"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_same_as_full_build(&state, root, "the search index caught up");
}

#[test]
fn edits_reach_the_pages_across_years_that_show_them() {
    let site = copy_without_search(&fixture("across-years"));
    let root = site.path();
    let state = started(root);
    let rebuild = edit(&state, root, "content/2022/madoguchi.yaml", |t| {
        t.replacen("actual: 17", "actual: 16", 1)
    });
    let rendered = rendered(&rebuild, "an edit to a 2022 actual");
    assert!(rendered.contains(&"goals/machiai.html".to_owned()));
    assert_same_as_full_build(&state, root, "an edit to a 2022 actual");
    // The renamed section of 2023 names its predecessor among its other years.
    edit(&state, root, "content/2022/madoguchi.yaml", |t| {
        t.replacen("name: 窓口課", "name: 窓口サービス課", 1)
    });
    assert_same_as_full_build(&state, root, "a rename of the 2022 section");
    // A new id is a new page across years, and a goal new in its year.
    edit(&state, root, "content/2023/shimin-madoguchi.yaml", |t| {
        t.replacen("id: atarashii", "id: tagengo", 1)
    });
    assert_same_as_full_build(&state, root, "a changed goal id");
}
