// Parity in Chromium: every rule example and every record of examples/ gives the same result
// in the browser as through the native core (the `gongkai` CLI), like the Node parity test, in
// both modules (gongkai_bg.wasm under rhai, gongkai_bg.fast.wasm on the lowered evaluator).
import assert from 'node:assert/strict';
import { nativeResults, exampleFiles, ruleSources, compare, TODAY } from '../parity/native.mjs';

export default async function ({ page, url, log }) {
  const native = nativeResults();
  await page.goto(url('/'));
  for (const fast of [false, true]) {
    const browser = await page.evaluate(async ({ files, sources, today, fast }) => {
      const { createEngine } = await import('/gongkai-engine.js');
      const standard = await createEngine({ fast });
      const out = { evaluator: standard.evaluator(), files: {}, examples: {} };
      for (const { file, kind, records } of files) {
        out.files[file] = records.map((r) => standard.check(kind, r, { today }).findings);
      }
      const authored = await createEngine({ fast });
      for (const { path, text } of sources) {
        const loaded = authored.loadRules(text, path);
        if (!loaded.ok) throw new Error(`${path}: ${JSON.stringify(loaded.diagnostics)}`);
      }
      for (const c of authored.test().cases) out.examples[`${c.rule}#${c.example}`] = c.passed;
      return out;
    }, { files: exampleFiles(), sources: ruleSources(), today: TODAY, fast });
    assert.equal(browser.evaluator, fast ? 'lowered' : 'rhai');
    const diffs = compare(native, browser, `chromium, ${browser.evaluator}`);
    assert.deepEqual(diffs, []);
    log(`${browser.evaluator}: ${Object.keys(native.examples).length} rule examples and ${Object.values(native.files).flat().length} records agree`);
  }
}
