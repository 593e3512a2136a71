//! `hyoka-bench gen`: writes a synthetic site of any size for benchmarks.
//!
//! Sections and their goals are sampled from a real site (the bundled example
//! by default), so goals per section, text lengths, indicator counts and grades
//! follow the real distribution; a fixed seed makes the output the same on
//! every run. Goals the checker warns about are left out, so that a large
//! generated site builds without thousands of copies of the same warning.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use hyoka::Report;
use hyoka::content::Section;
use hyoka::content::model::{Goal, KpiPoint, KpiSeries, KpiTarget, Measure, SectionFile};
use serde_saphyr::{Location, Spanned};

#[derive(Parser)]
#[command(name = "hyoka-bench", about = "Synthetic sites for benchmarking hyoka")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a site with N sections, each with goals and one KPI series.
    #[command(after_help = "Example:\n  hyoka-bench gen --sections 1000 --out /tmp/site-1000")]
    Gen {
        #[arg(long)]
        sections: usize,
        /// Fiscal years the sections are spread over, ending with FY2023: a
        /// department's reports over a decade, as a published archive grows.
        #[arg(long, default_value_t = 10)]
        years: usize,
        #[arg(long)]
        out: PathBuf,
        /// The real site whose goals are sampled.
        #[arg(long, default_value = ".")]
        sample: PathBuf,
        #[arg(long, default_value_t = 2023)]
        seed: u64,
    },
    /// Write a Hugo site with the same pages and the same text as a hyoka site, for comparison.
    #[command(
        after_help = "Example:\n  hyoka-bench hugo --from /tmp/site-1000 --out /tmp/hugo-1000 && hugo -s /tmp/hugo-1000"
    )]
    Hugo {
        #[arg(long)]
        from: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Gen {
            sections,
            years,
            out,
            sample,
            seed,
        } => generate(sections, years, &out, &sample, seed).map(|goals| {
            println!(
                "wrote {sections} sections, {goals} goals and {sections} KPI series to {}",
                out.display()
            );
        }),
        Command::Hugo { from, out } => hugo_site(&from, &out).map(|pages| {
            println!(
                "wrote a Hugo site of {pages} content pages to {}",
                out.display()
            );
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

/// xorshift64*: tiny, deterministic, and good enough to shuffle samples.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn generate(
    count: usize,
    years: usize,
    out: &Path,
    sample: &Path,
    seed: u64,
) -> Result<usize, Box<dyn std::error::Error>> {
    let (site, report) = hyoka::content::load(sample)?;
    let sections: Vec<&Section> = site.years.values().flatten().collect();
    let goals = clean_goals(&sections, &report);
    if goals.is_empty() {
        return Err("the sample site has no goals without warnings".into());
    }
    if out.exists() {
        fs::remove_dir_all(out)?;
    }
    let kpi_dir = out.join("content/kpis");
    fs::create_dir_all(&kpi_dir)?;
    let config = fs::read_to_string(sample.join("site.yaml"))?;
    fs::write(out.join("site.yaml"), config)?;

    let years = years.clamp(1, count.max(1));
    let per_year = count.div_ceil(years);
    let first_year = 2024 - years as u16;
    let mut rng = Rng(seed.max(1));
    // A real section's name, mission and number of goals per section id, kept
    // from year to year as a real section's are.
    let templates: Vec<&SectionFile> = (0..per_year)
        .map(|_| &sections[rng.below(sections.len())].data)
        .collect();
    let mut goal_total = 0;
    for n in 0..count {
        let year = first_year + (n / per_year) as u16;
        let id = n % per_year;
        let section_dir = out.join(format!("content/{year}"));
        if id == 0 {
            fs::create_dir_all(&section_dir)?;
        }
        let template = templates[id];
        let mut section = template.clone();
        section.order = id as u32 + 1;
        section.name = format!("{}{}", template.name, id + 1);
        section.fiscal_year = Spanned::new(
            hyoka::fiscal::FiscalYear(year),
            section.fiscal_year.referenced,
            section.fiscal_year.defined,
        );
        // Each year's goals drawn one by one from all real goals, so that
        // sections mix their text.
        section.goals = (1..=template.goals.len())
            .map(|rank| {
                let mut goal = goals[rng.below(goals.len())].clone();
                goal.rank = Spanned::new(rank as u32, Location::UNKNOWN, Location::UNKNOWN);
                goal
            })
            .collect();
        let kpi_id = format!("kpi-{:05}", n + 1);
        for goal in &mut section.goals {
            goal.implements.clear();
            for indicator in &mut goal.indicators {
                indicator.kpi = None;
            }
        }
        if let Some(indicator) = section
            .goals
            .first_mut()
            .and_then(|g| g.indicators.first_mut())
        {
            indicator.kpi = Some(Spanned::new(
                kpi_id.clone(),
                Location::UNKNOWN,
                Location::UNKNOWN,
            ));
        }
        goal_total += section.goals.len();
        fs::write(
            section_dir.join(format!("section-{:05}.yaml", id + 1)),
            serde_saphyr::to_string(&section)?,
        )?;
        fs::write(
            kpi_dir.join(format!("{kpi_id}.yaml")),
            serde_saphyr::to_string(&series(&mut rng, &section.name))?,
        )?;
    }
    Ok(goal_total)
}

/// The goals of the sample that `hyoka check` has nothing to say about: a
/// generated site repeats each goal many times, and so would its warnings.
fn clean_goals<'a>(sections: &[&'a Section], report: &Report) -> Vec<&'a Goal> {
    let warned: BTreeSet<(&str, usize)> = report
        .diagnostics
        .iter()
        .filter_map(|d| {
            let field = d.field.as_deref()?.strip_prefix("goals[")?;
            let index = field.split_once(']')?.0.parse().ok()?;
            Some((d.file.as_str(), index))
        })
        .collect();
    sections
        .iter()
        .flat_map(|section| {
            section
                .data
                .goals
                .iter()
                .enumerate()
                .filter(|(g, _)| !warned.contains(&(section.file.as_str(), *g)))
                .map(|(_, goal)| goal)
        })
        .collect()
}

/// A rising rate over six half-years with a target, like the My Number Card series.
fn series(rng: &mut Rng, section: &str) -> KpiSeries {
    let mut value = 20.0 + rng.below(300) as f64 / 10.0;
    let dates = [
        "2021-03", "2021-09", "2022-03", "2022-09", "2023-03", "2023-09", "2024-03",
    ];
    let points = dates
        .iter()
        .map(|date| {
            value += rng.below(80) as f64 / 10.0;
            KpiPoint {
                date: Spanned::new((*date).to_owned(), Location::UNKNOWN, Location::UNKNOWN),
                value: ((value * 10.0).round() / 10.0).into(),
                source: format!("{section} 業務統計"),
                measure: None,
                note: None,
            }
        })
        .collect();
    KpiSeries {
        title: format!("{section} 利用率"),
        unit: "%".into(),
        direction: Default::default(),
        definition: "利用件数 ÷ 対象件数（各時点）。".into(),
        decimals: Some(1),
        period: None,
        points,
        targets: vec![KpiTarget {
            date: Spanned::new("2024-03".into(), Location::UNKNOWN, Location::UNKNOWN),
            value: (((value + 5.0) * 10.0).round() / 10.0).into(),
            note: None,
        }],
    }
}

/// One Markdown page per section (all goal text, indicators as a table), per
/// KPI series (its data as a table) and, for each year, a list of all goals and
/// one per grade, progress mark and plan type, under a base template with
/// navigation: the same pages and text volume hyoka renders, without hyoka's
/// charts and open data.
fn hugo_site(from: &Path, out: &Path) -> Result<usize, Box<dyn std::error::Error>> {
    let (site, _) = hyoka::content::load(from)?;
    if out.exists() {
        fs::remove_dir_all(out)?;
    }
    let layouts = out.join("layouts/_default");
    fs::create_dir_all(&layouts)?;
    let config = format!(
        "baseURL = '{}'\nlanguageCode = 'ja'\ntitle = '{}'\ndisableKinds = ['taxonomy', 'term', 'RSS']\n",
        site.config.base_url, site.config.title
    );
    fs::write(out.join("hugo.toml"), config)?;
    fs::write(layouts.join("baseof.html"), HUGO_BASE)?;
    fs::write(
        layouts.join("single.html"),
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}"#,
    )?;
    fs::write(
        layouts.join("list.html"),
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}"#,
    )?;
    let mut pages = 0;
    for (year, sections) in &site.years {
        let dir = out.join(format!("content/{year}"));
        fs::create_dir_all(&dir)?;
        for section in sections {
            fs::write(
                dir.join(format!("{}.md", section.id)),
                section_markdown(&section.data),
            )?;
            pages += 1;
        }
        pages += goal_lists(&site, *year, sections, &dir.join("goals"))?;
    }
    let dir = out.join("content/kpi");
    fs::create_dir_all(&dir)?;
    for (id, series) in &site.kpis {
        let mut md = format!(
            "---\ntitle: \"{}\"\n---\n\n{}\n\n| 時点 | 値 | 出典 |\n| --- | --- | --- |\n",
            series.title, series.definition
        );
        for point in &series.points {
            md.push_str(&format!(
                "| {} | {} | {} |\n",
                point.date.value, point.value, point.source
            ));
        }
        fs::write(dir.join(format!("{id}.md")), md)?;
        pages += 1;
    }
    Ok(pages)
}

/// A year's goal index as Hugo pages: every goal, then the goals of each grade,
/// progress mark and plan type, each a list item with its link and marks.
fn goal_lists(
    site: &hyoka::content::Site,
    year: u16,
    sections: &[Section],
    dir: &Path,
) -> Result<usize, Box<dyn std::error::Error>> {
    use hyoka::render::pages::Facet;
    let mut lists: BTreeMap<String, String> = BTreeMap::new();
    for section in sections {
        for goal in &section.data.goals {
            let marks = [
                goal.progress.as_ref().map(|p| format!("進捗 {}", p.value)),
                goal.grade.as_ref().map(|g| format!("評価 {}", g.value)),
                goal.plan_type.as_ref().map(|p| format!("計画 {}", p.value)),
            ];
            let item = format!(
                "- [順位{} {}](/{year}/{}/#goal-{}) {}\n",
                goal.rank.value,
                goal.title,
                section.id,
                goal.rank.value,
                marks.into_iter().flatten().collect::<Vec<_>>().join(" ")
            );
            let facets = [Facet::Grade, Facet::Progress, Facet::PlanType]
                .into_iter()
                .flat_map(|facet| facet.values(&site.config, &section.id, goal));
            for list in std::iter::once("index".to_owned()).chain(facets) {
                lists.entry(list).or_default().push_str(&item);
            }
        }
    }
    fs::create_dir_all(dir)?;
    for (name, items) in &lists {
        let file = if name == "index" {
            "_index.md"
        } else {
            &format!("{name}.md")
        };
        fs::write(
            dir.join(file),
            format!("---\ntitle: \"取組項目 {name}\"\n---\n\n{items}"),
        )?;
    }
    Ok(lists.len())
}

const HUGO_BASE: &str = r#"<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><header><nav><a href="{{ "/" | relURL }}">ホーム</a></nav></header><main>{{ block "main" . }}{{ end }}</main><footer>{{ .Site.Title }}</footer></body></html>"#;

fn section_markdown(section: &SectionFile) -> String {
    let show = |measure: &Option<Measure>| match measure {
        Some(Measure::Number(n)) => n.to_string(),
        Some(Measure::Text(text)) => text.clone(),
        None => String::new(),
    };
    let mut md = format!(
        "---\ntitle: \"{}\"\n---\n\n## 課の使命\n\n{}\n",
        section.name,
        section.mission.as_deref().unwrap_or_default()
    );
    for goal in &section.goals {
        md.push_str(&format!(
            "\n## {} {}\n\n{}\n\n| 指標 | 目標値 | 実績値 |\n| --- | --- | --- |\n",
            goal.rank.value, goal.title, goal.activities
        ));
        for indicator in &goal.indicators {
            md.push_str(&format!(
                "| {} | {} | {} |\n",
                indicator.name,
                show(&indicator.target),
                show(&indicator.actual)
            ));
        }
        for text in [
            &goal.first_half,
            &goal.second_half_plan,
            &goal.summary,
            &goal.next_steps,
        ]
        .into_iter()
        .flatten()
        {
            md.push_str(&format!("\n{text}\n"));
        }
    }
    md
}
