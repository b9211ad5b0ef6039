// The sandbox's depth limits inside the WebAssembly module, where the stack is the module's own
// (2 MiB, no guard page) and the browser's: a rule recursing forever and a rule nesting calls as
// deep as the limit allows end as that rule's error finding, the other rules still run, and the
// engine answers the next check. A rule looping forever ends at the operation limit, or at the time limit when
// the operation limit is off (the clock the binding supplies). Both modules: the default one runs
// rules under rhai, the fast one on the lowered evaluator, whose frames differ. (Natively the
// same limits are tested in crates/gongkai/tests/sandbox.rs; the deepest rules the limits' ceilings
// in WebAssembly allow, in 04-limits.test.mjs.)
import assert from 'node:assert/strict';

const rule = (id, body) => `
const RULE = #{
    id: "${id}", severity: "error", kinds: ["document"], fields: ["title"],
    title: #{ zh: "恶意规则", en: "hostile rule" }, basis: "测试",
    message: #{ zh: "不应出现", en: "never" },
};
fn check(record) {
${body}
}
const EXAMPLES = [];
`;

export default async function ({ page, url, log }) {
  await page.goto(url('/'));
  for (const fast of [false, true]) {
    const result = await page.evaluate(async ({ forever, deepest, loop, fast }) => {
      const { createEngine } = await import('/gongkai-engine.js');
      const engine = await createEngine({ fast });
      const loaded = [engine.loadRules(forever, 'forever.rhai'), engine.loadRules(deepest, 'deepest.rhai')];
      const record = { title: '关于……的通知', doc_number: '国办发[2018]10号', disclosure: '主动公开' };
      const t = performance.now();
      const report = engine.check('document', record, { today: '2018-10-08' });
      const ms = performance.now() - t;
      const again = engine.check('document', record, { today: '2018-10-08' });
      const pick = (r) => r.findings.filter((f) => f.rule.startsWith('ZZZ')).map((f) => ({ rule: f.rule, error: f.error }));
      const looping = async (limits) => {
        const e = await createEngine({ fast, standard: false, limits });
        if (!e.loadRules(loop, 'loop.rhai').ok) return 'not loaded';
        return pick(e.check('document', record, { today: '2018-10-08' }));
      };
      return {
        // A time limit far off, so that a slow machine still meets the operation limit first.
        operations: await looping({ max_time_ms: 20000 }),
        time: await looping({ max_operations: 0, max_time_ms: 50 }),
        evaluator: engine.evaluator(),
        loaded: loaded.map((l) => l.ok),
        hostile: pick(report),
        others: report.findings.some((f) => f.rule === 'DOC-011'),
        again: pick(again),
        ms,
      };
    }, {
      forever: rule('ZZZ-001', 'deep(0)\n}\nfn deep(n) {\n deep(n + 1)'),
      // Helper calls 29 levels deep (the deepest the limit of 32 lets a rule go), each inside a
      // nested expression: the rule finishes normally and finds nothing. One more level is the
      // limit's error, as for ZZZ-001.
      deepest: rule('ZZZ-002', 'let n = deep(0); if n != 29 { #{ field: "title", n: n } }\n}\nfn deep(n) {\n if n >= 29 { return n; } ((((((((deep(n + 1) + 0) + 0) + 0) + 0) + 0) + 0) + 0) + 0)'),
      loop: rule('ZZZ-003', 'let i = 0; loop { i += 1; }'),
      fast,
    });
    assert.equal(result.evaluator, fast ? 'lowered' : 'rhai');
    assert.deepEqual(result.loaded, [true, true]);
    assert.deepEqual(result.hostile, [{ rule: 'ZZZ-001', error: 'stack_overflow' }]);
    assert.ok(result.others, 'the standard rules still run');
    assert.deepEqual(result.again, result.hostile, 'the engine answers the next check the same way');
    assert.ok(result.ms < 1000, `took ${result.ms} ms`);
    assert.deepEqual(result.operations, [{ rule: 'ZZZ-003', error: 'too_many_operations' }]);
    assert.deepEqual(result.time, [{ rule: 'ZZZ-003', error: 'timeout' }]);
    log(`${result.evaluator}: the limits hold (${result.ms.toFixed(0)} ms)`);
  }
}
