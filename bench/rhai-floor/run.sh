#!/usr/bin/env bash
# Builds the two floor modules the way `cargo xtask wasm` builds gongkai's (pinned nightly,
# rebuilt standard library, `-Cpanic=immediate-abort`, `opt-level = "z"`, LTO, `wasm-opt -Oz`),
# prints their raw and gzip sizes, then times `check` inside each under Node.
# Needs what `cargo xtask wasm` installs: the nightly of xtask/src/tools.rs (SIZE_TOOLCHAIN) with
# rust-src, and node_modules/.bin/wasm-opt at the repository root.
set -euo pipefail
cd "$(dirname "$0")"
root=../..
toolchain=$(sed -n 's/^pub const SIZE_TOOLCHAIN: &str = "\(.*\)";/\1/p' "$root/xtask/src/tools.rs")
cargo run --quiet --release -p host
for m in ast grain; do
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
    rustup run "$toolchain" cargo build --quiet -p "$m" --target wasm32-unknown-unknown \
    --profile wasm-release -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
  "$root/node_modules/.bin/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --strip-debug --strip-producers \
    "target/wasm32-unknown-unknown/wasm-release/$m.wasm" -o "target/$m.wasm"
  echo "$m: $(stat -c %s "target/$m.wasm") bytes raw, $(gzip -9c "target/$m.wasm" | wc -c) bytes gzip -9"
done
node --input-type=module -e '
import { readFileSync } from "node:fs";
for (const m of ["ast", "grain"]) {
  const { instance } = await WebAssembly.instantiate(readFileSync(`target/${m}.wasm`));
  const run = instance.exports.run;
  const found = [run(16n, 1n), run(30n, 1n)];
  if (found[0] !== 1n || found[1] !== 0n) throw new Error(`${m}: ${found}`);
  const best = [];
  for (let r = 0; r < 7; r++) {
    const t = performance.now();
    run(16n, 20000n);
    best.push((performance.now() - t) * 1000 / 20000);
  }
  best.sort((a, b) => a - b);
  console.log(`${m}: check ${best[3].toFixed(2)} µs median of 7 batches of 20,000 (min ${best[0].toFixed(2)})`);
}'
