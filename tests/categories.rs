//! Goals in several categories, on several category axes: the goal index,
//! its filter pages, the section page and the open data follow the axes of
//! site.yaml (tests/fixtures/category-axes, a synthetic city).

mod common;

use common::{build, fixture, select, text_of};

fn goal_titles(page: &scraper::Html) -> Vec<String> {
    select(page, ".goal-item > a")
        .iter()
        .map(|a| text_of(a).split_whitespace().skip(1).collect::<String>())
        .collect()
}

const BOTH_PLANS: &str = "地域福祉計画と行政改革の一体的な推進";
const SCHOOLS: &str = "学校施設の長寿命化計画の改定";
const PAPER: &str = "庁内の会議資料のペーパーレス化";

#[test]
fn each_axis_is_a_facet_and_a_goal_is_listed_under_each_of_its_categories() {
    let site = build(&fixture("category-axes"));
    let index = site.html("2024/goals/index.html");
    let links: Vec<(String, String)> = select(&index, ".facets a")
        .iter()
        .map(|a| (text_of(a), a.value().attr("href").unwrap().to_owned()))
        .collect();
    let has = |text: &str, href: &str| {
        assert!(
            links.iter().any(|(t, h)| t == text && h == href),
            "no filter {text} → {href} in {links:?}"
        );
    };
    has("総計（1件）", "../../2024/goals/keikaku-sokei.html");
    has("行革（1件）", "../../2024/goals/keikaku-gyokaku.html");
    has("福祉（1件）", "../../2024/goals/bunya-fukushi.html");
    has("教育（1件）", "../../2024/goals/bunya-kyoiku.html");
    has("環境（0件）", "../../2024/goals/bunya-kankyo.html");
    has("記載なし（2件）", "../../2024/goals/keikaku-none.html");
    let headings: Vec<String> = select(
        &index,
        ".facets h2, .facets h3, .facets legend, .facets summary",
    )
    .iter()
    .map(text_of)
    .collect();
    assert!(
        headings.iter().any(|h| h.contains("計画体系"))
            && headings.iter().any(|h| h.contains("政策分野")),
        "each axis is named as site.yaml names it: {headings:?}"
    );

    // One goal in 総計 and 行革 at once is on both pages, and in 福祉.
    for page in ["keikaku-sokei", "keikaku-gyokaku", "bunya-fukushi"] {
        assert_eq!(
            goal_titles(&site.html(&format!("2024/goals/{page}.html"))),
            [BOTH_PLANS],
            "{page}"
        );
    }
    assert_eq!(
        goal_titles(&site.html("2024/goals/bunya-kyoiku.html")),
        [SCHOOLS]
    );
    assert_eq!(
        goal_titles(&site.html("2024/goals/keikaku-none.html")),
        [SCHOOLS, PAPER]
    );
    assert_eq!(
        goal_titles(&site.html("2024/goals/bunya-none.html")),
        [PAPER]
    );

    let first = select(&index, ".goal-item")[0];
    let facets = first.value().attr("data-facets").unwrap();
    for value in ["keikaku-sokei", "keikaku-gyokaku", "bunya-fukushi"] {
        assert!(facets.split(' ').any(|f| f == value), "{facets}");
    }
    let marks = text_of(&common::select_in(&first, ".goal-marks")[0]);
    assert!(
        marks.contains("計画体系") && marks.contains("総計、行革"),
        "{marks}"
    );
    assert!(
        marks.contains("政策分野") && marks.contains("福祉"),
        "{marks}"
    );
}

#[test]
fn the_section_page_names_each_axis_with_the_goal_s_categories() {
    let site = build(&fixture("category-axes"));
    let page = site.html("2024/kikaku.html");
    let facts: Vec<(String, String)> = select(&page, "article.goal")[0..1]
        .iter()
        .flat_map(|goal| common::select_in(goal, ".goal-facts div"))
        .map(|row| {
            let part = |css| {
                common::select_in(&row, css)
                    .first()
                    .map(text_of)
                    .unwrap_or_default()
            };
            (part("dt"), part("dd"))
        })
        .collect();
    assert!(
        facts.contains(&("計画体系".to_owned(), "総計、行革".to_owned())),
        "{facts:?}"
    );
    assert!(
        facts.contains(&("政策分野".to_owned(), "福祉".to_owned())),
        "{facts:?}"
    );
    let third = &select(&page, "article.goal")[2];
    let dts: Vec<String> = common::select_in(third, ".goal-facts dt")
        .iter()
        .map(text_of)
        .collect();
    assert!(
        !dts.iter().any(|dt| dt == "政策分野"),
        "a goal without a category shows no axis: {dts:?}"
    );
}

#[test]
fn a_site_without_plan_types_has_no_plan_type_anywhere() {
    let site = build(&fixture("category-axes"));
    for page in [
        "2024/kikaku.html",
        "2024/goals/index.html",
        "2024/goals/bunya-fukushi.html",
    ] {
        assert!(
            !site.text(page).contains("計画類型"),
            "{page} names 計画類型"
        );
    }
    assert!(!site.out.join("2024/goals/plan-none.html").exists());
}

#[test]
fn open_data_gives_each_goal_its_categories_and_the_axes() {
    let site = build(&fixture("category-axes"));
    let csv = site.text("data/goals.csv");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = header
        .iter()
        .position(|h| *h == "categories")
        .expect("a categories column");
    let first: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(first[column], "keikaku:sokei keikaku:gyokaku bunya:fukushi");

    let json: serde_json::Value = serde_json::from_str(&site.text("data/goals.json")).unwrap();
    assert_eq!(json["category_axes"][1]["label"], "政策分野");
    let goal = &json["years"][0]["sections"][0]["goals"][0];
    assert_eq!(
        goal["categories"],
        serde_json::json!(["sokei", "gyokaku", "fukushi"])
    );

    let data_page = site.text("data/index.html");
    assert!(
        data_page.contains("categories"),
        "the data page explains the column"
    );
}
