#!/usr/bin/env bash
# Runs every test there is: formatting, the web UI (type check, unit tests, build), lints,
# the whole workspace's test suites, the suites that need a real OS keyring (inside a
# throwaway D-Bus session + GNOME Keyring), the UI in Chromium and the desktop window.
# `npm test` runs this; so does CI (.ci/run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step="setup"
passed=()
summary() {
    local status=$?
    if [[ $status -eq 0 ]]; then
        echo "test.sh: PASSED — ${passed[*]}" >&2
    else
        echo "test.sh: FAILED at: $step (passed before it: ${passed[*]:-nothing})" >&2
    fi
}
trap summary EXIT

run_step() {
    step="$1"
    shift
    echo "==> $step: $*" >&2
    "$@"
    passed+=("$step")
}

run_step setup bash scripts/setup.sh
if ! command -v cargo >/dev/null && [[ -f "$HOME/.cargo/env" ]]; then
    # shellcheck source=/dev/null
    . "$HOME/.cargo/env"
fi

# The test build includes the demo feature (the process-level suites drive `serve` against the
# fake network); the release configuration is linted on its own, and proven free of it.
FEATURES=(--features mostrador/demo)

run_step fmt cargo fmt --all -- --check
run_step ui bash scripts/ui.sh test
run_step release-features bash scripts/check-release-features.sh
run_step clippy cargo clippy --workspace --all-targets "${FEATURES[@]}" -- -D warnings
run_step clippy-release cargo clippy -p mostrador --bins -- -D warnings
# `serve` alone, as on a server with no GUI libraries: the desktop feature off.
run_step headless cargo clippy -p mostrador --bins --no-default-features -- -D warnings
if cargo nextest --version >/dev/null 2>&1; then
    run_step tests cargo nextest run --workspace "${FEATURES[@]}" --no-fail-fast
    run_step keyring-tests bash scripts/with-keyring.sh \
        cargo nextest run --workspace "${FEATURES[@]}" --no-fail-fast --run-ignored only
else
    echo "test.sh: cargo-nextest not found; using cargo test" >&2
    run_step tests cargo test --workspace "${FEATURES[@]}" --no-fail-fast
    run_step keyring-tests bash scripts/with-keyring.sh \
        cargo test --workspace "${FEATURES[@]}" --no-fail-fast -- --ignored
fi

# The web UI end to end: Playwright in headless Chromium (setup.sh installs Debian's), against
# `serve --engine none` and against a demo build linked to the fake WhatsApp network. It runs
# target/debug/mostrador (a demo build) and target/debug/fake-whatsapp: built here, as the
# test build above need not leave them there.
ui_e2e() {
    cargo build --quiet -p mostrador -p fake-whatsapp "${FEATURES[@]}"
    bash scripts/ui.sh build
    (cd ui && npm run --silent e2e)
}
run_step ui-e2e ui_e2e

# The real desktop window (Xvfb + tauri-driver + WebKitWebDriver): pairing by the fake
# phone, a send, the log, a failure notification, updates from a local signed manifest.
run_step desktop bash scripts/desktop-test.sh
