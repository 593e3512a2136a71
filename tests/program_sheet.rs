//! A multi-year program's sheet (tests/fixtures/program-sheet/): its own headings,
//! 平成 years, no mid-year check, no progress marks, a plan three levels deep. Its pages read as that city's
//! report, with none of the example city's wording.

mod common;

use common::{build, fixture, select, select_in, squash, text_of};

/// Headings of the example city's sheet that this city renames or does not have,
/// besides `common::EXAMPLE_WORDING`: none of it may appear on its pages.
const RENAMED_OR_ABSENT: [&str; 4] = [
    "具体的な活動内容",
    "1年間の総括",
    "計画類型",
    "評価と進捗の見方",
];

#[test]
fn nothing_of_another_city_s_wording_leaks_into_any_page() {
    let site = build(&fixture("program-sheet"));
    // The open data has the same columns for every city, so that cities' files can be
    // put together; its guide names each of them, whether this city fills it or not.
    let pages = site.html_files();
    assert!(pages.len() > 10, "{pages:?}");
    for path in pages.into_iter().filter(|path| path != "data/index.html") {
        let text = site.text(&path);
        for word in common::EXAMPLE_WORDING.iter().chain(&RENAMED_OR_ABSENT) {
            assert!(!text.contains(word), "{path} shows {word}");
        }
    }
}

#[test]
fn goal_fields_carry_the_headings_site_yaml_gives_them() {
    let site = build(&fixture("program-sheet"));
    let page = site.html("2019/toshokan.html");
    let headings: Vec<String> = select(&page, "article.goal h3")
        .iter()
        .map(text_of)
        .collect();
    for heading in ["目標", "成果又は課題", "今後の方向性"] {
        assert!(
            headings.iter().any(|h| h == heading),
            "{heading} in {headings:?}"
        );
    }
    assert_eq!(text_of(&select(&page, "#mission-heading")[0]), "事業の目的");
    // The rank is called what the sheet calls it, not 順位.
    assert_eq!(
        text_of(&select(&page, "article.goal h2 .goal-rank")[0]),
        "No.1"
    );
    let facts: Vec<String> = select(&page, ".goal-facts dt")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(
        facts,
        ["実施する計画", "達成状況", "実施する計画", "達成状況"],
        "the plan and the grade, once per goal: no progress, no plan type"
    );
}

#[test]
fn blocks_the_city_does_not_use_are_not_there() {
    let site = build(&fixture("program-sheet"));
    let page = site.html("2019/toshokan.html");
    let columns: Vec<String> = select(&page, "table.indicators thead th")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(
        columns,
        ["指標", "目標値", "実績値", "達成率"],
        "no mid-year column"
    );
    // The goal measured by no indicator has no indicator table and no heading for one.
    let second = select(&page, "#goal-2");
    assert!(select_in(&second[0], "table").is_empty());
    assert!(!text_of(&second[0]).contains("指標と実績"));
    // An indicator without a written direction shows its unit alone.
    let name = text_of(&select(&page, "table.indicators tbody th")[0]);
    assert_eq!(squash(&name), "巡回ステーション数（か所）");
    // Nothing to narrow goals by that the city does not have.
    let index = site.html("2019/goals/index.html");
    let main = squash(&text_of(&select(&index, "main")[0]));
    assert!(!main.contains("進捗"), "{main}");
    assert!(!site.out.join("2019/goals/progress-none.html").exists());
    assert!(!site.out.join("2019/goals/plan-none.html").exists());
    let home = site.html("index.html");
    assert!(text_of(&select(&home, "main")[0]).contains("取組項目を課・評価で絞り込む"));
    let scale = site.html("scale.html");
    assert_eq!(text_of(&select(&scale, "h1")[0]), "評価の見方");
    assert_eq!(select(&scale, "table").len(), 1, "grades only");
}

#[test]
fn heisei_and_reiwa_years_are_the_western_years_of_their_folders() {
    let site = build(&fixture("program-sheet"));
    // 平成28年度 in content/2016/, 平成31年度 and R1 in content/2019/: all accepted, and
    // pages show both forms.
    let page = site.html("2016/toshokan.html");
    assert!(text_of(&select(&page, "h1")[0]).contains("2016年度（平成28年度）"));
    let page = site.html("2019/kouen.html");
    assert!(text_of(&select(&page, "h1")[0]).contains("2019年度（令和元年度）"));
    let page = site.html("2019/toshokan.html");
    let other_years = text_of(&select(&page, ".other-years")[0]);
    assert!(
        other_years.contains("2016年度（平成28年度）"),
        "{other_years}"
    );
}

/// The fixture as an English edition, with `next_steps`'s heading left in Japanese only.
fn english_edition() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("en");
    common::copy_tree(&fixture("program-sheet"), &root);
    let config = std::fs::read_to_string(root.join("site.yaml"))
        .unwrap()
        .replace("language: ja", "language: en")
        .replace(
            "next_steps: {ja: 今後の方向性, en: Next}",
            "next_steps: 今後の方向性",
        );
    std::fs::write(root.join("site.yaml"), config).unwrap();
    (dir, root)
}

#[test]
fn an_english_edition_uses_the_english_labels_and_marks_japanese_as_japanese() {
    let (_dir, root) = english_edition();
    let site = build(&root);
    let page = site.html("2019/toshokan.html");
    let site_name = text_of(&select(&page, ".site-name")[0]);
    assert_eq!(squash(&site_name), "KakunoCityActionProgramReview");
    let headings: Vec<String> = select(&page, "article.goal h3")
        .iter()
        .map(text_of)
        .collect();
    assert!(headings.contains(&"Goal".to_owned()), "{headings:?}");
    assert!(
        headings.contains(&"Results or issues".to_owned()),
        "{headings:?}"
    );
    let grade = text_of(&select(&page, ".goal-facts .mark-label")[0]);
    assert_eq!(grade, "Partly delayed");
    // The content is Japanese: screen readers must read it so.
    let title = select(&page, "article.goal h2 span[lang=ja]");
    assert_eq!(text_of(&title[0]), "移動図書館の巡回拡大");
    for prose in select(&page, "article.goal .prose") {
        assert_eq!(
            prose.value().attr("lang"),
            Some("ja"),
            "{}",
            text_of(&prose)
        );
    }
    // The heading given only in Japanese falls back to it, visibly marked.
    let fallback = select(&page, "article.goal h3[lang=ja]");
    assert_eq!(text_of(&fallback[0]), "今後の方向性");
    assert!(
        select(&page, "h3[lang=ja]")
            .iter()
            .all(|h| text_of(h) == "今後の方向性")
    );
}

#[test]
fn a_label_missing_in_the_site_s_language_is_warned_of_by_name() {
    let (_dir, root) = english_edition();
    let report = hyoka::check(&root).unwrap();
    let missing: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == hyoka::diagnostic::Code::MissingTranslation)
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].field.as_deref(), Some("labels.next_steps"));
    assert_eq!(missing[0].line, 21);
    assert!(
        missing[0].message.contains("no `en` text"),
        "{}",
        missing[0].message
    );
}

#[test]
fn a_three_level_plan_shows_each_level_under_its_own_name() {
    let site = build(&fixture("program-sheet"));
    let page = site.html("plans/jisshi-keikaku.html");
    let heading = |css: &str| -> Vec<String> {
        select(&page, css)
            .iter()
            .map(|h| squash(&text_of(h)))
            .collect()
    };
    assert_eq!(
        heading("main > section > h2"),
        ["方針1学びと交流のまち", "方針2安心して暮らせるまち"]
    );
    assert_eq!(
        heading("main > section > section > h3"),
        ["分野1-1生涯学習", "分野2-1公園と緑"]
    );
    assert_eq!(
        heading("main > section > section > section > h4"),
        [
            "プログラム1-1-1図書館サービスの充実",
            "プログラム1-1-2読書活動の推進",
            "プログラム2-1-1公園の再整備"
        ]
    );
    // A プログラム's own blocks are headed one level under it.
    let program = select(&page, "#item-1-1-1")[0];
    let blocks: Vec<String> = select_in(&program, "h5").iter().map(text_of).collect();
    assert_eq!(blocks, ["目指す姿", "指標", "この項目を実施する取組項目"]);
}

#[test]
fn goals_link_to_a_node_of_any_level_and_are_listed_under_it() {
    let site = build(&fixture("program-sheet"));
    let page = site.html("plans/jisshi-keikaku.html");
    let goals_of = |css: &str| -> Vec<String> {
        let node = select(&page, css)[0];
        // Only the node's own list, not those of the nodes under it.
        select_in(&node, ":scope > ul > li > a")
            .iter()
            .map(text_of)
            .collect()
    };
    assert_eq!(
        goals_of("#item-1-1-1"),
        [
            "2016年度（平成28年度） 図書館課 移動図書館の巡回拡大",
            "2019年度（令和元年度） 図書館課 移動図書館の巡回拡大"
        ]
    );
    assert_eq!(
        goals_of("#item-1-1"),
        ["2019年度（令和元年度） 図書館課 読書活動推進計画の改定"]
    );
    let top = select(&page, "#group-2")[0].parent().unwrap();
    let top = scraper::ElementRef::wrap(top).unwrap();
    let listed: Vec<String> = select_in(&top, ":scope > ul > li > a")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(
        listed,
        ["2019年度（令和元年度） 公園緑地課 公園トイレのバリアフリー化"]
    );
    // A node of the last level without goals says so; a node above without goals says nothing.
    assert!(
        text_of(&select(&page, "#item-1-1-2")[0])
            .contains("この項目を実施する取組項目はありません")
    );
    let first = scraper::ElementRef::wrap(select(&page, "#group-1")[0].parent().unwrap()).unwrap();
    assert!(
        select_in(&first, ":scope > h3").is_empty(),
        "no goals block on 方針 1"
    );
    // Each goal links to its node, whatever the level, and the anchor is on the plan's page.
    for (section, anchor) in [
        ("2019/toshokan.html", "item-1-1-1"),
        ("2019/toshokan.html", "item-1-1"),
        ("2019/kouen.html", "group-2"),
    ] {
        let section_page = site.html(section);
        let links: Vec<String> = select(&section_page, ".goal-facts a")
            .iter()
            .filter_map(|a| a.value().attr("href").map(str::to_owned))
            .collect();
        let link = format!("plans/jisshi-keikaku.html#{anchor}");
        assert!(
            links.iter().any(|l| l.ends_with(&link)),
            "{section}: {links:?}"
        );
        assert_eq!(select(&page, &format!("#{anchor}")).len(), 1, "{anchor}");
    }
}

/// The fixture with its plan's file rewritten by `edit`.
fn with_plan(edit: impl Fn(String) -> String) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_tree(&fixture("program-sheet"), &root);
    let plan = root.join("content/plans/jisshi-keikaku.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, edit(text)).unwrap();
    (dir, root)
}

const FOURTH_LEVEL: &str = "            title: 図書館サービスの充実\n            items:\n              - id: 1-1-1-1\n                title: 移動図書館車の更新\n";

#[test]
fn a_fourth_level_is_shown_when_the_plan_names_it() {
    let (_dir, root) = with_plan(|text| {
        text.replace(
            "[方針, 分野, プログラム]",
            "[方針, 分野, プログラム, 実施項目]",
        )
        .replace("            title: 図書館サービスの充実\n", FOURTH_LEVEL)
    });
    let site = build(&root);
    let page = site.html("plans/jisshi-keikaku.html");
    let heading = select(&page, "#item-1-1-1 > section > h5");
    assert_eq!(
        squash(&text_of(&heading[0])),
        "実施項目1-1-1-1移動図書館車の更新"
    );
    assert_eq!(select(&page, "#item-1-1-1-1").len(), 1);
}

#[test]
fn a_plan_deeper_than_its_levels_or_naming_them_twice_is_an_error() {
    let codes = |root: &std::path::Path| -> Vec<(hyoka::diagnostic::Code, Option<String>)> {
        hyoka::check(root)
            .map(|report| report.diagnostics)
            .unwrap_or_else(|error| match error {
                hyoka::Error::Content(report) => report.diagnostics,
                other => panic!("{other}"),
            })
            .into_iter()
            .filter(|d| d.file.ends_with("jisshi-keikaku.yaml"))
            .map(|d| (d.code, d.field))
            .collect()
    };
    let (_dir, root) =
        with_plan(|text| text.replace("            title: 図書館サービスの充実\n", FOURTH_LEVEL));
    assert_eq!(
        codes(&root),
        [(
            hyoka::diagnostic::Code::PlanTooDeep,
            Some("groups[0].items[0].items[0].items[0]".to_owned())
        )]
    );
    let (_dir, root) = with_plan(|text| text.replace("levels:", "group_label: 方針\nlevels:"));
    assert_eq!(
        codes(&root),
        [(
            hyoka::diagnostic::Code::PlanLevels,
            Some("levels".to_owned())
        )]
    );
}
