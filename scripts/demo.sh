#!/usr/bin/env bash
# `npm run demo`: Mostrador against the built-in fake WhatsApp network, so anyone can try the
# whole flow — link by QR, send receipts, see them delivered and read — with no phone and no
# internet. Everything lives in a throwaway data dir and stops with Ctrl-C.
#
# The demo build differs from a release in one cargo feature, `demo`: it accepts the fake
# network's certificate and plain-HTTP media on loopback, and has the demo phone's routes
# (/api/v1/demo/*). `npm test` proves a release build carries none of it.
# With a display it opens the desktop window; without one (or with DEMO_BROWSER=1) it runs
# `mostrador serve` and prints the address to open in a browser.
# Extra arguments go to the app, e.g. `npm run demo -- --port 4000`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
if ! command -v cargo >/dev/null && [[ -f "$HOME/.cargo/env" ]]; then
    # shellcheck source=/dev/null
    . "$HOME/.cargo/env"
fi
# The web UI served at / (built only when its sources changed).
bash scripts/ui.sh build
cargo build --quiet -p mostrador --features demo -p fake-whatsapp
bin=target/debug

work=$(mktemp -d "${TMPDIR:-/tmp}/mostrador-demo.XXXXXX")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The shop's own account and its customers: three on WhatsApp, and +591 79999999 is not.
mkfifo "$work/ready"
"$bin/fake-whatsapp" \
    --phone 59170000001 \
    --contacts 59171234567,59172345678,59173456789 \
    --group "Personal de la tienda:59171234567,59172345678" \
    --group "Clientes frecuentes:59171234567,59172345678,59173456789" \
    >"$work/ready" 2>"$work/fake-whatsapp.log" &
pids+=($!)
read -r ready <"$work/ready"
field() { node -e 'const v=JSON.parse(process.argv[1])[process.argv[2]]; console.log(v)' "$ready" "$1"; }
ws_url=$(field ws_url)
admin_url=$(field admin_url)
# Customers read what they get, so the cashier sees every tick.
node -e 'fetch(process.argv[1], { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ delivered: true, read: true }) }).then(r => process.exit(r.ok ? 0 : 1))' \
    "$admin_url/admin/auto-receipts"

data="$work/data"
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && -z "${DEMO_BROWSER:-}" ]]; then
    cat <<BANNER

  ┌──────────────────────────────── DEMO ────────────────────────────────┐
    Mostrador's window opens against the built-in fake WhatsApp network.
    Nothing leaves this computer; Quit (tray) or Ctrl-C forgets everything.

    Link:      "Scan with the demo phone" on the WhatsApp screen; a second number:
               WhatsApp › Numbers › Add (the demo phone links it as another device)
    Customers: +591 71234567, +591 72345678, +591 73456789 (on WhatsApp)
               +591 79999999 (not on WhatsApp)
    Groups:    "Personal de la tienda", "Clientes frecuentes"
    A customer writes (a reply; or "Ticket T-XXXXX", as if they scanned a claim's QR):
      curl -H 'Content-Type: application/json' -d '{"text":"hola"}' $admin_url/admin/contacts/59171234567/send
  └──────────────────────────────────────────────────────────────────────┘

BANNER
    "$bin/mostrador" --data-dir "$data" --secrets file --engine whatsapp \
        --wa-url "$ws_url" --demo-phone "$admin_url" "$@" &
    pids+=($!)
    wait "${pids[1]}"
    exit 0
fi
"$bin/mostrador" serve --data-dir "$data" --secrets file --engine whatsapp \
    --wa-url "$ws_url" --demo-phone "$admin_url" "$@" &
pids+=($!)
for _ in $(seq 600); do
    [[ -f "$data/api.port" ]] && break
    kill -0 "${pids[1]}" 2>/dev/null || exit 1
    sleep 0.1
done
port=$(cat "$data/api.port")
key=$("$bin/mostrador" api-key --data-dir "$data" --secrets file)

cat <<BANNER

  ┌──────────────────────────────── DEMO ────────────────────────────────┐
    Mostrador is running against the built-in fake WhatsApp network.
    Nothing leaves this computer; Ctrl-C stops it and forgets everything.

    Open:      http://127.0.0.1:$port/#key=$key
    API docs:  http://127.0.0.1:$port/api/v1/docs      (API key: $key)
    Link:      "Scan with the demo phone" in the app, or
               curl -X POST -H "X-API-Key: $key" http://127.0.0.1:$port/api/v1/demo/scan
    Numbers:   WhatsApp › Numbers › Add, or POST /api/v1/profiles {"name":"Entregas"},
               then /api/v1/demo/scan?profile=p2
    Customers: +591 71234567, +591 72345678, +591 73456789 (on WhatsApp)
               +591 79999999 (not on WhatsApp)
    Groups:    "Personal de la tienda", "Clientes frecuentes"
    A customer writes (a reply; or "Ticket T-XXXXX", as if they scanned a claim's QR):
      curl -H 'Content-Type: application/json' -d '{"text":"hola"}' $admin_url/admin/contacts/59171234567/send
  └──────────────────────────────────────────────────────────────────────┘

BANNER
wait "${pids[1]}"
