#!/usr/bin/env bash
# Proves the release build of `mostrador` cannot skip WhatsApp's server certificate check:
# whatsapp-rust's `danger-skip-cert-chain-verify` may only come in through the `demo` feature.
# The positive control (demo build) shows the check would see the feature if it were there.
#
# Arguments are the ones a release build is made with (bundle.sh passes those it gives
# `tauri build`): their `--features`/`-f` and `--no-default-features` apply to the release
# tree checked here, so `bundle.sh --features demo` fails this check instead of shipping.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
feature=danger-skip-cert-chain-verify

release_flags=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        -f | --features)
            shift
            # tauri takes several values after one flag (`-f a b`); cargo takes a list.
            while [[ $# -gt 0 && "$1" != -* ]]; do
                release_flags+=(--features "$1")
                shift
            done
            continue
            ;;
        --features=*) release_flags+=(--features "${1#--features=}") ;;
        --no-default-features) release_flags+=(--no-default-features) ;;
    esac
    shift
done

# Inverted trees list every feature edge of these crates (the plain tree elides repeats).
tree() {
    for krate in whatsapp-rust wacore wacore-noise; do
        cargo tree -p mostrador -e normal,features --target all -i "$krate" "$@"
    done
}
release=$(tree ${release_flags[@]+"${release_flags[@]}"})
demo=$(tree --features demo)
if grep -q "$feature" <<<"$release"; then
    echo "check-release-features: FAILED — the release build of mostrador carries $feature" \
        "(${release_flags[*]:-default features})" >&2
    exit 1
fi
if ! grep -q "$feature" <<<"$demo"; then
    echo "check-release-features: FAILED — the check cannot see $feature even in the demo build" >&2
    exit 1
fi
echo "check-release-features: release build is free of $feature (demo build has it, as it should)" >&2
