//! `cargo xtask`: the workspace's build and test automation.
fn main() {}
