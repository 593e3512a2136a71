// TEMPORARY placeholder until the charts module lands (helper is writing it).
use crate::content::model::KpiSeries;
pub struct ChartText<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
}
pub struct ChartLabels<'a> {
    pub language: &'a str,
    pub actual: &'a str,
    pub target: &'a str,
}
pub fn kpi_chart(
    _series: &KpiSeries,
    _decimals: usize,
    text: &ChartText,
    _labels: &ChartLabels,
) -> String {
    format!(
        "<svg role=\"img\" viewBox=\"0 0 10 10\"><title>{}</title><desc>{}</desc></svg>",
        text.title, text.desc
    )
}
pub struct Bar {
    pub label: String,
    pub count: usize,
}
pub fn grade_chart(_bars: &[Bar], text: &ChartText) -> String {
    format!(
        "<svg role=\"img\" viewBox=\"0 0 10 10\"><title>{}</title><desc>{}</desc></svg>",
        text.title, text.desc
    )
}
