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

fn square_jpeg(bytes: &[u8]) -> Result<Vec<u8>, ImageError> {
    use image::{ImageFormat, ImageReader, Limits, imageops::FilterType};
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
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => ImageError::TooLarge,
        _ => ImageError::NotAnImage,
    })?;
    let square = image.resize_to_fill(IMAGE_SIZE, IMAGE_SIZE, FilterType::Lanczos3).to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&square)
        .map_err(|e| ServiceError::Export(e.to_string()))?;
    Ok(out)
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
    fn non_images_and_bombs_are_refused() {
        assert!(matches!(square_jpeg(b"<svg onload=alert(1)>"), Err(ImageError::NotAnImage)));
        // A broken file is refused either way (its header may claim a huge size).
        assert!(matches!(square_jpeg(b"GIF89a nonsense"), Err(ImageError::NotAnImage | ImageError::TooLarge)));
        // Wider than we decode: refused before the pixels are unpacked.
        assert!(matches!(square_jpeg(&png(MAX_IMAGE_SIDE + 1, 1)), Err(ImageError::TooLarge)));
    }
}
