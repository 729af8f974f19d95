//! Uploaded images: read within limits (no decompression bombs), cropped to a square, stored as JPEG.

use crate::ServiceError;

/// Stored images are squares of this many pixels.
pub const IMAGE_SIZE: u32 = 256;
/// The widest or tallest image decoded (larger ones are refused before decoding).
pub const MAX_IMAGE_SIDE: u32 = 8000;

/// Why an upload is not stored.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// Not an image we read (PNG, JPEG, GIF or WebP).
    #[error("not an image")]
    NotAnImage,
    /// More pixels than we decode.
    #[error("image too large")]
    TooLarge,
    /// Encoding or the worker failed.
    #[error(transparent)]
    Internal(#[from] ServiceError),
}

/// Decodes a PNG, JPEG, GIF or WebP within the limits: the header's size is checked before any
/// pixels are unpacked.
fn decode(bytes: &[u8]) -> Result<image::DynamicImage, ImageError> {
    use image::{ImageFormat, ImageReader, Limits};
    let mut reader =
        ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().map_err(|_| ImageError::NotAnImage)?;
    if !matches!(reader.format(), Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP)) {
        return Err(ImageError::NotAnImage);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(300 * 1024 * 1024);
    reader.limits(limits);
    reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => ImageError::TooLarge,
        _ => ImageError::NotAnImage,
    })
}

fn jpeg(image: &image::DynamicImage) -> Result<Vec<u8>, ImageError> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&image.to_rgb8())
        .map_err(|e| ServiceError::Export(e.to_string()))?;
    Ok(out)
}

fn square_jpeg(bytes: &[u8]) -> Result<Vec<u8>, ImageError> {
    let image = decode(bytes)?;
    jpeg(&image.resize_to_fill(IMAGE_SIZE, IMAGE_SIZE, image::imageops::FilterType::Lanczos3))
}

/// The longest side of an image shown with a post.
pub const POST_IMAGE_SIDE: u32 = 1600;
/// The longest side of its thumbnail in a stream.
pub const THUMB_SIDE: u32 = 640;

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

fn fit(image: &image::DynamicImage, side: u32) -> image::DynamicImage {
    if image.width() > side || image.height() > side {
        image.resize(side, side, image::imageops::FilterType::Lanczos3)
    } else {
        image.clone()
    }
}

fn post_image(bytes: &[u8]) -> Result<PostImage, ImageError> {
    post_image_of(&decode(bytes)?)
}

/// A decoded picture as a post's picture and thumbnail.
pub(crate) fn post_image_of(image: &image::DynamicImage) -> Result<PostImage, ImageError> {
    let thumb = fit(image, THUMB_SIDE);
    Ok(PostImage {
        jpeg: jpeg(&fit(image, POST_IMAGE_SIDE))?,
        width: thumb.width(),
        height: thumb.height(),
        thumb: jpeg(&thumb)?,
    })
}

/// Turns an upload into a post's picture and thumbnail, off the async threads.
pub async fn process_post_image(upload: Vec<u8>) -> Result<PostImage, ImageError> {
    tokio::task::spawn_blocking(move || post_image(&upload))
        .await
        .map_err(|e| ImageError::Internal(ServiceError::Export(e.to_string())))?
}

/// Turns an upload into the stored square JPEG, off the async threads.
pub async fn process(upload: Vec<u8>) -> Result<Vec<u8>, ImageError> {
    tokio::task::spawn_blocking(move || square_jpeg(&upload))
        .await
        .map_err(|e| ImageError::Internal(ServiceError::Export(e.to_string())))?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(width, height, image::Rgb([26, 79, 139]));
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png).ok();
        out.into_inner()
    }

    #[test]
    fn images_become_small_squares() {
        let jpeg = square_jpeg(&png(640, 480)).ok().unwrap_or_default();
        let back = image::load_from_memory(&jpeg).ok().map(|i| (i.width(), i.height()));
        assert_eq!(back, Some((IMAGE_SIZE, IMAGE_SIZE)));
    }

    #[test]
    fn post_images_keep_their_shape_and_get_a_thumbnail() {
        let Ok(image) = post_image(&png(2000, 1000)) else { panic!("a PNG is an image") };
        let full = image::load_from_memory(&image.jpeg).ok().map(|i| (i.width(), i.height()));
        assert_eq!(full, Some((POST_IMAGE_SIDE, POST_IMAGE_SIDE / 2)));
        assert_eq!((image.width, image.height), (THUMB_SIDE, THUMB_SIDE / 2));
        let Ok(small) = post_image(&png(300, 200)) else { panic!("a PNG is an image") };
        assert_eq!((small.width, small.height), (300, 200), "never enlarged");
        assert!(matches!(post_image(b"%PDF-1.7"), Err(ImageError::NotAnImage)));
    }

    #[test]
    fn non_images_and_bombs_are_refused() {
        assert!(matches!(square_jpeg(b"<svg onload=alert(1)>"), Err(ImageError::NotAnImage)));
        // A broken file is refused either way (its header may claim a huge size).
        assert!(matches!(square_jpeg(b"GIF89a nonsense"), Err(ImageError::NotAnImage | ImageError::TooLarge)));
        // Wider than we decode: refused before the pixels are unpacked.
        assert!(matches!(square_jpeg(&png(MAX_IMAGE_SIDE + 1, 1)), Err(ImageError::TooLarge)));
    }
}
