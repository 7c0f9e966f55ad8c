//! libFuzzer target `mastodon_outbox`: see `fuzz/targets.rs`.
#![no_main]

#[allow(dead_code)]
#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::mastodon_outbox(data));
