//! Understanding one cell: HTML lists into Markdown, numbered sub-items, values with units,
//! revised targets with their ※ notes, and the stray spaces of extraction.

use crate::content::model::{Measure, Number};

/// A paragraph or a list item of a text cell.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    Paragraph(String),
    Item(String),
}

/// A text cell as Markdown: `<p>` → paragraphs, `<li>` and `・` bullets → list items,
/// a `※` note after the items → a paragraph of its own. Ends with a line break, like a
/// `|` block scalar, unless empty.
pub fn markdown(cell: &str) -> String {
    let blocks = blocks(cell);
    let mut out = String::new();
    let mut previous: Option<&Block> = None;
    for block in &blocks {
        let separated = !matches!(
            (previous, block),
            (None, _) | (Some(Block::Item(_)), Block::Item(_))
        );
        if separated {
            out.push('\n');
        }
        match block {
            Block::Paragraph(text) => out.push_str(&escape_line_start(text)),
            Block::Item(text) => {
                out.push_str("- ");
                out.push_str(&escape_line_start(text));
            }
        }
        out.push('\n');
        previous = Some(block);
    }
    out
}

/// The cell's text on one line: tags removed, runs of whitespace made one space.
pub fn plain(cell: &str) -> String {
    collapse(&strip_tags(cell, " "))
}

/// Removes the spaces that wrapping in a narrow column leaves inside Japanese words
/// (`経営 改革 プラン`); a space next to a Latin letter, a digit or a symbol stays.
/// Used for short label cells (計画類型, 取組項目), where a space between two Japanese
/// characters is never wanted.
pub fn repair_label(text: &str) -> String {
    let chars: Vec<char> = plain(text).chars().collect();
    let mut out = String::new();
    for (index, &c) in chars.iter().enumerate() {
        let stray = c == ' '
            && index > 0
            && chars.get(index + 1).is_some_and(|&next| is_japanese(next))
            && is_japanese(chars[index - 1]);
        if !stray {
            out.push(c);
        }
    }
    out
}

fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff66}'..='\u{ff9f}')
}

/// Cell text cut at the circled numbers (①②③) that start sub-items: each part with its
/// number (1 for ①), in order; text before the first number has none. A circled number
/// counts only at the start or after a space, so 「※①②③の目的」 stays whole.
pub fn numbered(cell: &str) -> Vec<(Option<u32>, String)> {
    let text = plain(cell);
    let mut parts: Vec<(Option<u32>, String)> = vec![(None, String::new())];
    let mut previous = ' ';
    for c in text.chars() {
        match circled(c) {
            Some(number) if previous == ' ' => parts.push((Some(number), String::new())),
            _ => parts.last_mut().expect("never empty").1.push(c),
        }
        previous = c;
    }
    parts
        .into_iter()
        .map(|(number, text)| (number, text.trim().to_owned()))
        .filter(|(number, text)| number.is_some() || !text.is_empty())
        .collect()
}

fn circled(c: char) -> Option<u32> {
    ('\u{2460}'..='\u{2473}')
        .contains(&c)
        .then(|| c as u32 - 0x2460 + 1)
}

/// A value as written in a target or actual cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub measure: Measure,
    pub unit: Option<String>,
    pub note: Option<String>,
    /// The cell text the value was read from.
    pub written: String,
}

impl Value {
    pub fn text(text: &str) -> Value {
        Value {
            measure: Measure::Text(text.to_owned()),
            unit: None,
            note: None,
            written: text.to_owned(),
        }
    }
}

/// `4施設(2023年度以降も継続して実施)` → 4, 施設, note; `114,140枚` → 114140, 枚;
/// `2020年度比 30%減` → 30, %減, note 2020年度比; anything else (実施, 見直し,
/// 午前50% 午後55%) stays text.
pub fn value(text: &str) -> Value {
    let text = text.trim();
    if let Some(value) = number_with_unit(text) {
        return value;
    }
    if let Some((label, last)) = text.rsplit_once(' ')
        && let Some(value) = number_with_unit(last)
        && value.note.is_none()
        && number_with_unit(label).is_none_or(|first| first.unit != value.unit)
        && !label.contains(' ')
    {
        return Value {
            note: Some(label.to_owned()),
            written: text.to_owned(),
            ..value
        };
    }
    Value::text(text)
}

fn number_with_unit(text: &str) -> Option<Value> {
    let digits_end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
        .map_or(text.len(), |(at, _)| at);
    let (number, rest) = text.split_at(digits_end);
    if !number.starts_with(|c: char| c.is_ascii_digit()) || number.ends_with([',', '.']) {
        return None;
    }
    let number = Number::parse(&number.replace(',', ""))?;
    let (unit, note) = match rest.find(['(', '（']) {
        Some(open) => {
            let note = rest[open..].strip_suffix([')', '）'])?;
            (
                &rest[..open],
                Some(note[note.chars().next()?.len_utf8()..].trim()),
            )
        }
        None => (rest, None),
    };
    let unit = unit.trim();
    let plausible_unit = unit.chars().count() <= 6
        && !unit
            .chars()
            .any(|c| c.is_ascii_digit() || c.is_whitespace());
    plausible_unit.then(|| Value {
        measure: Measure::Number(number),
        unit: (!unit.is_empty()).then(|| unit.to_owned()),
        note: note.filter(|n| !n.is_empty()).map(str::to_owned),
        written: text.to_owned(),
    })
}

/// A target cell's part for one indicator: the target in force, the original one when
/// it was revised, the ※ note, and text that is neither.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Target {
    pub current: Option<Value>,
    pub original: Option<Value>,
    pub reason: Option<String>,
    /// Text after the ※ note's first sentence: not part of a target.
    pub rest: Option<String>,
}

/// `36% 45% ※目標値の見直しを…` → 45, original 36 and the reason; `82.0% 79.2%` →
/// 79.2, original 82.0; one value → that value.
pub fn target(text: &str) -> Target {
    let (values, note) = match text.split_once('※') {
        Some((values, note)) => (values.trim(), Some(note.trim())),
        None => (text.trim(), None),
    };
    let (reason, rest) = match note {
        Some(note) => match note.find('。') {
            Some(end) => {
                let end = end + '。'.len_utf8();
                let rest = note[end..].trim();
                (
                    Some(note[..end].to_owned()),
                    (!rest.is_empty()).then(|| rest.to_owned()),
                )
            }
            None => (Some(note.to_owned()), None),
        },
        None => (None, None),
    };
    let mut parts: Vec<Value> = values.split(' ').map(value).collect();
    if note.is_some() && parts.len() == 1 {
        // 「4回7種 ※…」: extraction lost the space between the original and the revision.
        if let Some((first, second)) = run_together(values) {
            parts = vec![first, second];
        }
    }
    let numbers = parts.len() >= 2 && parts.iter().all(|p| p.measure.as_number().is_some());
    let revised = numbers && (note.is_some() || parts.iter().all(|p| p.unit == parts[0].unit));
    let (current, original) = if revised {
        (parts.last().cloned(), parts.first().cloned())
    } else if values.is_empty() {
        (None, None)
    } else {
        (Some(value(values)), None)
    };
    Target {
        current,
        original,
        reason: reason.filter(|r| !r.is_empty()),
        rest,
    }
}

/// Two values written without a space between them: `4回7種` → 4回 and 7種.
fn run_together(text: &str) -> Option<(Value, Value)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let split = chars.windows(2).find(|pair| {
        let (before, after) = (pair[0].1, pair[1].1);
        after.is_ascii_digit() && !before.is_ascii_digit() && before != ',' && before != '.'
    })?;
    let (first, second) = text.split_at(split[1].0);
    Some((number_with_unit(first)?, number_with_unit(second)?))
}

/// The letter a 評価の視点 text starts with (`C:目標水準を…` → C), if it has that form.
pub fn reason_grade<'a>(reason: &str, codes: &'a [String]) -> Option<&'a str> {
    let reason = plain(reason);
    codes
        .iter()
        .find(|code| {
            reason
                .strip_prefix(code.as_str())
                .is_some_and(|rest| rest.starts_with([':', '：']))
        })
        .map(String::as_str)
}

fn strip_tags(cell: &str, replacement: &str) -> String {
    let mut out = String::new();
    let mut rest = cell;
    while let Some(open) = rest.find('<') {
        match rest[open..].find('>') {
            Some(close) if is_tag(&rest[open..open + close + 1]) => {
                out.push_str(&rest[..open]);
                out.push_str(replacement);
                rest = &rest[open + close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `<p>`, `</li>`, `<ul style="…">`: an HTML tag, not a `<` in running text.
fn is_tag(text: &str) -> bool {
    let name: String = text[1..]
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    matches!(
        name.to_ascii_lowercase().as_str(),
        "p" | "ul" | "ol" | "li" | "br" | "div" | "span" | "b" | "strong" | "u" | "i" | "font"
    )
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits a cell into paragraphs and items, following its tags, then its bullets.
fn blocks(cell: &str) -> Vec<Block> {
    // Tags become markers: \u{1} starts a paragraph, \u{2} an item; \u{3} marks a list
    // that has neither <li> nor bullets, whose items are separated by spaces only.
    let mut marked = String::new();
    let mut rest = cell;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|c| open + c) else {
            break;
        };
        let tag = &rest[open..=close];
        marked.push_str(&rest[..open]);
        if is_tag(tag) {
            let lower = tag.to_ascii_lowercase();
            let marker = if lower.starts_with("<li") {
                "\u{2}"
            } else if lower.starts_with("<ul") || lower.starts_with("<ol") {
                "\u{1}\u{3}"
            } else if lower.starts_with("<br") {
                " "
            } else {
                "\u{1}"
            };
            marked.push_str(marker);
        } else {
            marked.push_str(tag);
        }
        rest = &rest[close + 1..];
    }
    marked.push_str(rest);

    let mut blocks = Vec::new();
    for part in marked.split('\u{1}') {
        let bare_list =
            part.starts_with('\u{3}') && !part.contains('\u{2}') && !part.contains('・');
        let part = part.trim_start_matches('\u{3}');
        for (item_index, piece) in part.split('\u{2}').enumerate() {
            let is_item = item_index > 0 || bare_list;
            split_text(piece, is_item, bare_list, &mut blocks);
        }
    }
    blocks
}

/// Splits running text at `・` bullets, circled numbers and `※` notes that follow a space
/// (and, in a bare list, after each sentence).
fn split_text(text: &str, is_item: bool, bare_list: bool, blocks: &mut Vec<Block>) {
    let text = format!(" {}", collapse(text));
    let chars: Vec<char> = text.chars().collect();
    let mut current = String::new();
    let mut current_is_item = is_item;
    let flush = |current: &mut String, is_item: bool, blocks: &mut Vec<Block>| {
        let trimmed = current.trim();
        if !trimmed.is_empty() {
            blocks.push(if is_item {
                Block::Item(trimmed.to_owned())
            } else {
                Block::Paragraph(trimmed.to_owned())
            });
        }
        current.clear();
    };
    let numbered_items = chars
        .windows(2)
        .filter(|w| w[0] == ' ' && circled(w[1]).is_some())
        .count()
        >= 2;
    for (index, &c) in chars.iter().enumerate() {
        let after_space = index > 0 && chars[index - 1] == ' ';
        let after_sentence = index > 1 && chars[index - 1] == ' ' && chars[index - 2] == '。';
        if after_space && c == '・' {
            flush(&mut current, current_is_item, blocks);
            current_is_item = true;
            continue;
        }
        if after_space && c == '※' {
            flush(&mut current, current_is_item, blocks);
            current_is_item = false;
        } else if (after_space && numbered_items && circled(c).is_some() && !is_item)
            || (bare_list && after_sentence)
        {
            flush(&mut current, current_is_item, blocks);
            current_is_item = true;
        }
        current.push(c);
    }
    flush(&mut current, current_is_item, blocks);
}

/// A paragraph or item that CommonMark would read as a heading, list or quote gets a
/// backslash, so the text shows as written.
fn escape_line_start(text: &str) -> String {
    let starts_block = text.starts_with(['#', '>', '-', '*', '+', '='])
        || text
            .split_once(['.', ')'])
            .is_some_and(|(head, _)| !head.is_empty() && head.chars().all(|c| c.is_ascii_digit()));
    if starts_block {
        format!("\\{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_and_notes_become_markdown() {
        let cell = "<ul style=\"list-style-type: none\"> ・来庁者に声をかけます。 ・研修を行います。 ※項目を追加しました。";
        assert_eq!(
            markdown(cell),
            "- 来庁者に声をかけます。\n- 研修を行います。\n\n※項目を追加しました。\n"
        );
    }

    #[test]
    fn paragraphs_stay_paragraphs() {
        assert_eq!(
            markdown("<p>①開催します。</p> <p>②検討します。</p>"),
            "①開催します。\n\n②検討します。\n"
        );
    }

    #[test]
    fn a_bare_list_splits_after_each_sentence() {
        assert_eq!(
            markdown("<ul style=\"list-style-type: none\"> 継続します。 実施します。 "),
            "- 継続します。\n- 実施します。\n"
        );
    }

    #[test]
    fn numbered_sub_items_of_plain_text_become_items() {
        assert_eq!(
            markdown("①拡充します。 ②導入します。"),
            "- ①拡充します。\n- ②導入します。\n"
        );
    }

    #[test]
    fn a_plain_sentence_is_one_paragraph() {
        assert_eq!(markdown("研修を実施します。"), "研修を実施します。\n");
        assert_eq!(markdown("  "), "");
    }

    #[test]
    fn stray_spaces_go_but_real_spacing_stays() {
        assert_eq!(repair_label("経営 改革 プラン"), "経営改革プラン");
        assert_eq!(
            repair_label("マイナンバー カードの取得 促進"),
            "マイナンバーカードの取得促進"
        );
        assert_eq!(repair_label("DV 相談 カード"), "DV 相談カード");
        assert_eq!(repair_label("午前50% 午後55%"), "午前50% 午後55%");
    }

    #[test]
    fn values_with_units_and_notes() {
        let parsed = value("4施設(2023年度以降も継続して実施)");
        assert_eq!(parsed.measure, Measure::Number(Number::from(4.0)));
        assert_eq!(parsed.unit.as_deref(), Some("施設"));
        assert_eq!(parsed.note.as_deref(), Some("2023年度以降も継続して実施"));
        assert_eq!(
            value("114,140枚").measure,
            Measure::Number(Number::from(114140.0))
        );
        assert_eq!(value("16日/人").unit.as_deref(), Some("日/人"));
        let labelled = value("2020年度比 30%減");
        assert_eq!(labelled.measure, Measure::Number(Number::from(30.0)));
        assert_eq!(labelled.unit.as_deref(), Some("%減"));
        assert_eq!(labelled.note.as_deref(), Some("2020年度比"));
        for text in [
            "実施",
            "見直し",
            "午前50% 午後55% 夜間26%",
            "習熟度4以上",
            "4回7種",
        ] {
            assert_eq!(value(text).measure, Measure::Text(text.into()), "{text}");
        }
    }

    #[test]
    fn revised_targets_keep_the_original_and_the_reason() {
        let revised = target("36% 45% ※目標値の見直しを行ったことにより修正しました。");
        assert_eq!(
            revised.current.unwrap().measure,
            Measure::Number(Number::from(45.0))
        );
        assert_eq!(
            revised.original.unwrap().measure,
            Measure::Number(Number::from(36.0))
        );
        assert_eq!(
            revised.reason.as_deref(),
            Some("目標値の見直しを行ったことにより修正しました。")
        );
        let silent = target("82.0% 79.2%");
        assert_eq!(
            silent.original.unwrap().measure,
            Measure::Number(Number::parse("82.0").unwrap())
        );
        assert_eq!(silent.reason, None);
        let with_more = target("12種類 11種類 ※引き継いだためです。 調整中です。");
        assert_eq!(with_more.rest.as_deref(), Some("調整中です。"));
    }

    #[test]
    fn circled_numbers_split_sub_items() {
        assert_eq!(
            numbered("<p>①実証実施</p> <p>②5件</p>"),
            vec![(Some(1), "実証実施".into()), (Some(2), "5件".into())]
        );
        assert_eq!(numbered("※①②③の目的"), vec![(None, "※①②③の目的".into())]);
    }
}
