//! Free text fields are Markdown; what reaches a page is sanitized HTML.

use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, TagEnd, html};

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
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    html::push_html(&mut unsafe_html, parser);
    SANITIZER.clean(&unsafe_html).to_string()
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
    use super::{to_html, to_text};

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
