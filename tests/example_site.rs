//! The bundled example — Machida City's real FY2023 Citizens Department report —
//! built into a temp folder under a sub-path base URL, checked page by page.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use common::{Built, build, repo_root, select, select_in, squash, text_of};

fn site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build(&repo_root()))
}

fn loaded() -> hyoka::content::Site {
    hyoka::content::load(&repo_root())
        .expect("example site loads")
        .0
}

/// Goal titles per section, read straight from the seed spreadsheet so the
/// test does not trust the YAML it checks.
fn seed_goals() -> Vec<(String, Vec<String>)> {
    let tsv =
        std::fs::read_to_string(common::fixture("seeds/machida-shimin-2023-goals.tsv")).unwrap();
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in tsv.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.first() == Some(&"部課名") {
            sections.push((cells[2].to_owned(), Vec::new()));
        } else if cells.first().is_some_and(|c| c.parse::<u32>().is_ok()) {
            sections.last_mut().unwrap().1.push(cells[2].to_owned());
        }
    }
    sections
}

#[test]
fn every_section_and_goal_of_the_seed_is_on_its_page() {
    let seed = seed_goals();
    assert_eq!(seed.len(), 11);
    assert_eq!(seed.iter().map(|(_, g)| g.len()).sum::<usize>(), 51);
    let site = loaded();
    let sections = &site.years[&2023];
    assert_eq!(sections.len(), seed.len());
    for ((seed_name, seed_titles), section) in seed.iter().zip(sections) {
        let page = site_page(&format!("2023/{}.html", section.id));
        let h1 = squash(&text_of(&select(&page, "h1")[0]));
        // The seed names sections with the department prefix and stray spaces.
        let seed_name = squash(seed_name)
            .replace("市民部", "")
            .replace("小山市市民", "小山市民");
        assert!(
            h1.starts_with(&seed_name),
            "h1 {h1} should name {seed_name}"
        );
        // Each heading ends with the goal's progress mark and grade, written out.
        let titles: Vec<String> = select(&page, "article.goal h2")
            .iter()
            .map(|h| {
                let whole = squash(&text_of(h));
                let marks = squash(&text_of(&select_in(h, ".goal-marks")[0]));
                assert!(
                    marks.contains("評価"),
                    "{whole}: the grade is in the heading"
                );
                whole.strip_suffix(&marks).unwrap().to_owned()
            })
            .collect();
        assert_eq!(titles.len(), seed_titles.len(), "{seed_name}: goal count");
        assert_eq!(
            select(&page, ".toc-goals .goal-marks").len(),
            titles.len(),
            "{seed_name}: the list of goals shows each one's marks"
        );
        for (title, seed_title) in titles.iter().zip(seed_titles) {
            assert!(
                title.ends_with(&squash(seed_title)),
                "{seed_name}: {title} vs seed {seed_title}"
            );
        }
    }
}

fn site_page(path: &str) -> scraper::Html {
    site().html(path)
}

#[test]
fn my_number_card_indicator_shows_target_revision_and_actual() {
    let page = site_page("2023/mynumber.html");
    let goal = select(&page, "article.goal")
        .into_iter()
        .find(|g| text_of(g).contains("マイナンバーカードの取得促進"))
        .expect("My Number Card goal");
    let rows = select_in(&goal, "table.indicators tbody tr");
    let card = rows
        .iter()
        .find(|r| text_of(r).contains("保有枚数率"))
        .expect("holding-rate row");
    let cells: Vec<String> = select_in(card, "td").iter().map(text_of).collect();
    assert!(cells[0].contains("79.2%"), "revised target: {cells:?}");
    assert!(cells[0].contains("82.0%"), "original target: {cells:?}");
    assert!(cells[1].contains("73.0%"), "mid-year: {cells:?}");
    assert!(cells[2].contains("74.2%"), "actual: {cells:?}");
    assert!(
        cells[3].contains("93.7%"),
        "achievement 74.2 / 79.2: {cells:?}"
    );
}

/// A phone shows each indicator as a block of labelled values instead of the table's
/// columns: every block says what its table row says, value for value.
#[test]
fn every_indicator_row_has_a_block_with_the_same_values() {
    let built = site();
    let mut blocks = 0;
    for path in built
        .html_files()
        .iter()
        .filter(|p| p.starts_with("2023/") && !p.contains("/goals/") && !p.ends_with("index.html"))
    {
        let page = built.html(path);
        for goal in select(&page, "article.goal") {
            let rows = select_in(&goal, "table.indicators tbody tr");
            let cards = select_in(&goal, ".record-blocks > li");
            assert_eq!(rows.len(), cards.len(), "{path}");
            assert!(!rows.is_empty(), "{path}");
            for (row, card) in rows.iter().zip(&cards) {
                let name = squash(&text_of(&select_in(row, "th")[0]));
                assert_eq!(squash(&text_of(&select_in(card, ".record-name")[0])), name);
                let cells: Vec<String> = select_in(row, "td")
                    .iter()
                    .map(|c| squash(&text_of(c)))
                    .collect();
                let values: Vec<String> = select_in(card, "dd")
                    .iter()
                    .map(|c| squash(&text_of(c)))
                    .collect();
                assert_eq!(values, cells, "{path}: {name}");
                let labels: Vec<String> = select_in(card, "dt").iter().map(text_of).collect();
                assert_eq!(labels, ["目標値", "中間時点", "実績値", "達成率"], "{path}");
                blocks += 1;
            }
        }
    }
    assert!(blocks > 40, "{blocks} indicator blocks");
}

#[test]
fn home_grade_distribution_matches_the_content() {
    let site = loaded();
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for goal in site.years[&2023].iter().flat_map(|s| &s.data.goals) {
        let grade = goal
            .grade
            .as_ref()
            .map(|g| g.value.clone())
            .unwrap_or_default();
        *expected.entry(grade).or_default() += 1;
    }
    for home in ["index.html", "2023/index.html"] {
        let page = site_page(home);
        let mut shown: BTreeMap<String, usize> = BTreeMap::new();
        for row in select(&page, "#distribution-heading ~ table tbody tr") {
            let label = text_of(&select_in(&row, "th")[0]);
            let count: usize = text_of(&select_in(&row, "td")[0]).trim().parse().unwrap();
            let code = site
                .config
                .grades
                .iter()
                .find(|g| label.starts_with(&g.code))
                .map(|g| g.code.clone())
                .unwrap_or_default();
            if count > 0 {
                shown.insert(code, count);
            }
        }
        assert_eq!(shown, expected, "{home}");
        let desc = text_of(&select(&page, "svg desc")[0]);
        assert!(
            desc.contains(&format!("{}件", expected.values().sum::<usize>())),
            "{desc}"
        );
    }
}

#[test]
fn every_internal_link_resolves_to_a_generated_file() {
    let built = site();
    let mut checked = 0;
    // The 404 page is served at any depth, so its links start from base_url
    // (tests/publishing.rs checks them).
    for page_path in built.html_files().into_iter().filter(|p| p != "404.html") {
        let page = built.html(&page_path);
        let dir = std::path::Path::new(&page_path)
            .parent()
            .unwrap()
            .to_path_buf();
        let ids: BTreeSet<String> = select(&page, "[id]")
            .iter()
            .filter_map(|e| e.value().attr("id").map(str::to_owned))
            .collect();
        for element in select(&page, "a[href], link[href], img[src], script[src]") {
            let attr = element
                .value()
                .attr("href")
                .or(element.value().attr("src"))
                .unwrap();
            if attr.starts_with("http://") || attr.starts_with("https://") {
                let is_head = matches!(element.value().name(), "link")
                    && element.value().attr("rel") == Some("canonical");
                assert!(
                    is_head || !attr.starts_with(common::SUB_PATH_BASE),
                    "{page_path}: internal link {attr} must be relative"
                );
                continue;
            }
            assert!(
                !attr.starts_with('/'),
                "{page_path}: root-relative link {attr} breaks under a sub-path"
            );
            let (file, fragment) = attr.split_once('#').unwrap_or((attr, ""));
            let target = if file.is_empty() {
                std::path::PathBuf::from(&page_path)
            } else {
                normalize(&dir.join(file))
            };
            let target_text = target.to_string_lossy().replace('\\', "/");
            assert!(
                built.out.join(&target).is_file(),
                "{page_path}: {attr} → {target_text} does not exist"
            );
            if !fragment.is_empty() {
                let target_ids = if file.is_empty() {
                    ids.clone()
                } else {
                    select(&built.html(&target_text), "[id]")
                        .iter()
                        .filter_map(|e| e.value().attr("id").map(str::to_owned))
                        .collect()
                };
                assert!(
                    target_ids.contains(fragment),
                    "{page_path}: {attr} → no #{fragment}"
                );
            }
            checked += 1;
        }
    }
    // The example site has about 490 internal links; far fewer means pages went missing.
    assert!(checked > 450, "only {checked} links checked");
}

fn normalize(path: &std::path::Path) -> std::path::PathBuf {
    let mut parts: Vec<std::ffi::OsString> = Vec::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                assert!(
                    parts.pop().is_some(),
                    "link climbs above the site root: {}",
                    path.display()
                );
            }
            std::path::Component::Normal(part) => parts.push(part.to_owned()),
            _ => {}
        }
    }
    parts.iter().collect()
}

#[test]
fn absolute_urls_come_from_base_url() {
    let page = site_page("2023/mynumber.html");
    let canonical = select(&page, "link[rel=canonical]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert_eq!(
        canonical,
        format!("{}2023/mynumber.html", common::SUB_PATH_BASE)
    );
    let og = select(&page, "meta[property='og:url']")[0]
        .value()
        .attr("content")
        .unwrap();
    assert_eq!(og, canonical);
    let sitemap = site().text("sitemap.xml");
    assert!(sitemap.contains(&format!("<loc>{}</loc>", common::SUB_PATH_BASE)));
    assert!(sitemap.contains(&canonical));
}

#[test]
fn both_kpi_charts_show_every_data_point() {
    let site = loaded();
    assert!(
        site.kpis.contains_key("my-number-card")
            && site.kpis.contains_key("convenience-store-share")
    );
    for (id, series) in &site.kpis {
        let page = site_page(&format!("kpi/{id}.html"));
        let svgs = select(&page, "figure.chart svg[role=img]");
        assert_eq!(svgs.len(), 2, "{id}: one chart, drawn wide and narrow");
        let table = squash(&text_of(&select(&page, "table.data-table")[0]));
        for svg in &svgs {
            let svg_text = text_of(svg);
            for point in &series.points {
                let shown = hyoka::render::format::format_kpi_value(series, point.value);
                assert!(svg_text.contains(&shown), "{id}: chart lacks {shown}");
                assert!(table.contains(&shown), "{id}: table lacks {shown}");
            }
            let svg_html = svg.html();
            assert!(
                svg_html.contains("<title") && svg_html.contains("<desc"),
                "{id}: chart needs a title and a description"
            );
        }
    }
}

#[test]
fn goals_implementing_plan_items_are_listed_under_them() {
    let page = site_page("plans/management-reform.html");
    let item = select(&page, "#item-1-2")[0];
    assert!(text_of(&item).contains("マイナンバーカードの取得促進"));
    let vision = site_page("plans/civic-center-vision.html");
    assert!(text_of(&select(&vision, "main")[0]).contains("市民センター等の未来ビジョンの推進"));
}

#[test]
fn fiscal_years_are_shown_with_wareki() {
    let page = site_page("index.html");
    assert!(text_of(&select(&page, "h1")[0]).contains("2023年度（令和5年度）"));
}

#[test]
fn build_output_is_deterministic() {
    let again = build(&repo_root());
    for path in site().html_files() {
        assert_eq!(
            site().text(&path),
            again.text(&path),
            "{path} differs between builds"
        );
    }
}

/// The report writes 45% beside 45.92% and 64.0% beside 67%: each number is shown with
/// the digits its source gave, never padded to its neighbours' precision nor stripped.
#[test]
fn numbers_keep_the_digits_the_report_wrote() {
    let values = |path: &str, rank: u32| -> Vec<String> {
        let page = site_page(path);
        let goal = select(&page, &format!("#goal-{rank}"))[0];
        select_in(&goal, "table.indicators td:not(.num) > .value")
            .iter()
            .map(text_of)
            .collect()
    };
    assert_eq!(values("2023/naruse.html", 4), ["67%", "64.0%", "65.0%"]);
    assert_eq!(
        values("2023/oyama.html", 1),
        ["90.0%", "100%", "2回", "2回"]
    );
    assert_eq!(values("2023/mynumber.html", 2)[0], "45%");
    let kpi = squash(&text_of(
        &select(&site_page("kpi/my-number-card.html"), "table.data-table")[0],
    ));
    assert!(kpi.contains("73.0") && kpi.contains("31.09"), "{kpi}");
}

/// Screen readers must hear the grade letter (評価 C); a progress symbol (△) is hidden
/// from them because its word (遅れ…) follows it.
#[test]
fn grade_letters_are_spoken_and_progress_symbols_are_not() {
    let page = site_page("2023/mynumber.html");
    let codes = select(&page, ".mark-code");
    assert!(!codes.is_empty());
    for code in codes {
        let text = text_of(&code);
        let hidden = code.value().attr("aria-hidden") == Some("true");
        let letter = text.chars().all(|c| c.is_ascii_alphabetic());
        assert_eq!(hidden, !letter, "{text}");
    }
}
