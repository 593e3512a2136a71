//! Figures derived from the model: what the numbers say, before any page or
//! data file shows them. Validation and rendering both read them here, so a
//! check and a page can never disagree about whether a target was met.

use super::model::{Direction, Goal, Indicator, Measure};
use crate::config::{ScaleEntry, SiteConfig};

/// Actual against the target in force, in percent, honouring the direction;
/// `None` unless both are numbers and the division means something.
pub fn achievement_rate(indicator: &Indicator) -> Option<f64> {
    rate(
        indicator.direction(),
        indicator.target.as_ref()?,
        indicator.actual.as_ref()?,
    )
}

/// `actual` against a `target` of the same year, in percent, honouring the direction.
pub fn rate(direction: Direction, target: &Measure, actual: &Measure) -> Option<f64> {
    let target = target.as_number()?;
    let actual = actual.as_number()?;
    let rate = match direction {
        Direction::Higher if target != 0.0 => actual / target,
        Direction::Lower if actual != 0.0 => target / actual,
        _ => return None,
    };
    Some(rate * 100.0)
}

/// Whether an achievement rate reaches its target. A rate computed as 99.99999…
/// from figures that are equal must count as met.
pub fn meets_target(rate: f64) -> bool {
    rate >= 100.0 - 1e-9
}

/// How many goals got each grade of the scale, and how many got none.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeCounts<'a> {
    /// Every grade of the scale, best first, with its count (zero included).
    pub by_grade: Vec<(&'a ScaleEntry, usize)>,
    /// Goals without a grade.
    pub ungraded: usize,
    pub total: usize,
}

/// Counts the grades of `goals` on the site's scale.
pub fn grade_counts<'a, 'g>(
    config: &'a SiteConfig,
    goals: impl IntoIterator<Item = &'g Goal>,
) -> GradeCounts<'a> {
    let mut by_grade: Vec<(&ScaleEntry, usize)> = config.grades.iter().map(|g| (g, 0)).collect();
    let mut total = 0;
    let mut graded = 0;
    for goal in goals {
        total += 1;
        let Some(grade) = &goal.grade else { continue };
        // A code outside the scale fails validation; it counts as given, not as ungraded.
        graded += 1;
        if let Some((_, count)) = by_grade.iter_mut().find(|(g, _)| g.code == grade.value) {
            *count += 1;
        }
    }
    GradeCounts {
        by_grade,
        ungraded: total - graded,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{Measure, Number};

    fn indicator(direction: Direction, target: f64, actual: f64) -> Indicator {
        let yaml = format!(
            "name: x\ndirection: {}\ntarget: {target}\nactual: {actual}\n",
            match direction {
                Direction::Higher => "higher",
                Direction::Lower => "lower",
            }
        );
        serde_saphyr::from_str(&yaml).unwrap()
    }

    #[test]
    fn achievement_honours_the_direction() {
        assert_eq!(
            achievement_rate(&indicator(Direction::Higher, 50.0, 40.0)),
            Some(80.0)
        );
        assert_eq!(
            achievement_rate(&indicator(Direction::Lower, 40.0, 50.0)),
            Some(80.0)
        );
        assert_eq!(
            achievement_rate(&indicator(Direction::Higher, 0.0, 5.0)),
            None
        );
        let mut text = indicator(Direction::Higher, 1.0, 1.0);
        text.actual = Some(Measure::Text("実施".into()));
        assert_eq!(achievement_rate(&text), None);
        text.actual = Some(Measure::Number(Number::from(1.0)));
        assert!(meets_target(achievement_rate(&text).unwrap()));
    }

    #[test]
    fn a_rate_equal_in_its_figures_meets_the_target() {
        assert!(meets_target(100.0 - 1e-12));
        assert!(!meets_target(99.9));
    }
}
