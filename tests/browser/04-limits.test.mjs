// The depth limits at their ceilings in WebAssembly (crates/gongkai-wasm/src/lib.rs, `depths`):
// the deepest rules the ceilings allow end as findings and diagnostics, never as a trap or a
// RangeError, in both modules, on a page and in a worker (whose machine stack is about half a
// page's), with the engine's code as it first runs and as optimised code only (a second Chromium
// with --no-liftoff: optimised frames are larger, the tightest case measured). Limits past the
// ceilings are refused when the engine is created.
//
// "The deepest rule" for given limits: a recursion (`deep` calling itself) whose every call is
// nested in function calls (`min(min(…deep(n + 1)…, 0), 0)`, the costliest nesting per unit of
// depth found) as deep as `max_function_expr_depth` lets it, called by top-level code nested as
// deep as `max_expr_depth` lets it; it is loaded (the top level runs at load: the recursion must
// end as the call limit's diagnostic) and, without its top level, checked (the limit's error
// finding). And one expression nested as deep as either depth limit lets it, loaded (a top-level
// one runs then) and checked.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

/** Runs in a page or a worker: every case, as plain results. */
async function probe({ base, file, cases, singles }) {
  const { createEngine } = await import(`${base}/gongkai-engine.js`);
  const wasm = new URL(`/pkg/${file}`, base);
  const head = 'const RULE = #{ id: "ZZZ-001", severity: "error", kinds: ["document"], fields: ["title"],\n'
    + '  title: #{ zh: "深", en: "deep" }, basis: "测试", message: #{ zh: "不应出现", en: "never" } };\n';
  const wrap = {
    min: (x) => `min(${x}, 0)`,
    switch: (x) => `switch 1 { 1 => ${x}, _ => 0 }`,
    plus: (x) => `(${x} + 0)`,
  };
  const nest = (style, k, inner) => {
    let x = inner;
    for (let i = 0; i < k; i++) x = wrap[style](x);
    return x;
  };
  const recursion = (top, k) => `${head}${top}\nfn check(record) {\n  deep(0)\n}\nfn deep(n) {\n  ${nest('min', k, 'deep(n + 1)')}\n}\nconst EXAMPLES = [];\n`;
  const tooDeep = (r) => !r.ok && r.diagnostics.some((d) => /complexity/.test(d.message.en));
  /** The largest nesting `make(k)` loads with, and whether one more is refused for its depth. */
  const largest = (engine, make) => {
    let lo = 0;
    let hi = 4096;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (tooDeep(engine.loadRules(make(mid), 'probe.rhai'))) hi = mid;
      else lo = mid;
    }
    return lo;
  };
  const out = [];
  for (const limits of cases) {
    // The nestings, found with calls limited to 1 (the top level's call then stops at once).
    const parse = await createEngine({ wasm, standard: false, limits: { ...limits, max_call_levels: 1 } });
    const kf = largest(parse, (k) => recursion('', k));
    const ke = largest(parse, (k) => recursion(`const X = ${nest('min', k, 'deep(0)')};`, kf));
    parse.dispose();
    const engine = await createEngine({ wasm, standard: false, limits });
    const result = { limits, kf, ke };
    try {
      const atLoad = engine.loadRules(recursion(`const X = ${nest('min', ke, 'deep(0)')};`, kf), 'deepest.rhai');
      result.atLoad = atLoad.ok ? 'loaded' : atLoad.diagnostics.map((d) => d.message.en).join('; ');
      result.loaded = engine.loadRules(recursion('', kf), 'deepest.rhai').ok;
      result.findings = engine.check('document', { title: 't' }, { today: '2018-10-08' }).findings.map((f) => `${f.rule} ${f.error}`);
    } catch (e) {
      result.threw = String(e);
    }
    engine.dispose();
    out.push(result);
  }
  for (const { limits, where, style } of singles) {
    const engine = await createEngine({ wasm, standard: false, limits });
    const expression = (k) => {
      const x = nest(style, k, '1');
      return where === 'top'
        ? `${head}const DEEP = ${x};\nfn check(record) {\n}\nconst EXAMPLES = [];\n`
        : `${head}fn check(record) {\n  let deep = ${x};\n  if deep == () { #{} }\n}\nconst EXAMPLES = [];\n`;
    };
    const result = { limits, where, style };
    try {
      result.k = largest(engine, expression);
      result.loaded = engine.loadRules(expression(result.k), 'deepest.rhai').ok;
      result.findings = engine.check('document', { title: 't' }, { today: '2018-10-08' }).findings.map((f) => `${f.rule} ${f.error}`);
    } catch (e) {
      result.threw = String(e);
    }
    engine.dispose();
    out.push(result);
  }
  return out;
}

/** `probe` in a module worker of `page`. */
function inWorker(page, args) {
  return page.evaluate(async ({ code, args }) => {
    const source = `const probe = ${code};\nself.onmessage = async (e) => {\n  try { self.postMessage(await probe(e.data)); } catch (err) { self.postMessage(String(err)); }\n};`;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' });
    const result = await new Promise((resolve) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => resolve(`worker error: ${e.message}`);
      worker.postMessage(args);
    });
    worker.terminate();
    return result;
  }, { code: probe.toString(), args });
}

// The deepest combinations the ceilings allow: `max_expr_depth + max_call_levels ×
// max_function_expr_depth` at its most (1088, the defaults') with each limit at its own ceiling
// in turn (calls 128, an expression depth 512).
const CASES = [
  {},
  { max_call_levels: 128, max_function_expr_depth: 8 },
  { max_expr_depth: 512, max_call_levels: 18, max_function_expr_depth: 32 },
  { max_call_levels: 8, max_function_expr_depth: 128 },
  { max_call_levels: 2, max_function_expr_depth: 512 },
  { max_expr_depth: 512, max_call_levels: 1, max_function_expr_depth: 512 },
];
const SINGLES = ['min', 'switch', 'plus'].flatMap((style) => [
  { limits: { max_expr_depth: 512, max_call_levels: 18 }, where: 'top', style },
  { limits: { max_function_expr_depth: 512, max_call_levels: 2 }, where: 'fn', style },
]);

function verify(results, label) {
  assert.ok(Array.isArray(results), `${label}: ${results}`);
  for (const r of results) {
    const what = `${label} ${JSON.stringify(r)}`;
    assert.equal(r.threw, undefined, what);
    if (r.where) {
      assert.ok(r.k >= 100, what);
      assert.equal(r.loaded, true, what);
      assert.deepEqual(r.findings, [], what);
    } else {
      assert.match(r.atLoad, /^Stack overflow/, what);
      assert.equal(r.loaded, true, what);
      assert.deepEqual(r.findings, ['ZZZ-001 stack_overflow'], what);
    }
  }
}

export default async function ({ browser, page, url, log }) {
  await page.goto(url('/'));
  // Past the ceilings: refused, saying which limit and its bounds; 0 is no "unlimited" here.
  const refused = await page.evaluate(async () => {
    const { createEngine } = await import('/gongkai-engine.js');
    const out = [];
    for (const limits of [{ max_call_levels: 129 }, { max_expr_depth: 0 }, { max_function_expr_depth: 513 }, { max_call_levels: 33 }]) {
      out.push(await createEngine({ standard: false, limits }).then(() => 'created', (e) => e.message));
    }
    return out;
  });
  assert.deepEqual(refused, [
    'invalid Engine options: `limits.max_call_levels` must be from 1 to 128 in WebAssembly (a deeper rule could overflow the stack), not 129',
    'invalid Engine options: `limits.max_expr_depth` must be from 1 to 512 in WebAssembly (a deeper rule could overflow the stack), not 0',
    'invalid Engine options: `limits.max_function_expr_depth` must be from 1 to 512 in WebAssembly (a deeper rule could overflow the stack), not 513',
    'invalid Engine options: `limits.max_expr_depth` + `limits.max_call_levels` × `limits.max_function_expr_depth` must be from 1 to 1088 in WebAssembly (a deeper rule could overflow the stack), not 1120',
  ]);

  const optimised = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--js-flags=--no-liftoff'],
  });
  try {
    const optimisedPage = await optimised.newPage();
    await optimisedPage.goto(url('/'));
    for (const [where, p] of [['as first run', page], ['optimised only', optimisedPage]]) {
      for (const file of ['gongkai_bg.wasm', 'gongkai_bg.fast.wasm']) {
        const args = { base: new URL(url('/')).origin, file, cases: CASES, singles: SINGLES };
        verify(await p.evaluate(probe, args), `${file}, ${where}, page`);
        verify(await inWorker(p, args), `${file}, ${where}, worker`);
      }
    }
    log(`the deepest rules the ceilings allow end as findings and diagnostics (both modules, page and worker, first-run and optimised code)`);
  } finally {
    await optimised.close();
  }
}
