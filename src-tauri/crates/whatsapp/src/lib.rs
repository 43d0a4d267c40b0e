//! The WhatsApp engine over whatsapp-rust (work in progress).
