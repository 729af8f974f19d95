//! Illustrated portraits for the demo's people, drawn here (nothing is downloaded): a head and
//! shoulders in flat colours, with a hair style, skin tone, clothes and background from a seed,
//! so the stream, the people directory and the members lists show faces as they would in use.

use image::imageops::FilterType;
use image::{DynamicImage, Rgb, RgbImage};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::images::IMAGE_SIZE;

/// Drawn at twice the stored size and scaled down, for smooth edges.
const CANVAS: u32 = IMAGE_SIZE * 2;

const BACKGROUNDS: [[u8; 3]; 8] = [
    [0xd6, 0xe4, 0xf0],
    [0xf3, 0xe1, 0xc9],
    [0xdc, 0xee, 0xd9],
    [0xee, 0xd9, 0xe4],
    [0xe4, 0xe0, 0xf2],
    [0xf6, 0xec, 0xc2],
    [0xd5, 0xec, 0xec],
    [0xe9, 0xe3, 0xdb],
];
const SKINS: [[u8; 3]; 6] = [
    [0xf5, 0xd0, 0xb5],
    [0xea, 0xbd, 0x9d],
    [0xd9, 0xa4, 0x7c],
    [0xb9, 0x80, 0x5a],
    [0x8d, 0x5a, 0x3b],
    [0x62, 0x3d, 0x28],
];
const HAIRS: [[u8; 3]; 7] = [
    [0x2b, 0x1d, 0x16],
    [0x4a, 0x2f, 0x1f],
    [0x7a, 0x4e, 0x2d],
    [0xb8, 0x86, 0x4b],
    [0xd9, 0xb3, 0x6c],
    [0x9a, 0x9a, 0x9a],
    [0xa3, 0x3f, 0x22],
];
const CLOTHES: [[u8; 3]; 8] = [
    [0x1a, 0x4f, 0x8b],
    [0x1e, 0x6b, 0x32],
    [0x6b, 0x2c, 0x91],
    [0xa0, 0x1d, 0x23],
    [0x3d, 0x53, 0x74],
    [0x00, 0x5a, 0x70],
    [0x86, 0x3d, 0x15],
    [0x44, 0x44, 0x44],
];

/// Fills the ellipse at (`cx`, `cy`) with radii `rx`, `ry` (in units of the 256-pixel portrait),
/// where `keep` allows the pixel.
fn ellipse(
    img: &mut RgbImage,
    (cx, cy): (f32, f32),
    (rx, ry): (f32, f32),
    colour: [u8; 3],
    keep: impl Fn(f32, f32) -> bool,
) {
    let scale = (CANVAS / IMAGE_SIZE) as f32;
    let (cx, cy, rx, ry) = (cx * scale, cy * scale, rx * scale, ry * scale);
    let x0 = (cx - rx).max(0.0) as u32;
    let x1 = ((cx + rx) as u32).min(CANVAS - 1);
    let y0 = (cy - ry).max(0.0) as u32;
    let y1 = ((cy + ry) as u32).min(CANVAS - 1);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let (dx, dy) = ((x as f32 - cx) / rx, (y as f32 - cy) / ry);
            if dx * dx + dy * dy <= 1.0 && keep(x as f32 / scale, y as f32 / scale) {
                img.put_pixel(x, y, Rgb(colour));
            }
        }
    }
}

fn darker([r, g, b]: [u8; 3], by: f32) -> [u8; 3] {
    [(f32::from(r) * by) as u8, (f32::from(g) * by) as u8, (f32::from(b) * by) as u8]
}

/// A portrait for `seed`, as the stored square JPEG of [`IMAGE_SIZE`].
pub(super) fn portrait(seed: u64) -> crate::Result<Vec<u8>> {
    let mut rng = StdRng::seed_from_u64(seed);
    let pick = |rng: &mut StdRng, n: usize| rng.random_range(0..n);
    let background = BACKGROUNDS[pick(&mut rng, BACKGROUNDS.len())];
    let skin = SKINS[pick(&mut rng, SKINS.len())];
    let hair = HAIRS[pick(&mut rng, HAIRS.len())];
    let clothes = CLOTHES[pick(&mut rng, CLOTHES.len())];
    let style = pick(&mut rng, 5);
    let glasses = rng.random_bool(0.25);
    let all = |_: f32, _: f32| true;

    let mut img = RgbImage::from_pixel(CANVAS, CANVAS, Rgb(background));
    // Long hair falls behind the shoulders and the head.
    if style == 3 {
        ellipse(&mut img, (128.0, 140.0), (68.0, 92.0), hair, |_, y| y < 215.0);
    }
    ellipse(&mut img, (128.0, 292.0), (112.0, 96.0), clothes, all);
    ellipse(&mut img, (128.0, 205.0), (34.0, 22.0), darker(clothes, 0.8), all);
    ellipse(&mut img, (128.0, 178.0), (24.0, 34.0), darker(skin, 0.9), |_, y| y < 205.0);
    ellipse(&mut img, (128.0, 118.0), (52.0, 62.0), skin, all);
    ellipse(&mut img, (77.0, 122.0), (8.0, 13.0), darker(skin, 0.92), all);
    ellipse(&mut img, (179.0, 122.0), (8.0, 13.0), darker(skin, 0.92), all);
    match style {
        // Short hair: a cap over the top of the head.
        0 | 3 => ellipse(&mut img, (128.0, 92.0), (56.0, 44.0), hair, |_, y| y < 98.0),
        // A side parting.
        1 => {
            ellipse(&mut img, (128.0, 90.0), (57.0, 46.0), hair, |_, y| y < 100.0);
            ellipse(&mut img, (100.0, 100.0), (30.0, 14.0), hair, all);
        }
        // A bun on top.
        2 => {
            ellipse(&mut img, (128.0, 92.0), (56.0, 44.0), hair, |_, y| y < 96.0);
            ellipse(&mut img, (128.0, 50.0), (24.0, 20.0), hair, all);
        }
        // Very short, or none.
        _ => ellipse(&mut img, (128.0, 88.0), (50.0, 34.0), darker(skin, 0.85), |_, y| y < 78.0),
    }
    let eye = [0x22, 0x22, 0x2a];
    ellipse(&mut img, (108.0, 120.0), (5.0, 5.5), eye, all);
    ellipse(&mut img, (148.0, 120.0), (5.0, 5.5), eye, all);
    ellipse(&mut img, (128.0, 152.0), (14.0, 6.0), darker(skin, 0.7), |_, y| y > 151.0);
    if glasses {
        let frame = [0x30, 0x30, 0x38];
        for cx in [108.0, 148.0] {
            ellipse(&mut img, (cx, 120.0), (15.0, 13.0), frame, |x, y| {
                let (dx, dy) = ((x - cx) / 12.5, (y - 120.0) / 10.5);
                dx * dx + dy * dy > 1.0
            });
        }
        ellipse(&mut img, (128.0, 119.0), (6.0, 2.0), frame, all);
    }
    let small = DynamicImage::ImageRgb8(img).resize_exact(IMAGE_SIZE, IMAGE_SIZE, FilterType::Lanczos3);
    let mut out = Vec::new();
    small
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82))
        .map_err(|e| crate::error::Failure::Export(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portraits_are_square_jpegs_that_differ_by_seed() {
        let a = portrait(1).unwrap_or_default();
        let b = portrait(2).unwrap_or_default();
        let decoded = image::load_from_memory(&a).map(|i| (i.width(), i.height())).ok();
        assert_eq!(decoded, Some((IMAGE_SIZE, IMAGE_SIZE)));
        assert_ne!(a, b);
        assert_eq!(a, portrait(1).unwrap_or_default(), "the same seed draws the same person");
    }
}
