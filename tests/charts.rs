//! The SVG charts: accessible names, direct labels, and no panic on awkward series.

mod common;

use std::fs;

use common::{build, select, select_in, text_of};

fn init_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    hyoka::init(dir.path()).unwrap();
    dir
}

#[test]
fn kpi_chart_is_an_image_with_a_name_labels_and_a_table_beside_it() {
    let site = init_site();
    let built = build(site.path());
    let page = built.html("kpi/satisfaction.html");
    let svg = &select(&page, "figure svg")[0];
    assert_eq!(svg.value().attr("role"), Some("img"));
    let labelledby = svg.value().attr("aria-labelledby").unwrap();
    for id in labelledby.split(' ') {
        assert_eq!(select(&page, &format!("svg #{id}")).len(), 1, "{id}");
    }
    let title = text_of(&select(&page, "svg title")[0]);
    assert_eq!(title, "窓口アンケートの満足度");
    let desc = text_of(&select(&page, "svg desc")[0]);
    assert_eq!(desc, text_of(&select(&page, "p.lead")[0]));
    let caption = text_of(&select(&page, "figcaption")[0]);
    assert!(
        !caption.contains(&desc),
        "the summary is shown once, not again under the chart: {caption}"
    );
    let labels: Vec<String> = select(&page, "svg text").iter().map(text_of).collect();
    let labels: Vec<&str> = labels.iter().map(|l| l.trim()).collect();
    for expected in ["76", "82", "目標 80", "2023年度", "実績", "目標"] {
        assert!(labels.contains(&expected), "{expected} not in {labels:?}");
    }
    assert_eq!(select(&page, ".wide-only table").len(), 2);
    let narrow: Vec<String> = select(&page, "svg.chart-narrow text")
        .iter()
        .map(|t| text_of(t).trim().to_owned())
        .collect();
    for expected in ["76", "82", "目標 80", "（%）"] {
        assert!(
            narrow.contains(&expected.to_owned()),
            "{expected} not in {narrow:?}"
        );
    }
    assert_eq!(
        select(&page, "svg.chart-wide polyline[stroke-dasharray]").len(),
        2,
        "the target as one dashed line, and its key"
    );
}

#[test]
fn grade_chart_draws_one_labelled_bar_per_grade() {
    let site = init_site();
    let built = build(site.path());
    let home = built.html("index.html");
    let labels: Vec<String> = select(&home, "svg.chart-wide text")
        .iter()
        .map(text_of)
        .collect();
    let labels: Vec<&str> = labels.iter().map(|l| l.trim()).collect();
    for grade in ["A", "B", "C", "D"] {
        assert!(
            labels.iter().any(|l| l.starts_with(grade)),
            "{grade}: {labels:?}"
        );
    }
    assert_eq!(labels.iter().filter(|l| l.ends_with('件')).count(), 4);
    assert!(labels.contains(&"1件"));
    assert_eq!(
        select(&home, "svg.chart-wide rect").len(),
        2,
        "the background and the one non-empty bar"
    );
}

#[test]
fn awkward_series_still_chart_without_panicking() {
    let cases = [
        "points: []\n",
        "points:\n  - {date: 2024-03, value: 0, source: s}\n",
        "points:\n  - {date: 2001-04-01, value: -5, source: s}\n  - {date: 2030-03, value: 1000000000, source: s}\n",
        "points:\n  - {date: 2023-05, value: 1, source: s}\n  - {date: 2023-06, value: 1, source: s}\n  - {date: 2023-07, value: 1, source: s}\ntargets:\n  - {date: 2023-07, value: 1}\n",
    ];
    for case in cases {
        let site = init_site();
        let kpi = site.path().join("content/kpis/satisfaction.yaml");
        let head: String = fs::read_to_string(&kpi)
            .unwrap()
            .split("points:")
            .next()
            .unwrap()
            .to_owned();
        fs::write(&kpi, head + case).unwrap();
        let built = build(site.path());
        let page = built.html("kpi/satisfaction.html");
        assert_eq!(select(&page, "figure svg[role=img]").len(), 2, "{case}");
    }
}

/// A target holds for the fiscal year it is set for: its dashed line starts at that year's
/// April, not at a point of an earlier year.
#[test]
fn a_target_line_covers_only_its_fiscal_year() {
    let site = init_site();
    let kpi = site.path().join("content/kpis/satisfaction.yaml");
    let head = fs::read_to_string(&kpi).unwrap();
    let head = head.split("points:").next().unwrap();
    fs::write(
        &kpi,
        format!(
            "{head}points:\n  - {{date: 2022-09, value: 70, source: s}}\n  - {{date: 2024-03, value: 82, source: s}}\ntargets:\n  - {{date: 2024-03, value: 80}}\n"
        ),
    )
    .unwrap();
    let built = build(site.path());
    let page = built.html("kpi/satisfaction.html");
    for layout in ["wide", "narrow"] {
        let svg = &select(&page, &format!("svg.chart-{layout}"))[0];
        let first_point: f64 = select_in(svg, "circle")[0]
            .value()
            .attr("cx")
            .unwrap()
            .parse()
            .unwrap();
        // The first dashed line is the target's; the second is its key.
        let target_line = select_in(svg, "polyline[stroke-dasharray]")[0]
            .value()
            .attr("points")
            .unwrap()
            .to_owned();
        let starts: f64 = target_line
            .split([',', ' '])
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            starts > first_point + 20.0,
            "{layout}: target from x={starts}, FY2022 point at x={first_point}"
        );
    }
}
