#!/usr/bin/env bash
# Installs what building and testing Mostrador needs on a Debian/Ubuntu machine, and only
# what is missing: safe to run again and again (npm start and npm test run it every time).
# Prints nothing when there is nothing to do.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Build: pkg-config, libdbus-1-dev (the keyring crate), libssl-dev (SQLCipher links libcrypto), build-essential.
# Tests: gnome-keyring + dbus (+ dbus-x11, libsecret-tools) for scripts/with-keyring.sh.
APT_PACKAGES=(pkg-config libdbus-1-dev libssl-dev build-essential gnome-keyring libsecret-tools dbus dbus-x11)
# UI end-to-end tests: Playwright drives Debian's Chromium (/usr/bin/chromium), unless CHROMIUM
# names another browser.
if [[ -z "${CHROMIUM:-}" ]]; then APT_PACKAGES+=(chromium); fi
# The desktop app (Tauri 2 on WebKitGTK): the webview, xdo (menu accelerators), the tray
# icon, SVG icons in GTK.
APT_PACKAGES+=(libwebkit2gtk-4.1-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev)
# Its window tests (scripts/desktop-test.sh): a virtual display, the WebDriver for
# WebKitGTK, a notification daemon and notify-send, ImageMagick (a test photo) and xdotool
# (answers the native file chooser).
APT_PACKAGES+=(xvfb webkit2gtk-driver dunst libnotify-bin imagemagick xdotool)
# The webhook tests check signatures with the Standard Webhooks reference library (PyPI),
# in a virtual environment of their own (target/py-tests).
APT_PACKAGES+=(python3-venv)
# rust-version in Cargo.toml.
RUST_MIN="1.95"

say() { echo "setup: $*" >&2; }

as_root() {
    if [[ "$(id -u)" -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        # Without a terminal (CI) a password prompt would hang: fail at once instead.
        if [[ -t 0 ]]; then sudo "$@"; else sudo -n "$@"; fi
    else
        say "need root to run: $*  (install sudo, or run this as root)"
        return 1
    fi
}

# Runs a noisy command, showing its output only if it fails.
quietly() {
    local out
    out="$(mktemp)"
    if ! "$@" >"$out" 2>&1; then
        cat "$out" >&2
        rm -f "$out"
        say "failed: $*"
        return 1
    fi
    rm -f "$out"
}

installed() {
    dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'
}

apt_updated=""
apt_install() {
    if [[ -z "$apt_updated" ]]; then
        quietly as_root apt-get update -q
        apt_updated=1
    fi
    say "installing $*"
    quietly as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "$@"
}

system_packages() {
    if ! command -v dpkg >/dev/null; then
        say "not a Debian/Ubuntu system: make sure these (or their equivalents) are installed:"
        say "  ${APT_PACKAGES[*]}"
        return 0
    fi
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
        installed "$p" || missing+=("$p")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        apt_install "${missing[@]}"
    fi
}

load_cargo_env() {
    if ! command -v cargo >/dev/null && [[ -f "$HOME/.cargo/env" ]]; then
        # shellcheck source=/dev/null
        . "$HOME/.cargo/env"
    fi
}

version_at_least() {
    [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

rust() {
    load_cargo_env
    if ! command -v cargo >/dev/null; then
        local missing=()
        for p in curl ca-certificates; do
            if command -v dpkg >/dev/null && ! installed "$p"; then missing+=("$p"); fi
        done
        if [[ ${#missing[@]} -gt 0 ]]; then apt_install "${missing[@]}"; fi
        say "installing Rust (rustup, stable toolchain)"
        curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
            quietly sh -s -- -y --no-modify-path --profile minimal \
                --default-toolchain stable -c clippy -c rustfmt
        # shellcheck source=/dev/null
        . "$HOME/.cargo/env"
    fi
    local have
    have="$(rustc --version | awk '{print $2}')"
    if ! version_at_least "$have" "$RUST_MIN"; then
        if command -v rustup >/dev/null; then
            say "updating Rust $have to the latest stable (need $RUST_MIN or newer)"
            quietly rustup update stable --no-self-update
        else
            say "Rust $have is too old (need $RUST_MIN or newer) and rustup is not here to update it"
            return 1
        fi
    fi
    if ! cargo clippy --version >/dev/null 2>&1 || ! cargo fmt --version >/dev/null 2>&1; then
        if command -v rustup >/dev/null; then
            say "adding the clippy and rustfmt components"
            quietly rustup component add clippy rustfmt
        else
            say "cargo clippy / cargo fmt are missing; install them with your Rust toolchain"
            return 1
        fi
    fi
    if ! cargo nextest --version >/dev/null 2>&1; then
        say "installing cargo-nextest (a few minutes, once)"
        quietly cargo install cargo-nextest --locked
    fi
}

# npm install only when package.json lists dependencies and node_modules is missing or
# older than package.json / package-lock.json.
node_modules() {
    [[ -f package.json ]] || return 0
    command -v node >/dev/null || return 0
    local has_deps
    has_deps="$(node -e '
        const p = require("./package.json");
        const n = Object.keys({ ...p.dependencies, ...p.devDependencies }).length;
        process.stdout.write(n > 0 ? "yes" : "no");')"
    [[ "$has_deps" == "yes" ]] || return 0
    local stamp=node_modules/.package-lock.json
    if [[ ! -f "$stamp" || package.json -nt "$stamp" ||
        (-f package-lock.json && package-lock.json -nt "$stamp") ]]; then
        say "installing npm dependencies"
        quietly npm install --no-audit --no-fund
    fi
}

# The Python the webhook tests run their receiver with; `MOSTRADOR_TEST_PYTHON` names it.
PY_TESTS=target/py-tests
python_tests() {
    if [[ -x "$PY_TESTS/bin/python" ]] &&
        "$PY_TESTS/bin/python" -c 'import standardwebhooks' 2>/dev/null; then
        return 0
    fi
    say "installing the Standard Webhooks reference library for the tests ($PY_TESTS)"
    mkdir -p target
    quietly python3 -m venv "$PY_TESTS"
    quietly "$PY_TESTS/bin/pip" install --disable-pip-version-check -q 'standardwebhooks==1.3.0'
}

system_packages
rust
node_modules
python_tests
