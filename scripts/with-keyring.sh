#!/usr/bin/env bash
# Runs a command inside a throwaway D-Bus session with an unlocked GNOME Keyring,
# so keyring (Secret Service) tests work on headless Linux and never touch the
# user's real keyring.
#
#   scripts/with-keyring.sh cargo test -p mostrador-secrets -- --ignored
#
# Needs the Debian packages dbus (dbus-run-session, dbus-send) and gnome-keyring;
# libsecret-tools adds `secret-tool` for poking at the keyring while debugging.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 64
fi

# The marker holds the address of the bus this script set up, so a nested call
# runs directly, while a marker inherited from elsewhere can't skip the setup.
if [[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" &&
    "${MOSTRADOR_KEYRING_SESSION:-}" == "$DBUS_SESSION_BUS_ADDRESS" ]]; then
    exec "$@"
fi

if [[ "${MOSTRADOR_KEYRING_SESSION:-}" != "starting" ]]; then
    for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
        if ! command -v "$tool" >/dev/null; then
            echo "$0: $tool not found; install it with: apt-get install dbus gnome-keyring" >&2
            exit 127
        fi
    done
    export MOSTRADOR_KEYRING_SESSION=starting
    # Via bash so the script works even when called as `bash scripts/with-keyring.sh`.
    exec dbus-run-session -- bash "${BASH_SOURCE[0]}" "$@"
fi

# From here on we are the first process of the private session bus.
export MOSTRADOR_KEYRING_SESSION="$DBUS_SESSION_BUS_ADDRESS"

tmp_dirs=()
keyring_pid=""

is_running() {
    # A zombie (parent never reaps it, e.g. PID 1 in a container) counts as gone.
    [[ -r "/proc/$1/stat" ]] && ! grep -q ') Z ' "/proc/$1/stat" 2>/dev/null
}

cleanup() {
    if [[ -n "$keyring_pid" ]] && is_running "$keyring_pid"; then
        kill "$keyring_pid" 2>/dev/null || true
        # Let it finish writing before its directories are removed.
        for _ in $(seq 20); do
            is_running "$keyring_pid" || break
            sleep 0.05
        done
    fi
    if [[ ${#tmp_dirs[@]} -gt 0 ]]; then
        rm -rf -- "${tmp_dirs[@]}"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Keyrings live in $XDG_DATA_HOME/keyrings: a fresh dir means a fresh keyring.
XDG_DATA_HOME="$(mktemp -d "${TMPDIR:-/tmp}/mostrador-keyring-data.XXXXXX")"
tmp_dirs+=("$XDG_DATA_HOME")
export XDG_DATA_HOME

if [[ -z "${XDG_RUNTIME_DIR:-}" ]]; then
    XDG_RUNTIME_DIR="$(mktemp -d "${TMPDIR:-/tmp}/mostrador-keyring-run.XXXXXX")"
    chmod 700 "$XDG_RUNTIME_DIR"
    tmp_dirs+=("$XDG_RUNTIME_DIR")
    export XDG_RUNTIME_DIR
fi
# On a desktop, a daemon already listening on this control socket would be
# unlocked instead of a new one being started: make it find none.
unset GNOME_KEYRING_CONTROL
if [[ -e "$XDG_RUNTIME_DIR/keyring/control" ]]; then
    XDG_RUNTIME_DIR="$(mktemp -d "${TMPDIR:-/tmp}/mostrador-keyring-run.XXXXXX")"
    chmod 700 "$XDG_RUNTIME_DIR"
    tmp_dirs+=("$XDG_RUNTIME_DIR")
    export XDG_RUNTIME_DIR
fi

# The password must be non-empty, or the daemon tries to prompt for one.
# It creates the "login" keyring with it, unlocked, as the default collection.
keyring_env="$(printf 'mostrador-test' | gnome-keyring-daemon --unlock --components=secrets)"
eval "$keyring_env"
while IFS='=' read -r name _; do
    if [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
        export "${name?}"
    fi
done <<<"$keyring_env"

# The daemon forks away, so ask the bus who owns the Secret Service to learn
# its pid (for cleanup) and to know it is ready before the command runs.
for _ in $(seq 100); do
    if reply="$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus \
        /org/freedesktop/DBus org.freedesktop.DBus.GetConnectionUnixProcessID \
        string:org.freedesktop.secrets 2>/dev/null)"; then
        keyring_pid="$(tr -dc '0-9' <<<"${reply##* }")"
        break
    fi
    sleep 0.05
done
if [[ -z "$keyring_pid" ]]; then
    echo "$0: gnome-keyring-daemon did not register the Secret Service on the test bus" >&2
    exit 1
fi

status=0
"$@" || status=$?
exit "$status"
