//! The Markdown of posts and comments: a small subset (paragraphs, emphasis, links, lists, quotes,
//! code), bare addresses turned into links, everything else escaped or removed by ammonia; then
//! `@mentions` and `#topics` in the text (not in links or code) become links.

use std::collections::{HashMap, HashSet};

/// The longest topic, in characters.
pub const MAX_TOPIC: usize = 50;

fn name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '-')
}

fn topic_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-')
}

/// The `@name` and `#topic` tokens of a piece of text: (start, sigil, word). A token starts the
/// text or follows a character that is not part of a word (so `jan@voorbeeld.nl` is no
/// mention, and the `#` of an HTML entity such as `&#39;` no topic).
fn tokens(text: &str) -> Vec<(usize, char, &str)> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let starts =
            prev.is_none_or(|p| !(p.is_alphanumeric() || matches!(p, '.' | '_' | '-' | '&' | '/' | '@' | '#')));
        if starts && (c == '@' || c == '#') {
            let rest = &text[i + 1..];
            let allowed = if c == '@' { name_char } else { topic_char };
            let end = rest.find(|ch: char| !allowed(ch)).unwrap_or(rest.len());
            let word = rest[..end].trim_end_matches(['.', '-', '_']);
            let valid = match c {
                '@' => !word.is_empty() && word.len() <= 64,
                _ => {
                    let n = word.chars().count();
                    (2..=MAX_TOPIC).contains(&n) && !word.chars().all(|ch| ch.is_ascii_digit())
                }
            };
            if valid {
                out.push((i, c, word));
            }
        }
        prev = Some(c);
    }
    out
}

/// The login names a text mentions with `@`, lower case, each once, in order.
pub fn mentioned_names(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    tokens(text)
        .into_iter()
        .filter(|(_, sigil, _)| *sigil == '@')
        .map(|(_, _, w)| w.to_lowercase())
        .filter(|w| seen.insert(w.clone()))
        .collect()
}

/// The `#topics` of a text, lower case, each once, in order.
pub fn topics(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    tokens(text)
        .into_iter()
        .filter(|(_, sigil, _)| *sigil == '#')
        .map(|(_, _, w)| w.to_lowercase())
        .filter(|w| seen.insert(w.clone()))
        .collect()
}

/// A topic's page.
pub fn topic_url(topic: &str) -> String {
    let mut url = String::from("/onderwerpen/");
    for b in topic.to_lowercase().bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// `text` safe inside HTML text and attribute values.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Renders `text` as safe HTML, with every `@name` found in `people` (login name → id and name)
/// linked to that person's profile and every `#topic` to its page. Other `@names` stay text.
pub fn render_with_links(text: &str, people: &HashMap<String, (i64, String)>) -> String {
    let html = render(text);
    let mut out = String::with_capacity(html.len() + 64);
    // Text outside tags, and not inside a link or code, gets the links.
    let mut plain_depth = 0usize;
    let mut rest = html.as_str();
    while let Some(lt) = rest.find('<') {
        let (segment, tail) = rest.split_at(lt);
        out.push_str(&if plain_depth == 0 { link_tokens(segment, people) } else { segment.to_owned() });
        let gt = tail.find('>').map_or(tail.len(), |i| i + 1);
        let tag = &tail[..gt];
        let name: String = tag
            .trim_start_matches('<')
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if matches!(name.as_str(), "a" | "code" | "pre") {
            if tag.starts_with("</") {
                plain_depth = plain_depth.saturating_sub(1);
            } else {
                plain_depth += 1;
            }
        }
        out.push_str(tag);
        rest = &tail[gt..];
    }
    out.push_str(&if plain_depth == 0 { link_tokens(rest, people) } else { rest.to_owned() });
    out
}

fn link_tokens(segment: &str, people: &HashMap<String, (i64, String)>) -> String {
    let mut out = String::with_capacity(segment.len());
    let mut at = 0;
    for (i, sigil, word) in tokens(segment) {
        let link = match sigil {
            '@' => people
                .get(&word.to_lowercase())
                .map(|(id, name)| format!(r#"<a href="/mensen/{id}" class="mention">@{}</a>"#, escape(name))),
            _ => Some(format!(r#"<a href="{}" class="topic">#{word}</a>"#, topic_url(word))),
        };
        if let Some(link) = link {
            out.push_str(&segment[at..i]);
            out.push_str(&link);
            at = i + 1 + word.len();
        }
    }
    out.push_str(&segment[at..]);
    out
}

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
    use std::collections::HashMap;

    use super::{mentioned_names, render, render_with_links, topics};

    #[test]
    fn mentions_and_topics_are_found_in_text_only() {
        let text = "Hoi @Jan.Jansen en @piet, zie #Omgevingswet en #2024 of mail jan@voorbeeld.nl #omgevingswet.";
        assert_eq!(mentioned_names(text), vec!["jan.jansen", "piet"]);
        assert_eq!(topics(text), vec!["omgevingswet"], "numbers and repeats are no topics");
        assert_eq!(topics("#é #café-Plein"), vec!["café-plein"]);
        let people: HashMap<String, (i64, String)> = [("jan.jansen".to_owned(), (7, "Jan <Jansen>".to_owned()))].into();
        let html = render_with_links(
            "Hoi @jan.jansen en @onbekend. It's #Zomer `@jan.jansen #code` [#x](https://a.nl/#y)",
            &people,
        );
        assert!(
            html.contains(r#"<a href="/mensen/7" class="mention">@Jan &lt;Jansen&gt;</a> en @onbekend."#),
            "{html}"
        );
        assert!(html.contains(r#"<a href="/onderwerpen/zomer" class="topic">#Zomer</a>"#), "{html}");
        assert!(html.contains("<code>@jan.jansen #code</code>"), "no links in code: {html}");
        assert!(html.contains("It&#39;s") || html.contains("It's"), "entities stay whole: {html}");
        assert_eq!(html.matches("class=\"topic\"").count(), 1, "none inside a link: {html}");
        assert!(render_with_links("café #straße", &HashMap::new()).contains(r#"href="/onderwerpen/stra%C3%9Fe""#));
    }

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
