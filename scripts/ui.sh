#!/usr/bin/env bash
# The web UI (ui/): install its npm packages when the lockfile changed, then
#   ui.sh build   build ui/dist if any source is newer than it (npm start)
#   ui.sh test    type check, unit tests (Vitest) and a build (npm test)
# After the first install it works offline (npm's cache).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../ui"

if ! command -v npm >/dev/null; then
    echo "ui: npm is missing; install Node.js 20.19 or newer" >&2
    exit 1
fi

install() {
    local stamp=node_modules/.mostrador-lock
    local want
    want="$(sha256sum package-lock.json | cut -d' ' -f1)"
    if [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
        npm ci --no-audit --no-fund --prefer-offline --loglevel=error
        echo "$want" >"$stamp"
    fi
}

stale() {
    [[ ! -f dist/index.html ]] ||
        [[ -n "$(find src index.html public vite.config.ts svelte.config.js package-lock.json \
            -newer dist/index.html -print -quit)" ]]
}

case "${1:-}" in
build)
    if stale; then
        install
        npm run --silent build -- --logLevel warn
    fi
    ;;
test)
    install
    npm run --silent check
    npm run --silent test
    npm run --silent build -- --logLevel warn
    ;;
*)
    echo "usage: scripts/ui.sh build|test" >&2
    exit 2
    ;;
esac
