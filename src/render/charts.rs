//! Charts as static, accessible SVG drawn with plotters.
//!
//! Build machines have no fonts, so plotters runs without its font features: it writes
//! `<text>` elements and the reader's browser draws the glyphs. Plotters then guesses text
//! widths from byte lengths (Japanese about twice too wide), so every label area here is
//! sized by [`text_width`] instead of by plotters' layout. Every value is drawn as a direct
//! label and the target as a dashed line with the word 目標, so nothing depends on colour.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::format::{format_kpi_value, format_number};
use crate::content::model::{KpiSeries, Number};
use crate::fiscal::RefDate;

/// The accessible name and description of a chart; `id` must be unique on its page.
pub struct ChartText<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
}

/// Words drawn inside a KPI chart, from the site's locale.
pub struct ChartLabels<'a> {
    pub language: &'a str,
    pub actual: &'a str,
    pub target: &'a str,
}

/// One bar of a distribution chart: `value_label` is drawn at its end (e.g. 「12件」).
pub struct Bar {
    pub label: String,
    pub count: usize,
    pub value_label: String,
}

const WIDTH: u32 = 720;
const KPI_HEIGHT: u32 = 380;
/// The page's stylesheet sets the Japanese font stack on `.chart-svg text`; this is the
/// fallback for the SVG on its own.
const FONT: &str = "sans-serif";
/// Plotters writes `size / 1.24` into the SVG: this gives a round 14.
const FONT_SIZE: f64 = 17.36;
const TEXT: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
const GRID: RGBColor = RGBColor(0xd8, 0xd8, 0xdb);
const ACTUAL: RGBColor = RGBColor(0x00, 0x11, 0x8f);
const TARGET: RGBColor = RGBColor(0x9c, 0x3d, 0x00);
/// Target lines are drawn solid in this style, which nothing else uses, and
/// dashed by [`dash_target_lines`]: plotters' own dashed series writes every
/// dash as an element of its own, forty to a chart.
const TARGET_LINE: ShapeStyle = ShapeStyle {
    color: RGBAColor(0x9c, 0x3d, 0x00, 1.0),
    filled: false,
    stroke_width: 2,
};

/// A KPI series on a fiscal-year axis: the actual values as a line with a labelled dot at
/// each point, each target as a dashed line with a labelled diamond at its date.
pub fn kpi_chart(series: &KpiSeries, text: &ChartText, labels: &ChartLabels) -> String {
    let points = dated(series.points.iter().map(|p| {
        let measure = p.measure.as_deref().unwrap_or(labels.actual);
        (&p.date.value, p.value, measure)
    }));
    let targets = dated(series.targets.iter().map(|t| (&t.date.value, t.value, ())));
    let mut svg = String::new();
    // Drawing into a String cannot fail for I/O reasons, and the ranges below are never
    // empty; should plotters still refuse, the page keeps its summary and data table.
    if draw_kpi(&mut svg, series, &points, &targets, labels).is_err() {
        svg.clear();
    }
    accessible(&dash_target_lines(&svg), text, KPI_HEIGHT)
}

fn dash_target_lines(svg: &str) -> String {
    let RGBAColor(r, g, b, _) = TARGET_LINE.color;
    let style = format!(
        "stroke=\"#{r:02X}{g:02X}{b:02X}\" stroke-width=\"{}\"",
        TARGET_LINE.stroke_width
    );
    svg.replace(&style, &format!("{style} stroke-dasharray=\"8 6\""))
}

/// Horizontal bars, one per scale entry, each labelled with its name and its count.
pub fn grade_chart(bars: &[Bar], text: &ChartText) -> String {
    let height = 24 + 48 * bars.len().max(1) as u32;
    let mut svg = String::new();
    if draw_bars(&mut svg, bars, height).is_err() {
        svg.clear();
    }
    accessible(&svg, text, height)
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// Values with a valid date, in date order, each with its tag (the measure of a point).
fn dated<'a, T>(
    values: impl Iterator<Item = (&'a String, Number, T)>,
) -> Vec<(RefDate, Number, T)> {
    let mut dated: Vec<(RefDate, Number, T)> = values
        .filter(|(_, number, _)| number.value.is_finite())
        .filter_map(|(date, value, tag)| RefDate::parse(date).map(|d| (d, value, tag)))
        .collect();
    dated.sort_by_key(|(date, _, _)| *date);
    dated
}

fn draw_kpi(
    svg: &mut String,
    series: &KpiSeries,
    points: &[(RefDate, Number, &str)],
    targets: &[(RefDate, Number, ())],
    labels: &ChartLabels,
) -> DrawResult {
    let all = || {
        points
            .iter()
            .map(|(d, n, _)| (d, n))
            .chain(targets.iter().map(|(d, n, _)| (d, n)))
    };
    let first_year = all().map(|(d, _)| d.fiscal_year()).min().unwrap_or(0);
    let last_year = all().map(|(d, _)| d.fiscal_year()).max().unwrap_or(0);
    let x_range = fiscal_year_start(first_year)..fiscal_year_start(last_year + 1);
    let low = all().map(|(_, n)| n.value).fold(0.0, f64::min);
    let high = nice_ceiling(all().map(|(_, n)| n.value).fold(0.0, f64::max));
    let y_decimals = if high - low >= 5.0 { 0 } else { 1 };
    let y_label_width = [low, high]
        .iter()
        .map(|v| text_width(&format_number(*v, y_decimals)))
        .fold(0.0, f64::max);
    let target_label_width = targets
        .iter()
        .map(|(_, v, _)| {
            text_width(&format!(
                "{} {}",
                labels.target,
                format_kpi_value(series, *v)
            ))
        })
        .fold(0.0, f64::max);

    let root = SVGBackend::with_string(svg, (WIDTH, KPI_HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .margin_top(44)
        .margin_left(8)
        .margin_right(target_label_width as u32 + 16)
        .x_label_area_size(40)
        .y_label_area_size(y_label_width as u32 + 16)
        .build_cartesian_2d(x_range.clone(), low..high)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|v| format_number(*v, y_decimals))
        .label_style(font(FONT_SIZE, &TEXT))
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(TEXT.stroke_width(1))
        .draw()?;

    for year in first_year..=last_year + 1 {
        let x = fiscal_year_start(year);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, low), (x, high)],
            GRID.stroke_width(1),
        )))?;
        if year <= last_year {
            let (px, py) = chart.backend_coord(&(x + 6.0, low));
            root.draw(&Text::new(
                fiscal_year_tick(year, labels.language),
                (px, py + 10),
                font(FONT_SIZE, &TEXT).pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
    }

    for (date, target, _) in targets {
        let (x, y) = (date.axis_position(), target.value);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x_range.start, y), (x_range.end, y)],
            TARGET_LINE,
        )))?;
        root.draw(&diamond(chart.backend_coord(&(x, y))))?;
        let (px, py) = chart.backend_coord(&(x_range.end, y));
        root.draw(&Text::new(
            format!("{} {}", labels.target, format_kpi_value(series, *target)),
            (px + 12, py),
            font(FONT_SIZE, &TARGET).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }

    // Points of different measures (a rate of acquisition, then of holding) are not one
    // trend: each measure gets its own line and marker shape, and its name in the key.
    let mut measures: Vec<&str> = Vec::new();
    for (_, _, measure) in points {
        if !measures.contains(measure) {
            measures.push(measure);
        }
    }
    for (shape, measure) in measures.iter().enumerate() {
        let line: Vec<(f64, f64)> = points
            .iter()
            .filter(|(_, _, m)| m == measure)
            .map(|(d, n, _)| (d.axis_position(), n.value))
            .collect();
        chart.draw_series(LineSeries::new(line.clone(), ACTUAL.stroke_width(3)))?;
        for point in &line {
            draw_marker(&root, shape, chart.backend_coord(point))?;
        }
    }
    let target_ys: Vec<i32> = targets
        .iter()
        .map(|(_, n, _)| chart.backend_coord(&(x_range.start, n.value)).1)
        .collect();
    let mut previous_label_x: Option<i32> = None;
    for (date, number, _) in points {
        let (px, py) = chart.backend_coord(&(date.axis_position(), number.value));
        let label = format_kpi_value(series, *number);
        // A value label goes above its point unless it would sit on a target line or on
        // the label of a point a few months earlier; then below.
        let crowded =
            previous_label_x.is_some_and(|prev| px - prev < text_width(&label) as i32 + 8);
        let above = (py - 10 - FONT_SIZE as i32, py - 10);
        let on_target = target_ys
            .iter()
            .any(|ty| (above.0 - 4..=above.1 + 4).contains(ty));
        let (dy, v_pos) = if crowded || on_target {
            (10, VPos::Top)
        } else {
            (-10, VPos::Bottom)
        };
        previous_label_x = (dy < 0).then_some(px);
        root.draw(&Text::new(
            label,
            (px, py + dy),
            font(FONT_SIZE, &ACTUAL).pos(Pos::new(HPos::Center, v_pos)),
        ))?;
    }
    let left = chart.backend_coord(&(x_range.start, high)).0;
    draw_legend(&root, left, &measures, labels)?;
    root.present()?;
    Ok(())
}

/// Marker shapes for the measures of a series, in order: dot, square, triangle.
fn draw_marker<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    shape: usize,
    (x, y): (i32, i32),
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    match shape % 3 {
        0 => root.draw(&Circle::new((x, y), 5, ACTUAL.filled()))?,
        1 => root.draw(&Rectangle::new(
            [(x - 5, y - 5), (x + 5, y + 5)],
            ACTUAL.filled(),
        ))?,
        _ => root.draw(&Polygon::new(
            vec![(x, y - 6), (x + 6, y + 5), (x - 6, y + 5)],
            ACTUAL.filled(),
        ))?,
    }
    Ok(())
}

/// A one-line key above the plot: the line and marker of each measure, then the dashed
/// line and diamond of the target.
fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    left: i32,
    measures: &[&str],
    labels: &ChartLabels,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let y = 14;
    let key_text = |text: &str, x: i32| {
        Text::new(
            text.to_owned(),
            (x, y),
            font(FONT_SIZE, &TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
        )
    };
    let mut x = left;
    for (shape, measure) in measures.iter().enumerate() {
        root.draw(&PathElement::new(
            vec![(x, y), (x + 28, y)],
            ACTUAL.stroke_width(3),
        ))?;
        draw_marker(root, shape, (x + 14, y))?;
        root.draw(&key_text(measure, x + 36))?;
        x += 36 + text_width(measure) as i32 + 24;
    }
    root.draw(&PathElement::new(vec![(x, y), (x + 25, y)], TARGET_LINE))?;
    root.draw(&diamond((x + 14, y)))?;
    root.draw(&key_text(labels.target, x + 36))?;
    Ok(())
}

fn draw_bars(svg: &mut String, bars: &[Bar], height: u32) -> DrawResult {
    let label_width = bars
        .iter()
        .map(|b| text_width(&b.label))
        .fold(0.0, f64::max);
    let value_width = bars
        .iter()
        .map(|b| text_width(&b.value_label))
        .fold(0.0, f64::max);
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1) as f64;
    let rows = bars.len().max(1) as f64;

    let root = SVGBackend::with_string(svg, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let area: DrawingArea<_, Shift> = root.margin(12, 12, 8, value_width as u32 + 16);
    let mut chart = ChartBuilder::on(&area)
        .y_label_area_size(label_width as u32 + 16)
        .build_cartesian_2d(0.0..max, 0.0..rows)?;
    for (i, bar) in bars.iter().enumerate() {
        let top = rows - i as f64 - 0.15;
        let bottom = top - 0.7;
        if bar.count > 0 {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, bottom), (bar.count as f64, top)],
                ACTUAL.filled(),
            )))?;
        }
        let (left, middle) = chart.backend_coord(&(0.0, (top + bottom) / 2.0));
        let (end, _) = chart.backend_coord(&(bar.count as f64, 0.0));
        root.draw(&Text::new(
            bar.label.clone(),
            (left - 10, middle),
            font(FONT_SIZE, &TEXT).pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
        root.draw(&Text::new(
            bar.value_label.clone(),
            (end + 8, middle),
            font(FONT_SIZE, &TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.0, rows)],
        TEXT.stroke_width(1),
    )))?;
    root.present()?;
    Ok(())
}

fn font<'a>(size: f64, color: &'a RGBColor) -> TextStyle<'a> {
    (FONT, size).into_font().color(color)
}

fn diamond((x, y): (i32, i32)) -> Polygon<(i32, i32)> {
    let r = 7;
    Polygon::new(
        vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)],
        TARGET.filled(),
    )
}

/// Months since year 0 at the start of April of `year`, on [`RefDate::axis_position`]'s scale.
fn fiscal_year_start(year: i32) -> f64 {
    f64::from(year) * 12.0 + 3.0
}

fn fiscal_year_tick(year: i32, language: &str) -> String {
    if language == "en" {
        format!("FY{year}")
    } else {
        format!("{year}年度")
    }
}

/// The axis maximum: a round number a little above `value`, so the highest point and its
/// label stay inside the plot.
fn nice_ceiling(value: f64) -> f64 {
    if value <= 0.0 {
        return 1.0;
    }
    let padded = value * 1.12;
    let step = 10f64.powf(padded.log10().floor()) / 2.0;
    (padded / step).ceil() * step
}

/// Drawn width in pixels at [`FONT_SIZE`]: full-width characters take one em, others
/// about 0.6 em.
fn text_width(text: &str) -> f64 {
    let em = FONT_SIZE / 1.24;
    text.chars()
        .map(|c| if c.is_ascii() { 0.6 * em } else { em })
        .sum()
}

/// Makes plotters' `<svg>` scale to its container and gives it an accessible name and
/// description: `role="img"` with `<title>` and `<desc>`, referenced by `aria-labelledby`.
fn accessible(svg: &str, text: &ChartText, height: u32) -> String {
    let body = svg
        .split_once('>')
        .map_or("</svg>\n", |(_, body)| body)
        .trim_start();
    let id = text.id;
    format!(
        "<svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart-svg\" \
         viewBox=\"0 0 {WIDTH} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n{body}",
        xml_escape(text.title),
        xml_escape(text.desc),
    )
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_is_round_and_above_the_value() {
        assert_eq!(nice_ceiling(74.2), 85.0);
        assert_eq!(nice_ceiling(45.92), 55.0);
        assert_eq!(nice_ceiling(3.0), 3.5);
        assert_eq!(nice_ceiling(0.0), 1.0);
    }

    #[test]
    fn japanese_text_is_measured_per_character() {
        assert!(text_width("目標") > text_width("ab") * 1.5);
    }

    #[test]
    fn chart_text_is_escaped() {
        let svg = accessible(
            "<svg a>\n</svg>",
            &ChartText {
                id: "c",
                title: "<script>",
                desc: "a & b",
            },
            10,
        );
        assert!(svg.contains("<title id=\"c-title\">&lt;script&gt;</title>"));
        assert!(svg.contains("a &amp; b"));
    }
}
