//! Build script: with the `desktop` feature, Tauri's (config, icons, capabilities), after
//! checking the web UI it embeds has been built.

fn main() {
    #[cfg(feature = "desktop")]
    {
        println!("cargo:rerun-if-changed=../ui/dist");
        if !std::path::Path::new("../ui/dist/index.html").is_file() {
            panic!(
                "the desktop app embeds the web UI, which is not built: run \
                 `npm ci --prefix ui && npm run build --prefix ui` (or build without the window: \
                 `cargo build -p mostrador --no-default-features`)"
            );
        }
        tauri_build::build();
    }
}
