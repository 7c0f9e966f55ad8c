//! Build-time wiring that cannot live in Cargo.toml:
//! - rebuild the CLI when the built web app in `dist/` changes, so `pln-lens serve`
//!   always embeds the app `make dist` last produced. The demos in `dist/demos/` are not
//!   watched: the CLI makes them itself and does not embed them, so `make dist` writing
//!   them with the CLI it just built does not start that build again;
//! - tell the tests where the shared real-world fixtures are (`../shared/fixtures`, or
//!   `$PLN_SHARED/fixtures`): `cfg(pln_fixtures)` and `env!("PLN_FIXTURES")` when they
//!   exist. The fixtures are read in place, never copied into the project.
use std::path::PathBuf;

fn main() {
    watch_app(std::path::Path::new("dist"));
    println!("cargo:rerun-if-changed=www/_headers");
    println!("cargo:rerun-if-env-changed=PLN_SHARED");
    println!("cargo::rustc-check-cfg=cfg(pln_fixtures)");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let shared = std::env::var_os("PLN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("..").join("shared"));
    let fixtures = shared.join("fixtures");
    if let Ok(abs) = fixtures.canonicalize() {
        // Watched only when they are there: Cargo takes a missing path as changed, which
        // rebuilt the whole crate on every command on a machine without the fixtures (a
        // user's, or a fresh clone elsewhere: `make serve` built the CLI twice).
        println!("cargo:rerun-if-changed={}", fixtures.display());
        println!("cargo:rustc-cfg=pln_fixtures");
        println!("cargo:rustc-env=PLN_FIXTURES={}", abs.display());
    }
}

/// Asks Cargo to rerun when a file of the built app changes, except the demos. Files, not
/// folders: Cargo reads a folder as every file below it, demos included. (A file added to
/// `dist/` on its own is embedded at the next change of another; `make dist` rewrites
/// `index.html` and the scripts together.) While `dist/` is empty it is watched as a whole.
fn watch_app(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        // A missing path is "changed" on every build to Cargo, so the (ignored) folder is
        // made, and watched as a whole while it is empty.
        let _ = std::fs::create_dir_all(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        return;
    };
    let mut files = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path == std::path::Path::new("dist/demos") {
            continue;
        }
        if path.is_dir() {
            watch_app(&path);
        } else {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        files += 1;
    }
    if files == 0 {
        println!("cargo:rerun-if-changed={}", dir.display());
    }
}
