#!/usr/bin/env bash
# The peer comparison under both build profiles, as one markdown document:
#
#   bash compare/run.sh [OUTPUT.md] [-- CRITERION_OPTIONS...]
#
# Runs `cargo bench -p gradus-compare` under the default `bench` profile and
# under `bench-lto` (fat LTO, one codegen unit: every crate's code optimised
# together, as a release build of an application that sets them would be),
# each into its own criterion directory, then writes both tables, each headed
# by its profile, with the date and the machine, to OUTPUT.md (default
# `target/compare.md`). Options after `--` go to criterion, e.g.
# `-- --measurement-time 3` or a benchmark filter such as `-- hessian`.
set -euo pipefail

out=""
if [[ $# -gt 0 && $1 != "--" ]]; then
    out="$(realpath -m "$1")"
    shift
fi
cd "$(dirname "$0")/.."
# Absolute: cargo runs each bench in its package's directory.
target="$(realpath -m "${CARGO_TARGET_DIR:-target}")"
out="${out:-$target/compare.md}"
if [[ $# -gt 0 && $1 == "--" ]]; then
    shift
fi
criterion_args=("$@")
profiles=(bench bench-lto)

cpu="$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)"
cores="$(nproc)"
rustc="$(rustc --version)"
load="$(cut -d' ' -f1-3 /proc/loadavg)"
started="$(date '+%Y-%m-%d %H:%M %Z')"

declare -A minutes
for p in "${profiles[@]}"; do
    # A fresh directory per run, so that no row of an earlier run (or of a
    # benchmark since renamed) reaches the table.
    rm -rf "$target/criterion-$p"
    t0=$SECONDS
    CRITERION_HOME="$target/criterion-$p" \
        cargo bench -p gradus-compare --profile "$p" -- "${criterion_args[@]}"
    # gradus's forward rows again with the zero-partial rule compiled out
    # (its own target directory: the flag rebuilds everything), filed as the
    # row `gradus-rule-off`: what the rule costs, beside the peers.
    rm -rf "$target/criterion-$p-rule-off"
    CRITERION_HOME="$target/criterion-$p-rule-off" RUSTFLAGS="--cfg gradus_unguarded" \
        CARGO_TARGET_DIR="$target/rule-off" \
        cargo bench -p gradus-compare --profile "$p" -- 'gradient_[a-z]+/gradus/' "${criterion_args[@]}"
    for g in "$target/criterion-$p-rule-off"/gradient_*; do
        if [[ -d $g/gradus ]]; then
            rm -rf "$target/criterion-$p/$(basename "$g")/gradus-rule-off"
            cp -r "$g/gradus" "$target/criterion-$p/$(basename "$g")/gradus-rule-off"
        fi
    done
    minutes[$p]="$(((SECONDS - t0 + 30) / 60))"
done

# The table binary only reads the results and counts allocations, so one
# build (under `bench`, whose dependencies are already built) serves both.
cargo build -q -p gradus-compare --profile bench --bin table
{
    echo "# gradus beside its peers, under two build profiles"
    echo
    echo "Started $started on ${cpu:-an unknown CPU}, $cores cores, $rustc;"
    echo "load average $load when it started. Each profile's section says how its"
    echo "cells are read; \`bench\` is the workspace's release-based bench profile,"
    echo "\`bench-lto\` the same with \`lto = \"fat\"\` and \`codegen-units = 1\`."
    echo "Benchmarking took ${minutes[bench]} min under \`bench\` and"
    echo "${minutes[bench-lto]} min under \`bench-lto\`, builds included."
    for p in "${profiles[@]}"; do
        echo
        cargo run -q -p gradus-compare --profile bench --bin table -- \
            --profile "$p" --targets "$target/criterion-$p"
    done
} >"$out"
echo "wrote $out"
