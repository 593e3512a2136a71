//! Small fixture sites: several fiscal years, theme overrides, `hyoka init`.

mod common;

use common::{build, copy_tree, fixture, select, select_in, text_of};

#[test]
fn each_year_has_its_pages_and_the_latest_is_home() {
    let site = build(&fixture("two-years"));
    assert!(text_of(&select(&site.html("index.html"), "h1")[0]).contains("2023年度（令和5年度）"));
    assert!(
        text_of(&select(&site.html("2022/index.html"), "h1")[0]).contains("2022年度（令和4年度）")
    );
    let years: Vec<String> = select(&site.html("index.html"), ".years a")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(years, ["2023年度（令和5年度）", "2022年度（令和4年度）"]);
}

#[test]
fn a_section_page_links_to_the_same_section_in_other_years() {
    let site = build(&fixture("two-years"));
    let page = site.html("2023/madoguchi.html");
    let links: Vec<(String, String)> = select(&page, ".other-years a")
        .iter()
        .map(|a| (text_of(a), a.value().attr("href").unwrap().to_owned()))
        .collect();
    assert_eq!(
        links,
        [(
            "2022年度（令和4年度）".to_owned(),
            "../2022/madoguchi.html".to_owned()
        )]
    );
    // A section that exists in one year only links nowhere.
    assert!(select(&site.html("2023/soudan.html"), ".other-years").is_empty());
}

#[test]
fn achievement_honours_lower_is_better() {
    let site = build(&fixture("two-years"));
    let page = site.html("2023/madoguchi.html");
    let cells: Vec<String> = select(&page, "table.indicators td")
        .iter()
        .map(text_of)
        .collect();
    // target 15 minutes, actual 12: 15 / 12 = 125%.
    assert!(cells.iter().any(|c| c.contains("125.0%")), "{cells:?}");
}

#[test]
fn a_theme_overrides_templates_and_words_by_name() {
    let site = build(&fixture("theme-override"));
    let page = site.html("2023/soudan.html");
    assert_eq!(
        text_of(&select(&page, "h1.custom-section")[0]),
        "カスタム：相談課"
    );
    assert_eq!(
        text_of(&select(&page, "p.custom-goal")[0]),
        "相談窓口の周知"
    );
    // Templates the theme does not override still come from the default theme.
    let home = site.html("index.html");
    assert!(!select(&home, "#distribution-heading").is_empty());
    let nav: Vec<String> = select(&home, ".site-nav a").iter().map(text_of).collect();
    assert_eq!(nav[0], "トップ", "locale override");
}

#[test]
fn a_themed_goal_item_is_what_every_goal_list_shows_with_links_from_its_page() {
    let site = build(&fixture("theme-override"));
    // Links from 2023/goals/ climb to the root first; the section facet links to anchors.
    let filter_pages: Vec<String> = select(&site.html("2023/goals/index.html"), ".facet-links a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .filter(|href| !href.contains('#'))
        .map(|href| href.trim_start_matches("../../").to_owned())
        .collect();
    assert!(!filter_pages.is_empty());
    let mut filtered_items = 0;
    for page in ["index.html", "2023/index.html", "2023/goals/index.html"]
        .into_iter()
        .chain(filter_pages.iter().map(String::as_str))
    {
        let html = site.html(page);
        let items = select(&html, "ul.goal-list > li");
        if page.contains("goals/") && page != "2023/goals/index.html" {
            filtered_items += items.len();
        } else {
            assert!(!items.is_empty(), "{page} lists goals");
        }
        for item in &items {
            assert_eq!(item.value().attr("class"), Some("custom-item"), "{page}");
            let href = select_in(item, "a")[0].value().attr("href").unwrap();
            let target = href.split('#').next().unwrap();
            let from = std::path::Path::new(page).parent().unwrap();
            assert!(
                site.out.join(from).join(target).is_file(),
                "{page}: {href} leads nowhere"
            );
        }
    }
    assert!(filtered_items > 0, "some filter page lists goals");
}

#[test]
fn a_themed_goal_item_that_fails_to_render_fails_the_build_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("theme-override"), &root);
    std::fs::write(
        root.join("themes/custom/templates/goal_item.html"),
        "<li>{{ goal.title | round }}</li>\n",
    )
    .unwrap();
    let result = hyoka::build(&hyoka::BuildOptions {
        root: root.clone(),
        output: dir.path().join("public"),
        base_url: None,
        ..Default::default()
    });
    match result {
        Err(hyoka::Error::Template(message)) => {
            assert!(message.starts_with("goal_item.html"), "{message}");
            assert!(message.contains("round"), "{message}");
        }
        Err(other) => panic!("not a template error: {other}"),
        Ok(_) => panic!("the build succeeded"),
    }
    assert!(!dir.path().join("public").exists(), "nothing published");
}

#[test]
fn init_writes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("new-site");
    hyoka::init(&root).unwrap();
    let site = build(&root);
    assert!(!select(&site.html("2023/sample.html"), "article.goal").is_empty());
    assert!(!select(&site.html("kpi/satisfaction.html"), "svg[role=img]").is_empty());
    assert!(
        hyoka::init(&root).is_err(),
        "init refuses a folder that is not empty"
    );
}

#[test]
fn english_edition_uses_the_english_locale() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("en");
    hyoka::init(&root).unwrap();
    let config = std::fs::read_to_string(root.join("site.yaml"))
        .unwrap()
        .replace("language: ja", "language: en");
    std::fs::write(root.join("site.yaml"), config).unwrap();
    let site = build(&root);
    let page = site.html("2023/sample.html");
    assert_eq!(select(&page, "html")[0].value().attr("lang"), Some("en"));
    assert!(text_of(&select(&page, "h1")[0]).contains("FY2023 (Reiwa 5)"));
}

#[test]
fn open_data_is_excel_friendly_csv_with_bare_numbers() {
    let site = build(&fixture("two-years"));
    let bytes = std::fs::read(site.out.join("data/indicators.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'),
        "CRLF only"
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "one record per indicator");
    let waiting_2023 = rows
        .iter()
        .find(|r| &r[0] == "2023" && &r[1] == "madoguchi")
        .unwrap();
    assert_eq!(&waiting_2023[column("unit")], "分");
    assert_eq!(&waiting_2023[column("target_value")], "15");
    assert_eq!(&waiting_2023[column("actual_value")], "12");
    assert_eq!(&waiting_2023[column("direction")], "lower");
    let qualitative = rows.iter().find(|r| &r[1] == "soudan").unwrap();
    assert_eq!(
        &qualitative[column("target_value")],
        "",
        "text is not a number"
    );
    assert_eq!(&qualitative[column("target_text")], "実施");
    assert_eq!(
        &qualitative[column("midyear_value")],
        "",
        "not stated stays blank, not 0"
    );

    let json: serde_json::Value = serde_json::from_str(&site.text("data/goals.json")).unwrap();
    assert_eq!(json["years"][0]["fiscal_year"], 2022);
    assert_eq!(json["years"][1]["sections"][0]["goals"][0]["grade"], "B");
    let section = site.html("2023/madoguchi.html");
    let links: Vec<&str> = select(&section, ".open-data a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(links.contains(&"../data/indicators.csv"), "{links:?}");
}
