//! A person's face wherever a person shows: their photo, or their initials on a colour derived
//! from their id. The name is always written beside the face, so the face itself is decoration
//! (empty `alt`, `aria-hidden`).

use std::fmt;

/// How large a face is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaceSize {
    /// 32 px: comments, likers, notifications, the header.
    Small,
    /// 48 px: posts, people cards, members.
    Medium,
    /// 96 px: a person's page.
    Large,
}

impl FaceSize {
    fn pixels(self) -> u32 {
        match self {
            FaceSize::Small => 32,
            FaceSize::Medium => 48,
            FaceSize::Large => 96,
        }
    }

    fn class(self) -> &'static str {
        match self {
            FaceSize::Small => "face--s",
            FaceSize::Medium => "face--m",
            FaceSize::Large => "face--l",
        }
    }

    /// The stored thumbnail that is sharp at this size on a screen of twice the density.
    fn format(self) -> &'static str {
        match self {
            FaceSize::Small | FaceSize::Medium => "&formaat=klein",
            FaceSize::Large => "",
        }
    }
}

/// One person's face, ready to render with `{{ face|safe }}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Face {
    id: i64,
    initials: String,
    photo: Option<i64>,
    size: FaceSize,
}

/// How many background colours initials are drawn on (`face--c0` … in plein.css, each with
/// white text at a contrast of at least 4.5:1).
const COLOURS: i64 = 8;

impl Face {
    /// The face of person `id` called `name`, with the version of their photo if they have one.
    pub fn new(id: i64, name: &str, photo: Option<i64>, size: FaceSize) -> Face {
        Face { id, initials: initials(name), photo, size }
    }
}

impl fmt::Display for Face {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let px = self.size.pixels();
        let size = self.size.class();
        match self.photo {
            Some(v) => write!(
                f,
                r#"<img class="face {size}" src="/mensen/{id}/foto?v={v}{format}" alt="" width="{px}" height="{px}" loading="lazy" decoding="async">"#,
                id = self.id,
                format = self.size.format(),
            ),
            None => write!(
                f,
                r#"<span class="face {size} face--c{colour}" aria-hidden="true">{initials}</span>"#,
                colour = self.id.rem_euclid(COLOURS),
                // Letters and digits only (see `initials`): nothing to escape.
                initials = self.initials,
            ),
        }
    }
}

/// Words that start a Dutch surname but are not its initial ("Mila de Vries" is MV).
const PARTICLES: &[&str] = &[
    "de", "den", "der", "van", "von", "het", "'t", "ten", "ter", "te", "in", "op", "la", "le", "du", "d'", "al", "el",
];

/// Up to two initials: the first name's and the surname's, skipping the particles in between.
/// Only letters and digits.
pub fn initials(name: &str) -> String {
    let initial = |w: &str| w.chars().find(|c| c.is_alphanumeric()).map(|c| c.to_uppercase().collect::<String>());
    let words: Vec<&str> = name.split_whitespace().filter(|w| initial(w).is_some() || PARTICLES.contains(w)).collect();
    let first = words.first().and_then(|w| initial(w));
    let last =
        words.iter().skip(1).rev().find(|w| !PARTICLES.contains(&w.to_lowercase().as_str())).and_then(|w| initial(w));
    match (first, last) {
        (Some(a), Some(b)) => a + &b,
        (Some(a), None) => a,
        _ => "?".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_skip_dutch_particles() {
        for (name, expected) in [
            ("Mila de Vries", "MV"),
            ("Jan van der Berg", "JB"),
            ("Gea Gast", "GG"),
            ("Aad", "A"),
            ("  émile   zola ", "ÉZ"),
            ("Anne-Marie van 't Hek", "AH"),
            ("", "?"),
            ("<b>", "B"),
        ] {
            assert_eq!(initials(name), expected, "{name}");
        }
    }

    #[test]
    fn a_face_is_a_photo_or_escaped_initials_on_a_colour_from_the_id() {
        let photo = Face::new(7, "Mila de Vries", Some(123), FaceSize::Small).to_string();
        assert!(
            photo.starts_with(r#"<img class="face face--s" src="/mensen/7/foto?v=123&formaat=klein" alt="""#),
            "{photo}"
        );
        assert!(photo.contains(r#"loading="lazy""#));
        let large = Face::new(7, "Mila de Vries", Some(123), FaceSize::Large).to_string();
        assert!(large.contains(r#"src="/mensen/7/foto?v=123" "#), "{large}");
        let initials = Face::new(11, "Mila de Vries", None, FaceSize::Medium).to_string();
        assert_eq!(initials, r#"<span class="face face--m face--c3" aria-hidden="true">MV</span>"#);
        assert!(Face::new(1, "& co", None, FaceSize::Small).to_string().contains(">C<"));
    }
}
