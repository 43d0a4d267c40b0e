//! Native file pickers (rfd): what the compose pane shows of the chosen file — name, size,
//! type, and a thumbnail for images. The file itself is read only when it is sent.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use base64::Engine;
use image::ImageFormat;
use mostrador_core::media::{guess_kind, sniff};
use mostrador_core::types::Kind;
use rfd::AsyncFileDialog;
use serde::Serialize;
use tauri::{Runtime, State, WebviewWindow};

use super::{Result, internal};
use crate::desktop::Shell;

/// What WhatsApp shows as a photo; anything else goes as a document.
const IMAGE_EXTENSIONS: [&str; 5] = ["jpg", "jpeg", "png", "webp", "gif"];
/// Longest side of the compose pane's thumbnail, in pixels.
const THUMBNAIL: u32 = 160;
/// Bytes read to tell a file's type (enough for every signature `infer` knows).
const SNIFF: usize = 8 * 1024;

#[derive(Debug, Serialize)]
pub struct Picked {
    pub path: PathBuf,
    pub name: String,
    pub size: u64,
    /// From the content, not the name.
    pub mime: String,
    /// `data:image/png;base64,…`, for images that decode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<String>,
}

#[tauri::command]
pub async fn pick_image<R: Runtime>(
    window: WebviewWindow<R>,
    shell: State<'_, Shell>,
) -> Result<Option<Picked>> {
    let lang = shell.language();
    let dialog = AsyncFileDialog::new()
        .set_title(lang.say("Elegir una foto", "Choose a photo"))
        .add_filter(lang.say("Imágenes", "Images"), &IMAGE_EXTENSIONS)
        .set_parent(&window);
    pick(dialog, &shell).await
}

#[tauri::command]
pub async fn pick_document<R: Runtime>(
    window: WebviewWindow<R>,
    shell: State<'_, Shell>,
) -> Result<Option<Picked>> {
    let dialog = AsyncFileDialog::new()
        .set_title(shell.language().say("Elegir un archivo", "Choose a file"))
        .set_parent(&window);
    pick(dialog, &shell).await
}

/// A photo chosen as a document still gets its thumbnail.
async fn pick(dialog: AsyncFileDialog, shell: &Shell) -> Result<Option<Picked>> {
    let Some(file) = dialog.pick_file().await else {
        return Ok(None);
    };
    let path = file.path().to_owned();
    let picked = tauri::async_runtime::spawn_blocking(move || describe(&path, true))
        .await
        .map_err(internal)?
        .map_err(internal)?;
    shell.chosen(picked.path.clone());
    Ok(Some(picked))
}

/// Name, size and type of a file, and a thumbnail when asked for one.
pub fn describe(path: &Path, thumbnail: bool) -> std::io::Result<Picked> {
    use std::io::Read;
    let size = std::fs::metadata(path)?.len();
    let mut head = Vec::with_capacity(SNIFF);
    std::fs::File::open(path)?
        .take(SNIFF as u64)
        .read_to_end(&mut head)?;
    let mime = infer_mime(&head);
    let is_image = guess_kind(&head) == Kind::Image;
    Ok(Picked {
        name: path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        size,
        thumbnail: (thumbnail && is_image)
            .then(|| thumbnail_of(path))
            .flatten(),
        mime,
        path: path.to_owned(),
    })
}

fn infer_mime(head: &[u8]) -> String {
    sniff(head).unwrap_or_else(|| "application/octet-stream".to_owned())
}

/// A small PNG of the image; `None` if it does not decode (the service still checks it).
fn thumbnail_of(path: &Path) -> Option<String> {
    // By content, not by name: a photo saved as `.dat` is still a photo.
    let img = image::ImageReader::open(path)
        .and_then(|r| r.with_guessed_format())
        .map_err(image::ImageError::IoError)
        .and_then(|r| r.decode())
        .map_err(|e| tracing::debug!(error = %e, "no thumbnail"))
        .ok()?;
    let mut png = Vec::new();
    img.thumbnail(THUMBNAIL, THUMBNAIL)
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .ok()?;
    Some(format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_gets_its_type_from_its_bytes_and_a_small_thumbnail() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("foto.dat");
        image::RgbImage::from_pixel(640, 320, image::Rgb([15, 118, 110]))
            .save_with_format(&path, ImageFormat::Jpeg)
            .unwrap();
        let picked = describe(&path, true).unwrap();
        assert_eq!(picked.name, "foto.dat");
        assert_eq!(picked.mime, "image/jpeg");
        assert_eq!(picked.size, std::fs::metadata(&path).unwrap().len());
        let thumb = picked.thumbnail.unwrap();
        let png = base64::engine::general_purpose::STANDARD
            .decode(thumb.strip_prefix("data:image/png;base64,").unwrap())
            .unwrap();
        let small = image::load_from_memory(&png).unwrap();
        assert_eq!((small.width(), small.height()), (160, 80));
    }

    #[test]
    fn a_document_has_no_thumbnail() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("factura.pdf");
        std::fs::write(&path, b"%PDF-1.4\n%%EOF\n").unwrap();
        let picked = describe(&path, false).unwrap();
        assert_eq!(picked.mime, "application/pdf");
        assert!(picked.thumbnail.is_none());
    }
}
