#!/usr/bin/env bash
# Runs every check and test of PLN Lens (`make test`, and CI through .ci/run):
# formatting, lints (Rust and JavaScript), the page's type check against types generated
# from the Rust ones, docs, the core's tests, the Wasm tests in a Worker in headless
# Chromium, and the browser end-to-end tests against the built app. Installs what is
# missing first. Stops at the first failure with a non-zero status.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scripts/setup.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$1" >&2; shift; "$@"; }

# The real-world fixtures are read in place from ../shared (never copied here). In CI
# they must be there; elsewhere the tests that need them say they are skipped.
export PLN_SHARED=${PLN_SHARED:-$(cd "$root/.." && pwd)/shared}
if [ ! -d "$PLN_SHARED/fixtures" ]; then
  if [ -n "${CI:-}" ]; then
    echo "error: the shared fixtures are missing at $PLN_SHARED/fixtures, and CI needs them" >&2
    exit 1
  fi
  echo "note: no fixtures at $PLN_SHARED/fixtures; tests that need them will be skipped" >&2
fi

# Chromium leaves profile folders in TMPDIR; keep them in a scratch folder we clean.
scratch="$root/target/test-scratch"
rm -rf "$scratch" && mkdir -p "$scratch"
trap 'rm -rf "$scratch"' EXIT

step "format" cargo fmt --check
step "page types generated from the Rust types (www/types.d.ts)" node scripts/gen-types.mjs --check
step "type-check the page (tsc --checkJs)" npx --no-install tsc -p .
step "type-check the Worker (tsc --checkJs)" npx --no-install tsc -p tsconfig.worker.json
step "lint the JavaScript (eslint)" npx --no-install eslint --max-warnings 0
step "lint (native)" cargo clippy --all-targets --locked -- -D warnings
step "lint (wasm)" cargo clippy --lib --tests --locked --target wasm32-unknown-unknown --no-default-features -- -D warnings
step "docs" env RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked
step "core tests" cargo test --locked
step "wasm tests (in a Worker, headless Chromium)" env \
  CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$root/tests/wasm/webdriver.json" \
  WASM_BINDGEN_TEST_TIMEOUT=120 \
  TMPDIR="$scratch" XDG_CONFIG_HOME="$scratch" XDG_CACHE_HOME="$scratch" \
  cargo test --locked --target wasm32-unknown-unknown --no-default-features --test wasm
step "web app build (dist/)" node scripts/build-web.mjs
step "CLI build (embeds dist/)" cargo build --release --locked
# The classifier's floor (issue 8): retrain leaving each of the six coded people out in turn
# and code them, about a minute. Measured 0.437 mean purpose kappa (lowest 0.356) and 0.554
# topic micro-F1; the floors sit a little under, so a change that makes codes worse for
# people the model was not trained on fails here.
if [ -d "$PLN_SHARED/fixtures/educators" ]; then
  step "classifier floor (leave one person out)" target/release/pln-lens corpus evaluate \
    --fixtures "$PLN_SHARED/fixtures" --require-kappa 0.41 --require-lowest-kappa 0.34 --require-topic-f1 0.52
fi
step "browser end-to-end tests" env TMPDIR="$scratch" node --test --test-concurrency=1 tests/e2e/
echo "all tests passed" >&2
