// A submit button with formnovalidate (保存草稿) sends the form without any check, as it would
// without the binding: with error findings and unmet constraints, while the engine is still
// loading, and when it could not load under data-gongkai-on-failure="block". The other button is
// checked as usual.
import assert from 'node:assert/strict';
import { addForms, takeLog, stateOf } from './10-forms-lib.mjs';

const FORM = `
<form id="fd" data-gongkai="publication" data-gongkai-today="2018-12-01" data-gongkai-on-failure="block" action="portal/submitted.html">
  <div class="field"><label for="d-title">标题</label><input id="d-title" name="title" required></div>
  <div class="field"><label for="d-body">正文</label><textarea id="d-body" name="body">联系人张三，手机 13812345678</textarea></div>
  <label><input type="checkbox" id="d-agree" name="agree" required> 我已阅读并同意</label>
  <button name="action" value="submit">提交</button>
  <button name="action" value="draft" formnovalidate>保存草稿</button>
</form>`;

export default async function ({ page, url }) {
  // 1. Ready: the draft passes although the body has an error finding (PUB-001) and the title and
  // the box are required; 提交 is blocked.
  await page.goto(url('/index.html'));
  assert.equal(await addForms(page, FORM, '#fd'), 'ready');
  await page.getByRole('button', { name: '保存草稿' }).click();
  assert.deepEqual(await takeLog(page), ['passed:draft'], 'formnovalidate: no check, no gongkai: event');
  assert.equal(await page.locator('#d-body').inputValue(), '联系人张三，手机 13812345678');
  await page.getByRole('button', { name: '提交' }).click();
  assert.deepEqual(await takeLog(page), ['gongkai:blocked']);
  assert.equal((await stateOf(page.locator('#d-body'))).ariaInvalid, 'true');
  // After a blocked submit too.
  await page.getByRole('button', { name: '保存草稿' }).click();
  assert.deepEqual(await takeLog(page), ['passed:draft']);

  // 2. While the engine loads: the draft is not held (it needs no check); 提交 is held and then
  // checked.
  const page2 = await page.context().newPage();
  let release;
  const held = new Promise((r) => { release = r; });
  await page2.route('**/gongkai_bg.wasm', async (route) => { await held; await route.continue(); });
  await page2.goto(url('/index.html'));
  await addForms(page2, FORM, '#fd', false);
  await page2.getByRole('button', { name: '保存草稿' }).click();
  assert.deepEqual(await takeLog(page2), ['passed:draft'], 'the draft is sent while the engine loads');
  assert.equal(await page2.evaluate(async () => (await import('/gongkai-forms.js')).bindingFor(document.querySelector('#fd')).state), 'loading');
  await page2.getByRole('button', { name: '提交' }).click();
  await page2.waitForTimeout(100);
  assert.deepEqual(await takeLog(page2), [], 'held while loading');
  release();
  await page2.waitForFunction(() => window.__log.length > 0);
  assert.deepEqual(await takeLog(page2), ['gongkai:blocked'], 'replayed and checked');
  await page2.close();

  // 3. The engine failed, data-gongkai-on-failure="block": 提交 is refused, the draft passes.
  const page3 = await page.context().newPage();
  await page3.route('**/gongkai_bg.wasm', (route) => route.abort('failed'));
  await page3.goto(url('/index.html'));
  assert.equal(await addForms(page3, FORM, '#fd'), 'failed');
  await takeLog(page3);
  await page3.getByRole('button', { name: '提交' }).click();
  await page3.waitForTimeout(100);
  assert.deepEqual(await takeLog(page3), []);
  await page3.getByRole('button', { name: '保存草稿' }).click();
  assert.deepEqual(await takeLog(page3), ['passed:draft']);
  await page3.close();
}
