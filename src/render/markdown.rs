//! Free text fields are Markdown; what reaches a page is sanitized HTML.

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

/// Renders Markdown to HTML that is safe to inline: raw HTML in the source is
/// reduced to an allow-list, so a pasted `<script>` is never published.
pub fn to_html(markdown: &str) -> String {
    let events: Vec<Event> = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .collect();
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

#[cfg(test)]
mod tests {
    use super::{SANITIZER, needs_no_sanitizing, to_html, to_text};
    use pulldown_cmark::{Options, Parser, html};

    const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

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
    fn scripts_and_handlers_are_removed() {
        let html = to_html("本文<script>alert(1)</script><img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"));
        assert!(!html.contains("onerror"));
        assert!(html.contains("本文"));
    }
}
