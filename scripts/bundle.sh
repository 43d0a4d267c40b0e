#!/usr/bin/env bash
# Builds the desktop installers (.deb and .rpm) offline: the web UI, then a release build of
# the app bundled by the Tauri CLI. Output: target/release/bundle/{deb,rpm}/.
# Extra arguments go to `tauri build`, e.g. --config '{"bundle":{"createUpdaterArtifacts":true}}'.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
if ! command -v cargo >/dev/null && [[ -f "$HOME/.cargo/env" ]]; then
    # shellcheck source=/dev/null
    . "$HOME/.cargo/env"
fi
# The UI the app embeds, rebuilt when its sources changed; the Tauri CLI (package.json).
bash scripts/ui.sh build
[[ -x node_modules/.bin/tauri ]] || npm install --no-audit --no-fund --no-package-lock
# What ships must be free of the demo build's certificate bypass: checked with the very
# arguments `tauri build` gets (a `--features demo` among them fails here).
bash scripts/check-release-features.sh "$@"
# The UI is built above; tauri.conf.json's beforeBuildCommand would build it again.
exec npx tauri build --bundles deb,rpm --config '{"build":{"beforeBuildCommand":""}}' "$@"
