//! Goals followed across years: the synthetic site tests/fixtures/across-years/
//! carries one section's goals over three fiscal years, its section renamed
//! under a new file name in the third, one goal ended and one continued under
//! a new id.

mod common;

use common::{Built, build, fixture, select, squash, text_of};

fn site() -> Built {
    build(&fixture("across-years"))
}

/// The links of `css` on the page at `path`, resolved against the page's folder.
fn links(site: &Built, path: &str, css: &str) -> Vec<(String, String)> {
    let html = site.html(path);
    let folder = std::path::Path::new(path).parent().unwrap();
    select(&html, &format!("{css} a"))
        .iter()
        .map(|a| {
            let href = a.value().attr("href").unwrap();
            let (file, _) = href.split_once('#').unwrap_or((href, ""));
            let resolved = folder.join(file);
            assert!(
                site.out.join(&resolved).is_file(),
                "{path}: link {href} leads nowhere"
            );
            (squash(&text_of(a)), href.to_owned())
        })
        .collect()
}

#[test]
fn a_goal_page_lists_every_year_with_links_to_each_years_section_page() {
    let site = site();
    let rows = links(&site, "goals/machiai.html", "table.goal-years tbody tr");
    let hrefs: Vec<&str> = rows.iter().map(|(_, href)| href.as_str()).collect();
    assert_eq!(
        hrefs,
        [
            "../2021/madoguchi.html#goal-1",
            "../2022/madoguchi.html#goal-2",
            "../2023/shimin-madoguchi.html#goal-1",
        ],
        "one row per year, each at the goal's rank of that year"
    );
    let html = site.html("goals/machiai.html");
    let grades: Vec<String> = select(&html, "table.goal-years tbody tr td:nth-child(4)")
        .iter()
        .map(|td| squash(&text_of(td)))
        .collect();
    assert_eq!(grades, ["D不十分", "C達成", "A大幅に上回る"]);
    for drawing in ["svg.chart-wide", "svg.chart-narrow"] {
        assert_eq!(
            select(&html, &format!("figure.chart {drawing}")).len(),
            1,
            "the indicator is drawn from the goal's own values, for wide and narrow screens"
        );
    }
}

#[test]
fn each_years_section_page_links_to_the_goal_page() {
    let site = site();
    for (page, goal) in [
        ("2021/madoguchi.html", "goal-1"),
        ("2022/madoguchi.html", "goal-2"),
        ("2023/shimin-madoguchi.html", "goal-1"),
    ] {
        let found = links(&site, page, &format!("#{goal} .goal-history"));
        assert_eq!(
            found.iter().map(|(_, h)| h.as_str()).collect::<Vec<_>>(),
            ["../goals/machiai.html"],
            "{page}"
        );
    }
}

#[test]
fn achievement_on_the_goal_page_is_against_each_years_own_target() {
    let site = site();
    let html = site.html("goals/machiai.html");
    let rates: Vec<String> = select(&html, "table.indicator-years tbody td.num")
        .iter()
        .map(|td| squash(&text_of(td)))
        .collect();
    // Lower is better: target ÷ actual of the same year (20/25, 18/17, 15/12).
    assert_eq!(rates, ["80.0%", "105.9%", "125.0%"]);
}

#[test]
fn a_renamed_section_links_to_its_years_under_the_old_name_and_back() {
    let site = site();
    let renamed = links(&site, "2023/shimin-madoguchi.html", ".other-years");
    assert_eq!(
        renamed,
        [
            (
                "2021年度（令和3年度）（窓口課）".to_owned(),
                "../2021/madoguchi.html".to_owned()
            ),
            (
                "2022年度（令和4年度）（窓口課）".to_owned(),
                "../2022/madoguchi.html".to_owned()
            ),
        ]
    );
    let old = links(&site, "2021/madoguchi.html", ".other-years");
    assert_eq!(
        old.iter().map(|(_, h)| h.as_str()).collect::<Vec<_>>(),
        ["../2022/madoguchi.html", "../2023/shimin-madoguchi.html"]
    );
}

#[test]
fn a_goal_continued_under_a_new_id_links_both_ways() {
    let site = site();
    let forward = links(&site, "goals/kyu-tetsuzuki.html", ".goal-links");
    assert_eq!(forward[0].1, "../goals/denshi.html");
    let back = links(&site, "goals/denshi.html", ".goal-links");
    assert_eq!(back[0].1, "../goals/kyu-tetsuzuki.html");
}

#[test]
fn the_goal_index_lists_goals_new_this_year_and_those_that_ended() {
    let site = site();
    let html = site.html("2023/goals/index.html");
    let changes = select(&html, ".goal-changes ul");
    assert_eq!(
        changes.len(),
        2,
        "a list of new goals and one of ended goals"
    );
    let listed = |list: &scraper::ElementRef| -> Vec<String> {
        common::select_in(list, "a")
            .iter()
            .map(|a| a.value().attr("href").unwrap().to_owned())
            .collect()
    };
    // denshi continues kyu-tetsuzuki: neither is new nor ended.
    assert_eq!(listed(&changes[0]), ["../../goals/atarashii.html"]);
    assert_eq!(listed(&changes[1]), ["../../goals/shuryo.html"]);
    links(&site, "2023/goals/index.html", ".goal-changes");
    let first_year = site.html("2021/goals/index.html");
    assert!(
        select(&first_year, ".goal-changes").is_empty(),
        "the first year has nothing to compare with"
    );
}

/// The synthetic program tests/fixtures/five-year-program/: an indicator with a
/// baseline (2012), an interim target (2016) and a final one (2018), reported
/// each year from 2014 to 2018, with 2015 stated as not stated.
mod five_year_program {
    use super::common::{build, fixture, select, squash, text_of};

    fn rows(site: &super::common::Built, path: &str, table: &str) -> Vec<Vec<String>> {
        let html = site.html(path);
        select(&html, &format!("{table} tbody tr"))
            .iter()
            .map(|tr| {
                super::common::select_in(tr, "th, td")
                    .iter()
                    .map(|cell| squash(&text_of(cell)))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn achievement_only_in_years_with_their_own_target() {
        let site = build(&fixture("five-year-program"));
        let rows = rows(&site, "goals/denshi-shinsei.html", "table.indicator-years");
        let rates: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r[0].as_str(), r[3].as_str()))
            .collect();
        assert_eq!(
            rates,
            [
                ("2012年度（平成24年度）（基準値）", "―"),
                ("2014年度（平成26年度）", "―"),
                ("2015年度（平成27年度）", "―"),
                ("2016年度（平成28年度）（中間目標）", "110.0%"),
                ("2017年度（平成29年度）", "―"),
                ("2018年度（平成30年度）（最終目標）", "96.9%"),
            ],
            "a rate against the same year's target only, never against the final one"
        );
        assert_eq!(rows[2][2], "記載なし（−）", "2015 is stated as not stated");
        assert_eq!(rows[1][1], "―", "2014 has no target of its own");
    }

    #[test]
    fn a_year_without_its_own_target_says_how_far_it_has_come() {
        let site = build(&fixture("five-year-program"));
        let html = site.html("2014/gyokaku.html");
        let sentence: Vec<String> = select(&html, ".progress-toward")
            .iter()
            .map(|p| squash(&text_of(p)))
            .collect();
        assert_eq!(
            sentence,
            [
                "基準値40.0%（2012年度（平成24年度））→2014年度（平成26年度）45.0%、目標50.0%（2016年度（平成28年度））。基準値から目標までの50.0%まで進んでいます。2014年度（平成26年度）の目標値はないため、達成率は計算していません。"
            ]
        );
        let achievement: Vec<String> = select(&html, "table.indicators tbody td.num")
            .iter()
            .map(|td| squash(&text_of(td)))
            .collect();
        assert_eq!(
            achievement,
            ["―"],
            "no rate against the 2016 or 2018 target"
        );
        let own_year = site.html("2016/gyokaku.html");
        let achievement: Vec<String> = select(&own_year, "table.indicators tbody td.num")
            .iter()
            .map(|td| squash(&text_of(td)))
            .collect();
        assert_eq!(achievement, ["110.0%"], "2016's target comes from targets:");
        assert!(select(&own_year, ".progress-toward").is_empty());
    }
}
