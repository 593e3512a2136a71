//! Keeps a value with its unit and a date on one line: 74.2%, 2024年3月末, 3か所, 令和5年度.
//!
//! Japanese may break a line between any two characters, so a narrow screen writes
//! 3か｜所 or 2024年3｜月末. Every such run in a page's text is wrapped in
//! `<span class="nobr">` as the page is written, whichever template or field it came from.

/// Words that count or measure what the number before them counts, longest first
/// so that か所 wins over か.
const UNITS: &[&str] = &[
    "ポイント",
    "パーセント",
    "百万円",
    "か所",
    "ヶ所",
    "ヵ所",
    "カ所",
    "箇所",
    "か月",
    "ヶ月",
    "ヵ月",
    "カ月",
    "か年",
    "ヶ年",
    "か国",
    "年度",
    "年間",
    "年生",
    "月末",
    "月頃",
    "日間",
    "時間",
    "分間",
    "週間",
    "世帯",
    "団体",
    "千円",
    "万円",
    "億円",
    "千人",
    "万人",
    "%",
    "％",
    "‰",
    "年",
    "月",
    "日",
    "時",
    "分",
    "秒",
    "週",
    "人",
    "名",
    "件",
    "回",
    "点",
    "種",
    "倍",
    "割",
    "円",
    "歳",
    "台",
    "枚",
    "冊",
    "本",
    "校",
    "館",
    "店",
    "社",
    "戸",
    "軒",
    "組",
    "個",
    "期",
    "次",
    "号",
    "位",
    "度",
    "棟",
    "末",
    "頃",
];

/// Words that belong to the number after them: an era, an ordinal, an estimate.
const PREFIXES: &[&str] = &["令和", "平成", "昭和", "第", "約", "FY"];
/// Eras, whose first year is written 元 (令和元年度).
const ERAS: &[&str] = &["令和", "平成", "昭和"];

/// Elements whose text is not shown as running text, or may hold no `<span>`.
const RAW_ELEMENTS: &[&str] = &["script", "style", "svg", "title", "textarea", "option"];

/// The page with every value of its body's text wrapped; the rest byte for byte.
pub fn keep_values_together(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let body = html.find("<body").unwrap_or(html.len());
    out.push_str(&html[..body]);
    let mut rest = &html[body..];
    while !rest.is_empty() {
        let Some(tag) = rest.find('<') else {
            wrap_text(rest, &mut out);
            break;
        };
        wrap_text(&rest[..tag], &mut out);
        rest = &rest[tag..];
        let end = tag_end(rest);
        let (markup, after) = rest.split_at(end);
        out.push_str(markup);
        rest = after;
        if let Some(name) = raw_element(markup) {
            let close =
                find_ascii_case_insensitive(rest, &format!("</{name}")).unwrap_or(rest.len());
            out.push_str(&rest[..close]);
            rest = &rest[close..];
        }
    }
    out
}

/// Where the tag or comment at the start of `html` ends: after its `>`, outside quotes.
fn tag_end(html: &str) -> usize {
    if html.starts_with("<!--") {
        return html.find("-->").map_or(html.len(), |at| at + 3);
    }
    let mut quote = None;
    for (at, byte) in html.bytes().enumerate().skip(1) {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(open), _) if byte == open => quote = None,
            (None, b'>') => return at + 1,
            _ => {}
        }
    }
    html.len()
}

/// The name of a raw element that `tag` opens, if it opens one.
fn raw_element(tag: &str) -> Option<&'static str> {
    let name = tag
        .strip_prefix('<')?
        .split(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .next()?;
    RAW_ELEMENTS
        .iter()
        .copied()
        .find(|raw| raw.eq_ignore_ascii_case(name))
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Copies escaped text, wrapping each value; character references are copied whole.
fn wrap_text(text: &str, out: &mut String) {
    let mut at = 0;
    let mut copied = 0;
    while at < text.len() {
        let rest = &text[at..];
        if rest.starts_with('&') {
            at += rest.find(';').map_or(1, |end| end + 1);
            continue;
        }
        if let Some(len) = value_len(rest) {
            out.push_str(&text[copied..at]);
            out.push_str("<span class=\"nobr\">");
            out.push_str(&rest[..len]);
            out.push_str("</span>");
            at += len;
            copied = at;
            continue;
        }
        at += rest.chars().next().map_or(1, char::len_utf8);
    }
    out.push_str(&text[copied..]);
}

/// The length of the value `text` starts with: a number with a unit or a prefix, and any
/// further numbers with units (2024年3月31日). `None` for a bare number, which never breaks.
fn value_len(text: &str) -> Option<usize> {
    let prefix = PREFIXES.iter().find(|p| text.starts_with(*p));
    let mut len = prefix.map_or(0, |p| p.len());
    let first = number_len(&text[len..]).or_else(|| {
        let era = prefix.is_some_and(|p| ERAS.contains(p));
        (era && text[len..].starts_with('元')).then_some('元'.len_utf8())
    })?;
    len += first;
    let mut units = 0;
    while let Some(unit) = UNITS.iter().find(|u| text[len..].starts_with(*u)) {
        len += unit.len();
        units += 1;
        match number_len(&text[len..]) {
            Some(more) if UNITS.iter().any(|u| text[len + more..].starts_with(u)) => len += more,
            _ => {}
        }
    }
    (units > 0 || prefix.is_some()).then_some(len)
}

/// The length of the number `text` starts with, in ASCII or full-width digits, with
/// separators only between digits (1,234.5).
fn number_len(text: &str) -> Option<usize> {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut chars = text.char_indices().peekable();
    let mut end = 0;
    while let Some((at, c)) = chars.next() {
        if is_digit(c) {
            end = at + c.len_utf8();
        } else if end > 0
            && matches!(c, ',' | '.' | '，' | '．')
            && chars.peek().is_some_and(|&(_, next)| is_digit(next))
        {
            continue;
        } else {
            break;
        }
    }
    (end > 0).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::keep_values_together;

    fn wrapped(text: &str) -> String {
        keep_values_together(&format!("<body>{text}</body>"))
            .trim_start_matches("<body>")
            .trim_end_matches("</body>")
            .to_owned()
    }

    #[test]
    fn values_with_units_and_dates_are_kept_whole() {
        assert_eq!(
            wrapped("率は74.2%で、3か所を2024年3月末までに"),
            "率は<span class=\"nobr\">74.2%</span>で、<span class=\"nobr\">3か所</span>を\
             <span class=\"nobr\">2024年3月末</span>までに"
        );
        assert_eq!(
            wrapped("令和元年度と令和5年度、第2期、1,234人"),
            "<span class=\"nobr\">令和元年度</span>と<span class=\"nobr\">令和5年度</span>、\
             <span class=\"nobr\">第2期</span>、<span class=\"nobr\">1,234人</span>"
        );
    }

    #[test]
    fn bare_numbers_markup_and_references_are_left_alone() {
        for text in [
            "番号 2024 と 3.",
            "<a href=\"a/2024年.html\" title=\"3>2人\">x</a>",
            "&#39;5&#39;",
            "<svg><text>5人</text></svg>",
            "<option>3件</option>",
        ] {
            assert_eq!(wrapped(text), text);
        }
    }

    #[test]
    fn the_head_is_copied_as_it_is() {
        let page = "<html><head><title>2023年度</title></head><body><p>5件</p></body></html>";
        assert_eq!(
            keep_values_together(page),
            "<html><head><title>2023年度</title></head><body><p><span class=\"nobr\">5件</span></p></body></html>"
        );
    }
}
