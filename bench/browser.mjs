// Measures, in headless Chromium (Debian's, via playwright-core): cold start of the wasm
// package (instantiate + standard packs ready, the fetch and compile of the module excluded),
// the first re-checks of a text field right after that (before V8 has optimised the code), the
// time of one `check` and three `checkField`s of a catalogue entry once warm (a checkbox group
// read by three rules, a text field read by four, and a field read by none), the same three
// keystrokes as the form binding checks them (through a draft of the record), a whole entry and
// two keystrokes through the fast module (gongkai_bg.fast.wasm), the fast module's cold start on
// pages of its own, and an auditor's view: the audit
// page (which runs the fast module) checking an export of 10,000 catalogue entries, as it reports it.
//
//   node bench/browser.mjs            (after `cargo xtask wasm`; prints a Markdown table)

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { start, www } from './chromium.mjs';

const { browser, base, close } = await start();

const RUNS = 7;
const ENTRY = { category: '机构职能', subcategory: '机构设置', content: '内设机构、下属单位', basis: '《中华人民共和国政府信息公开条例》第二十条',
  time_limit: '信息形成或者变更之日起20个工作日内', subject: '市政府办公室', channels: ['政府网站', '政务服务中心'],
  audience: ['全社会'], mode: '主动', levels: ['市级'] };
const coldStarts = [];
const readyTimes = [];
const earlyTimes = [];
let steady;
for (let i = 0; i < RUNS; i++) {
  // A new page per run: a truly cold instance each time.
  const page = await browser.newPage();
  await page.goto(`${base}/`);
  const r = await page.evaluate(async (entry) => {
    const bytes = await (await fetch('/pkg/gongkai_bg.wasm')).arrayBuffer();
    const module = await WebAssembly.compile(bytes); // fetch and compile excluded
    const glue = await import('/pkg/gongkai.js');
    const t0 = performance.now();
    glue.initSync({ module });
    const engine = new glue.Engine();
    const cold = performance.now() - t0;
    const opts = { today: '2026-03-02' };
    // Standard packs compile on first use, per kind: the first check includes compiling the
    // catalogue_entry pack, so `cold + firstCheck` is the time to a form's first answer.
    const first = performance.now(); engine.check('catalogue_entry', entry, opts); const firstCheck = performance.now() - first;
    const time = (f, n) => { for (let k = 0; k < 50; k++) f(); const t = performance.now(); for (let k = 0; k < n; k++) f(); return (performance.now() - t) / n; };
    const samples = (f, n) => { const out = []; for (let s = 0; s < 15; s++) out.push(time(f, n)); out.sort((a, b) => a - b); return out[7]; };
    // The first re-checks as a person starts typing, before V8 has optimised the code they run:
    // ten batches of ten re-checks of `time_limit` right after the first answer (batches, as
    // the page's clock is too coarse for one call).
    const early = [];
    for (let b = 0; b < 10; b++) {
      const t = performance.now();
      for (let k = 0; k < 10; k++) engine.checkField('catalogue_entry', entry, 'time_limit', opts);
      early.push((performance.now() - t) / 10);
    }
    early.sort((a, b) => a - b);
    // What the form binding runs on a keystroke: a draft of the record (engine.draft of
    // gongkai-engine.js, on its own instance of the same module) given the record with one field
    // changed, alternately to one value and another, so that the change is sent every time.
    const { createEngine } = await import('/gongkai-engine.js');
    const draft = (await createEngine({ wasm: module })).draft('catalogue_entry');
    // The same through the fast module (gongkai_bg.fast.wasm: the lowered evaluator), in the
    // same page.
    const fast = await createEngine({ fast: true });
    if (fast.evaluator() !== 'lowered') throw new Error(`gongkai_bg.fast.wasm runs rules with ${fast.evaluator()}`);
    const fastDraft = fast.draft('catalogue_entry');
    const typing = (field, a, b, d = draft) => {
      const record = { ...entry };
      let flip = false;
      return () => { flip = !flip; record[field] = flip ? a : b; return d.check(record, field, opts); };
    };
    const measures = {
      check: [() => engine.check('catalogue_entry', entry, opts), 50],
      checkField: [() => engine.checkField('catalogue_entry', entry, 'channels', opts), 200],
      // A text field people type in: CAT-001, CAT-004, CAT-005 and CAT-006 read it.
      checkFieldText: [() => engine.checkField('catalogue_entry', entry, 'time_limit', opts), 200],
      // `area` is read by no catalogue_entry rule: what is left is the crossing (the record in,
      // the report out) and the record's normalisation, paid by every check.
      checkFieldUnread: [() => engine.checkField('catalogue_entry', entry, 'area', opts), 200],
      draft: [typing('channels', ['政府网站'], entry.channels), 200],
      draftText: [typing('time_limit', '信息形成或者变更之日起15个工作日内', entry.time_limit), 200],
      draftUnread: [typing('area', '机构设置', '机构职能'), 200],
      fastCheck: [() => fast.check('catalogue_entry', entry, opts), 50],
      fastDraft: [typing('channels', ['政府网站'], entry.channels, fastDraft), 200],
      fastDraftText: [typing('time_limit', '信息形成或者变更之日起15个工作日内', entry.time_limit, fastDraft), 200],
    };
    // V8 optimises the module's functions as they get hot, in the background: all the measures
    // run together for a while first, so that no row is timed on less optimised code than the
    // next (measured one after the other without it, the re-check of `time_limit` took 47 µs
    // first and 41 µs at the end of the same page).
    const until = performance.now() + 1500;
    while (performance.now() < until) for (const [f] of Object.values(measures)) f();
    const warm = Object.fromEntries(Object.entries(measures).map(([k, [f, n]]) => [k, samples(f, n)]));
    return { cold, firstCheck, early: early[5], ...warm };
  }, ENTRY);
  coldStarts.push(r.cold);
  readyTimes.push(r.cold + r.firstCheck);
  earlyTimes.push(r.early);
  steady = r;
  await page.close();
}

// The fast module's cold start, on pages of its own: instantiated, `new Engine()`, and the first
// check of the same entry answered (its standard rules read compiled from the module's snapshot).
const fastReady = [];
for (let i = 0; i < RUNS; i++) {
  const page = await browser.newPage();
  await page.goto(`${base}/`);
  fastReady.push(await page.evaluate(async (entry) => {
    const module = await WebAssembly.compile(await (await fetch('/pkg/gongkai_bg.fast.wasm')).arrayBuffer());
    const glue = await import('/pkg/gongkai.js');
    const t0 = performance.now();
    glue.initSync({ module });
    new glue.Engine().check('catalogue_entry', entry, { today: '2026-03-02' });
    return performance.now() - t0;
  }, ENTRY));
  await page.close();
}
fastReady.sort((a, b) => a - b);

// The audit page checking a whole export: 10,000 catalogue entries (those of the example
// catalogue, repeated) as one JSON array, from the file chosen to the results shown, as the page
// reports it (`data-audit-ms`: reading the file, checking on its workers, merging; Playwright's
// own cost of handing the file to the page is left out).
const AUDIT_RECORDS = 10000;
const AUDIT_RUNS = 3;
const catalogue = JSON.parse(await readFile(join(www, '..', 'examples', 'catalogue.json'), 'utf8'));
const entries = (Array.isArray(catalogue) ? catalogue[0] : catalogue).entries;
const exported = Buffer.from(JSON.stringify(Array.from({ length: AUDIT_RECORDS }, (_, i) => entries[i % entries.length]), null, 1));
const audits = [];
for (let i = 0; i < AUDIT_RUNS; i++) {
  const page = await browser.newPage();
  await page.goto(`${base}/audit.html`);
  await page.waitForSelector('html[data-ready]');
  await page.selectOption('#kind', 'catalogue_entry');
  await page.fill('#today', '2026-03-02');
  await page.setInputFiles('#file', { name: 'export.json', mimeType: 'application/json', buffer: exported });
  await page.waitForFunction(() => document.documentElement.dataset.auditMs, null, { timeout: 600000 });
  const total = Number(await page.locator('[data-stat="total"] dd').textContent());
  if (total !== AUDIT_RECORDS) throw new Error(`the audit page checked ${total} records, not ${AUDIT_RECORDS}`);
  audits.push(await page.evaluate(() => ({
    ms: Number(document.documentElement.dataset.auditMs),
    workers: Number(document.documentElement.dataset.auditWorkers),
  })));
  await page.close();
}
await close();
audits.sort((a, b) => a.ms - b.ms);
coldStarts.sort((a, b) => a - b);
readyTimes.sort((a, b) => a - b);
earlyTimes.sort((a, b) => a - b);
console.log(`| measure (headless Chromium, ${RUNS} cold page loads) | median | min | max |`);
console.log('|---|---|---|---|');
console.log(`| instantiate + \`new Engine()\` (standard packs registered, compiled per kind on first use) | ${coldStarts[RUNS >> 1].toFixed(1)} ms | ${coldStarts[0].toFixed(1)} ms | ${coldStarts[RUNS - 1].toFixed(1)} ms |`);
console.log(`| cold start to the first \`check\` of a catalogue entry answered (its pack compiled on first use) | ${readyTimes[RUNS >> 1].toFixed(1)} ms | ${readyTimes[0].toFixed(1)} ms | ${readyTimes[RUNS - 1].toFixed(1)} ms |`);
console.log(`| \`checkField\` of \`time_limit\`, the first 100 right after the first answer (V8 still optimising the code) | ${(earlyTimes[RUNS >> 1] * 1000).toFixed(0)} µs | ${(earlyTimes[0] * 1000).toFixed(0)} µs | ${(earlyTimes[RUNS - 1] * 1000).toFixed(0)} µs |`);
console.log(`| \`check\` of a catalogue entry (all catalogue_entry rules), warm | ${(steady.check * 1000).toFixed(0)} µs | | |`);
console.log(`| \`checkField\` of \`channels\` (the rules that read it), warm | ${(steady.checkField * 1000).toFixed(0)} µs | | |`);
console.log(`| \`checkField\` of \`time_limit\` (a text field: the four rules that read it), warm | ${(steady.checkFieldText * 1000).toFixed(0)} µs | | |`);
console.log(`| \`checkField\` of \`area\` (read by no rule: the crossing and normalisation alone), warm | ${(steady.checkFieldUnread * 1000).toFixed(0)} µs | | |`);
console.log(`| a keystroke through a draft (\`engine.draft\`, as the form binding checks): \`channels\` changed, warm | ${(steady.draft * 1000).toFixed(0)} µs | | |`);
console.log(`| a keystroke through a draft: \`time_limit\` changed, warm | ${(steady.draftText * 1000).toFixed(0)} µs | | |`);
console.log(`| a keystroke through a draft: \`area\` changed (read by no rule), warm | ${(steady.draftUnread * 1000).toFixed(0)} µs | | |`);
console.log(`| the fast module (\`gongkai_bg.fast.wasm\`, ${RUNS} pages of its own): cold start to the first \`check\` of a catalogue entry answered (its rules read compiled) | ${fastReady[RUNS >> 1].toFixed(1)} ms | ${fastReady[0].toFixed(1)} ms | ${fastReady[RUNS - 1].toFixed(1)} ms |`);
console.log(`| the fast module (\`gongkai_bg.fast.wasm\`): \`check\` of a catalogue entry, warm | ${(steady.fastCheck * 1000).toFixed(0)} µs | | |`);
console.log(`| the fast module: a keystroke through a draft, \`channels\` changed, warm | ${(steady.fastDraft * 1000).toFixed(0)} µs | | |`);
console.log(`| the fast module: a keystroke through a draft, \`time_limit\` changed, warm | ${(steady.fastDraftText * 1000).toFixed(0)} µs | | |`);
const audit = audits[AUDIT_RUNS >> 1];
console.log(`| audit page (the fast module): ${AUDIT_RECORDS.toLocaleString('en')} catalogue entries (JSON array, ${(exported.length / 1e6).toFixed(1)} MB) checked on ${audit.workers} workers, ${AUDIT_RUNS} runs | ${audit.ms} ms (${Math.round(AUDIT_RECORDS / audit.ms * 1000).toLocaleString('en')} records/s) | ${audits[0].ms} ms | ${audits[AUDIT_RUNS - 1].ms} ms |`);
