#!/usr/bin/env bash
# The real desktop app in a real (virtual) window: builds it (demo feature, so it can link
# with the fake WhatsApp network and take a test update server), then runs
# tests/desktop/drive.py through tauri-driver and WebKitWebDriver inside a throwaway D-Bus
# session and an Xvfb display. Screenshots land in tests/artifacts/desktop/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
if ! command -v cargo >/dev/null && [[ -f "$HOME/.cargo/env" ]]; then
    # shellcheck source=/dev/null
    . "$HOME/.cargo/env"
fi
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v tauri-driver >/dev/null; then
    echo "desktop-test: installing tauri-driver (once)" >&2
    cargo install tauri-driver --version "^2" --locked --quiet
fi
# The Tauri CLI signs the test update (and builds the installers).
[[ -x node_modules/.bin/tauri ]] || npm install --no-audit --no-fund --no-package-lock
# The UI the binary embeds: rebuilt when its sources changed (the build embeds ui/dist).
bash scripts/ui.sh build
cargo build --quiet -p mostrador --features demo -p fake-whatsapp
target=$(cargo metadata --format-version 1 --no-deps | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')

# The display outside the bus, so everything the bus starts can draw on it.
exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
    python3 tests/desktop/drive.py "$target/debug/mostrador" "$target/debug/fake-whatsapp" \
    node_modules/.bin/tauri
