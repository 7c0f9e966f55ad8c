#!/usr/bin/env bash
# Installs whatever this machine is missing to build, serve and test PLN Lens, and nothing
# it already has: the wasm32 target, the wasm-bindgen CLI at exactly the version in
# wasm-pack.toml, the npm packages from package-lock.json, and Debian's Chromium and
# ChromeDriver (for the browser tests). Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown Rust target"
  rustup target add wasm32-unknown-unknown
fi

wasm_bindgen_version=$(sed -n 's/^wasm-bindgen *= *"\(.*\)"/\1/p' wasm-pack.toml)
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wasm_bindgen_version"; then
  say "installing wasm-bindgen-cli $wasm_bindgen_version (takes about 2.5 minutes, once)"
  # --locked fails here: the CLI's lockfile names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing Debian's chromium and chromium-driver (for the browser tests)"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
fi
