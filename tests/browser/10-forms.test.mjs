// The form binding on the document form of the demo portal, as a person uses it: a faulty value
// shows a Chinese message next to the field while typing and marks the control :invalid; fixing
// it clears everything; submission is blocked while an error remains and allowed with warnings
// only (and blocked by them with data-gongkai-block="warning"); typed values are never touched.
import assert from 'node:assert/strict';
import { ready, messageOf, waitMessage, stateOf, recordEvents, events, watchConsole } from './10-forms-lib.mjs';

export default async function ({ page, url, shot, log }) {
  const console = watchConsole(page);
  await page.goto(url('/portal/document.html?today=2018-12-01'));
  assert.equal(await ready(page), 'ready');
  await shot('portal-document-empty');
  await recordEvents(page);
  const form = page.locator('form[data-gongkai]');
  assert.equal(await form.evaluate((f) => f.noValidate), true, 'the binding takes over from the browser bubbles');

  // 1. Typing a malformed document number: the message appears while typing.
  const docNumber = page.locator('#doc_number');
  await docNumber.pressSequentially('信政[2018]21号', { delay: 20 });
  let text = await waitMessage(docNumber, '发文字号「信政[2018]21号」不规范');
  assert.match(text, /^错误/, 'severity first');
  assert.match(text, /应写作「信政〔2018〕21号」/);
  assert.match(text, /依据：GB\/T 9704-2012《党政机关公文格式》7\.2\.5/, 'the basis in the smaller line');
  assert.match(text, /DOC-011/);
  let state = await stateOf(docNumber);
  assert.equal(state.invalid, true, ':invalid through setCustomValidity');
  assert.equal(state.ariaInvalid, 'true');
  assert.equal(state.severity, 'error');
  assert.match(state.validationMessage, /不规范/);
  assert.equal(state.value, '信政[2018]21号', 'the typed value is untouched');
  const ids = state.describedby.split(' ');
  assert.equal(ids[0], 'doc_number-hint', 'the page\'s own describedby id is kept');
  assert.equal(ids.length, 2);
  // The message element sits in the field's own box, after the control.
  const placed = await docNumber.evaluate((el) => {
    const msg = document.getElementById(el.getAttribute('aria-describedby').split(' ')[1]);
    return { sameField: msg.closest('.field') === el.closest('.field'), after: !!(el.compareDocumentPosition(msg) & Node.DOCUMENT_POSITION_FOLLOWING), tag: msg.tagName, cls: msg.className };
  });
  assert.deepEqual(placed, { sameField: true, after: true, tag: 'DIV', cls: 'gongkai-message' });
  // The message of the field being typed in is announced as it changes.
  const liveOf = (control) => control.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby').split(' ').at(-1)).getAttribute('aria-live'));
  assert.equal(await liveOf(docNumber), 'polite');
  await shot('portal-document-typing-error');

  // 2. Fixing it as a person would: delete back to the bracket and type the right ones.
  await docNumber.press('End');
  for (let i = 0; i < '[2018]21号'.length; i += 1) await docNumber.press('Backspace');
  await docNumber.pressSequentially('〔2018〕21号', { delay: 20 });
  await waitMessage(docNumber, null);
  state = await stateOf(docNumber);
  assert.deepEqual(
    { invalid: state.invalid, aria: state.ariaInvalid, by: state.describedby, msg: state.validationMessage, sev: state.severity },
    { invalid: false, aria: null, by: 'doc_number-hint', msg: '', sev: null },
  );
  assert.equal(await form.locator('.gongkai-message').count(), 0, 'the message element is removed');
  assert.equal(state.value, '信政〔2018〕21号');

  // 3. Submitting with required fields missing is blocked; the summary lists what to fix.
  await page.getByRole('button', { name: '提交' }).click();
  assert.deepEqual(await events(page), ['submit', 'gongkai:blocked']);
  assert.match(page.url(), /document\.html\?today=2018-12-01$/, 'no navigation');
  const summary = form.locator('.gongkai-summary');
  await summary.waitFor();
  assert.equal(await summary.getAttribute('role'), 'alert');
  assert.match(await summary.textContent(), /处错误，修正后才能提交/);
  const firstInvalid = await page.evaluate(() => document.activeElement.id);
  assert.equal(await page.locator(`#${firstInvalid}`).getAttribute('aria-invalid'), 'true', 'focus on the first faulty control');
  // After a blocked submit the summary (role="alert") speaks for all: the fields' messages, read
  // with their fields through aria-describedby, are not announced one after another as well.
  const lives = await form.locator('.gongkai-message').evaluateAll((els) => els.map((el) => el.getAttribute('aria-live')));
  assert.ok(lives.length > 1 && lives.every((x) => x === 'off'), `no announcements from ${lives.length} messages: ${lives}`);
  log('blocked; focus on', firstInvalid, '; summary:', (await summary.textContent()).slice(0, 120));
  assert.equal(await docNumber.inputValue(), '信政〔2018〕21号', 'a blocked submit keeps the values');
  await shot('portal-document-blocked');

  // The summary's links move focus to the field.
  await summary.locator('.gongkai-summary-link').last().click();
  assert.notEqual(await page.evaluate(() => document.activeElement.tagName), 'BUTTON');

  // 4. Fill in what is missing; leave a warning (interpretation without its author).
  await page.fill('#title', '信阳市人民政府关于印发信阳市城市供水管理办法的通知');
  await page.fill('#issuer', '信阳市人民政府');
  await page.fill('#written_date', '2018-10-10');
  await page.fill('#publish_date', '2018-10-25');
  await page.selectOption('#doc_type', '其他');
  await page.selectOption('#disclosure', '主动公开');
  await page.fill('#interpretation-unit', '信阳市住房和城乡建设局');
  await page.fill('#interpretation-publish_date', '2018-10-26');
  await page.check('#interpretation-linked');
  const author = page.locator('#interpretation-author');
  await waitMessage(author, '政策解读未注明解读人');
  state = await stateOf(author);
  assert.equal(state.severity, 'warning');
  assert.equal(state.invalid, false, 'a warning does not make the control :invalid');
  assert.equal(state.ariaInvalid, null);
  assert.match(await messageOf(author), /^警告/);
  assert.equal(await summary.isHidden(), true, 'no errors left, so no summary');
  await page.getByRole('button', { name: '提交' }).click();
  assert.deepEqual(await events(page), ['submit', 'gongkai:submit'], 'warnings do not block');
  const outcome = page.locator('[data-demo-outcome]');
  await outcome.waitFor();
  assert.match(await outcome.textContent(), /校验通过/);
  assert.match(await outcome.textContent(), /警告 1 项/);
  const record = JSON.parse(await page.locator('[data-demo-record]').textContent());
  assert.deepEqual(record.interpretation, { unit: '信阳市住房和城乡建设局', publish_date: '2018-10-26', linked: true });
  assert.equal(record.requires_interpretation, false, 'an unchecked single checkbox is false');
  assert.equal('status' in record, false);
  assert.equal(record.index_no, undefined, 'an empty input is an absent field');
  await shot('portal-document-passed-with-warning');

  // 5. data-gongkai-block="warning" makes warnings block too.
  await form.evaluate((f) => { f.dataset.gongkaiBlock = 'warning'; });
  await page.getByRole('button', { name: '提交' }).click();
  assert.deepEqual(await events(page), ['submit', 'gongkai:blocked']);
  assert.equal((await stateOf(author)).invalid, true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'interpretation-author');
  await form.evaluate((f) => { delete f.dataset.gongkaiBlock; });
  await author.pressSequentially('市住房和城乡建设局局长');
  await waitMessage(author, null);
  await page.getByRole('button', { name: '提交' }).click();
  assert.deepEqual(await events(page), ['submit', 'gongkai:submit']);

  // 6. Blur validates a field that was left without typing.
  await page.fill('#title', '');
  await page.locator('#title').blur();
  // (the rule DOC-015 requires a title; its finding takes the place of the browser's own
  // required-field message, in the page's language)
  await waitMessage(page.locator('#title'), '未填写标题');
  assert.equal((await stateOf(page.locator('#title'))).ariaInvalid, 'true');

  assert.deepEqual(console.error, [], 'no console errors');
}
