//! The mock driven over loopback by a real HTTP client (ureq) and, for what a client library
//! hides, by raw sockets: one test binary, one module per concern.

mod support;

mod auth;
mod catapult;
mod closed_loop;
mod determinism;
mod faults;
mod injection;
mod malformed;
mod retention;
mod routes;
