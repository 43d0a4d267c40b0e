#!/usr/bin/env bash
# The real desktop app in a real (virtual) window: builds it (demo feature, so it can link
# with the fake WhatsApp network), then runs tests/desktop/drive.py through tauri-driver and
# WebKitWebDriver inside a throwaway D-Bus session and an Xvfb display. Screenshots land in
# tests/artifacts/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
if ! command -v cargo >/dev/null && [[ -f "$HOME/.cargo/env" ]]; then
    # shellcheck source=/dev/null
    . "$HOME/.cargo/env"
fi
if ! command -v tauri-driver >/dev/null; then
    echo "desktop-test: installing tauri-driver (once)" >&2
    cargo install tauri-driver --version "^2" --locked --quiet
fi
if [[ ! -f ui/dist/index.html ]]; then
    npm ci --prefix ui --no-audit --no-fund && npm run build --prefix ui
fi
cargo build --quiet -p mostrador --features demo -p fake-whatsapp
target=$(cargo metadata --format-version 1 --no-deps | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')

exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
    python3 tests/desktop/drive.py "$target/debug/mostrador" "$target/debug/fake-whatsapp"
