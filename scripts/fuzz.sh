#!/usr/bin/env bash
# The long fuzz runs (`make fuzz`, issue #11): every libFuzzer target in fuzz/ for
# FUZZ_SECONDS each (default 600), seeded from the real fixtures in ../shared and synthetic
# seeds, written at run time to target/fuzz-corpus/ (never committed). Needs the nightly
# toolchain and cargo-fuzz (both from the reachable registries: `rustup toolchain install
# nightly`, `cargo install cargo-fuzz`). A crash leaves its input in fuzz/artifacts/<target>/:
# reduce it (`cargo +nightly fuzz tmin <target> <file>`), fix the bug, and if the input is
# synthetic (no fixture content) commit it under fuzz/regressions/<target>/, where the
# stable smoke run in `make test` replays it.
#   FUZZ_SECONDS=3600 make fuzz          # an hour per target
#   FUZZ_TARGETS="zip elements" make fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-600}
targets=${FUZZ_TARGETS:-"zip x_tweets_js x_small_files elements grailbird_js legacy_csv mastodon_outbox bluesky_car"}
export PLN_SHARED=${PLN_SHARED:-$(cd .. && pwd)/shared}

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "error: fuzzing needs the nightly toolchain: rustup toolchain install nightly" >&2
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "error: fuzzing needs cargo-fuzz: cargo install cargo-fuzz" >&2
  exit 2
fi

cargo test --locked --test integration write_fuzz_seeds -- --ignored --exact fuzz::write_fuzz_seeds
for t in $targets; do
  corpus="target/fuzz-corpus/$t"
  mkdir -p "$corpus"
  echo "== fuzz $t for ${seconds}s (corpus $corpus)" >&2
  cargo +nightly fuzz run "$t" "$corpus" -- \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1
done
