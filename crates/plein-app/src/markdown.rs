//! The Markdown of posts and comments: a small subset (paragraphs, emphasis, links, lists, quotes,
//! code), bare addresses turned into links, everything else escaped or removed by ammonia.

use std::collections::HashSet;

/// Renders `text` as safe HTML.
pub fn render(text: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.autolink = true;
    options.extension.strikethrough = true;
    options.render.hardbreaks = true;
    // Raw HTML in the text is shown as text, never passed on.
    options.render.escape = true;
    let html = comrak::markdown_to_html(text, &options);
    let tags: HashSet<&str> =
        ["p", "br", "strong", "em", "del", "a", "ul", "ol", "li", "code", "pre", "blockquote"].into_iter().collect();
    ammonia::Builder::default()
        .tags(tags)
        .tag_attributes(Default::default())
        .add_tag_attributes("a", ["href"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .clean(&html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_is_a_safe_subset() {
        assert_eq!(render("**Vet** en _schuin_"), "<p><strong>Vet</strong> en <em>schuin</em></p>\n");
        let link = render("Zie https://www.voorbeeld.nl/nieuws voor meer");
        assert!(
            link.contains(r#"<a href="https://www.voorbeeld.nl/nieuws" rel="noopener noreferrer nofollow ugc">"#),
            "{link}"
        );
        for evil in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[klik](javascript:alert(1))",
            "<a href=\"https://x\" onclick=\"alert(1)\">x</a>",
        ] {
            let html = render(evil);
            // Every tag left is an allowed one, with no attributes but a safe link's.
            for tag in html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or_default()) {
                let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or_default();
                assert!(["p", "a", "br"].contains(&name), "{name} in {html}");
                assert!(!tag.contains("on") || tag.starts_with("a href=\"https://x\" rel="), "{tag} in {html}");
                assert!(!tag.contains("javascript"), "{tag} in {html}");
            }
        }
        assert_eq!(render("# Kop"), "Kop\n", "no headings in a post");
        assert!(render("regel een\nregel twee").contains("<br>"));
    }
}
