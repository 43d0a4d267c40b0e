#!/usr/bin/env bash
# Runs the benchmarks and prints their figures (release builds). Not part of `npm test`:
# figures are measured, never asserted.
#   enqueue   durable POST /messages through HTTP, 32 clients (throughput, p50/p95/p99)
#   search    log search + filters over 1,000,000 messages (built once in target/bench-data)
#   idle_rss  resident memory of `mostrador serve`: idle, after 2,000 requests, idle again
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release -q -p mostrador -p mostrador-bench
./target/release/enqueue "${ENQUEUE_SECONDS:-10}"
./target/release/search
./target/release/idle_rss target/release/mostrador
