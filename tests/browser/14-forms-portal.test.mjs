// The demo portal: every page loads without console errors, the header links work, the form
// controls carry the schema's Chinese labels, and a person filling in the catalogue-entry and
// application forms (mouse and keyboard) sees messages appear and clear. Screenshots of each page,
// empty and with messages, are kept in artifacts/.
import assert from 'node:assert/strict';
import { ready, messageOf, waitMessage, stateOf, recordEvents, events, watchConsole } from './10-forms-lib.mjs';

const PAGES = ['portal/catalogue-entry.html', 'portal/document.html', 'portal/application.html'];

export default async function ({ page, url, shot, log }) {
  const seen = watchConsole(page);

  // Home page and header.
  await page.goto(url('/'));
  await shot('portal-home');
  const links = await page.locator('.site-nav a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
  assert.deepEqual(links.map((l) => l[0]), ['首页', '目录事项登记', '政府文件发布', '依申请公开登记', '规则调试', '目录审计']);
  for (const [, href] of links) {
    const status = await page.evaluate(async (h) => (await fetch(h)).status, href);
    if (status !== 200) log(`header link ${href}: ${status} (owned by another page?)`);
    if (!/playground|audit/.test(href)) assert.equal(status, 200, href);
  }

  // Labels: each mapped control is labelled with its field's Chinese label from the schema.
  for (const path of PAGES) {
    await page.goto(url(path));
    assert.equal(await ready(page), 'ready');
    const mismatches = await page.evaluate(async () => {
      const { bindingFor } = await import('/gongkai-forms.js');
      const binding = bindingFor(document.querySelector('form[data-gongkai]'));
      const kind = binding.engine.schemas().find((k) => k.name === binding.kind);
      const labels = new Map();
      const walk = (fields, prefix = '') => fields.forEach((f) => { labels.set(prefix + f.name, f.label_zh); if (f.fields) walk(f.fields, `${prefix}${f.name}.`); });
      walk(kind.fields);
      const bad = [];
      const seenPaths = new Set();
      for (const el of binding.form.elements) {
        if (!el.name || ['submit', 'reset', 'button'].includes(el.type)) continue;
        const p = el.dataset.gongkaiField ?? el.name.replace(/\[([^\]]+)\]/g, '.$1');
        seenPaths.add(p);
        const group = ['checkbox', 'radio'].includes(el.type) && el.closest('fieldset.checks');
        const text = group ? group.querySelector('legend').textContent : el.labels[0]?.textContent ?? '';
        if (!labels.has(p)) bad.push(`${p}: not a field`);
        else if (!text.includes(labels.get(p))) bad.push(`${p}: label "${text.trim()}" lacks "${labels.get(p)}"`);
      }
      const missing = kind.fields.filter((f) => !seenPaths.has(f.name) && ![...seenPaths].some((p) => p.startsWith(`${f.name}.`))).map((f) => f.name);
      return { bad, missing };
    });
    assert.deepEqual(mismatches, { bad: [], missing: [] }, path);
    await shot(`portal-${path.slice(7, -5)}-empty`);
  }

  // Catalogue entry: a person types, clicks and uses the keyboard.
  await page.goto(url('portal/catalogue-entry.html?today=2025-06-01'));
  await ready(page);
  await recordEvents(page);
  await page.locator('#category').pressSequentially('行政许可', { delay: 15 });
  await page.locator('#time_limit').pressSequentially('信息形成之日起30个工作日内', { delay: 15 });
  const timeLimit = page.locator('#time_limit');
  await waitMessage(timeLimit, '「信息形成之日起30个工作日内」为30个工作日');
  assert.match(await messageOf(timeLimit), /^错误 公开时限「信息形成之日起30个工作日内」为30个工作日，超过条例第二十六条规定的20个工作日/);
  // Untouched fields say nothing yet, although CAT-001 found them empty.
  assert.equal(await messageOf(page.locator('#content')), '');
  assert.equal(await page.locator('form .gongkai-message').count(), 1);
  await shot('portal-catalogue-entry-typing');
  // Edit 30 → 7: the error clears.
  await timeLimit.press('End');
  for (let i = 0; i < '30个工作日内'.length; i += 1) await timeLimit.press('Backspace');
  await timeLimit.pressSequentially('7个工作日内', { delay: 15 });
  await waitMessage(timeLimit, null);
  // Submit: blocked; the checkbox groups get their messages and :invalid boxes.
  await page.getByRole('button', { name: '提交' }).click();
  assert.deepEqual(await events(page), ['submit', 'gongkai:blocked']);
  const audience = page.locator('input[name="audience"]');
  assert.equal(await audience.count(), 2);
  for (const box of await audience.all()) {
    const s = await stateOf(box);
    assert.equal(s.invalid, true);
    assert.equal(s.ariaInvalid, 'true');
  }
  const audienceMessage = await messageOf(audience.first());
  assert.match(audienceMessage, /未填写公开对象/);
  assert.equal(await audience.first().evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')).parentElement.tagName), 'FIELDSET');
  await shot('portal-catalogue-entry-blocked');
  // Keyboard: focus the first audience box and press Space.
  await audience.first().focus();
  await page.keyboard.press('Space');
  await waitMessage(audience.first(), null);
  assert.equal((await stateOf(audience.last())).invalid, false, 'the whole group is cleared');
  await page.getByLabel('政府网站').check();
  await page.getByLabel('主动', { exact: true }).check();
  await page.getByLabel('市级').check();
  for (const [id, value] of [['content', '行政许可事项目录、办事指南、许可决定'], ['basis', '《中华人民共和国行政许可法》第四十条'], ['subject', '信阳市市场监督管理局']]) {
    await page.fill(`#${id}`, value);
  }
  await page.locator('#subject').blur();
  const record = JSON.parse(await page.locator('[data-demo-record]').textContent());
  assert.deepEqual(record, {
    category: '行政许可', content: '行政许可事项目录、办事指南、许可决定', basis: '《中华人民共和国行政许可法》第四十条',
    time_limit: '信息形成之日起7个工作日内', subject: '信阳市市场监督管理局', channels: ['政府网站'], audience: ['全社会'],
    mode: '主动', levels: ['市级'],
  });
  await page.locator('#subject').press('Enter'); // implicit submission from a text field
  const after = await events(page);
  assert.deepEqual(after.slice(-1), ['gongkai:submit'], after.join());

  // The sample buttons: every page with its faulty sample, then its valid one.
  for (const path of PAGES) {
    await page.goto(url(path));
    await ready(page);
    await page.getByRole('button', { name: '填入示例（含错误）' }).click();
    await page.locator('form .gongkai-summary').waitFor();
    const count = await page.locator('form .gongkai-message-item').count();
    assert.ok(count >= 3, `${path}: ${count} messages`);
    await shot(`portal-${path.slice(7, -5)}-faulty-sample`);
    await page.getByRole('button', { name: '填入正确示例' }).click();
    await page.locator('form .gongkai-summary').waitFor({ state: 'hidden' });
    assert.equal(await page.locator('form .gongkai-message-item').count(), 0, path);
    await recordEvents(page);
    await page.getByRole('button', { name: '提交' }).click();
    assert.deepEqual(await events(page), ['submit', 'gongkai:submit'], path);
  }
  await shot('portal-application-valid-submitted');

  // Narrow screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url('portal/application.html'));
  await ready(page);
  await page.getByRole('button', { name: '填入示例（含错误）' }).click();
  await page.locator('form .gongkai-summary').waitFor();
  await shot('portal-application-narrow');

  assert.deepEqual(seen.error, [], 'no console errors');
}
