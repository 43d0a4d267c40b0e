//! Drawing a pairing QR code as PNG (for the API) and SVG (for the UI).

use qrcode::{Color, EcLevel, QrCode};

use crate::{Code, Error, Result};

/// Modules of white border the QR standard asks for.
const QUIET: usize = 4;

fn modules(code: &str) -> Result<(usize, Vec<bool>)> {
    let qr = QrCode::with_error_correction_level(code.as_bytes(), EcLevel::L)
        .map_err(|e| Error::new(Code::Internal, format!("cannot draw the QR code: {e}")))?;
    let width = qr.width();
    let dark = qr
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Ok((width, dark))
}

/// A greyscale PNG, `scale` pixels per module.
pub fn png(code: &str, scale: usize) -> Result<Vec<u8>> {
    let (width, dark) = modules(code)?;
    let side = (width + 2 * QUIET) * scale;
    let mut pixels = vec![255u8; side * side];
    for (i, is_dark) in dark.iter().enumerate() {
        if !is_dark {
            continue;
        }
        let (mx, my) = (i % width + QUIET, i / width + QUIET);
        for y in my * scale..(my + 1) * scale {
            pixels[y * side + mx * scale..y * side + (mx + 1) * scale].fill(0);
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

/// A scalable SVG, one unit per module.
pub fn svg(code: &str) -> Result<String> {
    let (width, dark) = modules(code)?;
    let side = width + 2 * QUIET;
    let mut path = String::new();
    for (i, _) in dark.iter().enumerate().filter(|(_, d)| **d) {
        path.push_str(&format!(
            "M{} {}h1v1h-1z",
            i % width + QUIET,
            i / width + QUIET
        ));
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
         <path d=\"{path}\" fill=\"#000\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_png_and_svg() {
        let code = "2@abc,def,ghi,1";
        let png = png(code, 4).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let svg = svg(code).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("h1v1h-1z"));
    }
}
