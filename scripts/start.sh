#!/usr/bin/env bash
# Starts Mostrador (`npm start`): the desktop app — the window, the tray icon and the REST API
# for the POS. With no display (a server, SSH), the same service and API run headless
# (`mostrador serve`). Extra arguments go to the app, e.g.
#   npm start -- --port 4000 --secrets file
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
if ! command -v cargo >/dev/null && [[ -f "$HOME/.cargo/env" ]]; then
    # shellcheck source=/dev/null
    . "$HOME/.cargo/env"
fi
# The web UI the window shows (and serve serves at /), built only when its sources changed.
bash scripts/ui.sh build
if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
    echo "start: no display: starting the service and REST API without a window" >&2
    # Named explicitly: a release build reads no UI folder from the current directory.
    exec cargo run --quiet --release -p mostrador -- serve --ui-dir "$PWD/ui/dist" "$@"
fi
exec cargo run --quiet --release -p mostrador -- "$@"
