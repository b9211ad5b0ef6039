// gongkai-engine.js's contract at its edges, in Chromium, both modules: arguments of the wrong
// type are a TypeError naming the method and the argument (not a trap of the module, nor an
// obscure failure inside wasm-bindgen's glue); bad data and bad options are answered or refused
// as the README says (`undefined` is no record, as `null` is; `today: "0000-00-00"` is refused as
// any impossible date; a `lang` other than zh/en is refused everywhere); `test()` runs the rules
// loaded, not the embedded standard ones (which carry no examples); a failed download is not
// kept (the next engine fetches again), a module served with another MIME type is compiled from
// the same response; `lastPanic` records a trap and the method that met it; `dispose()` frees the
// engine, after which every call throws.
import assert from 'node:assert/strict';

export default async function ({ page, url, log }) {
  await page.goto(url('/'));
  for (const fast of [false, true]) {
    const result = await page.evaluate(async (fast) => {
      const mod = await import('/gongkai-engine.js');
      const engine = await mod.createEngine({ fast });
      const thrown = (f) => {
        try {
          f();
          return 'no error';
        } catch (e) {
          return `${e.constructor.name}: ${e.message}`;
        }
      };
      const panicBefore = mod.lastPanic;
      const record = { title: '通知' };
      const draft = engine.draft('document');
      const typeErrors = [
        thrown(() => engine.check(5, record)),
        thrown(() => engine.check(undefined, record)),
        thrown(() => engine.checkField('document', record, null)),
        thrown(() => engine.checkField({}, record, 'title')),
        thrown(() => engine.draft(7)),
        thrown(() => draft.check(record, 3)),
        thrown(() => engine.loadRules(undefined)),
        thrown(() => engine.loadRules('const RULE = #{};', 42)),
        thrown(() => engine.removeRule(['DOC-001'])),
        thrown(() => engine.test('DOC-001')),
        thrown(() => engine.test([1])),
        thrown(() => engine.extendCalendar(2027)),
        thrown(() => engine.extendCalendar('{}', 1)),
        thrown(() => engine.eval(1)),
        thrown(() => engine.eval('1', 20180101)),
        thrown(() => engine.eval('1', undefined, true)),
        thrown(() => engine.recordsFromCsv('catalogue_entry', null)),
        thrown(() => engine.recordsFromCsv(undefined, 'a,b')),
        thrown(() => engine.defineKind({}, 5)),
      ];
      // No instance failed on the way, and the engine still answers.
      const panicAfterTypeErrors = mod.lastPanic === panicBefore;
      const stillWorks = engine.check('document', record, { today: '2018-10-08' }).findings.length > 0;

      const text = (v) => JSON.stringify(v);
      const noRecord = [
        text(engine.check('document', undefined, { today: '2018-10-08' })) === text(engine.check('document', null, { today: '2018-10-08' })),
        text(engine.checkField('document', undefined, 'title', { today: '2018-10-08' })) === text(engine.checkField('document', null, 'title', { today: '2018-10-08' })),
        text(draft.check(undefined, 'title', { today: '2018-10-08' })) === text(engine.checkField('document', null, 'title', { today: '2018-10-08' })),
      ];
      const zeroDay = [thrown(() => engine.check('document', record, { today: '0000-00-00' })),
        thrown(() => engine.check('document', record, Object.assign(Object.create(null), { today: '0000-00-00' })))];
      const langs = [
        thrown(() => engine.eval('1', undefined, 'fr')),
        thrown(() => engine.extendCalendar('{}', 'fr')),
        thrown(() => engine.recordsFromCsv('catalogue_entry', 'a', 'fr')),
        thrown(() => engine.defineKind({ name: 'x' }, 'fr')),
        thrown(() => engine.check('document', record, { lang: 'fr' })),
      ];
      const bigint = thrown(() => engine.check('document', { title: 1n }));

      // The embedded standard rules have no examples: test() leaves them out; a full source
      // loaded (examples included) is tested.
      const standardOnly = engine.test();
      const path = 'rules/document/DOC-009-interpretation-within-3-workdays.rhai';
      const loaded = engine.loadRules(await (await fetch(`/pkg/${path}`)).text(), path);
      const afterLoad = engine.test();

      // A trap: recorded with the method that met it; the engine goes on.
      thrown(() => engine._trap());
      const panic = mod.lastPanic;
      const afterTrap = engine.check('document', record, { today: '2018-10-08' }).findings.length > 0;

      draft.free();
      engine.dispose();
      const disposed = [thrown(() => engine.check('document', record)), thrown(() => engine.rules()), thrown(() => engine.dispose())];
      return {
        typeErrors, panicAfterTypeErrors, stillWorks, noRecord, zeroDay, langs, bigint,
        standardOnly, loaded: loaded.ok, afterLoad: { rules: [...new Set(afterLoad.cases.map((c) => c.rule))], passed: afterLoad.cases.every((c) => c.passed), cases: afterLoad.cases.length, problems: afterLoad.problems },
        panic, afterTrap, disposed,
      };
    }, fast);
    const label = fast ? 'fast module' : 'default module';
    assert.deepEqual(result.typeErrors, [
      'TypeError: gongkai: check(kind, record, options): kind must be a string, got number',
      'TypeError: gongkai: check(kind, record, options): kind must be a string, got undefined',
      'TypeError: gongkai: checkField(kind, record, field, options): field must be a string, got null',
      'TypeError: gongkai: checkField(kind, record, field, options): kind must be a string, got object',
      'TypeError: gongkai: draft(kind): kind must be a string, got number',
      'TypeError: gongkai: draft.check(record, field, options): field must be a string or undefined, got number',
      'TypeError: gongkai: loadRules(source, name): source must be a string, got undefined',
      'TypeError: gongkai: loadRules(source, name): name must be a string or undefined, got number',
      'TypeError: gongkai: removeRule(id): id must be a string, got array',
      'TypeError: gongkai: test(ids): ids must be an array of strings or undefined, got string',
      'TypeError: gongkai: test(ids): ids must be an array of strings or undefined, got array',
      'TypeError: gongkai: extendCalendar(data, lang): data must be a string or an object, got number',
      'TypeError: gongkai: extendCalendar(data, lang): lang must be a string or undefined, got number',
      'TypeError: gongkai: eval(expr, today, lang): expr must be a string, got number',
      'TypeError: gongkai: eval(expr, today, lang): today must be a string or undefined, got number',
      'TypeError: gongkai: eval(expr, today, lang): lang must be a string or undefined, got boolean',
      'TypeError: gongkai: recordsFromCsv(kind, text, lang): text must be a string, got null',
      'TypeError: gongkai: recordsFromCsv(kind, text, lang): kind must be a string, got undefined',
      'TypeError: gongkai: defineKind(def, lang): lang must be a string or undefined, got number',
    ], label);
    assert.ok(result.panicAfterTypeErrors, `${label}: no instance failed`);
    assert.ok(result.stillWorks, label);
    assert.deepEqual(result.noRecord, [true, true, true], label);
    const zero = 'Error: invalid check options: `today` must be a valid date written YYYY-MM-DD, not `0000-00-00`';
    assert.deepEqual(result.zeroDay, [zero, zero], label);
    const fr = '`lang` must be "zh" or "en", not `fr`';
    assert.deepEqual(result.langs, [
      `Error: eval: ${fr}`, `Error: extendCalendar: ${fr}`, `Error: recordsFromCsv: ${fr}`, `Error: defineKind: ${fr}`,
      `Error: invalid check options: ${fr}`,
    ], label);
    assert.match(result.bigint, /^Error: invalid record: not representable as JSON \(TypeError: .*BigInt/, label);
    assert.deepEqual(result.standardOnly, { cases: [], problems: [] }, label);
    assert.ok(result.loaded, label);
    assert.deepEqual(result.afterLoad.rules, ['DOC-009'], label);
    assert.ok(result.afterLoad.passed && result.afterLoad.cases >= 2, `${label}: ${JSON.stringify(result.afterLoad)}`);
    assert.deepEqual(result.afterLoad.problems, [], label);
    assert.equal(result.panic, '_trap: RuntimeError: unreachable', label);
    assert.ok(result.afterTrap, label);
    assert.deepEqual(result.disposed, [
      'Error: gongkai: check: the engine was disposed', 'Error: gongkai: rules: the engine was disposed', 'no error',
    ], label);
  }

  // A disposed engine leaves its spare copy of the glue to the next engine: one import, not two.
  await page.goto(url('/')); // a fresh document: no copies left by the engines above
  const imports = await page.evaluate(async () => {
    const { createEngine } = await import('/gongkai-engine.js');
    const glues = () => performance.getEntriesByType('resource').filter((e) => e.name.includes('gongkai.js?instance=')).length;
    const first = await createEngine({ standard: false });
    const before = glues();
    first.dispose();
    const second = await createEngine({ standard: false });
    const after = glues();
    second.dispose();
    return after - before;
  });
  assert.equal(imports, 1, 'glue copies imported for an engine created after one was disposed');

  // A failed download is not kept: the next createEngine fetches again. A module sent with
  // another MIME type (or with a parameter, which Chromium's streaming compilation refuses too)
  // is compiled from the same response: one request, not two.
  const requests = { flaky: 0, octet: 0, param: 0 };
  let fail = true;
  const wasmBytes = async (route) => {
    const response = await route.fetch({ url: url('/pkg/gongkai_bg.wasm'), headers: { 'accept-encoding': 'identity' } });
    return response.body();
  };
  await page.route('**/pkg/flaky.wasm', async (route) => {
    requests.flaky += 1;
    if (fail) return route.fulfill({ status: 503, body: 'busy' });
    return route.fulfill({ status: 200, headers: { 'content-type': 'application/wasm' }, body: await wasmBytes(route) });
  });
  for (const [name, type] of [['octet', 'application/octet-stream'], ['param', 'application/wasm; charset=binary']]) {
    await page.route(`**/pkg/${name}.wasm`, async (route) => {
      requests[name] += 1;
      return route.fulfill({ status: 200, headers: { 'content-type': type }, body: await wasmBytes(route) });
    });
  }
  const attempt = () => page.evaluate(async () => {
    const { createEngine } = await import('/gongkai-engine.js');
    try {
      const engine = await createEngine({ wasm: '/pkg/flaky.wasm' });
      return engine.rules().length;
    } catch (e) {
      return e.message;
    }
  });
  assert.equal(await attempt(), 'gongkai: cannot fetch /pkg/flaky.wasm: HTTP 503');
  fail = false;
  const rules = await attempt();
  assert.ok(rules > 70, `after the server recovered: ${rules}`);
  assert.equal(requests.flaky, 2);
  for (const name of ['octet', 'param']) {
    const found = await page.evaluate(async (name) => {
      const { createEngine } = await import('/gongkai-engine.js');
      const engine = await createEngine({ wasm: `/pkg/${name}.wasm` });
      return engine.check('catalogue_entry', { category: '机构职能' }, { today: '2026-03-02' }).findings.length;
    }, name);
    assert.ok(found > 0, name);
    assert.equal(requests[name], 1, `one request for a module sent as ${name}`);
  }
  log('argument types, bad data and options, test(), trap records, dispose and the download cache behave as documented');
}
