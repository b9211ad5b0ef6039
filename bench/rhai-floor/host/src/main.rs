//! Compiles `script.rhai` to Grain bytecode (`prog.bin`) for the `grain` module, which has no
//! parser of its own.

fn main() {
    let engine = rhai::Engine::new_raw();
    let ast = engine
        .compile(include_str!("../../script.rhai"))
        .expect("the script compiles");
    let program = rhai::grain::Compiler::new().compile(&ast);
    assert_eq!(program.residual_count(), 0, "fully lowered");
    let bytes = program.write().expect("writable once fully lowered");
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../prog.bin");
    std::fs::write(&out, bytes).expect("prog.bin written");
}
