# The single entry point. `make serve` and `make test` are the two commands in README.md.
.PHONY: setup dist cli serve test bench fuzz clean

setup:
	scripts/setup.sh

# The static web app: dist/ can be put on any static host (dist/_headers carries the CSP).
dist: setup
	node scripts/build-web.mjs

# The command-line tool, with the web app built in (for `pln-lens serve`).
cli: dist
	cargo build --release --locked

# Build everything and serve the app on http://127.0.0.1:8080 (Ctrl+C stops it).
serve: cli
	target/release/pln-lens serve --host 127.0.0.1 --port 8080

# Every check and test.
test:
	scripts/test.sh

# The long fuzz runs (nightly and cargo-fuzz): FUZZ_SECONDS per target, default 600.
# `make test` runs the same targets briefly on stable.
fuzz:
	scripts/fuzz.sh

bench: setup
	cargo bench --locked
	node benches/browser.mjs

clean:
	rm -rf dist target/web
