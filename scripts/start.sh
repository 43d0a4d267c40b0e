#!/usr/bin/env bash
# Starts Mostrador (`npm start`). For now the app is the headless service + REST API;
# the desktop window comes later. Extra arguments go to `mostrador serve`, e.g.
#   npm start -- --port 4000 --secrets file
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
if ! command -v cargo >/dev/null && [[ -f "$HOME/.cargo/env" ]]; then
    # shellcheck source=/dev/null
    . "$HOME/.cargo/env"
fi
# The web UI served at / (built only when its sources changed).
bash scripts/ui.sh build
exec cargo run --quiet --release -p mostrador -- serve "$@"
