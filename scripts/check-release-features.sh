#!/usr/bin/env bash
# Proves the release build of `mostrador` cannot skip WhatsApp's server certificate check:
# whatsapp-rust's `danger-skip-cert-chain-verify` may only come in through the `demo` feature.
# The positive control (demo build) shows the check would see the feature if it were there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
feature=danger-skip-cert-chain-verify
# Inverted trees list every feature edge of these crates (the plain tree elides repeats).
tree() {
    for krate in whatsapp-rust wacore wacore-noise; do
        cargo tree -p mostrador -e normal,features --target all -i "$krate" "$@"
    done
}
release=$(tree)
demo=$(tree --features demo)
if grep -q "$feature" <<<"$release"; then
    echo "check-release-features: FAILED — the release build of mostrador carries $feature" >&2
    exit 1
fi
if ! grep -q "$feature" <<<"$demo"; then
    echo "check-release-features: FAILED — the check cannot see $feature even in the demo build" >&2
    exit 1
fi
echo "check-release-features: release build is free of $feature (demo build has it, as it should)" >&2
