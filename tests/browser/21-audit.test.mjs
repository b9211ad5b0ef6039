// The audit page: the sample CSV (Chinese headers) gives the same counts as checking its rows
// with the engine directly (the page's workers run the fast module, this test the default one);
// findings are grouped by rule and by unit, the chart has bars, the downloaded CSV opens in
// Excel (UTF-8 BOM, CRLF, one row per finding); JSON, JSON Lines, a GBK-encoded CSV and a broken
// file are read (or refused) with line numbers; a line that is not UTF-8 and the columns a
// CSV leaves out are said where they are.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const TODAY = '2020-01-01';
const stat = async (page, key) => Number(await page.locator(`[data-stat="${key}"] dd`).textContent());

/** Does `action` and waits for the audit it starts to finish (with a result or an error). */
async function audit(page, action) {
  const before = Number(await page.evaluate(() => document.documentElement.dataset.audits ?? 0));
  await action();
  await page.waitForFunction((n) => Number(document.documentElement.dataset.audits ?? 0) > n, before, { timeout: 20000 });
  return (await page.locator('#results').isVisible()) ? page.locator('#file-info').textContent() : null;
}

export default async function ({ page, url, shot, log }) {
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await page.goto(url('/audit.html'));
  await page.waitForSelector('html[data-ready]');
  await shot('audit-empty');
  // The workers run the fast module; the expected numbers below come from the default one.
  assert.equal(await page.evaluate(() => document.documentElement.dataset.evaluator), 'lowered');

  // The expected numbers, computed independently: the same CSV through the engine in the page.
  const expected = await page.evaluate(async (today) => {
    const { createEngine } = await import('/gongkai-engine.js');
    const engine = await createEngine();
    const text = await (await fetch('/samples/catalogue-entries.csv')).text();
    // Only the fast module reads CSV; the default one checks what it read.
    const csv = (await createEngine({ fast: true })).recordsFromCsv('catalogue_entry', text);
    const out = { records: csv.records.length, flagged: 0, error: 0, warning: 0, info: 0, rules: new Set(), units: new Set() };
    for (const { record } of csv.records) {
      const report = engine.check('catalogue_entry', record, { today });
      if (report.findings.length) out.flagged += 1;
      for (const f of report.findings) {
        out[f.severity] += 1;
        out.rules.add(f.rule);
      }
      out.units.add(record.subject);
    }
    return { ...out, rules: [...out.rules].sort(), units: out.units.size, findings: out.error + out.warning + out.info };
  }, TODAY);
  log('sample CSV:', JSON.stringify(expected));
  assert.equal(expected.records, 15);
  assert.ok(expected.findings > 10 && expected.flagged < expected.records, 'the sample mixes clean and faulty rows');

  await page.fill('#today', TODAY);
  let info = await audit(page, () => page.click('#sample-csv'));
  assert.match(info, /catalogue-entries\.csv/);
  assert.match(info, /CSV（UTF-8）/);
  assert.equal(await stat(page, 'total'), expected.records);
  assert.equal(await stat(page, 'flagged'), expected.flagged);
  assert.equal(await stat(page, 'error'), expected.error);
  assert.equal(await stat(page, 'warning'), expected.warning);
  assert.equal(await stat(page, 'info'), expected.info);
  assert.equal(await stat(page, 'input'), 0);

  // Grouped by rule and by unit.
  const ruleIds = await page.locator('#by-rule tbody th').allTextContents();
  assert.deepEqual([...ruleIds].sort(), expected.rules);
  assert.equal(await page.locator('#by-unit tbody tr').count(), expected.units);
  assert.match(await page.locator('#by-unit thead th').first().textContent(), /公开主体/);
  // Line numbers are the file's: the header is line 1, so the first record is line 2.
  const lines = await page.locator('#findings tbody tr td:nth-child(2)').allTextContents();
  assert.ok(lines.every((l) => Number(l) >= 2 && Number(l) <= 16), lines.join(','));

  // The chart: one bar per rule, then per unit.
  assert.equal(await page.locator('#chart svg g.bar').count(), Math.min(15, expected.rules.length));
  assert.ok(await page.locator('#chart svg rect.seg').count() >= expected.rules.length);
  await page.check('input[name="chart-by"][value="unit"]');
  const unitBars = await page.locator('#chart svg g.bar').count();
  assert.ok(unitBars > 1 && unitBars <= expected.units, `${unitBars} unit bars`);
  await shot('audit-results');

  // The download: UTF-8 with BOM, CRLF, Chinese headers, one row per finding.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-all')]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const csv = bytes.toString('utf8').slice(1);
  assert.ok(csv.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(csv), 'every line ends in CRLF');
  const rows = csv.trimEnd().split('\r\n');
  assert.equal(rows[0], '记录序号,行号,单位,规则,级别,字段,问题,依据');
  assert.equal(rows.length - 1, expected.findings);
  assert.ok(rows.slice(1).every((r) => /^\d+,\d+,/.test(r)), 'rows start with record number and line');

  // Filtering by a rule from the table, then downloading just those.
  const rule = expected.rules[0];
  await page.click(`#by-rule tbody th button:text-is("${rule}")`);
  const filteredCount = await page.locator('#findings tbody tr').count();
  assert.match(await page.locator('#filter-count').textContent(), new RegExp(`筛选出 ${filteredCount} 项`));
  const codes = await page.locator('#findings tbody tr td:nth-child(4)').allTextContents();
  assert.ok(codes.every((c) => c === rule), codes.join(','));
  const [filtered] = await Promise.all([page.waitForEvent('download'), page.click('#download-filtered')]);
  const filteredRows = (await readFile(await filtered.path())).toString('utf8').trimEnd().split('\r\n');
  assert.equal(filteredRows.length - 1, filteredCount);
  await page.click('#f-clear');

  // JSON: a catalogue, whose entries' findings carry entries[i] paths.
  // Changing the kind re-checks the loaded file: a CSV cannot hold catalogues (nested entries).
  assert.equal(await audit(page, () => page.selectOption('#kind', 'catalogue')), null);
  assert.match(await page.locator('#load-error').textContent(), /catalogue-entries\.csv/);
  info = await audit(page, () => page.click('#sample-examples'));
  assert.match(info, /catalogue\.json」· JSON（UTF-8）· 按「主动公开基本目录」/);
  assert.ok(await page.locator('#findings td.col-field[title^="entries["]').count() > 0, 'entries[i] paths');
  assert.match(await page.locator('#findings td.col-field[title^="entries["]').first().textContent(), /^目录事项第\d+项/);

  // JSON Lines uploaded as a file, with one broken line (an input error, not a failed file).
  await audit(page, () => page.selectOption('#kind', 'document'));
  assert.ok(await page.locator('#suggestion').isVisible(), 'a catalogue checked as documents suggests the right kind');
  const jsonl = [
    JSON.stringify({ title: '关于印发某办法的通知', issuer: '信阳市人民政府', written_date: '2018-09-20', publish_date: '2018-09-28', doc_number: '信政[2018]21号', disclosure: '主动公开' }),
    '{ not json',
    JSON.stringify({ title: '通知', issuer: '信阳市财政局', written_date: '2018-09-20', publish_date: '2018/09/28' }),
  ].join('\n');
  info = await audit(page, () => page.setInputFiles('#file', { name: 'docs.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(jsonl) }));
  assert.match(info, /JSON Lines/);
  assert.equal(await stat(page, 'total'), 3);
  assert.equal(await stat(page, 'input'), 2, 'the broken line and the bad date');
  const issueLines = await page.locator('#issues tbody tr td:nth-child(2)').allTextContents();
  assert.deepEqual(issueLines, ['2', '3']);
  assert.match(await page.locator('#findings tbody').textContent(), /DOC-011/);

  // A GBK-encoded CSV, as Excel on Chinese Windows saves it.
  await audit(page, () => page.selectOption('#kind', 'catalogue_entry'));
  const gbk = Buffer.from('d2bbbcb6cac2cfee2cb9abbfaac4dac8dda3a8d2aacbd8a3a92cb9abbfaad6f7cce52cb9abbfaac7feb5c0bacdd4d8cce50d0abbfab9b9d6b0c4dc2cbbfab9b9c9e8d6c32ce4eab4a8cfd8c3f1d5febed62cd5feb8aecdf8d5bea1a2cad0b3a4d0c5cfe40d0a', 'hex');
  info = await audit(page, () => page.setInputFiles('#file', { name: '目录.csv', mimeType: 'text/csv', buffer: gbk }));
  assert.match(info, /GB18030/);
  assert.equal(await stat(page, 'total'), 1);
  assert.match(await page.locator('#by-unit tbody').textContent(), /潢川县民政局/);
  assert.match(await page.locator('#findings tbody').textContent(), /市长信箱/);

  // A large file is split over several workers; the merged result is in record order and
  // counts what a single engine counts.
  const big = await page.evaluate(async (today) => {
    const { createEngine } = await import('/gongkai-engine.js');
    const engine = await createEngine();
    const base = await (await fetch('/pkg/examples/catalogue_entries.json')).json();
    const records = Array.from({ length: 700 }, (_, i) => ({ ...base[i % base.length], subject: `单位${i % 37}` }));
    let findings = 0;
    for (const r of records) findings += engine.check('catalogue_entry', r, { today }).findings.length;
    return { text: JSON.stringify(records, null, 2), findings, cores: navigator.hardwareConcurrency };
  }, TODAY);
  assert.ok(big.text.length > 256 * 1024);
  info = await audit(page, () => page.setInputFiles('#file', { name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(big.text) }));
  if (big.cores > 1) assert.match(info, /个线程/);
  assert.equal(await stat(page, 'total'), 700);
  assert.equal(await stat(page, 'error') + await stat(page, 'warning') + await stat(page, 'info'), big.findings);
  const numbers = (await page.locator('#findings tbody tr td:first-child').allTextContents()).map(Number);
  assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'findings in record order');
  assert.equal(await page.locator('#by-unit tbody tr').count(), 37);
  assert.equal(await page.locator('#findings tbody tr').count(), 200, 'the first page of the detail table');
  await page.click('#more');
  assert.equal(await page.locator('#findings tbody tr').count(), Math.min(400, big.findings));

  // Drag and drop: a file dropped on the zone is read like a chosen one.
  info = await audit(page, () => page.evaluate(() => {
    const transfer = new DataTransfer();
    const row = '公开主体,一级事项,公开内容（要素）,公开依据,公开时限,公开渠道和载体\n潢川县财政局,财政预决算,部门预算,《中华人民共和国预算法》第十四条,尽快,政府网站\n';
    transfer.items.add(new File([row], 'dropped.csv', { type: 'text/csv' }));
    document.getElementById('dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }));
  assert.match(info, /dropped\.csv/);
  assert.match(await page.locator('#by-rule tbody').textContent(), /CAT-004/);

  // A broken JSON file: refused, with the line and column.
  assert.equal(await audit(page, () => page.setInputFiles('#file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('[\n  {"subject": "a"},\n  {"subject": }\n]') })), null);
  assert.match(await page.locator('#load-error').textContent(), /broken\.json.*第3行第15列/);

  // A UTF-8 file with one line that is not (pasted from a GBK source): that line is an input
  // error of its record, the others keep their Chinese, as `gongkai check` reads it (the whole
  // file decoded as GB18030 garbled every other line).
  await audit(page, () => page.selectOption('#kind', 'catalogue_entry'));
  const mixedBytes = Buffer.concat([
    Buffer.from('{"subject":"潢川县民政局","category":"社会救助"}\n'),
    Buffer.from('7b2263617465676f7279223a22b9abbfaa227d0a', 'hex'), // {"category":"公开"} in GBK
    Buffer.from('{"subject":"潢川县财政局","category":"财政预决算"}\n'),
  ]);
  info = await audit(page, () => page.setInputFiles('#file', { name: 'mixed.jsonl', mimeType: 'application/x-ndjson', buffer: mixedBytes }));
  assert.match(info, /JSON Lines（UTF-8）/);
  assert.equal(await stat(page, 'total'), 3);
  assert.equal(await stat(page, 'input'), 1);
  assert.match(await page.locator('#issues tbody').textContent(), /第2行第14列起不是 UTF-8 编码的文本/);
  assert.match(await page.locator('#by-unit tbody').textContent(), /潢川县民政局.*潢川县财政局|潢川县财政局.*潢川县民政局/);
  // The same in a CSV or JSON file refuses the file at that place.
  const badCsv = Buffer.concat([Buffer.from('一级事项,公开主体\n社会救助,潢川县民政局\n'), Buffer.from('b9abbfaa2c610a', 'hex')]);
  assert.equal(await audit(page, () => page.setInputFiles('#file', { name: 'bad.csv', mimeType: 'text/csv', buffer: badCsv })), null);
  assert.match(await page.locator('#load-error').textContent(), /bad\.csv.*第3行第1列.*不是 UTF-8/);
  // A GBK export one of whose lines happens to be valid UTF-8 (统一,学院 is CD B3 D2 BB,D1 A7
  // D4 BA) is GBK still: most of its lines are not UTF-8. An Excel 「Unicode 文本」 export is
  // UTF-16. Both are read, as `gongkai check` reads them.
  const gbkWithUtf8Line = Buffer.from('d2bbbcb6cac2cfee2cb9abbfaad6f7cce50d0ac9e7bbe1bec8d6fa2ce4eab4a8cfd8c3f1d5febed60d0acdb3d2bb2cd1a7d4ba0d0a', 'hex');
  info = await audit(page, () => page.setInputFiles('#file', { name: 'gbk.csv', mimeType: 'text/csv', buffer: gbkWithUtf8Line }));
  assert.match(info, /GB18030/);
  assert.equal(await stat(page, 'total'), 2);
  assert.match(await page.locator('#by-unit tbody').textContent(), /潢川县民政局/);
  assert.match(await page.locator('#by-unit tbody').textContent(), /学院/);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('一级事项\t公开主体\r\n社会救助\t潢川县民政局\r\n', 'utf16le')]);
  info = await audit(page, () => page.setInputFiles('#file', { name: 'unicode.tsv', mimeType: 'text/tab-separated-values', buffer: utf16 }));
  assert.match(info, /UTF-16/);
  assert.equal(await stat(page, 'total'), 1);
  assert.match(await page.locator('#by-unit tbody').textContent(), /潢川县民政局/);

  // What a CSV export holds that its records leave out is said with line and column, as
  // `gongkai check` says it: a column of no field, two columns for one field, a value under a
  // column without a name, a row with more cells than the header.
  const export_ = '\uFEFF序号,一级事项,公开主体,subject,\r\n1,社会救助,潢川县民政局,,\r\n2,社会救助,甲,乙,丙\r\n3,财政,潢川县财政局,,,多出\r\n';
  info = await audit(page, () => page.setInputFiles('#file', { name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(export_) }));
  assert.equal(await stat(page, 'total'), 3);
  assert.deepEqual(await page.locator('#csv-warnings li').allTextContents(), [
    '第1行第1列：第1列（A）「序号」不对应主动公开基本目录事项的任何字段，已忽略',
    '第1行第14列：第4列（D）「subject」与第3列（C）「公开主体」是同一字段：两列都有值时，只检查第4列（D）的值',
    '第3行第12列：第5列（E）没有列名，其中的值（如「丙」）已忽略',
    '第4行第15列：这一行有6个单元格，多于表头的5列：第6列（F）起的「多出」等已忽略（单元格中的逗号是否没有加引号？）',
  ]);

  assert.deepEqual(consoleErrors, []);
}
