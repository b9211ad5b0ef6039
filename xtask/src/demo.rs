//! `cargo xtask demo`: builds the wasm package and serves `www/` on http://127.0.0.1:8080.

use crate::util::root;

pub fn run(args: &[String]) -> Result<(), String> {
    let addr = match args {
        [] => "127.0.0.1:8080".to_owned(),
        [flag, addr] if flag == "--addr" => addr.clone(),
        _ => return Err("usage: cargo xtask demo [--addr HOST:PORT]".to_owned()),
    };
    crate::wasm::build()?;
    let www = root().join("www");
    println!("\ngongkai demo portal: http://{addr}/  (表单、规则调试、目录审计)");
    crate::serve::serve(&www, &addr)
}
