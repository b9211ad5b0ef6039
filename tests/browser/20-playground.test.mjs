// The rule playground: diagnostics with line and column for a broken rule, live findings and
// example results for a valid one, Stop ending a runaway `loop {}` while the page stays
// responsive, and the state surviving a round trip through a shared link.
import assert from 'node:assert/strict';

const idle = (page) => page.waitForFunction(
  () => document.getElementById('run-status').dataset.state === 'idle', null, { timeout: 15000 });
const text = (page, sel) => page.locator(sel).textContent();

// A rule with a syntax error on line 3, column 13 (the `;` after `=`).
const BROKEN = 'const RULE = #{ id: "LOC-009" };\nfn check(record) {\n    let x = ;\n}\n';

// A rule whose check never ends: the engine's limits stop it unless lifted.
const LOOPING = `const RULE = #{
    id: "LOC-002",
    title: #{ zh: "死循环", en: "Loops" },
    severity: "error",
    kinds: ["document"],
    fields: ["title"],
    basis: "测试",
    message: #{ zh: "不会出现", en: "never" },
};

fn check(record) {
    loop {}
}

const EXAMPLES = [];
`;

export default async function ({ page, browser, url, shot, log }) {
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });

  // Fresh page: the default rule (DOC-009) and record, one late interpretation.
  await page.goto(url('/playground.html'));
  await page.locator('#tests li').first().waitFor();
  await idle(page);
  assert.match(await text(page, '#diag-summary'), /规则 DOC-009 已加载/);
  assert.match(await text(page, '#tests-summary'), /9 个示例全部通过/);
  assert.match(await text(page, '#findings'), /逾期1个工作日/);
  assert.equal(await page.locator('#rule-picker option').count() > 75, true, 'the picker lists the standard rules');
  await shot('playground-default');

  // Run with the standard rules: the edited DOC-009 replaces the standard one.
  await page.check('#with-standard');
  await page.waitForFunction(() => /替换了同编号的标准规则/.test(document.getElementById('diag-summary').textContent), null, { timeout: 15000 });
  await idle(page);
  await page.uncheck('#with-standard');
  await idle(page);

  // Picking a standard rule of another kind switches the record kind and loads an example.
  await page.selectOption('#rule-picker', 'rules/catalogue_entry/CAT-007-channels-vocabulary.rhai');
  await page.waitForFunction(() => /CAT-007 已加载/.test(document.getElementById('diag-summary').textContent));
  await idle(page);
  assert.equal(await page.inputValue('#kind'), 'catalogue_entry');
  assert.equal(await page.inputValue('#example-picker'), '0');
  assert.match(await page.inputValue('#record-source'), /"subject"/);
  assert.match(await text(page, '#tests-summary'), /全部通过/);
  await page.goBack(); // the previous rule comes back from the history
  await page.waitForFunction(() => /DOC-009 已加载/.test(document.getElementById('diag-summary').textContent));
  assert.equal(await page.inputValue('#kind'), 'document');
  await idle(page);

  // A record that is not valid JSON: where it breaks, and no check.
  await page.fill('#record-source', '{\n  "title": "a",\n  "issuer":\n}');
  await page.waitForFunction(() => document.getElementById('record-error').textContent !== '');
  assert.match(await text(page, '#record-error'), /第4行第1列/);
  assert.equal(await page.locator('#record-editor .gutter div:nth-child(4)').getAttribute('class'), 'mark-error');
  await idle(page);
  assert.match(await text(page, '#findings-summary'), /不是有效的 JSON/);

  // Tab indents inside the editor; Esc then Tab moves on (keyboard users are not trapped).
  await page.focus('#rule-source');
  await page.evaluate(() => document.getElementById('rule-source').setSelectionRange(0, 0));
  await page.keyboard.press('Tab');
  assert.ok((await page.inputValue('#rule-source')).startsWith('    //'));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement.id), 'rule-source');

  // A blank template for the kind: a complete rule whose examples pass.
  await page.click('#blank-rule');
  // The click saves the page's state (a history entry) before the run starts, so the run
  // status can still read idle from the previous rule: wait for the new rule itself.
  await page.waitForFunction(() => /LOC-001 已加载/.test(document.getElementById('diag-summary').textContent));
  await idle(page);
  assert.match(await text(page, '#diag-summary'), /规则 LOC-001 已加载/);
  assert.match(await text(page, '#tests-summary'), /2 个示例全部通过/);
  await page.click('#blank-record');
  await idle(page);
  await page.locator('#findings li.own').first().waitFor();
  assert.match(await text(page, '#findings'), /LOC-001[\s\S]*未填写标题/);
  await shot('playground-template');

  // A broken rule: a diagnostic with line and column, the line marked in the gutter.
  await page.fill('#rule-source', BROKEN);
  await page.locator('#diagnostics li').first().waitFor();
  await idle(page);
  const diag = await text(page, '#diagnostics');
  assert.match(diag, /第3行第13列/, diag);
  assert.match(diag, /错误/);
  assert.equal(await page.locator('#rule-editor .gutter div:nth-child(3)').getAttribute('class'), 'mark-error');
  assert.match(await text(page, '#findings-summary'), /未运行检查/);
  // The diagnostic's position button puts the caret there.
  await page.click('#diagnostics .line-link');
  const caret = await page.evaluate(() => {
    const ta = document.getElementById('rule-source');
    const before = ta.value.slice(0, ta.selectionStart).split('\n');
    return { line: before.length, column: before.at(-1).length + 1, focused: document.activeElement === ta };
  });
  assert.deepEqual(caret, { line: 3, column: 13, focused: true });
  await shot('playground-diagnostic');

  // A valid custom rule run against the record: its findings appear.
  await page.click('#blank-rule');
  await page.fill('#record-source', JSON.stringify({ title: '  ', issuer: '信阳市人民政府', written_date: '2018-09-20' }, null, 2));
  await page.locator('#findings li.own').first().waitFor();
  await idle(page);
  assert.match(await text(page, '#findings-summary'), /发现 1 项/);
  assert.match(await text(page, '#findings'), /未填写标题/);

  // With the standard rules as well, their findings join in.
  await page.check('#with-standard');
  await page.waitForFunction(() => /运行了 \d{2} 条规则/.test(document.getElementById('findings-summary').textContent), null, { timeout: 15000 });
  await page.uncheck('#with-standard');
  await idle(page);

  // A loop under the engine's limits: the rule fails with a finding, nothing hangs.
  await page.fill('#rule-source', LOOPING);
  await page.waitForFunction(() => /超出运算次数上限|超时|time/.test(document.getElementById('findings').textContent), null, { timeout: 15000 });
  await idle(page);

  // Limits lifted: only Stop ends it, and the page stays responsive meanwhile.
  await page.check('#unlimited');
  await page.waitForFunction(() => document.getElementById('run-status').dataset.state === 'running');
  await page.waitForTimeout(1500);
  assert.equal(await page.locator('#run-status').getAttribute('data-state'), 'running', 'still looping');
  assert.equal(await page.locator('#stop').isEnabled(), true);
  const started = Date.now();
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  const responsive = Date.now() - started;
  assert.ok(responsive < 500, `the page answered in ${responsive} ms while the rule loops`);
  await page.fill('#today', '2018-12-01'); // typing still works
  await shot('playground-running');
  await page.click('#stop');
  await page.waitForFunction(() => document.getElementById('run-status').dataset.state === 'stopped');
  assert.equal(await page.locator('#stop').isEnabled(), false);
  assert.match(await text(page, '#findings-summary'), /已停止/);
  log('stopped a runaway rule; the page answered in', responsive, 'ms meanwhile');

  // After Stop, a fresh worker evaluates the next edit.
  await page.click('#blank-rule');
  await idle(page);
  assert.match(await text(page, '#tests-summary'), /2 个示例全部通过/);
  assert.match(await text(page, '#findings'), /未填写标题/);
  await page.uncheck('#unlimited');
  await idle(page);

  // State in the URL: a shared link opens the same rule, record, kind and date.
  const source = (await page.inputValue('#rule-source')).replace('（在此写明依据，写到条款）', '《分享测试》第一条');
  await page.fill('#rule-source', source);
  await page.selectOption('#kind', 'document');
  await page.fill('#today', '2019-06-03');
  await idle(page);
  await page.click('#share');
  await page.locator('#share-result').waitFor();
  const shared = await page.inputValue('#share-url');
  assert.match(shared, /playground\.html#z=/);
  const record = await page.inputValue('#record-source');

  const other = await browser.newPage();
  const otherErrors = [];
  other.on('pageerror', (e) => otherErrors.push(e));
  await other.goto(shared);
  await other.locator('#tests li').first().waitFor();
  await idle(other);
  assert.equal(await other.inputValue('#rule-source'), source);
  assert.equal(await other.inputValue('#record-source'), record);
  assert.equal(await other.inputValue('#kind'), 'document');
  assert.equal(await other.inputValue('#today'), '2019-06-03');
  assert.match(await text(other, '#findings'), /《分享测试》第一条/);
  await other.close();
  assert.deepEqual(otherErrors, []);

  assert.deepEqual(consoleErrors, []);
}
