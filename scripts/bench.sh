#!/usr/bin/env bash
# Runs the benchmarks and prints their figures (release builds). Not part of `npm test`:
# figures are measured, never asserted.
#   enqueue         durable POST /messages through HTTP, 32 clients (throughput, p50/p95/p99)
#   search          log search + filters over 1,000,000 messages (built once in target/bench-data)
#   idle_rss        resident memory of `mostrador serve`: idle, after 2,000 requests, idle again
#   large_sends     peak memory of `mostrador serve` while 8 clients send a 60 MB document each
#                   at once (multipart and base64 JSON), with the 503 BUSY refusals on the way
# The engine benchmarks run `mostrador serve` linked to the fake WhatsApp network (in the
# bench process), which only a `demo` build can talk to:
#   first_qr        serve start -> first pairing QR (10 fresh starts, min/p50/max)
#   engine_latency  POST -> message stanza at the server (p50/p95/p99), send throughput
#   engine_rss      memory linked and idle, and after 10,000 messages
#   profiles_rss    memory with 1, 3 and 5 linked numbers (profiles), idle
#   batch_accept    POST /batches with 10,000 recipients: validate + one durable commit
#   batch_receipt   a hand-sent receipt's delay while a 5,000-recipient broadcast runs
#   webhook_fanout  webhooks: events/s to a loopback receiver while POS clients queue, and
#                   status change -> webhook received (p50/p95/p99) at 200 messages/s
#   restart         stop (SIGTERM/SIGKILL) and start a linked serve with texts queued:
#                   start -> connected, -> the queued texts at the server (10 restarts, p50/max)
# The desktop app (a virtual display; tests/desktop/bench.py):
#   cold start -> pairing QR visible; whole-app memory (app + WebKit processes) idle on compose
#   .deb size, when `bash scripts/bundle.sh` has built it
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# The demo build first, kept under its own name: the plain release build below then puts
# back target/release/mostrador (what `npm start` runs), which must never accept the fake.
cargo build --release -q -p mostrador --features mostrador/demo
cp target/release/mostrador target/release/mostrador-demo
cargo build --release -q -p mostrador -p mostrador-bench -p fake-whatsapp
./target/release/enqueue "${ENQUEUE_SECONDS:-10}"
./target/release/search
./target/release/idle_rss target/release/mostrador
./target/release/large_sends target/release/mostrador 8 60
./target/release/first_qr target/release/mostrador-demo 10
./target/release/engine_latency target/release/mostrador-demo 1000
./target/release/engine_rss target/release/mostrador-demo 10000
./target/release/profiles_rss target/release/mostrador-demo
./target/release/restart target/release/mostrador-demo 10 20
./target/release/batch_accept
./target/release/batch_receipt target/release/mostrador-demo
./target/release/webhook_fanout 20000
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
    python3 tests/desktop/bench.py target/release/mostrador-demo target/release/fake-whatsapp
for deb in target/release/bundle/deb/*.deb; do
    if [[ -f "$deb" ]]; then echo "installer: $(basename "$deb") $(du -k "$deb" | cut -f1) KiB"; fi
done
