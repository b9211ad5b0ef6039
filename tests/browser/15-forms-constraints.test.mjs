// The browser's own constraints on controls that map to no record field (a required 「我已阅读并
// 同意」 box, a phone number with a pattern, a required radio group, a data-gongkai-ignore control,
// a control the page marks invalid itself with setCustomValidity) are still enforced although the
// binding sets form.noValidate: a submit is blocked, each faulty control gets its message next to
// it and aria-invalid, the first one gets focus, the summary lists them; the values stay and the
// page's own custom validity is left alone. Fixing a control clears its message. A form that has
// novalidate itself keeps it: there the binding checks only the record.
import assert from 'node:assert/strict';
import { messageOf, waitMessage, stateOf, addForms, takeLog } from './10-forms-lib.mjs';

const FORM = `
<form id="fn" data-gongkai="publication" data-gongkai-today="2018-12-01" action="portal/submitted.html">
  <div class="field"><label for="n-title">标题</label><input id="n-title" name="title" value="关于开展活动的通知"></div>
  <div class="field"><label for="n-body">正文</label><textarea id="n-body" name="body">活动内容</textarea></div>
  <div class="field"><label for="n-phone">联系电话：</label><input id="n-phone" name="phone" required pattern="1\\d{10}" title="11 位手机号码" value="12345"></div>
  <div class="field"><label for="n-summary">摘要<span aria-hidden="true">*</span></label><input id="n-summary" name="body" data-gongkai-ignore required></div>
  <div class="field"><label><input type="checkbox" id="n-agree" name="agree" value="yes" required> 我已阅读并同意《信息发布规定》</label></div>
  <fieldset><legend>发布渠道</legend>
    <label><input type="radio" id="n-web" name="via" value="web" required>网站</label>
    <label><input type="radio" id="n-app" name="via" value="app">客户端</label></fieldset>
  <div class="field"><label for="n-code">验证码</label><input id="n-code" name="captcha" value="abcd"></div>
  <input type="hidden" name="category" value="其他"><input type="hidden" name="_token" value="csrf">
  <button name="action" value="submit">提交</button>
</form>
<form id="fo" data-gongkai="publication" data-gongkai-today="2018-12-01" novalidate>
  <input name="title" value="关于开展活动的通知">
  <label><input type="checkbox" name="agree" required> 我已阅读并同意</label>
  <button name="action" value="own-novalidate">提交</button>
</form>`;

export default async function ({ page, url, shot }) {
  await page.goto(url('/index.html'));
  assert.equal(await addForms(page, FORM, '#fn'), 'ready');
  const form = page.locator('#fn');
  // The page's own check of the captcha, as a page script would do it.
  await page.locator('#n-code').evaluate((el) => el.setCustomValidity('验证码不正确'));
  assert.equal(await form.evaluate((f) => f.noValidate), true);

  // 1. Submitting: blocked by the controls outside the record although the record has no error.
  await page.getByRole('button', { name: '提交' }).first().click();
  assert.deepEqual(await takeLog(page), ['gongkai:blocked'], 'the unmapped controls block the submission');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'n-phone', 'focus on the first faulty control');
  const blocking = await page.evaluate(() => window.__detail.blocking.map((x) => [x.field, x.message, x.controls.map((c) => c.id).join(' ')]));
  assert.deepEqual(blocking, [
    ['phone', '「联系电话」格式不正确：11 位手机号码', 'n-phone'],
    ['body', '请填写「摘要」', 'n-summary'],
    ['agree', '请勾选「我已阅读并同意《信息发布规定》」', 'n-agree'],
    ['via', '请选择「发布渠道」', 'n-web n-app'],
    ['captcha', '验证码不正确', 'n-code'],
  ]);
  const expected = {
    'n-phone': '「联系电话」格式不正确：11 位手机号码', 'n-summary': '请填写「摘要」',
    'n-agree': '请勾选「我已阅读并同意《信息发布规定》」', 'n-web': '请选择「发布渠道」', 'n-app': '请选择「发布渠道」',
    'n-code': '验证码不正确',
  };
  for (const [id, text] of Object.entries(expected)) {
    const control = page.locator(`#${id}`);
    assert.match(await messageOf(control), new RegExp(`^错误 ${text.replace(/[()《》]/g, '.')}$`), id);
    const state = await stateOf(control);
    assert.equal(state.ariaInvalid, 'true', id);
    assert.equal(state.invalid, true, id);
  }
  // The binding's messages are its own elements; the controls' validity is the browser's and the page's.
  assert.equal(await page.locator('#n-phone').evaluate((el) => el.validity.customError), false, 'no setCustomValidity on a control outside the record');
  assert.equal((await stateOf(page.locator('#n-code'))).validationMessage, '验证码不正确');
  // The ignored control's message is its own, not the mapped body's.
  assert.equal(await messageOf(page.locator('#n-body')), '');
  const summary = form.locator('.gongkai-summary');
  assert.match(await summary.textContent(), /^有 5 处错误，修正后才能提交：「联系电话」格式不正确：11 位手机号码请填写「摘要」请勾选「我已阅读并同意《信息发布规定》」请选择「发布渠道」验证码不正确$/);
  assert.equal(await form.locator('.gongkai-message').count(), 5, 'one message per control or radio group');
  assert.equal(await page.locator('#n-phone').inputValue(), '12345', 'values stay');
  await shot('forms-unmapped-constraints');

  // 2. Fixing a control clears its message (a box at once, a text box after typing).
  await page.check('#n-agree');
  await waitMessage(page.locator('#n-agree'), null);
  assert.equal((await stateOf(page.locator('#n-agree'))).ariaInvalid, null);
  await page.check('#n-app');
  await waitMessage(page.locator('#n-web'), null);
  await page.locator('#n-phone').fill('13812345678');
  await waitMessage(page.locator('#n-phone'), null);
  await page.locator('#n-summary').fill('活动简介');
  await waitMessage(page.locator('#n-summary'), null);
  // The captcha is still wrong: only it blocks now.
  await page.getByRole('button', { name: '提交' }).first().click();
  assert.deepEqual(await takeLog(page), ['gongkai:blocked']);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'n-code');
  assert.match(await summary.textContent(), /^有 1 处错误，修正后才能提交：验证码不正确$/);
  await page.locator('#n-code').evaluate((el) => el.setCustomValidity(''));
  await page.getByRole('button', { name: '提交' }).first().click();
  assert.deepEqual(await takeLog(page), ['gongkai:submit', 'passed:submit']);
  assert.equal(await form.locator('.gongkai-message').count(), 0);

  // 3. detach() leaves the page's own custom validity alone.
  await page.locator('#n-code').evaluate((el) => el.setCustomValidity('验证码已过期'));
  await page.getByRole('button', { name: '提交' }).first().click();
  assert.deepEqual(await takeLog(page), ['gongkai:blocked']);
  const detached = await form.evaluate(async (f) => {
    (await import('/gongkai-forms.js')).detach(f);
    const code = f.querySelector('#n-code');
    return { message: code.validationMessage, aria: code.getAttribute('aria-invalid'), by: code.getAttribute('aria-describedby'), messages: f.querySelectorAll('.gongkai-message').length, noValidate: f.noValidate };
  });
  assert.deepEqual(detached, { message: '验证码已过期', aria: null, by: null, messages: 0, noValidate: false });

  // 4. A form with novalidate of its own: the browser would not check it, nor does the binding
  // outside the record.
  await page.getByRole('button', { name: '提交' }).last().click();
  assert.deepEqual(await takeLog(page), ['gongkai:submit', 'passed:own-novalidate']);
}
