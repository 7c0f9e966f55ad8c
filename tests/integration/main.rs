//! Integration tests: one binary, one module per area. Real fixtures are read in place from
//! `../shared/fixtures` (see [`support`]); synthetic archives are built at test time.
#![cfg(not(target_arch = "wasm32"))]

mod chats;
mod classify;
mod classroom;
mod cli;
mod container;
mod educators;
mod fuzz;
mod hostile;
mod legacy;
mod personas;
mod platforms;
mod report;
mod summary;
mod support;
mod x_import;
