//! Theme colours and their contrast (WCAG 2.1): the intranet's own primary, header and link
//! colours are checked against what they are shown on before they are saved: 4.5:1 for text,
//! 3:1 for controls and focus rings. The check names the pair that fails and its ratio.

/// A colour as `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colour {
    r: u8,
    g: u8,
    b: u8,
}

impl Colour {
    /// White, the text on buttons and in the header.
    pub const WHITE: Colour = Colour { r: 0xff, g: 0xff, b: 0xff };
    /// The page background.
    pub const PAGE: Colour = Colour { r: 0xf4, g: 0xf6, b: 0xf8 };
    /// The yellow of focus rings.
    pub const FOCUS: Colour = Colour { r: 0xff, g: 0xdd, b: 0x00 };

    /// A colour of these channels.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Colour {
        Colour { r, g, b }
    }

    /// Reads `#rrggbb` (or `rrggbb`, `#rgb`), in any case.
    pub fn parse(text: &str) -> Option<Colour> {
        let hex = text.trim().trim_start_matches('#');
        let hex: String = match hex.len() {
            3 => hex.chars().flat_map(|c| [c, c]).collect(),
            6 => hex.to_owned(),
            _ => return None,
        };
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).ok();
        Some(Colour { r: byte(0)?, g: byte(2)?, b: byte(4)? })
    }

    /// `#rrggbb`, lower case.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Relative luminance (WCAG 2.1).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }

    /// The contrast ratio with `other`, from 1 to 21.
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }

    /// The colour mixed with black by `amount` (0 to 1): for hover and pressed states.
    pub fn darker(self, amount: f64) -> Colour {
        let keep = (1.0 - amount).clamp(0.0, 1.0);
        let scale = |c: u8| (f64::from(c) * keep).round().clamp(0.0, 255.0) as u8;
        Colour { r: scale(self.r), g: scale(self.g), b: scale(self.b) }
    }

    /// The colour mixed with white by `amount` (0 to 1): for tints.
    pub fn lighter(self, amount: f64) -> Colour {
        let amount = amount.clamp(0.0, 1.0);
        let mix = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * amount).round().clamp(0.0, 255.0) as u8;
        Colour { r: mix(self.r), g: mix(self.g), b: mix(self.b) }
    }
}

/// An intranet's own colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Buttons, the selected state, focus of controls.
    pub primary: Colour,
    /// The header's background.
    pub header: Colour,
    /// Links in text.
    pub link: Colour,
}

/// A pair of colours that does not reach the contrast it needs.
#[derive(Clone, Debug, PartialEq)]
pub struct ContrastFailure {
    /// Which pair (`primary-text`, `primary-control`, `header-text`, `header-focus`, `link-text`).
    pub pair: &'static str,
    /// The contrast it has.
    pub ratio: f64,
    /// The contrast it needs.
    pub needed: f64,
}

/// Text needs 4.5:1 (WCAG 2.1 SC 1.4.3).
pub const TEXT: f64 = 4.5;
/// Controls and focus rings need 3:1 (SC 1.4.11).
pub const CONTROL: f64 = 3.0;

impl Theme {
    /// The pairs a theme puts side by side, with what each needs: (name, one, other, needed).
    pub fn pairs(&self) -> [(&'static str, Colour, Colour, f64); 5] {
        [
            // White text on a primary button.
            ("primary-text", self.primary, Colour::WHITE, TEXT),
            // A secondary button's border and a selected tab on the page.
            ("primary-control", self.primary, Colour::PAGE, CONTROL),
            // White text in the header.
            ("header-text", self.header, Colour::WHITE, TEXT),
            // The yellow focus ring around what is focused in the header.
            ("header-focus", self.header, Colour::FOCUS, CONTROL),
            // Links on the page's background (and on cards, which are whiter).
            ("link-text", self.link, Colour::PAGE, TEXT),
        ]
    }

    /// Checks every pair; the first that fails, with its ratio.
    pub fn check(&self) -> Result<(), ContrastFailure> {
        for (pair, a, b, needed) in self.pairs() {
            let ratio = a.contrast(b);
            if ratio < needed {
                return Err(ContrastFailure { pair, ratio, needed });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Colour {
        Colour::parse(s).unwrap_or(Colour::WHITE)
    }

    #[test]
    fn contrast_ratios_follow_wcag() {
        // Known ratios: black on white is 21, the same colour 1, WebAIM's examples.
        assert!((c("#000000").contrast(c("#ffffff")) - 21.0).abs() < 0.01);
        assert!((c("#777777").contrast(c("#777777")) - 1.0).abs() < 0.001);
        assert!((c("#767676").contrast(c("#ffffff")) - 4.54).abs() < 0.01);
        assert!((c("#777777").contrast(c("#ffffff")) - 4.48).abs() < 0.01);
        assert!((c("#1a4f8b").contrast(c("#ffffff")) - 8.28).abs() < 0.01);
        assert_eq!(c("#FFF"), c("#ffffff"));
        assert_eq!(Colour::parse("1a4f8b").map(Colour::hex), Some("#1a4f8b".into()));
        for bad in ["", "#12345", "#gggggg", "blue", "#1234567", "rgb(0,0,0)"] {
            assert_eq!(Colour::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_theme_is_checked_pair_by_pair() {
        // (primary, header, link) → the first failing pair, or none.
        let table: &[(&str, &str, &str, Option<&str>)] = &[
            ("#1a4f8b", "#1a4f8b", "#1a4f8b", None),
            ("#00634f", "#004c3f", "#00634f", None),
            // Light blue: white text on it is unreadable.
            ("#5aa9e6", "#1a4f8b", "#1a4f8b", Some("primary-text")),
            // A pale header loses its white text.
            ("#1a4f8b", "#9fc5e8", "#1a4f8b", Some("header-text")),
            // Links in light grey.
            ("#1a4f8b", "#1a4f8b", "#999999", Some("link-text")),
            // A yellow header hides the yellow focus ring (and white text).
            ("#1a4f8b", "#e6c200", "#1a4f8b", Some("header-text")),
        ];
        for (primary, header, link, failing) in table {
            let theme = Theme { primary: c(primary), header: c(header), link: c(link) };
            let result = theme.check();
            assert_eq!(result.as_ref().err().map(|f| f.pair), *failing, "{primary} {header} {link}");
            if let Err(f) = result {
                assert!(f.ratio < f.needed);
            }
        }
        // A dark header with white text passes text contrast but must still show the focus ring.
        let dark_header = Theme { primary: c("#1a4f8b"), header: c("#000000"), link: c("#1a4f8b") };
        assert_eq!(dark_header.check(), Ok(()));
    }
}
