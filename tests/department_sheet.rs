//! A synthetic city whose sheet differs from the example's: a department
//! overview above its sections, goal numbers running across sections, a
//! two-step scale and no section missions.

mod common;

use common::{Built, build, fixture, select, text_of};

fn built() -> Built {
    build(&fixture("department-sheet"))
}

#[test]
fn the_department_is_shown_once_on_the_years_home() {
    let site = built();
    for home in ["index.html", "2019/index.html"] {
        let page = site.html(home);
        let blocks = select(&page, "section.department");
        assert_eq!(blocks.len(), 1, "{home}");
        let text = text_of(&blocks[0]);
        for expected in [
            "部長 森 みどり",
            "市の目標",
            "水と緑に親しみ、誰もが安心して暮らせるまち",
            "部の目標",
            "ごみを減らし、公園と水辺を守り育て",
            "部の3課が、それぞれの取組項目を通し番号で示しています。",
        ] {
            assert!(text.contains(expected), "{home} lacks {expected}: {text}");
        }
        let figures: Vec<String> = select(&page, ".department-figures > div")
            .iter()
            .map(text_of)
            .collect();
        assert_eq!(
            figures,
            [
                "人員86人（4月1日現在）",
                "予算規模2,345,678千円（当初予算）"
            ]
        );
    }
    for section in [
        "2019/kankyo-seisaku.html",
        "2019/gomi-genryo.html",
        "2019/koen-ryokuchi.html",
    ] {
        let text = site.text(section);
        assert!(!text.contains("department-heading"), "{section}");
        assert!(!text.contains("水と緑に親しみ"), "{section}");
    }
}

#[test]
fn the_department_is_in_the_open_data() {
    let site = built();
    let csv = site.text("data/departments.csv");
    assert_eq!(
        csv,
        "\u{feff}fiscal_year,department,item,value,unit,note\r\n\
         2019,生活環境部,人員,86,人,4月1日現在\r\n\
         2019,生活環境部,予算規模,2345678,千円,当初予算\r\n"
    );
    let json: serde_json::Value = serde_json::from_str(&site.text("data/goals.json")).unwrap();
    let department = &json["years"][0]["department"];
    assert_eq!(department["head"]["title"], "部長");
    assert_eq!(department["head"]["name"], "森 みどり");
    assert_eq!(department["overview"][1]["label"], "予算規模");
    assert_eq!(department["overview"][1]["value"], 2345678);
    assert_eq!(department["overview"][1]["unit"], "千円");
    assert!(
        site.text("data/index.html")
            .contains("data/departments.csv"),
        "the data page links the file"
    );
}

#[test]
fn a_section_without_a_mission_has_no_mission_heading() {
    let site = built();
    let page = site.html("2019/gomi-genryo.html");
    assert!(select(&page, "#mission-heading").is_empty());
    assert!(!site.text("2019/gomi-genryo.html").contains("課の使命"));
}

#[test]
fn goals_show_their_number_as_written_and_never_as_a_rank() {
    let site = built();
    let page = site.html("2019/gomi-genryo.html");
    let headings: Vec<String> = select(&page, "article.goal h2 .goal-rank")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(headings, ["No. 5", "No. 6", "No. 7", "No. 8"]);
    // The lists on the home page and the goal index say the same numbers.
    let listed: Vec<String> = select(&site.html("index.html"), ".goal-item .goal-rank")
        .iter()
        .map(text_of)
        .collect();
    let expected: Vec<String> = (1..=11).map(|n| format!("No. {n}")).collect();
    assert_eq!(listed, expected);
    let index: Vec<String> = select(&site.html("2019/goals/index.html"), ".goal-item .goal-rank")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(index, expected);
    let goals_csv = site.text("data/goals.csv");
    assert!(goals_csv.contains(",gomi-genryo,ごみ減量課,1,家庭ごみの減量,gyokaku,,,B,1,No. 5\r\n"));
}

#[test]
fn the_grade_distribution_counts_the_sites_own_scale() {
    let site = built();
    let rows: Vec<String> = select(&site.html("index.html"), "#distribution-caption ~ tbody tr")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(rows, ["A 達成7", "B 未達成4"]);
}

/// Words of the example's sheet that this city does not use: it has no mid-year
/// check, no progress marks, no section missions and numbers its goals itself.
#[test]
fn nothing_of_the_example_citys_wording_leaks_in() {
    let site = built();
    // The open data guide names every column of the files, which are the same for
    // every city so that their data can be put together.
    for page in site
        .html_files()
        .into_iter()
        .filter(|page| page != "data/index.html")
    {
        let text = site.text(&page);
        for word in common::EXAMPLE_WORDING {
            assert!(!text.contains(word), "{page} says {word}");
        }
    }
}
