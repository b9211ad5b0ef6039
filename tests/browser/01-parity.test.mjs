// Parity in Chromium: every rule example and every record of examples/ gives the same result
// in the browser as through the native core (the `gongkai` CLI), like the Node parity test.
import assert from 'node:assert/strict';
import { nativeResults, exampleFiles, ruleSources, compare, TODAY } from '../parity/native.mjs';

export default async function ({ page, url, log }) {
  const native = nativeResults();
  await page.goto(url('/'));
  const browser = await page.evaluate(async ({ files, sources, today }) => {
    const { createEngine } = await import('/gongkai-engine.js');
    const standard = await createEngine();
    const out = { files: {}, examples: {} };
    for (const { file, kind, records } of files) {
      out.files[file] = records.map((r) => standard.check(kind, r, { today }).findings);
    }
    const authored = await createEngine();
    for (const { path, text } of sources) {
      const loaded = authored.loadRules(text, path);
      if (!loaded.ok) throw new Error(`${path}: ${JSON.stringify(loaded.diagnostics)}`);
    }
    for (const c of authored.test().cases) out.examples[`${c.rule}#${c.example}`] = c.passed;
    return out;
  }, { files: exampleFiles(), sources: ruleSources(), today: TODAY });
  const diffs = compare(native, browser, 'chromium');
  assert.deepEqual(diffs, []);
  log(`${Object.keys(native.examples).length} rule examples and ${Object.values(native.files).flat().length} records agree`);
}
