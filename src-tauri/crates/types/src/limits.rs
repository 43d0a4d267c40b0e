//! What a send may carry, as the service enforces it: published so a surface can warn the
//! cashier before a file is even read.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SendLimits {
    /// Characters in a text message.
    pub text_chars: usize,
    /// Characters in a caption under media.
    pub caption_chars: usize,
    /// Bytes per attachment, by the kind it is sent as.
    pub image_bytes: u64,
    pub video_bytes: u64,
    pub audio_bytes: u64,
    pub document_bytes: u64,
    /// The file types sent as pictures; any other file goes as a document.
    pub image_types: Vec<String>,
    pub video_types: Vec<String>,
    pub audio_types: Vec<String>,
}
