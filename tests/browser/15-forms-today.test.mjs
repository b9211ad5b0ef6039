// A date for "today" that is not one (data-gongkai-today="2018/12/01", "2018-02-30", an attach()
// option) is a setting error the binding reports, naming the attribute or option, and handles as
// an engine that cannot load: state 'failed', gongkai:unavailable, and per
// data-gongkai-on-failure either a refused submission with the notice or the form working as
// without the binding (console.warn). Never a silent pass. An empty attribute is an absent one
// (today in Beijing). Fixed, refresh() resumes. A date set wrong while the form is in use fails
// the submission it is read for in the same way.
import assert from 'node:assert/strict';
import { addForms, takeLog, messageOf, stateOf, watchConsole } from './10-forms-lib.mjs';

const form = (id, attrs, extra = '') => `
<form id="${id}" data-gongkai="publication" ${attrs} action="portal/submitted.html">
  <div class="field"><label for="${id}-title">标题</label><input id="${id}-title" name="title" value="关于开展活动的通知" required></div>
  <div class="field"><label for="${id}-body">正文</label><textarea id="${id}-body" name="body">活动内容</textarea></div>
  ${extra}
  <button name="action" value="${id}">提交</button>
</form>`;

const stateOfBinding = (page, sel) => page.evaluate(async (s) => (await import('/gongkai-forms.js')).bindingFor(document.querySelector(s)).state, sel);

export default async function ({ page, url, shot }) {
  const seen = watchConsole(page);
  await page.goto(url('/index.html'));

  // 1. data-gongkai-today="2018/12/01" with on-failure="block": failed, notice, submission refused.
  assert.equal(await addForms(page, form('ta', 'data-gongkai-today="2018/12/01" data-gongkai-on-failure="block"'), '#ta'), 'failed');
  let log = await takeLog(page);
  assert.equal(log.length, 1, log.join());
  assert.match(log[0], /^gongkai:unavailable data-gongkai-today: "2018\/12\/01" is not a date/);
  const notice = page.locator('#ta .gongkai-summary');
  assert.match(await notice.textContent(), /表单校验暂不可用/);
  await page.locator('#ta button').click();
  assert.deepEqual(await takeLog(page), [], 'refused');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'gongkai-summary', 'focus on the notice');
  assert.ok(seen.warning.some((w) => w.includes('validation unavailable') && w.includes('data-gongkai-today')), seen.warning.join('\n'));
  await shot('forms-bad-today-block');

  // Fixed, refresh() resumes: ready (gongkai:ready), the notice goes, the form submits. While it
  // is still wrong, refresh() fails again.
  const resumed = await page.locator('#ta').evaluate(async (f) => {
    const binding = (await import('/gongkai-forms.js')).bindingFor(f);
    let ready = 0;
    f.addEventListener('gongkai:ready', () => { ready += 1; });
    const again = [binding.refresh(), binding.state, ready];
    f.dataset.gongkaiToday = '2018-12-01';
    return { again, outcome: binding.refresh() !== null, state: binding.state, noValidate: f.noValidate, ready };
  });
  assert.deepEqual(resumed, { again: [null, 'failed', 0], outcome: true, state: 'ready', noValidate: true, ready: 1 });
  assert.match((await takeLog(page)).join(), /^gongkai:unavailable data-gongkai-today: "2018\/12\/01"/);
  assert.equal(await notice.isHidden(), true);
  await page.locator('#ta button').click();
  assert.deepEqual(await takeLog(page), ['gongkai:submit', 'passed:ta']);

  // 2. Not a calendar date, default on-failure (allow): failed, console.warn, the browser's own
  // validation is back and the form submits unchecked.
  assert.equal(await addForms(page, form('tb', 'data-gongkai-today="2018-02-30"'), '#tb'), 'failed');
  log = await takeLog(page);
  assert.match(log.join(), /^gongkai:unavailable data-gongkai-today: "2018-02-30" is not a date/);
  assert.equal(await page.locator('#tb').evaluate((f) => f.noValidate), false);
  assert.equal(await page.locator('#tb .gongkai-summary').count(), 0, 'no notice with allow');
  await page.locator('#tb button').click();
  assert.deepEqual(await takeLog(page), ['passed:tb']);

  // 3. An empty attribute is an absent one: today in Beijing.
  assert.equal(await addForms(page, form('tc', 'data-gongkai-today=""'), '#tc'), 'ready');
  await page.locator('#tc button').click();
  assert.deepEqual(await takeLog(page), ['gongkai:submit', 'passed:tc']);

  // 4. attach() with a bad today option: the error names the option.
  const attached = await page.evaluate(async () => {
    const { attach } = await import('/gongkai-forms.js');
    const f = document.querySelector('#tc');
    const binding = attach(f, { today: '2018-13-01', onFailure: 'block' });
    await binding.ready;
    return binding.state;
  });
  assert.equal(attached, 'failed');
  assert.match((await takeLog(page)).join(), /^gongkai:unavailable attach\(\) option today: "2018-13-01" is not a date/);

  // 5. Set wrong while the form is in use (block): the submission is refused with the notice, the
  // earlier field messages go, and the typed values stay.
  assert.equal(await addForms(page, form('td', 'data-gongkai-today="2018-12-01" data-gongkai-on-failure="block"'), '#td'), 'ready');
  await page.locator('#td-body').fill('联系人张三，手机 13812345678');
  await page.locator('#td-body').blur();
  await page.waitForFunction(() => document.querySelector('#td-body').getAttribute('aria-invalid') === 'true');
  await page.locator('#td').evaluate((f) => { f.dataset.gongkaiToday = '明天'; });
  await page.locator('#td button').click();
  log = await takeLog(page);
  assert.equal(log.length, 1, log.join());
  assert.match(log[0], /^gongkai:unavailable data-gongkai-today: "明天" is not a date/);
  assert.equal(await stateOfBinding(page, '#td'), 'failed');
  assert.match(await page.locator('#td .gongkai-summary').textContent(), /表单校验暂不可用/);
  assert.equal(await messageOf(page.locator('#td-body')), '');
  const body = await stateOf(page.locator('#td-body'));
  assert.deepEqual([body.ariaInvalid, body.invalid, body.value], [null, false, '联系人张三，手机 13812345678']);

  // 6. Set wrong while the form is in use (allow): the submission goes unchecked, but the
  // browser's own constraints (here: the required title) still hold.
  assert.equal(await addForms(page, form('te', 'data-gongkai-today="2018-12-01"'), '#te'), 'ready');
  await page.locator('#te-title').fill('');
  await page.locator('#te').evaluate((f) => { f.dataset.gongkaiToday = '2018-1-1'; });
  await page.locator('#te button').click();
  log = await takeLog(page);
  assert.equal(log.length, 1, log.join());
  assert.match(log[0], /^gongkai:unavailable data-gongkai-today: "2018-1-1" is not a date/);
  assert.equal(await stateOfBinding(page, '#te'), 'failed');
  assert.equal(await page.locator('#te').evaluate((f) => f.noValidate), false);
  await page.locator('#te-title').fill('关于开展活动的通知');
  await page.locator('#te button').click();
  assert.deepEqual(await takeLog(page), ['passed:te']);
  assert.deepEqual(seen.error, []);
}
