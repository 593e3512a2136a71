//! Charts as static, accessible SVG drawn with plotters.
//!
//! Build machines have no fonts, so plotters runs without its font features: it writes
//! `<text>` elements and the reader's browser draws the glyphs. Plotters then guesses text
//! widths from byte lengths (Japanese about twice too wide), so every label area here is
//! sized by [`text_width`] instead of by plotters' layout. Every value is drawn as a direct
//! label and the target as a dashed line with the word 目標, so nothing depends on colour.
//!
//! Each chart is drawn twice, for wide and for narrow screens, and the page's stylesheet
//! shows one: a wide chart scaled down to a phone would shrink its text to 6 px.

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

/// How one of a chart's two drawings is laid out. Text is drawn at 14 user units in both:
/// the stylesheet shows the wide drawing only where it is at least 0.86 of its width on
/// screen (12 px text), and the narrow one at 0.9 of its width and more on a 320 px phone.
struct Layout {
    width: u32,
    kpi_height: u32,
    /// The class the stylesheet chooses the drawing by; added to `id` on the page.
    name: &'static str,
}

const LAYOUTS: [Layout; 2] = [
    Layout {
        width: 720,
        kpi_height: 380,
        name: "wide",
    },
    Layout {
        width: 320,
        kpi_height: 340,
        name: "narrow",
    },
];
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
/// each point, each target as a dashed line over the fiscal year it is set for, with a
/// labelled diamond at its date.
pub fn kpi_chart(series: &KpiSeries, text: &ChartText, labels: &ChartLabels) -> String {
    let points = dated(series.points.iter().map(|p| {
        let measure = p.measure.as_deref().unwrap_or(labels.actual);
        (&p.date.value, p.value, measure)
    }));
    let targets = dated(series.targets.iter().map(|t| (&t.date.value, t.value, ())));
    LAYOUTS
        .iter()
        .map(|layout| {
            let mut svg = String::new();
            // Drawing into a String cannot fail for I/O reasons, and the ranges below are
            // never empty; should plotters still refuse, the page keeps its summary and table.
            if draw_kpi(&mut svg, layout, series, &points, &targets, labels).is_err() {
                svg.clear();
            }
            accessible(&dash_target_lines(&svg), text, layout, layout.kpi_height)
        })
        .collect()
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
    LAYOUTS
        .iter()
        .map(|layout| {
            let mut svg = String::new();
            if draw_bars(&mut svg, layout.width, bars, height).is_err() {
                svg.clear();
            }
            accessible(&svg, text, layout, height)
        })
        .collect()
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
    layout: &Layout,
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
    let unit = axis_unit(&series.unit, labels.language);
    let y_area = y_label_width.max(text_width(&unit)) as u32 + 12;

    let mut measures: Vec<&str> = Vec::new();
    for (_, _, measure) in points {
        if !measures.contains(measure) {
            measures.push(measure);
        }
    }
    let legend = legend_layout(&measures, labels.target, layout.width as i32 - 8);
    let legend_rows = legend.iter().map(|item| item.row).max().unwrap_or(0) + 1;
    let line_height = FONT_SIZE as i32 + 8;

    let root = SVGBackend::with_string(svg, (layout.width, layout.kpi_height)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .margin_top(legend_rows as u32 * line_height as u32 + 36)
        .margin_left(4)
        .margin_right(16)
        .x_label_area_size(if layout.width < 480 { 52 } else { 40 })
        .y_label_area_size(y_area)
        .build_cartesian_2d(x_range.clone(), low..high)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(if layout.width < 480 { 5 } else { 6 })
        .y_label_formatter(&|v| format_number(*v, y_decimals))
        .label_style(font(FONT_SIZE, &TEXT))
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(TEXT.stroke_width(1))
        .draw()?;
    // The value axis says what it counts, above its numbers: （%）.
    let (plot_left, plot_top) = chart.backend_coord(&(x_range.start, high));
    root.draw(&Text::new(
        unit,
        (plot_left - 6, plot_top - 12),
        font(FONT_SIZE, &TEXT).pos(Pos::new(HPos::Right, VPos::Bottom)),
    ))?;

    let year_width = chart
        .backend_coord(&(fiscal_year_start(first_year + 1), low))
        .0
        - chart.backend_coord(&(fiscal_year_start(first_year), low)).0;
    let ticks = YearTicks::fitting(first_year, last_year, year_width, labels.language);
    for year in first_year..=last_year + 1 {
        let x = fiscal_year_start(year);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, low), (x, high)],
            GRID.stroke_width(1),
        )))?;
        if let Some(tick) = ticks.label(year).filter(|_| year <= last_year) {
            let (px, py) = chart.backend_coord(&(x + 6.0, low));
            root.draw(&Text::new(
                tick,
                (px, py + 10),
                font(FONT_SIZE, &TEXT).pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
    }

    if ticks.short {
        // Years without their 年度 are named once, under the axis's end.
        let (right, bottom) = chart.backend_coord(&(x_range.end, low));
        root.draw(&Text::new(
            axis_unit(
                if labels.language == "en" {
                    "FY"
                } else {
                    "年度"
                },
                labels.language,
            ),
            (right, bottom + 30),
            font(FONT_SIZE, &TEXT).pos(Pos::new(HPos::Right, VPos::Top)),
        ))?;
    }

    // A target holds for the fiscal year it is set for: its line runs from that year's
    // April to the target's date, and its label sits above the line's end.
    let mut target_boxes: Vec<[i32; 4]> = Vec::new();
    for (date, target, _) in targets {
        let (start, end, y) = (
            fiscal_year_start(date.fiscal_year()),
            date.axis_position(),
            target.value,
        );
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(start, y), (end, y)],
            TARGET_LINE,
        )))?;
        let (px, py) = chart.backend_coord(&(end, y));
        root.draw(&diamond((px, py)))?;
        let label = format!("{} {}", labels.target, format_kpi_value(series, *target));
        let width = text_width(&label) as i32;
        let left = (px + 8 - width).max(plot_left + 4);
        let top = py - 10 - FONT_SIZE as i32;
        target_boxes.push([left, top, left + width, py - 6]);
        root.draw(&Text::new(
            label,
            (left, py - 10),
            font(FONT_SIZE, &TARGET).pos(Pos::new(HPos::Left, VPos::Bottom)),
        ))?;
    }

    // Points of different measures (a rate of acquisition, then of holding) are not one
    // trend: each measure gets its own line and marker shape, and its name in the key.
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
        let half = text_width(&label) as i32 / 2;
        // A value label goes above its point unless it would sit on a target line, on a
        // target's label or on the label of a point a few months earlier; then below.
        let crowded = previous_label_x.is_some_and(|prev| px - prev < 2 * half + 8);
        let above = [px - half, py - 10 - FONT_SIZE as i32, px + half, py - 10];
        let on_target = target_ys
            .iter()
            .any(|ty| (above[1] - 4..=above[3] + 4).contains(ty))
            || target_boxes.iter().any(|b| overlaps(b, &above));
        let (dy, v_pos) = if crowded || on_target {
            (10, VPos::Top)
        } else {
            (-10, VPos::Bottom)
        };
        previous_label_x = (dy < 0).then_some(px);
        // Kept inside the drawing: a label centred on the last point would leave it.
        let x = px.clamp(half + 2, layout.width as i32 - half - 2);
        root.draw(&Text::new(
            label,
            (x, py + dy),
            font(FONT_SIZE, &ACTUAL).pos(Pos::new(HPos::Center, v_pos)),
        ))?;
    }
    draw_legend(&root, &legend, &measures, labels.target, line_height)?;
    root.present()?;
    Ok(())
}

fn overlaps(a: &[i32; 4], b: &[i32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// The unit of a KPI's value axis as written above it: （%）, (%) in English.
fn axis_unit(unit: &str, language: &str) -> String {
    match (unit, language) {
        ("", _) => String::new(),
        (_, "en") => format!("({unit})"),
        _ => format!("（{unit}）"),
    }
}

/// Which fiscal years the x axis names, and how: 2023年度 where it fits, else 2023, and
/// every second or third year when even that would crowd.
struct YearTicks {
    language: String,
    short: bool,
    every: i32,
    first: i32,
}

impl YearTicks {
    fn fitting(first: i32, last: i32, year_width: i32, language: &str) -> Self {
        let long = text_width(&fiscal_year_tick(last, language, false)) as i32 + 8;
        let short_width = text_width(&fiscal_year_tick(last, language, true)) as i32 + 8;
        let short = long > year_width;
        let needed = if short { short_width } else { long };
        YearTicks {
            language: language.to_owned(),
            short,
            every: (needed + year_width.max(1) - 1) / year_width.max(1),
            first,
        }
    }

    fn label(&self, year: i32) -> Option<String> {
        ((year - self.first) % self.every == 0)
            .then(|| fiscal_year_tick(year, &self.language, self.short))
    }
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

/// Where one entry of the key goes: its row and left edge.
struct KeyItem {
    row: i32,
    x: i32,
}

/// The key's entries (each measure, then the target) left to right, starting a new row
/// where the next would pass `right`.
fn legend_layout(measures: &[&str], target: &str, right: i32) -> Vec<KeyItem> {
    let (mut row, mut x) = (0, 8);
    measures
        .iter()
        .chain(std::iter::once(&target))
        .map(|label| {
            let width = 36 + text_width(label) as i32;
            if x > 8 && x + width > right {
                (row, x) = (row + 1, 8);
            }
            let item = KeyItem { row, x };
            x += width + 24;
            item
        })
        .collect()
}

/// The key above the plot: the line and marker of each measure, then the dashed line and
/// diamond of the target.
fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    items: &[KeyItem],
    measures: &[&str],
    target: &str,
    line_height: i32,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let key_text = |text: &str, x: i32, y: i32| {
        Text::new(
            text.to_owned(),
            (x, y),
            font(FONT_SIZE, &TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
        )
    };
    let y_of = |item: &KeyItem| 14 + item.row * line_height;
    for (shape, (measure, item)) in measures.iter().zip(items).enumerate() {
        let (x, y) = (item.x, y_of(item));
        root.draw(&PathElement::new(
            vec![(x, y), (x + 28, y)],
            ACTUAL.stroke_width(3),
        ))?;
        draw_marker(root, shape, (x + 14, y))?;
        root.draw(&key_text(measure, x + 36, y))?;
    }
    if let Some(item) = items.last() {
        let (x, y) = (item.x, y_of(item));
        root.draw(&PathElement::new(vec![(x, y), (x + 25, y)], TARGET_LINE))?;
        root.draw(&diamond((x + 14, y)))?;
        root.draw(&key_text(target, x + 36, y))?;
    }
    Ok(())
}

fn draw_bars(svg: &mut String, width: u32, bars: &[Bar], height: u32) -> DrawResult {
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

    let root = SVGBackend::with_string(svg, (width, height)).into_drawing_area();
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

/// 2023年度 or FY2023; short, the year alone.
fn fiscal_year_tick(year: i32, language: &str, short: bool) -> String {
    match (short, language) {
        (true, _) => year.to_string(),
        (false, "en") => format!("FY{year}"),
        (false, _) => format!("{year}年度"),
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
/// Only one of a chart's drawings is shown, so each has a name of its own.
fn accessible(svg: &str, text: &ChartText, layout: &Layout, height: u32) -> String {
    let body = svg
        .split_once('>')
        .map_or("</svg>\n", |(_, body)| body)
        .trim_start();
    let (name, width) = (layout.name, layout.width);
    let id = format!("{}-{name}", text.id);
    format!(
        "<svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart-svg chart-{name}\" \
         viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\n\
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
            &LAYOUTS[0],
            10,
        );
        assert!(svg.contains("<title id=\"c-wide-title\">&lt;script&gt;</title>"));
        assert!(svg.contains("a &amp; b"));
    }
}
