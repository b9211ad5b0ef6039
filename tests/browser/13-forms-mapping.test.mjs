// How controls map to record fields, on forms a page adds after load (attached automatically):
// trimmed text, empty = absent, text lists from a text box / multi-select / checkbox group with
// PHP-style names, radios, booleans from a select or a checkbox, ints from number inputs, dotted and
// bracketed paths, ignored and disabled controls. Input errors (a bad date typed in a text box, a
// word in an int field) are shown next to their fields while the other rules still run, and a
// finding on a field the form lacks goes to the summary. detach() removes everything it added.
// A form with data-gongkai-module="fast" is checked by the fast module.
import assert from 'node:assert/strict';
import { messageOf, stateOf } from './10-forms-lib.mjs';

const FORMS = `
<form id="fa" data-gongkai="catalogue_entry" data-gongkai-today="2018-12-01">
  <input type="hidden" name="_token" value="csrf">
  <div><label for="a-cat">一级事项</label><input id="a-cat" name="category" value="  行政许可  "></div>
  <div><label for="a-sub">二级事项</label><input id="a-sub" name="subcategory" value="   "></div>
  <div><label for="a-ch">公开渠道</label><input id="a-ch" name="channels" value="政府网站、政务服务中心，两微一端"></div>
  <div><label for="a-lv">公开层级</label><select id="a-lv" name="levels" multiple><option selected>市级</option><option selected>县级</option><option>乡级</option></select></div>
  <fieldset><legend>公开方式</legend>
    <label><input type="radio" name="mode" value="主动" checked>主动</label><label><input type="radio" name="mode" value="依申请">依申请</label></fieldset>
  <fieldset><legend>公开对象</legend>
    <label><input type="checkbox" name="audience[]" value="全社会" checked>全社会</label><label><input type="checkbox" name="audience[]" value="特定群体">特定群体</label></fieldset>
  <input name="area" disabled value="不提交">
  <input name="content" data-gongkai-ignore value="不映射">
  <button>提交</button>
</form>
<form id="fb" data-gongkai="document" data-gongkai-today="2018-12-01">
  <div><label for="b-ri">需要解读</label><select id="b-ri" name="requires_interpretation"><option value="">未定</option><option value="true">是</option><option value="false" selected>否</option></select></div>
  <div><label for="b-ipd">解读发布日期</label><input id="b-ipd" name="interpretation[publish_date]" value="2018-10-31"></div>
  <div><label><input type="checkbox" id="b-lk" data-gongkai-field="interpretation.linked" name="jd_lj" checked> 已链接</label></div>
  <div><label for="b-wd">成文日期</label><input id="b-wd" name="written_date" value="2018/10/10" aria-describedby="own-id"><span id="own-id">年-月-日</span></div>
  <div><label for="b-t">标题</label><input id="b-t" name="title" value="关于印发办法的通知"></div>
  <button>提交</button>
</form>
<form id="fc" data-gongkai="application" data-gongkai-today="2018-12-01">
  <table><tr>
    <td><label for="c-rd">收到申请日期</label><input id="c-rd" name="received_date" type="date" value="2018-09-28"></td>
    <td><label for="c-ch">申请渠道</label><input id="c-ch" name="channel" value="互联网"></td>
  </tr><tr>
    <td><label for="c-cd">征求意见工作日数</label><input id="c-cd" type="number" name="consultation_days" value="20"></td>
    <td><label for="c-ed">延长工作日数</label><input id="c-ed" name="extension[days]" value="五"></td>
  </tr></table>
  <button>提交</button>
</form>
<form id="fd" data-gongkai="document" data-gongkai-auto="off"><input name="title"></form>
<form id="fe" data-gongkai="catalogue_entry" data-gongkai-today="2018-12-01" data-gongkai-module="fast">
  <div><label for="e-cat">一级事项</label><input id="e-cat" name="category" value="  行政许可  "></div>
  <div><label for="e-ch">公开渠道</label><input id="e-ch" name="channels" value="政府网站、政务服务中心，两微一端"></div>
  <div><label for="e-tl">公开时限</label><input id="e-tl" name="time_limit" value="30日内"></div>
  <button>提交</button>
</form>
`;

export default async function ({ page, url, shot }) {
  await page.goto(url('/index.html'));
  const result = await page.evaluate(async (html) => {
    const { bindingFor } = await import('/gongkai-forms.js');
    const box = document.createElement('div');
    box.className = 'page';
    box.innerHTML = html;
    document.querySelector('main').prepend(box);
    await new Promise((r) => setTimeout(r)); // the MutationObserver attaches
    const out = {};
    for (const id of ['fa', 'fb', 'fc']) {
      const binding = bindingFor(document.getElementById(id));
      await binding.ready;
      out[id] = { state: binding.state, record: binding.record() };
    }
    out.fd = bindingFor(document.getElementById('fd'));
    // data-gongkai-module="fast": the shared engine on the fast module, with the same findings as
    // the default module's (the form's record checked by the engine of form fa).
    const fe = bindingFor(document.getElementById('fe'));
    await fe.ready;
    const fa = bindingFor(document.getElementById('fa'));
    const [slow, fast] = [fa, fe].map((b) => b.engine.check('catalogue_entry', fe.record(), { today: '2018-12-01' }).findings);
    out.fe = { evaluators: [fa.engine.evaluator(), fe.engine.evaluator()], same: JSON.stringify(slow) === JSON.stringify(fast), n: fast.length };
    return out;
  }, FORMS);

  assert.equal(result.fa.state, 'ready');
  assert.deepEqual(result.fa.record, {
    category: '行政许可', channels: ['政府网站', '政务服务中心', '两微一端'], levels: ['市级', '县级'],
    mode: '主动', audience: ['全社会'],
  });
  assert.deepEqual(result.fb.record, {
    requires_interpretation: false, interpretation: { publish_date: '2018-10-31', linked: true },
    written_date: '2018/10/10', title: '关于印发办法的通知',
  });
  assert.deepEqual(result.fc.record, { received_date: '2018-09-28', channel: '互联网', consultation_days: 20, extension: { days: '五' } });
  assert.equal(result.fd, null, 'data-gongkai-auto="off" is left alone');
  assert.deepEqual(result.fe.evaluators, ['rhai', 'lowered'], 'data-gongkai-module="fast" loads the fast module');
  assert.ok(result.fe.same && result.fe.n > 3, `the fast module finds what the default one does (${result.fe.n} findings)`);

  // Prefilled fields show their findings at once: the written date typed as 2018/10/10.
  const wd = page.locator('#b-wd');
  assert.match(await messageOf(wd), /^输入错误 「成文日期」：「2018\/10\/10」不是有效日期（应为 YYYY-MM-DD）/);
  let state = await stateOf(wd);
  assert.equal(state.invalid, true);
  assert.equal(state.describedby.split(' ')[0], 'own-id');
  // …and the other rules still ran: DOC-010 (解读未链接) is not there since linked; DOC-001 and
  // DOC-015 (发布机构) are about fields this form does not have: after a full check they are in
  // the summary, with the input error.
  const fb = page.locator('#fb');
  await fb.evaluate(async (f) => (await import('/gongkai-forms.js')).bindingFor(f).validate());
  const summary = fb.locator('.gongkai-summary');
  assert.match(await summary.textContent(), /错误 未标注公开属性/);
  assert.match(await summary.textContent(), /未填写发布机构/);
  assert.match(await summary.textContent(), /有 3 处错误/);

  // Typing the date right clears the input error.
  await wd.fill('2018-10-10');
  await page.waitForFunction(() => !document.querySelector('#b-wd').hasAttribute('aria-invalid'));
  assert.equal(await messageOf(wd), '');

  // An int field with a word: an input error, placed inside its table cell.
  const ed = page.locator('#c-ed');
  assert.match(await messageOf(ed), /「延长工作日数」应为整数/);
  assert.equal(await ed.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')).parentElement.tagName), 'TD');
  // The other rules ran without it: APP-016 warns about 20 days of consultation.
  assert.match(await messageOf(page.locator('#c-cd')), /^警告/);
  await shot('forms-mapping');

  // detach() takes away everything the binding added; values stay.
  const detached = await fb.evaluate(async (f) => {
    const { detach } = await import('/gongkai-forms.js');
    f.querySelector('#b-wd').value = 'bad';
    f.querySelector('#b-wd').dispatchEvent(new Event('change', { bubbles: true }));
    detach(f);
    return {
      messages: f.querySelectorAll('.gongkai-message, .gongkai-summary').length,
      invalid: f.querySelectorAll('[aria-invalid], [data-gongkai-severity], :invalid').length,
      describedby: f.querySelector('#b-wd').getAttribute('aria-describedby'),
      noValidate: f.noValidate, value: f.querySelector('#b-wd').value,
    };
  });
  assert.deepEqual(detached, { messages: 0, invalid: 0, describedby: 'own-id', noValidate: false, value: 'bad' });
}
