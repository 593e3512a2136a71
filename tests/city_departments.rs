//! A synthetic city that publishes three departments' sheets in one site over
//! two fiscal years (city-departments): the city's summary of grades by
//! department, each department's home, sections whose ids are unique across
//! the city, a section that moves to another department between the years and
//! keeps its goal's page, and open data that names each goal's department.

mod common;

use std::fs;

use common::{Built, build, copy_tree, fixture, select, text_of};

fn city() -> Built {
    build(&fixture("city-departments"))
}

fn texts(page: &scraper::Html, css: &str) -> Vec<String> {
    select(page, css).iter().map(text_of).collect()
}

fn hrefs(page: &scraper::Html, css: &str) -> Vec<String> {
    select(page, css)
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect()
}

#[test]
fn the_city_home_sums_up_grades_by_department_and_for_the_city() {
    let site = city();
    for home in ["index.html", "2024/index.html"] {
        let page = site.html(home);
        assert_eq!(
            texts(&page, "#departments-caption ~ thead th"),
            [
                "部",
                "S 大きく上回った",
                "A 達成",
                "B 未達成",
                "記載なし",
                "計"
            ],
            "{home}"
        );
        assert_eq!(
            texts(&page, "#departments-caption ~ tbody tr"),
            [
                "環境部11103",
                "子ども部01113",
                "都市づくり部01001",
                "市全体13217"
            ],
            "{home}"
        );
        assert_eq!(
            texts(&page, "#distribution-caption ~ tbody tr"),
            ["S 大きく上回った1", "A 達成3", "B 未達成2", "記載なし1"],
            "{home}"
        );
        // The city's chart and one per department.
        assert_eq!(select(&page, "figure.chart").len(), 4, "{home}");
        // A department's statement belongs to its own home, not the city's.
        assert!(select(&page, "section.department").is_empty(), "{home}");
    }
    let prefix = |home: &str| if home == "index.html" { "" } else { "../" }.to_owned();
    for home in ["index.html", "2024/index.html"] {
        let links = hrefs(&site.html(home), "#departments-caption ~ tbody a");
        let p = prefix(home);
        assert_eq!(
            links,
            [
                format!("{p}2024/kankyo/index.html"),
                format!("{p}2024/kodomo/index.html"),
                format!("{p}2024/toshi/index.html"),
            ],
            "{home}"
        );
    }
    // A year sums up only the departments it has; no 記載なし column when every goal is graded.
    let earlier = site.html("2023/index.html");
    assert_eq!(
        texts(&earlier, "#departments-caption ~ tbody tr"),
        ["環境部0112", "子ども部0101", "市全体0213"]
    );
}

#[test]
fn each_department_has_its_home_per_year_with_its_own_sections_and_statement() {
    let site = city();
    let kankyo = site.html("2024/kankyo/index.html");
    assert!(text_of(&select(&kankyo, "h1")[0]).starts_with("環境部"));
    assert!(text_of(&select(&kankyo, ".lead")[0]).starts_with("かわせみ市 環境部・"));
    assert!(text_of(&select(&kankyo, "section.department")[0]).contains("部長 川辺 一郎"));
    assert_eq!(texts(&kankyo, ".glance h3"), ["総務課", "清掃課"]);
    assert_eq!(
        texts(&kankyo, "#distribution-caption ~ tbody tr"),
        ["S 大きく上回った1", "A 達成1", "B 未達成1"]
    );
    // Its other years are its own homes of those years.
    assert_eq!(
        hrefs(&kankyo, "nav.years a"),
        [
            "../../2024/kankyo/index.html",
            "../../2023/kankyo/index.html"
        ]
    );
    let earlier = site.html("2023/kankyo/index.html");
    assert!(text_of(&select(&earlier, "section.department")[0]).contains("部長 森 三郎"));
    assert_eq!(texts(&earlier, ".glance h3"), ["総務課", "公園緑地課"]);
    // A department new in 2024 has a home in 2024 only, and no other years to offer.
    let toshi = site.html("2024/toshi/index.html");
    assert_eq!(texts(&toshi, ".glance h3"), ["公園緑地課"]);
    assert!(select(&toshi, "nav.years").is_empty());
    assert!(!site.out.join("2023/toshi/index.html").exists());
    let department = text_of(&select(&toshi, "section.department")[0]);
    assert!(department.contains("人員"), "{department}");
}

#[test]
fn two_departments_each_with_a_somu_section_have_two_pages_named_by_department() {
    let site = city();
    for (page, department) in [
        ("2024/somu.html", "環境部"),
        ("2024/kodomo-somu.html", "子ども部"),
    ] {
        let html = site.html(page);
        let crumbs = texts(&html, ".breadcrumbs a");
        assert_eq!(
            crumbs.last().map(String::as_str),
            Some(department),
            "{page}: {crumbs:?}"
        );
        let title = text_of(&select(&html, "title")[0]);
        assert!(
            title.starts_with(&format!("{department} 総務課")),
            "{page}: {title}"
        );
    }
    // The city-wide goal index tells the two 総務課 apart.
    let index = site.html("2024/goals/index.html");
    assert_eq!(
        texts(&index, "section.goal-group > h3")
            .into_iter()
            .filter(|h| h.contains("総務課"))
            .collect::<Vec<_>>(),
        ["環境部 総務課", "子ども部 総務課"]
    );
}

#[test]
fn a_goal_that_moves_to_another_department_keeps_its_page_and_links_each_year() {
    let site = city();
    let page = site.html("goals/gairoju.html");
    let rows = texts(&page, "table tbody tr");
    assert!(rows[0].contains("環境部 公園緑地課"), "{rows:?}");
    assert!(rows[1].contains("都市づくり部 公園緑地課"), "{rows:?}");
    let links: Vec<String> = hrefs(&page, "table tbody a")
        .into_iter()
        .filter(|h| h.contains("kouen"))
        .collect();
    assert_eq!(
        links,
        ["../2023/kouen.html#goal-1", "../2024/kouen.html#goal-1"]
    );
    // Each year's page is under the department the section had that year.
    let crumbs = |path: &str| texts(&site.html(path), ".breadcrumbs a");
    assert!(crumbs("2023/kouen.html").contains(&"環境部".to_owned()));
    assert!(crumbs("2024/kouen.html").contains(&"都市づくり部".to_owned()));
    assert!(
        hrefs(&site.html("2024/kouen.html"), ".breadcrumbs a")
            .contains(&"../2024/toshi/index.html".to_owned())
    );
}

#[test]
fn the_open_data_names_each_goals_department() {
    let site = city();
    let goals = site.text("data/goals.csv");
    let header = goals.lines().next().unwrap();
    assert!(
        header.ends_with(",categories,progress,grade,indicator_count,number,department_id"),
        "{header}"
    );
    assert!(
        goals.contains(
            "2024,kodomo-somu,総務課,1,子育て情報の発信,,,bunya:kosodate,,A,1,,kodomo\r\n"
        ),
        "{goals}"
    );
    assert!(
        goals.contains(
            "2023,kouen,公園緑地課,1,街路樹の植え替え,,,bunya:kankyo-hozen,,B,1,,kankyo\r\n"
        ),
        "{goals}"
    );
    assert!(
        goals.contains(
            "2024,kouen,公園緑地課,1,街路樹の植え替え,,,bunya:kankyo-hozen,,A,1,,toshi\r\n"
        ),
        "{goals}"
    );
    let figures = site.text("data/departments.csv");
    assert!(
        figures.contains("2024,子ども部,人員,120,人,\r\n"),
        "{figures}"
    );
    assert!(
        figures.contains("2024,都市づくり部,人員,45,人,\r\n"),
        "{figures}"
    );
    let json: serde_json::Value = serde_json::from_str(&site.text("data/goals.json")).unwrap();
    assert_eq!(json["departments"][2]["name"], "都市づくり部");
    let year = &json["years"][1];
    assert_eq!(year["fiscal_year"], 2024);
    assert_eq!(year["departments"][0]["id"], "kankyo");
    assert_eq!(year["departments"][0]["head"]["name"], "川辺 一郎");
    let departments: Vec<&str> = year["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["department"].as_str().unwrap())
        .collect();
    assert_eq!(departments, ["kankyo", "kankyo", "kodomo", "toshi"]);
    // The data page explains the column the site publishes.
    let data = texts(&site.html("data/index.html"), "td, th").join(" ");
    assert!(data.contains("department_id"), "{data}");
}

#[test]
fn a_one_department_site_publishes_no_department_column() {
    let site = build(&fixture("department-sheet"));
    let goals = site.text("data/goals.csv");
    assert!(
        !goals.lines().next().unwrap().contains("department_id"),
        "{goals}"
    );
    let data = texts(&site.html("data/index.html"), "td, th").join(" ");
    assert!(!data.contains("department_id"), "{data}");
}

fn check_messages(edit: impl FnOnce(&std::path::Path)) -> String {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("city-departments"), dir.path());
    edit(dir.path());
    let Err(hyoka::Error::Content(report)) = hyoka::check(dir.path()) else {
        panic!("the edited site passed the check");
    };
    let messages: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{d} ({})", d.help.as_deref().unwrap_or_default()))
        .collect();
    messages.join("\n")
}

#[test]
fn a_section_outside_the_departments_folders_or_twice_in_a_year_is_reported() {
    let text = check_messages(|root| {
        fs::create_dir_all(root.join("content/2024")).unwrap();
        fs::copy(
            root.join("content/kankyo/2024/seiso.yaml"),
            root.join("content/2024/seiso.yaml"),
        )
        .unwrap();
    });
    assert!(text.contains("content/2024/seiso.yaml"), "{text}");
    assert!(text.contains("departments' folders"), "{text}");
    let text = check_messages(|root| {
        fs::copy(
            root.join("content/kankyo/2024/seiso.yaml"),
            root.join("content/kodomo/2024/seiso.yaml"),
        )
        .unwrap();
    });
    assert!(
        text.contains(
            "the section id `seiso` is also the file name of content/kankyo/2024/seiso.yaml"
        ),
        "{text}"
    );
}

#[test]
fn a_department_folder_site_yaml_does_not_list_or_a_reserved_id_is_reported() {
    let text = check_messages(|root| {
        fs::create_dir_all(root.join("content/suido/2024")).unwrap();
        fs::copy(
            root.join("content/kankyo/2024/seiso.yaml"),
            root.join("content/suido/2024/haisui.yaml"),
        )
        .unwrap();
    });
    assert!(text.contains("content/suido/2024"), "{text}");
    assert!(text.contains("under `departments:` in site.yaml"), "{text}");
    let text = check_messages(|root| {
        let site = fs::read_to_string(root.join("site.yaml")).unwrap();
        fs::write(
            root.join("site.yaml"),
            site.replace("id: toshi", "id: goals"),
        )
        .unwrap();
    });
    assert!(
        text.contains("`goals` cannot be a department's folder name"),
        "{text}"
    );
}
