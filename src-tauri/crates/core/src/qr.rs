//! The pairing QR code as a PNG image: one drawing for every surface (the API's `qr` and
//! `qr.png`, the desktop window), so all show the same picture.

use qrcode::{Color, EcLevel, QrCode};

use crate::{Code, Error, Result};

/// Modules of white border the QR standard asks for.
const QUIET: usize = 4;
/// Pixels per module: large enough to scan from a screen.
const SCALE: usize = 8;

/// A greyscale PNG of `code`, `SCALE` pixels per module.
pub fn png(code: &str) -> Result<Vec<u8>> {
    let qr = QrCode::with_error_correction_level(code.as_bytes(), EcLevel::L)
        .map_err(|e| Error::new(Code::Internal, format!("cannot draw the QR code: {e}")))?;
    let width = qr.width();
    let side = (width + 2 * QUIET) * SCALE;
    let mut pixels = vec![255u8; side * side];
    for (i, color) in qr.to_colors().into_iter().enumerate() {
        if color != Color::Dark {
            continue;
        }
        let (mx, my) = (i % width + QUIET, i / width + QUIET);
        for y in my * SCALE..(my + 1) * SCALE {
            pixels[y * side + mx * SCALE..y * side + (mx + 1) * SCALE].fill(0);
        }
    }
    let side32 = u32::try_from(side).map_err(|_| Error::new(Code::Internal, "QR too large"))?;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side32, side32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .and_then(|mut w| w.write_image_data(&pixels))
        .map_err(|e| Error::new(Code::Internal, format!("cannot encode the QR PNG: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_png() {
        let code = "2@abc,def,ghi,1";
        let png = png(code).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }
}
