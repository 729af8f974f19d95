//! Uploaded images: read within limits (no decompression bombs), one memory budget for all
//! decoding at once, stored as JPEG (a post's picture and thumbnail, or a small square).

mod budget;

pub use budget::DECODE_BUDGET_MIB;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::error::{Code, Error, Failure, Result};

/// Stored images are squares of this many pixels.
pub const IMAGE_SIZE: u32 = 256;
/// The widest or tallest image decoded (larger ones are refused before decoding).
pub const MAX_IMAGE_SIDE: u32 = 8000;
/// The most bytes one picture's decoded pixels may take (8000 × 8000 RGBA takes 244 MiB).
const MAX_DECODED_BYTES: u64 = 300 * 1024 * 1024;
/// The longest side of an image shown with a post.
pub const POST_IMAGE_SIDE: u32 = 1600;
/// The longest side of its thumbnail in a stream.
pub const THUMB_SIDE: u32 = 640;

/// Pictures of more pixels than this must not be compressed beyond [`MAX_PIXELS_PER_BYTE`].
/// Below it the decoding budget is protection enough; above it a picture takes 120 MB or more as
/// RGB, and one that arrives in a few hundred KB is a decompression bomb, not a photo.
const BOMB_PIXELS: u64 = 40_000_000;
/// The most pixels one byte of a picture above [`BOMB_PIXELS`] may stand for. Photos take 0.3 to
/// 1 byte a pixel as JPEG; even flat PNG screenshots take about 0.01 (100 pixels a byte). An
/// 8000 × 8000 PNG of zeros takes 0.004 byte a pixel as RGBA (250 pixels a byte) and 0.001 as
/// grey, near deflate's limit of about 1000 to 1. At 200, real pictures keep twice the room.
const MAX_PIXELS_PER_BYTE: u64 = 200;

/// A file that is not an image we read (PNG, JPEG, GIF or WebP).
fn not_image() -> Error {
    Error::invalid("image", Code::ImageNotImage)
}

/// A picture with more pixels than we decode.
fn too_large() -> Error {
    Error::invalid("image", Code::ImageTooLarge)
}

/// What an upload becomes; it decides how far the pixels are brought down.
#[derive(Clone, Copy, Debug)]
enum Purpose {
    /// A post's picture and thumbnail.
    Post,
    /// A square photo of [`IMAGE_SIZE`].
    Square,
}

impl Purpose {
    /// The size that decoded pixels much larger than needed are first brought down to with a quick
    /// box filter: twice what the Lanczos resize then makes, so it keeps the detail. This spares
    /// the resize's floating-point buffer (16 bytes a pixel) the full picture.
    fn reduced(self, width: u32, height: u32) -> Option<(u32, u32)> {
        match self {
            Purpose::Post => {
                (width.max(height) > 2 * POST_IMAGE_SIDE).then(|| scaled(width, height, 2 * POST_IMAGE_SIDE, false))
            }
            Purpose::Square => {
                (width.min(height) > 2 * IMAGE_SIZE).then(|| scaled(width, height, 2 * IMAGE_SIZE, true))
            }
        }
    }
}

/// `width` × `height` scaled to fit in a `side` × `side` square, or with `cover` to cover it.
fn scaled(width: u32, height: u32, side: u32, cover: bool) -> (u32, u32) {
    let (w, h, side) = (u64::from(width.max(1)), u64::from(height.max(1)), u64::from(side));
    let by = if (w >= h) != cover { w } else { h };
    let dim = |d: u64| u32::try_from((d * side + by / 2) / by).unwrap_or(u32::MAX).max(1);
    (dim(w), dim(h))
}

fn area(width: u32, height: u32) -> u64 {
    u64::from(width) * u64::from(height)
}

/// What a picture's header says, read before any pixels are.
#[derive(Clone, Copy, Debug)]
struct Header {
    width: u32,
    height: u32,
    /// Of the decoded pixels (3 for RGB, 4 for RGBA, up to 8 for 16-bit PNGs).
    bytes_per_pixel: u64,
    /// The decoder's own buffers, per pixel, at worst: a progressive JPEG keeps every coefficient
    /// (6 bytes a pixel), WebP and GIF decode into a buffer of their own first.
    scratch_per_pixel: u64,
}

impl Header {
    /// The most bytes that turning this picture into `purpose`'s pictures holds at once. Each step
    /// keeps its input until its output is made: decoding (with the decoder's buffers), bringing
    /// down ([`Purpose::reduced`]), converting to RGB, resizing (RGB in, a floating-point buffer
    /// of the input's width by the output's height, RGB out).
    fn working_set(self, purpose: Purpose) -> u64 {
        let decoded = area(self.width, self.height) * self.bytes_per_pixel;
        let decoding = decoded + area(self.width, self.height) * self.scratch_per_pixel;
        let (width, height, native, reducing) = match purpose.reduced(self.width, self.height) {
            Some((w, h)) => (w, h, area(w, h) * self.bytes_per_pixel, decoded + area(w, h) * self.bytes_per_pixel),
            None => (self.width, self.height, decoded, decoded),
        };
        let rgb = area(width, height) * 3;
        let converting = native + rgb;
        let resizing = match purpose {
            Purpose::Post => {
                let (w, h) = scaled(width, height, POST_IMAGE_SIDE, false);
                rgb + area(width, h) * 16 + area(w, h) * 3
            }
            Purpose::Square => {
                let side = width.min(height);
                rgb + area(side, side) * 3 + area(side, IMAGE_SIZE) * 16 + area(IMAGE_SIZE, IMAGE_SIZE) * 3
            }
        };
        decoding.max(reducing).max(converting).max(resizing)
    }
}

/// A reader for a PNG, JPEG, GIF or WebP, within the limits.
fn reader(bytes: &[u8]) -> Result<ImageReader<std::io::Cursor<&[u8]>>> {
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().map_err(|_| not_image())?;
    if !matches!(reader.format(), Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP)) {
        return Err(not_image());
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    Ok(reader)
}

fn refusal(e: image::ImageError) -> Error {
    match e {
        image::ImageError::Limits(_) => too_large(),
        _ => not_image(),
    }
}

/// Whether `pixels` arriving in `bytes` is a decompression bomb (see [`MAX_PIXELS_PER_BYTE`]).
fn is_bomb(pixels: u64, bytes: usize) -> bool {
    pixels > BOMB_PIXELS && pixels > (bytes as u64).saturating_mul(MAX_PIXELS_PER_BYTE)
}

/// Reads the header only: refuses what is not an image, too large, or a bomb.
fn header(bytes: &[u8]) -> Result<Header> {
    let reader = reader(bytes)?;
    let scratch_per_pixel = match reader.format() {
        Some(ImageFormat::Jpeg) => 6,
        Some(ImageFormat::Gif | ImageFormat::WebP) => 4,
        _ => 0,
    };
    let decoder = reader.into_decoder().map_err(refusal)?;
    let (width, height) = decoder.dimensions();
    let bytes_per_pixel = u64::from(decoder.color_type().bytes_per_pixel());
    if width > MAX_IMAGE_SIDE
        || height > MAX_IMAGE_SIDE
        || area(width, height) * bytes_per_pixel > MAX_DECODED_BYTES
        || is_bomb(area(width, height), bytes.len())
    {
        return Err(too_large());
    }
    Ok(Header { width, height, bytes_per_pixel, scratch_per_pixel })
}

/// Decodes a picture whose [`header`] passed.
fn decode(bytes: &[u8]) -> Result<DynamicImage> {
    reader(bytes)?.decode().map_err(refusal)
}

// The pixels stay a `DynamicImage` throughout: its methods are compiled (and optimised) in the image
// crate, where generic `imageops` calls would be compiled here, unoptimised in tests.

/// Decoded pixels brought down to what `purpose` needs, as RGB; the full picture is freed as soon
/// as it is no longer needed.
fn reduce(image: DynamicImage, purpose: Purpose) -> DynamicImage {
    let image = match purpose.reduced(image.width(), image.height()) {
        Some((width, height)) => {
            let smaller = image.thumbnail_exact(width, height);
            drop(image);
            smaller
        }
        None => image,
    };
    DynamicImage::ImageRgb8(image.into_rgb8())
}

/// `image` scaled down to fit in a `side` × `side` square, or `None` if it fits already.
fn shrunk(image: &DynamicImage, side: u32) -> Option<DynamicImage> {
    (image.width() > side || image.height() > side).then(|| image.resize(side, side, FilterType::Lanczos3))
}

/// An RGB picture as JPEG.
fn jpeg(image: &DynamicImage) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    image
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85))
        .map_err(|e| Failure::Export(e.to_string()))?;
    Ok(out)
}

/// The centre square of a picture, at [`IMAGE_SIZE`]. The square is cut before scaling: scaling a
/// long thin picture to cover the square first would make it enormous (8000 × 1 pixels would
/// become 2,048,000 × 256).
fn square_of(image: DynamicImage) -> DynamicImage {
    let rgb = reduce(image, Purpose::Square);
    // After `reduce` the shorter side is at most 512 pixels: the cut is small.
    let side = rgb.width().min(rgb.height());
    let centre = rgb.crop_imm((rgb.width() - side) / 2, (rgb.height() - side) / 2, side, side);
    drop(rgb);
    centre.resize_exact(IMAGE_SIZE, IMAGE_SIZE, FilterType::Lanczos3)
}

fn square_jpeg(bytes: &[u8]) -> Result<Vec<u8>> {
    jpeg(&square_of(decode(bytes)?))
}

/// An image for a post: the picture (at most [`POST_IMAGE_SIDE`]) and its thumbnail, as JPEG.
#[derive(Clone, Debug)]
pub struct PostImage {
    /// The picture.
    pub jpeg: Vec<u8>,
    /// The thumbnail.
    pub thumb: Vec<u8>,
    /// The thumbnail's width.
    pub width: u32,
    /// The thumbnail's height.
    pub height: u32,
}

fn post_image(bytes: &[u8]) -> Result<PostImage> {
    post_image_of(decode(bytes)?)
}

/// A decoded picture as a post's picture and thumbnail (never enlarged).
pub(crate) fn post_image_of(image: DynamicImage) -> Result<PostImage> {
    let rgb = reduce(image, Purpose::Post);
    let picture = shrunk(&rgb, POST_IMAGE_SIDE).unwrap_or(rgb);
    let thumb = shrunk(&picture, THUMB_SIDE);
    let thumb = thumb.as_ref().unwrap_or(&picture);
    Ok(PostImage { jpeg: jpeg(&picture)?, width: thumb.width(), height: thumb.height(), thumb: jpeg(thumb)? })
}

/// Reads an upload's header off the async threads, then waits for its share of the decoding
/// budget and turns it into `purpose`'s pictures with `make`.
async fn process_as<T: Send + 'static>(upload: Vec<u8>, purpose: Purpose, make: fn(&[u8]) -> Result<T>) -> Result<T> {
    let internal = |e: tokio::task::JoinError| Error::Internal(Failure::Export(e.to_string()));
    let (header, upload) = tokio::task::spawn_blocking(move || (header(&upload), upload)).await.map_err(internal)?;
    budget::run(header?.working_set(purpose), move || make(&upload)).await?
}

/// Turns an upload into a post's picture and thumbnail, off the async threads and within the
/// decoding budget.
pub async fn process_post_image(upload: Vec<u8>) -> Result<PostImage> {
    process_as(upload, Purpose::Post, post_image).await
}

/// Turns an upload into a logo (`side` 512) or favicon (`side` 64): a PNG that fits in a square
/// of that side, never enlarged, with its transparency; off the async threads and within the
/// decoding budget.
pub async fn process_logo(upload: Vec<u8>, side: u32) -> Result<Vec<u8>> {
    let make: fn(&[u8]) -> Result<Vec<u8>> = if side <= 64 { favicon_png } else { logo_png };
    process_as(upload, Purpose::Square, make).await
}

fn logo_png(bytes: &[u8]) -> Result<Vec<u8>> {
    png_within(bytes, 512)
}

fn favicon_png(bytes: &[u8]) -> Result<Vec<u8>> {
    png_within(bytes, 64)
}

fn png_within(bytes: &[u8], side: u32) -> Result<Vec<u8>> {
    let image = decode(bytes)?;
    let image = shrunk(&image, side).unwrap_or(image);
    let mut out = std::io::Cursor::new(Vec::new());
    image.to_rgba8().write_to(&mut out, image::ImageFormat::Png).map_err(|e| Failure::Export(e.to_string()))?;
    Ok(out.into_inner())
}

/// The side of a face's small thumbnail: sharp at 48 CSS pixels on a screen of twice the density.
pub const FACE_THUMB_SIDE: u32 = 96;

/// A stored square photo (our own JPEG of [`IMAGE_SIZE`]) as the small thumbnail faces in lists
/// use, off the async threads.
pub async fn face_thumbnail(stored: Vec<u8>) -> Result<Vec<u8>> {
    let internal = |e: tokio::task::JoinError| Error::Internal(Failure::Export(e.to_string()));
    tokio::task::spawn_blocking(move || {
        let image = image::load_from_memory_with_format(&stored, ImageFormat::Jpeg).map_err(refusal)?;
        jpeg(&DynamicImage::ImageRgb8(image.into_rgb8()).resize_exact(
            FACE_THUMB_SIDE,
            FACE_THUMB_SIDE,
            FilterType::Lanczos3,
        ))
    })
    .await
    .map_err(internal)?
}

/// Turns an upload into the stored square JPEG, off the async threads and within the decoding
/// budget.
pub async fn process(upload: Vec<u8>) -> Result<Vec<u8>> {
    process_as(upload, Purpose::Square, square_jpeg).await
}

#[cfg(test)]
mod tests {
    use super::*;

    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};

    /// The code of a refused upload; `None` when it was accepted.
    fn code<T>(result: Result<T>) -> Option<Code> {
        result.err().and_then(|e| e.code())
    }

    /// A PNG of one colour.
    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(width, height, image::Rgb([26, 79, 139]));
        let mut out = Vec::new();
        PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::NoFilter)
            .write_image(&img, width, height, image::ExtendedColorType::Rgb8)
            .ok();
        out
    }

    /// A grey PNG of zeros, compressed as far as deflate goes: 8000 × 8000 is about 62 KB.
    fn zeros_png(width: u32, height: u32) -> Vec<u8> {
        let zeros = vec![0u8; area(width, height) as usize];
        let mut out = Vec::new();
        PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::NoFilter)
            .write_image(&zeros, width, height, image::ExtendedColorType::L8)
            .ok();
        out
    }

    #[test]
    fn images_become_small_squares() {
        let jpeg = square_jpeg(&png(640, 480)).ok().unwrap_or_default();
        let back = image::load_from_memory(&jpeg).ok().map(|i| (i.width(), i.height()));
        assert_eq!(back, Some((IMAGE_SIZE, IMAGE_SIZE)));
    }

    #[test]
    fn a_long_thin_photo_becomes_its_centre_square() {
        // Red at the ends, blue in the middle: only the middle is kept.
        let img = image::RgbImage::from_fn(MAX_IMAGE_SIDE, 2, |x, _| {
            if (3999..4001).contains(&x) { image::Rgb([0, 0, 255]) } else { image::Rgb([255, 0, 0]) }
        });
        let square = square_of(DynamicImage::ImageRgb8(img));
        assert_eq!((square.width(), square.height()), (IMAGE_SIZE, IMAGE_SIZE));
        let centre = square.to_rgb8().get_pixel(IMAGE_SIZE / 2, IMAGE_SIZE / 2).0;
        assert!(centre[2] > 200 && centre[0] < 50, "{centre:?}");
    }

    #[test]
    fn post_images_keep_their_shape_and_get_a_thumbnail() {
        let Ok(image) = post_image(&png(2000, 1000)) else { panic!("a PNG is an image") };
        let full = image::load_from_memory(&image.jpeg).ok().map(|i| (i.width(), i.height()));
        assert_eq!(full, Some((POST_IMAGE_SIDE, POST_IMAGE_SIDE / 2)));
        assert_eq!((image.width, image.height), (THUMB_SIDE, THUMB_SIDE / 2));
        let Ok(small) = post_image(&png(300, 200)) else { panic!("a PNG is an image") };
        assert_eq!((small.width, small.height), (300, 200), "never enlarged");
        assert_eq!(code(post_image(b"%PDF-1.7")), Some(Code::ImageNotImage));
    }

    #[test]
    fn large_pictures_are_brought_down_before_they_are_resized() {
        let blue = image::Rgba([26, 79, 139, 255]);
        let big = DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(3300, 1650, blue));
        let reduced = reduce(big, Purpose::Post);
        assert_eq!((reduced.width(), reduced.height()), (2 * POST_IMAGE_SIDE, POST_IMAGE_SIDE), "twice the picture");
        assert_eq!(reduced.as_rgb8().map(|i| i.get_pixel(1000, 1000).0), Some([26, 79, 139]), "as RGB");
        let big = DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(600, 3000, blue));
        let reduced = reduce(big, Purpose::Square);
        assert_eq!((reduced.width(), reduced.height()), (2 * IMAGE_SIZE, 2560), "covers twice the square");
        let small = DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(3000, 500, blue));
        let kept = reduce(small, Purpose::Square);
        assert_eq!((kept.width(), kept.height()), (3000, 500), "close enough to what is needed");
    }

    #[test]
    fn non_images_and_bombs_are_refused() {
        assert_eq!(code(square_jpeg(b"<svg onload=alert(1)>")), Some(Code::ImageNotImage));
        assert_eq!(code(header(b"<svg onload=alert(1)>")), Some(Code::ImageNotImage));
        // A broken file is refused either way (its header may claim a huge size).
        assert!(matches!(code(square_jpeg(b"GIF89a nonsense")), Some(Code::ImageNotImage | Code::ImageTooLarge)));
        assert!(matches!(code(header(b"GIF89a nonsense")), Some(Code::ImageNotImage | Code::ImageTooLarge)));
        // Wider than we decode: refused before the pixels are unpacked.
        assert_eq!(code(square_jpeg(&png(MAX_IMAGE_SIDE + 1, 1))), Some(Code::ImageTooLarge));
        assert_eq!(code(header(&png(MAX_IMAGE_SIDE + 1, 1))), Some(Code::ImageTooLarge));
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        let bomb = zeros_png(MAX_IMAGE_SIDE, MAX_IMAGE_SIDE);
        assert!(bomb.len() < 100_000, "{} bytes for 64 megapixels", bomb.len());
        assert_eq!(code(header(&bomb)), Some(Code::ImageTooLarge));
    }

    #[test]
    fn only_absurd_compression_counts_as_a_bomb() {
        let mpx = |n: u64| n * 1_000_000;
        // The uploads that took the server to 3 GB: 7999 × 7999 zeros in 243 KB.
        assert!(is_bomb(area(7999, 7999), 243_000));
        assert!(is_bomb(mpx(64), 62_000), "grey zeros");
        // A 45-megapixel camera JPEG (0.3 byte a pixel), a flat 48-megapixel PNG (0.01), the
        // largest picture in just over 320 KB.
        assert!(!is_bomb(mpx(45), 13_500_000));
        assert!(!is_bomb(mpx(48), 480_000));
        assert!(!is_bomb(area(8000, 8000), 320_001));
        // Below 40 megapixels the budget is enough: a screenshot of one colour passes.
        assert!(!is_bomb(area(2000, 1000), 1_000));
        assert!(!is_bomb(mpx(40), 1));
        assert!(matches!(header(&png(2000, 1000)), Ok(Header { width: 2000, height: 1000, .. })));
    }

    #[test]
    fn the_working_set_covers_every_step() {
        let mib = |h: Header, p: Purpose| h.working_set(p) / (1024 * 1024);
        let rgba = |width, height| Header { width, height, bytes_per_pixel: 4, scratch_per_pixel: 0 };
        let jpeg = |width, height| Header { width, height, bytes_per_pixel: 3, scratch_per_pixel: 6 };
        // The largest PNG: decoded 244 MiB plus its 3200 × 3200 reduction (39 MiB).
        assert_eq!(mib(rgba(8000, 8000), Purpose::Post), 283);
        // A 12-megapixel phone photo: decoded with the decoder's buffers.
        assert_eq!(mib(jpeg(4000, 3000), Purpose::Post), 102);
        // 3000 × 2000 is resized as is: RGB (17 MiB), the 3000 × 1067 floating-point buffer
        // (49 MiB), the result (5 MiB).
        assert_eq!(mib(rgba(3000, 2000), Purpose::Post), 70);
        // A square photo never needs the resize buffer of a long thin picture.
        assert!(mib(rgba(8000, 1), Purpose::Square) < 2);
        assert!(mib(rgba(2000, 1000), Purpose::Square) < 16);
        assert_eq!(budget::share(rgba(8000, 8000).working_set(Purpose::Post)), 284);
        assert_eq!(budget::share(jpeg(8000, 8000).working_set(Purpose::Post)), DECODE_BUDGET_MIB, "runs alone");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn uploads_wait_while_the_budget_is_spent() {
        let bomb = zeros_png(MAX_IMAGE_SIDE, MAX_IMAGE_SIDE);
        let all = budget::hold_all().await;
        let photo = tokio::spawn(process(png(300, 200)));
        let picture = tokio::spawn(process_post_image(png(300, 200)));
        // A bomb is refused from its header, without waiting.
        assert_eq!(code(process_post_image(bomb).await), Some(Code::ImageTooLarge));
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert!(!photo.is_finished() && !picture.is_finished(), "they wait for the budget");
        drop(all);
        assert!(matches!(photo.await, Ok(Ok(_))));
        assert!(matches!(picture.await, Ok(Ok(PostImage { width: 300, height: 200, .. }))));
    }
}
