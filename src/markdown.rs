//! Free text fields are Markdown; what reaches a page is sanitized HTML. Both
//! the pages and the checks of the content read Markdown here, so that what a
//! check says is lost is what the pages lose.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Parser, Tag, TagEnd, html};

/// Building the sanitizer fills several hash sets of allowed tags and
/// attributes: done once, not for each of the hundreds of thousands of text
/// fields of a large site.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder.link_rel(Some("noopener noreferrer"));
    builder
});

/// Every tag taken out, text kept: read on a fragment that has no tags left,
/// it writes the text with its character references spelt one way.
static TEXT_ONLY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder.clean_content_tags(HashSet::new());
    builder
});

const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// Renders Markdown to HTML that is safe to inline: raw HTML in the source is
/// reduced to an allow-list, so a pasted `<script>` is never published.
pub fn to_html(markdown: &str) -> String {
    let events: Vec<Event> = Parser::new_ext(markdown, OPTIONS).collect();
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    let plain = events.iter().all(needs_no_sanitizing);
    html::push_html(&mut html, events.into_iter());
    if plain {
        // Almost every field is plain prose and lists. Sanitizing parses the
        // HTML again and was a sixth of a large build, to change nothing.
        html
    } else {
        SANITIZER.clean(&html).to_string()
    }
}

/// Whether the HTML pulldown-cmark makes of an event is text it escaped or a
/// tag without attributes, written as the sanitizer writes it: nothing the
/// sanitizer would remove or change.
fn needs_no_sanitizing(event: &Event) -> bool {
    // The sanitizer writes these characters of text, and `<br>` and `<hr>`, its own way.
    let escaped_alike = |text: &str| !text.contains(['"', '\u{a0}']);
    match event {
        Event::Html(_) | Event::InlineHtml(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
            false
        }
        Event::Start(tag) => match tag {
            Tag::Paragraph
            | Tag::BlockQuote(None)
            | Tag::List(None | Some(1))
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::Heading {
                id: None,
                classes: _,
                attrs: _,
                ..
            } => true,
            Tag::CodeBlock(CodeBlockKind::Indented) => true,
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => info.is_empty(),
            Tag::Table(alignments) => alignments.iter().all(|a| *a == Alignment::None),
            // Links and images carry URLs to check; lists from 2 on a start attribute.
            _ => false,
        },
        Event::Text(text) | Event::Code(text) => escaped_alike(text),
        Event::SoftBreak | Event::End(_) => true,
        Event::HardBreak | Event::Rule | Event::FootnoteReference(_) | Event::TaskListMarker(_) => {
            false
        }
    }
}

/// The words of a Markdown text without its markup, for the search index.
pub fn to_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Text(words) | Event::Code(words) => text.push_str(&words),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => text.push(' '),
            _ => {}
        }
    }
    text.trim_end().to_owned()
}

/// Text of a Markdown field that would not reach its page, with the line of
/// the field's text (from 1) where the loss starts.
#[derive(Debug, PartialEq)]
pub enum Loss {
    /// `<!--` that is never closed hides everything after it.
    UnclosedComment { line: usize },
    /// Raw HTML the sanitizer removes together with the text inside it, such
    /// as `<script>` or `<style>`.
    Removed { line: usize, text: String },
    /// A line such as `[注1]: 補足` is a link reference definition to Markdown:
    /// never shown itself, only lent as an address to a link that names it.
    Definition { line: usize, text: String },
}

/// Whatever of `markdown` its page would leave out without a word: an
/// unclosed comment, the text of raw HTML the sanitizer removes whole, and
/// lines read as link definitions that no link uses as an address.
/// A closed comment `<!-- … -->` is a note to oneself and is not a loss.
pub fn losses(markdown: &str) -> Vec<Loss> {
    let mut found = hidden_definitions(markdown);
    if markdown.contains('<') {
        found.splice(0..0, html_losses(markdown));
    }
    found
}

fn line_of(markdown: &str, at: usize) -> usize {
    markdown[..at].matches('\n').count() + 1
}

/// Definitions whose text no reader sees: those no link names, and those a
/// link names whose "address" is words rather than one (`[注1]: 補足`, with
/// `[注1]` in the text, turns the note into a link to nowhere).
fn hidden_definitions(markdown: &str) -> Vec<Loss> {
    if !markdown.contains("]:") {
        return Vec::new();
    }
    let mut parser = Parser::new_ext(markdown, OPTIONS);
    let mut named = HashSet::new();
    while let Some(event) = parser.next() {
        if let Event::Start(Tag::Link { id, .. } | Tag::Image { id, .. }) = event
            && let Some(definition) = parser.reference_definitions().get(&id)
        {
            named.insert(definition.span.start);
        }
    }
    let is_address = |dest: &str| dest.contains(['/', '.', ':', '#', '?', '@']);
    let mut hidden: Vec<(usize, &str)> = parser
        .reference_definitions()
        .iter()
        .filter(|(_, definition)| {
            !named.contains(&definition.span.start) || !is_address(&definition.dest)
        })
        .map(|(_, definition)| {
            (
                definition.span.start,
                markdown[definition.span.clone()].trim(),
            )
        })
        .collect();
    hidden.sort_unstable();
    hidden
        .into_iter()
        .map(|(at, text)| Loss::Definition {
            line: line_of(markdown, at),
            text: text.to_owned(),
        })
        .collect()
}

fn html_losses(markdown: &str) -> Vec<Loss> {
    let line_of = |at: usize| line_of(markdown, at);
    let mut found = Vec::new();
    let mut comment = None;
    // One top-level block at a time, so that a loss is told at its own line.
    let mut block = Vec::new();
    let mut first_html = None;
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(_) | Event::InlineHtml(_) => {
                first_html.get_or_insert(range.start);
                if comment.is_none() {
                    comment = unclosed_comment(markdown, range);
                }
            }
            _ => {}
        }
        block.push(event);
        if depth == 0 {
            if let Some(at) = first_html.take()
                && let Some(text) = removed_text(block.drain(..))
            {
                found.push(Loss::Removed {
                    line: line_of(at),
                    text,
                });
            }
            block.clear();
        }
    }
    if let Some(at) = comment {
        found.insert(0, Loss::UnclosedComment { line: line_of(at) });
    }
    found
}

/// Where a comment opened in the raw HTML at `range` starts, if nothing after
/// it in the whole text closes it: the browser, and the sanitizer, would take
/// the rest of the field, lists and paragraphs included, for the comment.
fn unclosed_comment(markdown: &str, range: std::ops::Range<usize>) -> Option<usize> {
    let mut from = range.start;
    while let Some(found) = markdown[from..range.end].find("<!--") {
        let at = from + found;
        let rest = &markdown[at + 4..];
        let empty = rest.starts_with('>') || rest.starts_with("->");
        match rest.find("-->") {
            _ if empty => from = at + 4,
            Some(end) => from = (at + 4 + end + 3).min(range.end),
            None => return Some(at),
        }
        if from >= range.end {
            break;
        }
    }
    None
}

/// The text a reader would have seen in one block that its sanitized HTML no
/// longer holds, if any.
fn removed_text<'a>(events: impl Iterator<Item = Event<'a>>) -> Option<String> {
    let mut raw = String::new();
    html::push_html(&mut raw, events);
    let visible = |html: &str| -> String {
        let text = TEXT_ONLY.clean(&without_tags(html)).to_string();
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&nbsp;", "\u{a0}")
            .replace("&amp;", "&")
    };
    let before = visible(&raw);
    let after = visible(&SANITIZER.clean(&raw).to_string());
    let words = |text: &str| text.split_whitespace().collect::<String>();
    if words(&before) == words(&after) {
        return None;
    }
    // The sanitizer only takes out: what is lost lies between what the two share
    // at the start and at the end.
    let shared_start = before
        .chars()
        .zip(after.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let shared_end = before
        .chars()
        .rev()
        .zip(after.chars().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let length = before.chars().count();
    let lost: String = before
        .chars()
        .skip(shared_start)
        .take(length.saturating_sub(shared_start + shared_end))
        .collect();
    Some(lost.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The text of an HTML fragment as written, every tag and comment left out,
/// whatever element it is in: the sanitizer's parser would drop the contents
/// of some (`<template>`, `<svg>`) before they could be compared.
fn without_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        text.push_str(&rest[..at]);
        let tag = &rest[at..];
        let starts_tag =
            tag[1..].starts_with(|c: char| c.is_ascii_alphabetic() || "/!?".contains(c));
        if !starts_tag {
            text.push('<');
            rest = &tag[1..];
            continue;
        }
        let end = if tag.starts_with("<!--") { "-->" } else { ">" };
        rest = tag.find(end).map_or("", |close| &tag[close + end.len()..]);
    }
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests {
    use super::{Loss, OPTIONS, SANITIZER, losses, needs_no_sanitizing, to_html, to_text};
    use pulldown_cmark::{Parser, html};

    fn sanitized(markdown: &str) -> String {
        let mut unsafe_html = String::new();
        html::push_html(&mut unsafe_html, Parser::new_ext(markdown, OPTIONS));
        SANITIZER.clean(&unsafe_html).to_string()
    }

    fn skips_the_sanitizer(markdown: &str) -> bool {
        Parser::new_ext(markdown, OPTIONS).all(|event| needs_no_sanitizing(&event))
    }

    #[test]
    fn prose_skips_the_sanitizer_and_comes_out_the_same() {
        for markdown in [
            "一行目\n二行目\n三行目",
            "- **一**\n- *二*\n  - ~~三~~\n\n1. 四\n2. `五`",
            "# 見出し\n\n> 引用\n\n    code\n\n```\nfenced\n```",
            "| 項目 | 値 |\n| --- | --- |\n| A | 1 |",
            "記号 & < > 'と' を含む文",
        ] {
            assert!(skips_the_sanitizer(markdown), "{markdown}");
            assert_eq!(to_html(markdown), sanitized(markdown), "{markdown}");
        }
    }

    #[test]
    fn text_the_sanitizer_writes_its_own_way_goes_through_it() {
        for markdown in [
            "\"引用符\"",
            "改行\\\nの後",
            "罫線\n\n***",
            "[市](https://example.jp)",
        ] {
            assert!(!skips_the_sanitizer(markdown), "{markdown}");
            assert_eq!(to_html(markdown), sanitized(markdown), "{markdown}");
        }
    }

    #[test]
    fn links_are_still_sanitized() {
        let html = to_html("[市](https://example.jp) [x](javascript:alert(1))");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn text_keeps_the_words_and_drops_the_markup() {
        assert_eq!(to_text("- **一**\n- `二`\n\n三"), "一 二 三");
    }

    #[test]
    fn lists_become_html_lists() {
        assert_eq!(
            to_html("- 一\n- 二"),
            "<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n"
        );
    }

    #[test]
    fn an_unclosed_comment_is_a_loss_at_its_line() {
        assert_eq!(
            losses("一行目\n\n<!-- メモ\n三行目\n\n四行目"),
            [Loss::UnclosedComment { line: 3 }]
        );
        // In a list item the browser still reads the rest of the field as the comment.
        assert_eq!(
            losses("- 一\n  <!-- メモ\n- 二"),
            [Loss::UnclosedComment { line: 2 }]
        );
        assert_eq!(
            losses("<!-- 閉じた -->\n\n本文\n\n<!-- 閉じない\n\n続き"),
            [Loss::UnclosedComment { line: 5 }]
        );
    }

    #[test]
    fn closed_comments_and_comment_marks_in_text_lose_nothing() {
        for markdown in [
            "本文\n\n<!-- メモ -->\n\n続き",
            "<!---->\n\n本文",
            "`<!--` の書き方",
            "文中の <!-- は文字",
            "<b>太字</b>と<div>囲み</div>",
            "1 < 2 かつ 3 > 2",
        ] {
            assert_eq!(losses(markdown), [], "{markdown}");
        }
    }

    #[test]
    fn a_line_read_as_a_link_definition_is_a_loss_unless_a_link_uses_its_address() {
        assert_eq!(
            losses("本文です。\n\n[注1]: 補足の説明\n"),
            [Loss::Definition {
                line: 3,
                text: "[注1]: 補足の説明".to_owned()
            }]
        );
        assert_eq!(
            losses("本文[注1]です。\n\n[注1]: 補足\n"),
            [Loss::Definition {
                line: 3,
                text: "[注1]: 補足".to_owned()
            }]
        );
        assert_eq!(
            losses("[市のサイト][1]を見てください。\n\n[1]: https://example.jp/\n"),
            []
        );
        assert_eq!(losses("比率は[1]:2です。"), []);
    }

    #[test]
    fn html_removed_with_its_text_is_a_loss_at_its_line() {
        assert_eq!(
            losses("本文\n\n<SCRIPT>\nalert(1)\n</SCRIPT>\n"),
            [Loss::Removed {
                line: 3,
                text: "alert(1)".to_owned()
            }]
        );
        assert_eq!(
            losses("一\n\n二<style>p { color: red }</style>三"),
            [Loss::Removed {
                line: 3,
                text: "p { color: red }".to_owned()
            }]
        );
        for (markdown, lost) in [
            ("<template>型</template>", "型"),
            ("<svg><text>図</text></svg>", "図"),
            ("前<math><mi>x</mi></math>後", "x"),
        ] {
            assert_eq!(
                losses(markdown),
                [Loss::Removed {
                    line: 1,
                    text: lost.to_owned()
                }],
                "{markdown}"
            );
        }
    }

    #[test]
    fn html_whose_text_stays_loses_nothing() {
        for markdown in [
            "<iframe>枠の中</iframe>",
            "<details><summary>要</summary>詳</details>",
            "<b>1 < 2 &amp; 3</b> &#39;引用&#x27;",
            "<span title=\"a\">文</span>",
        ] {
            assert_eq!(losses(markdown), [], "{markdown}");
        }
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = to_html("本文<script>alert(1)</script><img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"));
        assert!(!html.contains("onerror"));
        assert!(html.contains("本文"));
    }
}
