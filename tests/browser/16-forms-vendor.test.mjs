// A portal vendor's legacy page (README, "In a web form"): Chinese ids and names, a control
// outside the <form> through form="…", a radio group, a <select multiple>, a date typed into a
// text box, a page-level submit handler of the jQuery kind, a reset button. And what such a site
// meets: a Content-Security-Policy without 'wasm-unsafe-eval', a package copied without its
// module, older browsers without Array.prototype.at and structuredClone, and a person who fills
// one field and moves on to the next before the first one's check has come.
import assert from 'node:assert/strict';
import { ready, messageOf, watchConsole, shotOf } from './10-forms-lib.mjs';

const page = (form, { head = '' } = {}) => `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>依申请公开 在线申请</title>${head}</head>
<body>${form}
<script type="module" src="/gongkai-forms.js"></script>
</body></html>`;

const APPLY = `
<form id="申请表" data-gongkai="application" data-gongkai-today="2025-03-03" action="/portal/submitted.html" method="get">
  <input type="hidden" name="channel" value="互联网">
  <input type="hidden" name="received_date" value="2025-03-03">
  <table><tbody>
    <tr><td>申请人类型</td><td>
      <label><input type="radio" name="申请人类型" value="自然人" data-gongkai-field="applicant.type" checked>公民</label>
      <label><input type="radio" name="申请人类型" value="法人或其他组织" data-gongkai-field="applicant.type">法人或其他组织</label></td></tr>
    <tr><td><label for="申请人姓名">姓名/名称</label></td><td><input id="申请人姓名" name="xm" data-gongkai-field="applicant.name"></td></tr>
    <tr><td><label for="证件">身份证明</label></td><td><input id="证件" name="zjhm" data-gongkai-field="applicant.id_doc"></td></tr>
    <tr><td><label for="所需信息描述">所需信息描述</label></td><td><textarea id="所需信息描述" name="xxms" data-gongkai-field="description"></textarea></td></tr>
    <tr><td><label for="hqfs">获取信息方式</label></td><td><select id="hqfs" name="hqfs" data-gongkai-field="form"><option value="">--请选择--</option><option>电子邮件</option><option>纸质文本，邮寄</option></select></td></tr>
    <tr><td></td><td><input type="submit" value="提 交" id="tj"> <input type="reset" value="重 置"></td></tr>
  </tbody></table>
</form>
<div class="sidebar"><label for="lxdh">联系电话</label> <input id="lxdh" form="申请表" name="lxdh" data-gongkai-field="applicant.contact"></div>
<script>
  // The site's own AJAX submit, bound before the binding loads, as jQuery's $(form).on('submit') is.
  window.__sent = [];
  document.getElementById('申请表').addEventListener('submit', (e) => { e.preventDefault(); window.__sent.push(new URLSearchParams(new FormData(e.target)).toString()); });
</script>`;

async function serve(p, path, html, headers = {}) {
  await p.route(`**${path}`, (route) => route.fulfill({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body: html }));
}

export default async function ({ page: p, url, shot }) {
  // 1. The legacy page works from the README alone, under a sub-path.
  await serve(p, '/zwgk/apply.html', page(APPLY));
  await p.goto(url('/zwgk/apply.html'));
  assert.equal(await ready(p), 'ready');
  await p.click('#tj');
  assert.deepEqual(await p.evaluate(() => window.__sent), [], 'the site\'s own submit handler is not reached');
  assert.match(await messageOf(p.locator('#申请人姓名')), /^错误 未填写申请人姓名或名称/);
  assert.match(await messageOf(p.locator('#lxdh')), /未填写申请人联系方式/, 'the control outside the form, by form="…"');
  assert.equal(await p.locator('#lxdh').getAttribute('aria-invalid'), 'true');
  assert.equal(await p.evaluate(() => document.activeElement.id), '申请人姓名', 'focus on the first faulty control');
  await shot('vendor-legacy-blocked');
  await p.click('input[type=reset]');
  await p.waitForFunction(() => !document.querySelector('[aria-invalid="true"]'));
  assert.equal(await p.locator('.gongkai-summary').isHidden(), true, 'reset clears the summary');

  // 2. Filling one box and at once choosing in the next control (autofill does the same): the
  // box's check is still waiting for its debounce, and its old finding (「未填写所需信息描述」,
  // from before it was filled) must not flash up below it when the other control's check shows
  // what there is: the page would move under the pointer, and a click meant for the next
  // control would land elsewhere. Fails without the flush in #run.
  await p.evaluate(() => { document.getElementById('申请表').dataset.gongkaiDebounce = '2000'; });
  await p.evaluate(() => {
    window.__flashed = [];
    new MutationObserver(() => {
      for (const m of document.querySelectorAll('.gongkai-message:not([hidden])')) window.__flashed.push(m.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await p.fill('#申请人姓名', '张三');
  await p.fill('#所需信息描述', '某某市2024年城乡居民最低生活保障资金发放情况');
  await p.selectOption('#hqfs', '电子邮件');
  await p.waitForTimeout(100);
  const flashed = await p.evaluate(() => window.__flashed);
  assert.ok(!flashed.some((t) => /未填写(所需信息描述|申请人姓名)/.test(t)), `stale findings shown for filled boxes: ${flashed}`);
  assert.equal(await messageOf(p.locator('#所需信息描述')), '');
  // The rest of the application, and it goes to the site's own handler.
  await p.fill('#证件', '居民身份证');
  await p.fill('#lxdh', '138****5621');
  await p.click('#tj');
  await p.waitForFunction(() => window.__sent.length === 1);
  assert.match(await p.evaluate(() => window.__sent[0]), /lxdh=138/, 'the control outside the form is sent with it');

  // 3. A strict Content-Security-Policy without 'wasm-unsafe-eval': the form works unchecked and
  // the console says what to add. With it, validation is live.
  const csp = "default-src 'self'; script-src 'self'";
  const p3 = await p.context().newPage();
  const seen3 = watchConsole(p3);
  await serve(p3, '/zwgk/csp.html', page(APPLY.replace(/<script>[^]*<\/script>/, '')), { 'content-security-policy': csp });
  await p3.goto(url('/zwgk/csp.html'));
  assert.equal(await ready(p3), 'failed');
  assert.ok(seen3.warning.some((w) => w.includes('表单将不经校验提交') && w.includes("script-src 中加入 'wasm-unsafe-eval'")), `console.warn: ${seen3.warning}`);
  await serve(p3, '/zwgk/csp2.html', page(APPLY.replace(/<script>[^]*<\/script>/, '')), { 'content-security-policy': `${csp} 'wasm-unsafe-eval'` });
  await p3.goto(url('/zwgk/csp2.html'));
  assert.equal(await ready(p3), 'ready');
  await p3.close();

  // 4. The module not copied (HTTP 404) under data-gongkai-on-failure="block": the console says
  // the submission is refused (not "submitted unchecked") and which file is missing where.
  const p4 = await p.context().newPage();
  const seen4 = watchConsole(p4);
  await p4.route('**/pkg/gongkai_bg.wasm', (route) => route.fulfill({ status: 404, body: 'Not Found' }));
  await serve(p4, '/zwgk/404.html', page(APPLY.replace('data-gongkai="application"', 'data-gongkai="application" data-gongkai-on-failure="block"')));
  await p4.goto(url('/zwgk/404.html'));
  assert.equal(await ready(p4), 'failed');
  const warned = seen4.warning.find((w) => w.includes('validation unavailable')) ?? '';
  assert.match(warned, /暂停提交/, warned);
  assert.doesNotMatch(warned, /不经校验提交/, warned);
  assert.match(warned, /找不到或无权读取文件（http:\/\/[^）]+\/pkg\/gongkai_bg\.wasm）/, warned);
  await p4.click('#tj');
  assert.deepEqual(await p4.evaluate(() => window.__sent), []);
  assert.match(await p4.locator('.gongkai-summary').textContent(), /表单校验暂不可用/);
  await shotOf(p4, 'vendor-module-missing-block');
  await p4.close();

  // 5. A browser without Array.prototype.at, structuredClone and Object.hasOwn (Chrome 96–97, Safari 15.0–15.3
  // run the module, but lack these): validation is live, and a date typed as 2025/3/1 is an
  // input error while the other fields are still checked (the path that copies the record).
  const p5 = await p.context().newPage();
  await p5.addInitScript(() => { delete Array.prototype.at; delete globalThis.structuredClone; delete Object.hasOwn; });
  await serve(p5, '/zwgk/old.html', page(APPLY.replace('name="received_date" value="2025-03-03"', 'name="received_date" value="2025/3/1"').replace('type="hidden" name="received_date"', 'id="sqrq" name="received_date"')));
  await p5.goto(url('/zwgk/old.html'));
  assert.equal(await ready(p5), 'ready');
  await p5.click('#tj');
  assert.match(await messageOf(p5.locator('#sqrq')), /^输入错误 「收到申请日期」：「2025\/3\/1」不是有效日期/);
  assert.match(await messageOf(p5.locator('#申请人姓名')), /未填写申请人姓名或名称/, 'the other fields are checked too');
  await p5.close();
}
