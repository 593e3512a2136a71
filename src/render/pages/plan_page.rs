//! The plans goals implement: a page per plan with its nodes at every level
//! (方針 › 分野 › プログラム › 実施項目 …), each under its own level's name and
//! with the goals that implement it.

use std::collections::BTreeMap;

use tera::Value;

use super::{Link, Page, PageBuilder, goal_anchor, section_path};
use crate::content::model::{Plan, PlanNode, PlanRef};
use crate::markdown::to_html;
use crate::render::view::view;

pub fn plan_path(id: &str) -> String {
    format!("plans/{id}.html")
}

/// Where a node of a plan is on the plan's page: a top-level node is its heading
/// `group-…`, a deeper one its section `item-…`.
fn plan_node_anchor(depth: usize, id: &str) -> String {
    if depth == 0 {
        format!("group-{id}")
    } else {
        format!("item-{id}")
    }
}

/// Headings of a node's own blocks are one level under the node's heading, and
/// HTML has six.
fn heading_level(depth: usize) -> usize {
    (depth + 2).min(6)
}

impl PageBuilder<'_> {
    /// The link from a goal to the plan, or the node of it, that it implements.
    pub(super) fn plan_link(&self, reference: &PlanRef) -> Option<Link> {
        let plan = self.site.plans.get(&reference.plan)?;
        Some(match &reference.item {
            Some(id) => {
                let (depth, node) = plan.node(id)?;
                Link::new(
                    format!("{} {} {}", plan.title, node.id, node.title),
                    format!(
                        "{}#{}",
                        plan_path(&reference.plan),
                        plan_node_anchor(depth, id)
                    ),
                )
            }
            None => Link::new(plan.title.clone(), plan_path(&reference.plan)),
        })
    }

    pub(super) fn plan_index(&self) -> Page {
        let plans: Vec<Link> = self
            .site
            .plans
            .iter()
            .map(|(id, plan)| Link::new(plan.title.clone(), plan_path(id)))
            .collect();
        Page {
            path: "plans/index.html".into(),
            template: "plan_index.html",
            title: self.t("plans"),
            breadcrumbs: vec![self.home_crumb()],
            context: view!({ "plans": plans }),
            ..Page::default()
        }
    }

    /// Goals that implement a plan, keyed by node id (`None` for the plan as a whole).
    fn implementing_goals(&self, plan_id: &str) -> BTreeMap<Option<String>, Vec<Link>> {
        let mut goals: BTreeMap<Option<String>, Vec<Link>> = BTreeMap::new();
        for (&year, sections) in &self.site.years {
            for section in sections {
                for goal in &section.data.goals {
                    for reference in goal.implements.iter().filter(|r| r.value.plan == plan_id) {
                        goals
                            .entry(reference.value.item.clone())
                            .or_default()
                            .push(Link::new(
                                format!(
                                    "{} {} {}",
                                    self.year_label(year),
                                    section.full_name(self.config()),
                                    goal.title
                                ),
                                format!(
                                    "{}#{}",
                                    section_path(year, &section.id),
                                    goal_anchor(goal.rank.value)
                                ),
                            ));
                    }
                }
            }
        }
        goals
    }

    pub(super) fn plan_page(&self, id: &str, plan: &Plan) -> Page {
        let mut goals = self.implementing_goals(id);
        let levels = plan.level_names();
        let groups: Vec<Value> = plan
            .groups
            .iter()
            .map(|node| node_view(node, 0, &levels, &mut goals))
            .collect();
        Page {
            path: plan_path(id),
            template: "plan.html",
            title: plan.title.clone(),
            breadcrumbs: vec![
                self.home_crumb(),
                Link::new(self.t("plans"), "plans/index.html"),
            ],
            context: view!({
                "title": plan.title.as_str(),
                "description": plan.description.as_deref().map(to_html),
                "source": plan.source.as_str(),
                "notes": plan.notes.clone(),
                "groups": groups,
                "whole_plan_goals": goals.remove(&None).unwrap_or_default(),
            }),
            ..Page::default()
        }
    }
}

/// A node and, nested in it, the nodes under it. A node of the last level lists
/// its goals (or says it has none); a node above lists them only when some
/// goal implements it as a whole.
fn node_view(
    node: &PlanNode,
    depth: usize,
    levels: &[&str],
    goals: &mut BTreeMap<Option<String>, Vec<Link>>,
) -> Value {
    let markdown = |text: &Option<String>| text.as_deref().map(to_html);
    let anchor = plan_node_anchor(depth, &node.id);
    let own_goals = goals.remove(&Some(node.id.clone())).unwrap_or_default();
    let items: Vec<Value> = node
        .items
        .iter()
        .map(|child| node_view(child, depth + 1, levels, goals))
        .collect();
    view!({
        "id": node.id.as_str(),
        "level": levels.get(depth).copied().unwrap_or_default(),
        "top": depth == 0,
        "heading_id": if depth == 0 { anchor.clone() } else { format!("{anchor}-title") },
        "anchor": anchor,
        "heading": heading_level(depth),
        "block_heading": heading_level(depth + 1),
        "title": node.title.as_str(),
        "description": markdown(&node.description),
        "issues": markdown(&node.issues),
        "target_state": node.target_state.as_deref(),
        "indicators": node.indicators.clone(),
        "current_issues": markdown(&node.current_issues),
        "measures": Value::from_serializable(&node.measures),
        "show_goals": items.is_empty() || !own_goals.is_empty(),
        "goals": own_goals,
        "items": items,
    })
}
