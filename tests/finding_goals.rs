//! The goal index, its filters without JavaScript, and the search index.

mod common;

use common::{build, fixture, repo_root, select, text_of};

fn goal_titles(page: &scraper::Html) -> Vec<String> {
    select(page, ".goal-item > a")
        .iter()
        .map(|a| {
            text_of(a)
                .split_whitespace()
                .skip(1)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn each_year_has_a_goal_index_reached_from_every_page() {
    let site = build(&fixture("two-years"));
    let index = site.html("2023/goals/index.html");
    assert_eq!(
        goal_titles(&index),
        ["窓口の待ち時間短縮（2023年度）", "相談窓口の周知"]
    );
    assert_eq!(
        goal_titles(&site.html("2022/goals/index.html")),
        ["窓口の待ち時間短縮（2022年度）"]
    );
    let first = select(&index, ".goal-item")[0];
    assert_eq!(
        first.value().attr("data-facets"),
        Some("section-madoguchi grade-2 progress-1")
    );
    let scale = site.html("scale.html");
    let nav: Vec<&str> = select(&scale, ".site-nav a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(nav.contains(&"2023/goals/index.html"), "{nav:?}");
}

#[test]
fn every_filter_value_has_a_prerendered_list() {
    let site = build(&fixture("two-years"));
    let index = site.html("2023/goals/index.html");
    let links: Vec<(String, String)> = select(&index, ".facets a")
        .iter()
        .map(|a| (text_of(a), a.value().attr("href").unwrap().to_owned()))
        .collect();
    let href = |label: &str| {
        links
            .iter()
            .find(|(text, _)| text.starts_with(label))
            .unwrap_or_else(|| panic!("no filter {label} in {links:?}"))
            .1
            .clone()
    };
    assert_eq!(href("相談課"), "../../2023/goals/index.html#section-soudan");
    assert_eq!(href("B 上回る"), "../../2023/goals/grade-2.html");
    assert!(links.iter().any(|(text, _)| text == "C 達成（1件）"));
    assert!(
        links
            .iter()
            .any(|(text, _)| text == "A 大幅に上回る（0件）")
    );
    // soudan has no progress mark; the site has no plan types, so no such filter.
    assert_eq!(href("記載なし"), "../../2023/goals/progress-none.html");
    assert!(
        !links.iter().any(|(_, href)| href.contains("plan-")),
        "{links:?}"
    );

    assert_eq!(
        goal_titles(&site.html("2023/goals/grade-3.html")),
        ["相談窓口の周知"]
    );
    assert!(goal_titles(&site.html("2023/goals/grade-1.html")).is_empty());
    let progress_none = site.html("2023/goals/progress-none.html");
    assert_eq!(goal_titles(&progress_none), ["相談窓口の周知"]);
    assert_eq!(
        text_of(&select(&progress_none, "h1")[0])
            .split_whitespace()
            .next(),
        Some("進捗状況「記載なし」の取組項目")
    );
    let current = select(&progress_none, ".facets a[aria-current=page]");
    assert_eq!(current.len(), 1);
    assert_eq!(
        current[0].value().attr("href"),
        Some("../../2023/goals/progress-none.html")
    );
    assert!(!site.out.join("2023/goals/section-soudan.html").exists());
}

#[test]
fn marks_in_lists_are_written_out() {
    let site = build(&fixture("two-years"));
    let item = select(&site.html("2023/goals/index.html"), ".goal-item")[0].html();
    for words in ["進捗", "○", "順調", "評価", "B", "上回る"] {
        assert!(item.contains(words), "{words} in {item}");
    }
}

#[test]
fn the_search_index_has_one_record_per_goal_in_japanese() {
    let site = build(&repo_root());
    let entry: serde_json::Value =
        serde_json::from_str(&site.text("pagefind/2023/pagefind-entry.json")).unwrap();
    let goals: usize = std::fs::read_dir(repo_root().join("content/2023"))
        .unwrap()
        .map(|f| {
            let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
            text.lines().filter(|l| l.starts_with("  - rank:")).count()
        })
        .sum();
    assert_eq!(entry["languages"]["ja"]["page_count"], goals);
    assert!(site.out.join("pagefind/2023/pagefind.js").exists());
    assert!(
        !site.out.join("pagefind/2023/pagefind-ui.js").exists(),
        "Pagefind's own interface is not published"
    );
    let index = site.html("2023/goals/index.html");
    let form = select(&index, ".finder-form")[0];
    assert_eq!(
        form.value().attr("data-pagefind"),
        Some("../../pagefind/2023/pagefind.js")
    );
    assert!(
        form.value().attr("hidden").is_some(),
        "shown only by the script"
    );
}

#[test]
fn each_year_has_a_search_index_of_its_own_goals() {
    let site = build(&fixture("two-years"));
    for year in [2022, 2023] {
        let entry: serde_json::Value =
            serde_json::from_str(&site.text(&format!("pagefind/{year}/pagefind-entry.json")))
                .unwrap();
        let index = site.html(&format!("{year}/goals/index.html"));
        let goals = select(&index, ".goal-item").len();
        assert!(goals > 0);
        assert_eq!(entry["languages"]["ja"]["page_count"], goals, "{year}");
        assert_eq!(
            select(&index, ".finder-form")[0]
                .value()
                .attr("data-pagefind"),
            Some(format!("../../pagefind/{year}/pagefind.js").as_str())
        );
    }
}

#[test]
fn a_site_can_leave_search_out() {
    let dir = tempfile::tempdir().unwrap();
    let fixture_dir = fixture("two-years");
    for entry in walkdir::WalkDir::new(&fixture_dir) {
        let entry = entry.unwrap();
        let target = dir
            .path()
            .join(entry.path().strip_prefix(&fixture_dir).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let config = dir.path().join("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("search: false\n{text}")).unwrap();
    let site = build(dir.path());
    assert!(!site.out.join("pagefind").exists());
    let index = site.html("2023/goals/index.html");
    assert!(select(&index, "#finder-query").is_empty());
    assert_eq!(
        select(&index, ".finder-form select").len(),
        3,
        "filters stay: section, grade and progress (the site has no plan types)"
    );
}
