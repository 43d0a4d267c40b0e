//! A protocol-level fake WhatsApp network (work in progress).
