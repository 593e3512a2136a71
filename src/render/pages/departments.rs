//! The pages of a site of several departments: each department's home for a
//! year, and the city-wide summary of grades by department.

use tera::Value;

use super::{Link, Page, PageBuilder, PageKey, department_home_path};
use crate::content::figures::grade_counts;
use crate::content::load::Section;
use crate::error::Result;
use crate::render::view::view;

impl PageBuilder<'_> {
    pub(super) fn several_departments(&self) -> bool {
        !self.config().departments.is_empty()
    }

    /// The departments with sections in `year`, in the city's order, with their sections.
    fn year_departments(&self, year: u16) -> Vec<(&str, &str, Vec<&Section>)> {
        let sections = &self.site.years[&year];
        self.config()
            .departments
            .iter()
            .map(|d| {
                let own: Vec<&Section> = sections
                    .iter()
                    .filter(|s| s.department.as_deref() == Some(d.id.as_str()))
                    .collect();
                (d.id.as_str(), d.name.as_str(), own)
            })
            .filter(|(_, _, own)| !own.is_empty())
            .collect()
    }

    pub(super) fn department_keys(&self, year: u16) -> Vec<PageKey> {
        self.year_departments(year)
            .into_iter()
            .map(|(id, _, _)| PageKey::DepartmentHome {
                year,
                department: id.to_owned(),
            })
            .collect()
    }

    /// The crumb of a section's department, on a site of several.
    pub(super) fn department_crumb(&self, year: u16, department: Option<&str>) -> Option<Link> {
        let id = department?;
        Some(Link::new(
            self.config().department_name(Some(id)),
            department_home_path(year, id),
        ))
    }

    /// Grades by department for the city's home: a table row and a chart each,
    /// and how many charts that is.
    pub(super) fn department_summary(&self, year: u16) -> (Value, usize) {
        let config = self.config();
        let departments = self.year_departments(year);
        let mut ungraded = false;
        let rows: Vec<Value> = departments
            .iter()
            .map(|(id, name, sections)| {
                let counts = grade_counts(config, sections.iter().flat_map(|s| &s.data.goals));
                ungraded |= counts.ungraded > 0;
                let scope = format!("{} {name}", self.year_label(year));
                let chart_id = format!("grade-chart-{id}");
                view!({
                    "name": *name,
                    "url": department_home_path(year, id),
                    "counts": counts.by_grade.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
                    "ungraded": counts.ungraded,
                    "total": counts.total,
                    "distribution": self.grade_distribution(&scope, &chart_id, &counts),
                })
            })
            .collect();
        let city = grade_counts(
            config,
            self.site.years[&year].iter().flat_map(|s| &s.data.goals),
        );
        let view = view!({
            "title": format!("{} {}", self.year_label(year), self.t("department_summary")),
            "grades": config.grades.iter().map(|g| format!("{} {}", g.code, g.label)).collect::<Vec<_>>(),
            "has_ungraded": ungraded,
            "rows": rows,
            "city": view!({
                "counts": city.by_grade.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
                "ungraded": city.ungraded,
                "total": city.total,
            }),
        });
        (view, departments.len())
    }

    /// The department's home in each year it has sections, latest first.
    fn department_year_links(&self, id: &str) -> Vec<Link> {
        self.site
            .years
            .iter()
            .rev()
            .filter(|(_, sections)| sections.iter().any(|s| s.department.as_deref() == Some(id)))
            .map(|(&year, _)| Link::new(self.year_label(year), department_home_path(year, id)))
            .collect()
    }

    /// A department's home for the year: its statement, its grades and its goals.
    pub(super) fn department_home(&self, year: u16, id: &str) -> Result<Page> {
        let path = department_home_path(year, id);
        let name = self.config().department_name(Some(id));
        let sections: Vec<&Section> = self.site.years[&year]
            .iter()
            .filter(|s| s.department.as_deref() == Some(id))
            .collect();
        let counts = grade_counts(self.config(), sections.iter().flat_map(|s| &s.data.goals));
        let scope = format!("{} {name}", self.year_label(year));
        let (_, groups) = self.goal_groups(year, &path, None, Some(id), true)?;
        Ok(Page {
            path: path.clone(),
            template: "home.html",
            title: format!("{name} {}", self.year_label(year)),
            breadcrumbs: vec![self.home_crumb(), self.year_crumb(year)],
            context: view!({
                "year": year,
                "year_label": self.year_label(year),
                "heading": name,
                "years": self.department_year_links(id),
                "summary": self.t_fill("section_count", &[
                    ("sections", &sections.len().to_string()),
                    ("goals", &counts.total.to_string()),
                ]),
                "publisher": format!("{} {name}", self.config().city),
                "goal_index": super::goal_index_path(year),
                "goal_index_link": self.goal_index_link(),
                "distribution": self.grade_distribution(&scope, "grade-chart", &counts),
                "department": self.department_view(year, Some(id)),
                "sections": groups,
            }),
            charts: 1,
        })
    }
}
