// When the engine cannot load (here: the wasm request fails), a form still works. By default it
// submits unchecked and console.warn says validation is unavailable; with
// data-gongkai-on-failure="block" it refuses to submit and shows a notice. A submit clicked while
// the engine is still loading is held and replayed once it is ready.
import assert from 'node:assert/strict';
import { ready, messageOf, watchConsole, shotOf } from './10-forms-lib.mjs';

export default async function ({ page, url, shot }) {
  // 1. Default: allow.
  const seen = watchConsole(page);
  await page.route('**/gongkai_bg.wasm', (route) => route.abort('failed'));
  await page.goto(url('/portal/document.html'));
  assert.equal(await ready(page), 'failed');
  assert.ok(seen.warning.some((w) => w.includes('validation unavailable')), `console.warn: ${seen.warning}`);
  const form = page.locator('form[data-gongkai]');
  assert.equal(await form.evaluate((f) => f.noValidate), false, 'the browser\'s own validation is back');
  await page.fill('#doc_number', '信政[2018]21号');
  await page.waitForTimeout(300);
  assert.equal(await messageOf(page.locator('#doc_number')), '');
  assert.equal(await page.locator('#doc_number').evaluate((e) => e.matches(':invalid')), false);
  assert.equal(await form.locator('.gongkai-summary').count(), 0, 'no notice by default');
  // Fill what the HTML itself requires, and submit: the form goes to its action unchecked.
  await page.fill('#title', '测试文件');
  await page.fill('#issuer', '信阳市人民政府');
  await page.fill('#written_date', '2018-10-10');
  await page.selectOption('#doc_type', '其他');
  await shot('portal-document-engine-failed');
  await Promise.all([page.waitForURL(/submitted\.html\?/), page.getByRole('button', { name: '提交' }).click()]);
  const sent = await page.locator('[data-submitted]').textContent();
  assert.match(sent, /doc_number = 信政\[2018\]21号/);
  await shot('portal-submitted');
  const pageErrors = seen.error.filter((e) => !e.includes('Failed to load resource') && !e.includes('ERR_FAILED'));
  assert.deepEqual(pageErrors, []);

  // 2. data-gongkai-on-failure="block": the page's HTML is served with the attribute added.
  const page2 = await page.context().newPage();
  await page2.route('**/gongkai_bg.wasm', (route) => route.abort('failed'));
  await page2.route('**/portal/document.html', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('data-gongkai="document"', 'data-gongkai="document" data-gongkai-on-failure="block"');
    await route.fulfill({ response, body });
  });
  await page2.goto(url('/portal/document.html'));
  assert.equal(await ready(page2), 'failed');
  const notice = page2.locator('form[data-gongkai] .gongkai-summary');
  await notice.waitFor();
  assert.match(await notice.textContent(), /表单校验暂不可用.*暂时无法提交/);
  assert.equal(await notice.getAttribute('role'), 'alert');
  await page2.fill('#title', '测试文件');
  await page2.fill('#issuer', '信阳市人民政府');
  await page2.fill('#written_date', '2018-10-10');
  await page2.selectOption('#doc_type', '其他');
  await page2.getByRole('button', { name: '提交' }).click();
  await page2.waitForTimeout(300);
  assert.match(page2.url(), /document\.html$/, 'not submitted');
  assert.equal(await page2.evaluate(() => document.activeElement.className), 'gongkai-summary', 'focus on the notice');
  await shotOf(page2, 'portal-document-engine-failed-block');
  await page2.close();

  // 3. A submit while the engine loads waits for it, then is checked (and here, blocked).
  const page3 = await page2.context().newPage();
  let release;
  const held = new Promise((r) => { release = r; });
  await page3.route('**/gongkai_bg.wasm', async (route) => { await held; await route.continue(); });
  await page3.goto(url('/portal/document.html'));
  await page3.fill('#doc_number', '信政[2018]21号');
  await page3.getByRole('button', { name: '提交' }).click();
  await page3.waitForTimeout(200);
  assert.match(page3.url(), /document\.html$/, 'held while loading');
  release();
  assert.equal(await ready(page3), 'ready');
  const summary = page3.locator('form[data-gongkai] .gongkai-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /处错误/);
  assert.match(await messageOf(page3.locator('#doc_number')), /不规范/);
  assert.match(page3.url(), /document\.html$/);
  await page3.close();
}
