//! Build-time wiring that cannot live in Cargo.toml:
//! - rebuild the CLI when the built web app in `dist/` changes, so `pln-lens serve`
//!   always embeds the app `make dist` last produced;
//! - tell the tests where the shared real-world fixtures are (`../shared/fixtures`, or
//!   `$PLN_SHARED/fixtures`): `cfg(pln_fixtures)` and `env!("PLN_FIXTURES")` when they
//!   exist. The fixtures are read in place, never copied into the project.
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=dist");
    println!("cargo:rerun-if-changed=www/_headers");
    println!("cargo:rerun-if-env-changed=PLN_SHARED");
    println!("cargo::rustc-check-cfg=cfg(pln_fixtures)");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let shared = std::env::var_os("PLN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("..").join("shared"));
    let fixtures = shared.join("fixtures");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    if let Ok(abs) = fixtures.canonicalize() {
        println!("cargo:rustc-cfg=pln_fixtures");
        println!("cargo:rustc-env=PLN_FIXTURES={}", abs.display());
    }
}
