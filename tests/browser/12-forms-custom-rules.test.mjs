// A page attaches the binding with its own engine (custom rules loaded with loadRules). A rule
// whose message and basis contain HTML is shown as text: no element is created, no script runs.
// A finding on a field the form does not have (here the whole record, field "") goes to the
// summary at the top of the form. Messages follow the page's language (data-gongkai-lang="en").
import assert from 'node:assert/strict';
import { ready, messageOf, waitMessage, stateOf, watchConsole } from './10-forms-lib.mjs';

const XSS_RULE = `
const RULE = #{
    id: "XSS-001",
    title: #{ zh: "标题不得含有标记", en: "No markup in titles" },
    severity: "error",
    kinds: ["document"],
    fields: ["title"],
    basis: "测试依据 <b onmouseover=window.__xss=2>粗体</b>",
    message: #{ zh: "标题含有 <img src=x onerror=window.__xss=1>", en: "Title has <img src=x onerror=window.__xss=1>" },
};
fn check(record) { if record.title == "xss" { #{ field: "title" } } }
const EXAMPLES = [ #{ record: #{ title: "xss" }, expect: ["XSS-001"] }, #{ record: #{}, expect: [] } ];
`;

const WHOLE_RULE = `
const RULE = #{
    id: "TST-001",
    title: #{ zh: "整条记录的检查", en: "A whole-record check" },
    severity: "error",
    kinds: ["document"],
    fields: ["title"],
    basis: "测试依据",
    message: #{ zh: "整条记录有问题：标题为「{t}」<script>window.__xss=3</script>", en: "The record as a whole: title {t}" },
};
fn check(record) { if record.title == "whole" { #{ field: "", t: record.title } } }
const EXAMPLES = [ #{ record: #{ title: "whole" }, expect: ["TST-001"] }, #{ record: #{}, expect: [] } ];
`;

export default async function ({ page, url, shot }) {
  const seen = watchConsole(page);
  await page.goto(url('/portal/document.html'));
  assert.equal(await ready(page), 'ready');
  const loaded = await page.evaluate(async ([xss, whole]) => {
    const { createEngine } = await import('/gongkai-engine.js');
    const { attach } = await import('/gongkai-forms.js');
    const engine = await createEngine();
    const results = [engine.loadRules(xss, 'xss.rhai'), engine.loadRules(whole, 'whole.rhai')];
    const binding = attach(document.querySelector('form[data-gongkai]'), { engine, today: '2018-12-01' });
    await binding.ready;
    window.__imgs = 0;
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1 && (n.tagName === 'IMG' || n.querySelector?.('img, script, b'))) window.__imgs += 1;
    }).observe(document.body, { childList: true, subtree: true });
    return { results: results.map((r) => r.ok), state: binding.state };
  }, [XSS_RULE, WHOLE_RULE]);
  assert.deepEqual(loaded, { results: [true, true], state: 'ready' });

  // 1. Markup in a message and a basis is text.
  const title = page.locator('#title');
  await title.pressSequentially('xss');
  const text = await waitMessage(title, '标题含有 <img src=x onerror=window.__xss=1>');
  assert.match(text, /依据：测试依据 <b onmouseover=window.__xss=2>粗体<\/b>/);
  assert.equal((await stateOf(title)).invalid, true);
  await page.waitForTimeout(200);
  const after = await page.evaluate(() => ({
    xss: window.__xss, added: window.__imgs,
    imgs: document.querySelectorAll('form img, form b, form script').length,
  }));
  assert.deepEqual(after, { xss: undefined, added: 0, imgs: 0 });
  await shot('forms-custom-rule-as-text');

  // 2. A finding for the whole record (field "") appears in the summary, also as text.
  await title.fill('whole');
  const summary = page.locator('form[data-gongkai] .gongkai-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /^校验结果：错误 整条记录有问题：标题为「whole」<script>window.__xss=3<\/script>/);
  assert.match(await summary.textContent(), /依据：测试依据 · TST-001/);
  assert.equal(await messageOf(title), '', 'nothing next to the title: the finding is not about it');
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await shot('forms-summary-whole-record');
  // Fixing it clears the summary.
  await title.fill('关于印发办法的通知');
  await summary.waitFor({ state: 'hidden' });

  // 3. The same in English: data-gongkai-lang="en" (or <html lang="en">).
  await page.locator('form[data-gongkai]').evaluate((f) => { f.dataset.gongkaiLang = 'en'; });
  await page.locator('#doc_number').fill('信政[2018]21号');
  const en = await waitMessage(page.locator('#doc_number'), 'Document number "信政[2018]21号" is malformed');
  assert.match(en, /^Error/);
  assert.match(en, /Basis: GB\/T 9704-2012/);
  await page.locator('#title').fill('');
  await page.locator('#title').blur();
  await waitMessage(page.locator('#title'), 'The Title is missing');
  await page.evaluate(() => { document.documentElement.lang = 'en'; delete document.querySelector('form[data-gongkai]').dataset.gongkaiLang; });
  await page.locator('#title').fill('xss');
  await waitMessage(page.locator('#title'), 'Title has <img src=x onerror=window.__xss=1>');
  await shot('forms-english');
  assert.equal(await page.evaluate(() => window.__xss), undefined);

  // 4. The options the binding gives the engine: none while the defaults hold (Chinese, today in
  // Beijing time, which the engine reads itself), so the module has no options to read on a
  // keystroke; a date or a language set on the form goes along. The binding checks through one
  // draft of its record (engine.draft), freed when it detaches.
  const given = await page.evaluate(async () => {
    document.documentElement.lang = 'zh-CN';
    const { createEngine } = await import('/gongkai-engine.js');
    const { attach } = await import('/gongkai-forms.js');
    const engine = await createEngine();
    const calls = [];
    const drafts = { made: 0, freed: 0 };
    const spy = new Proxy(engine, {
      get(target, key) {
        const value = target[key];
        if (typeof value !== 'function') return value;
        if (key === 'draft') {
          return (...args) => {
            const draft = value.apply(target, args);
            drafts.made += 1;
            return {
              check: (...a) => { calls.push(a.at(-1) ?? null); return draft.check(...a); },
              free: () => { drafts.freed += 1; draft.free(); },
            };
          };
        }
        if (key !== 'check' && key !== 'checkField') return value.bind(target);
        return (...args) => { calls.push(args.at(-1) ?? null); return value.apply(target, args); };
      },
    });
    const form = document.createElement('form');
    form.dataset.gongkai = 'document';
    form.innerHTML = '<input name="title" value="关于印发办法的通知">';
    document.body.append(form);
    const binding = attach(form, { engine: spy });
    await binding.ready;
    const during = (change) => { change(); calls.length = 0; binding.validate(); return calls.slice(); };
    const out = {
      defaults: during(() => {}),
      dated: during(() => { form.dataset.gongkaiToday = '2018-12-01'; }),
      english: during(() => { delete form.dataset.gongkaiToday; form.dataset.gongkaiLang = 'en'; }),
    };
    binding.detach();
    form.remove();
    return { ...out, drafts };
  });
  assert.deepEqual(given, {
    defaults: [null],
    dated: [{ lang: 'zh', today: '2018-12-01' }],
    english: [{ lang: 'en' }],
    drafts: { made: 1, freed: 1 },
  });
  assert.deepEqual(seen.error, []);
}
