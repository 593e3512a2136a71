//! Free text fields are Markdown; what reaches a page is sanitized HTML.

use pulldown_cmark::{Options, Parser, html};

/// Renders Markdown to HTML that is safe to inline: raw HTML in the source is
/// reduced to an allow-list, so a pasted `<script>` is never published.
pub fn to_html(markdown: &str) -> String {
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    html::push_html(&mut unsafe_html, parser);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::to_html;

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
