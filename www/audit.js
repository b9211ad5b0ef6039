// audit.js: the audit page. Reading and checking happen in audit-worker.js; this module keeps
// the page responsive, summarises the findings by rule and by unit, draws the chart, filters
// the detail table and writes the CSV download. Every text from a file or a rule is inserted
// with textContent.

import { AuditPool } from './audit-pool.js';
import { barChart } from './audit-chart.js';
import { csvRows, toCsv, download, LEVEL_ZH, ISSUE_LEVEL_ZH } from './audit-csv.js';
import { EXAMPLE_FILES, exampleUrl } from './playground-examples.js';
import { fieldLabel } from './playground-render.js';

const PAGE_SIZE = 200;
const SAMPLE_CSV = new URL('./samples/catalogue-entries.csv', import.meta.url);
const NO_UNIT = '（未填写单位）';

const $ = (id) => document.getElementById(id);
const ui = {
  file: $('file'), dropzone: $('dropzone'), fileName: $('file-name'), kind: $('kind'), today: $('today'),
  sampleCsv: $('sample-csv'), sampleExamples: $('sample-examples'),
  progressRow: $('progress-row'), progress: $('progress'), progressText: $('progress-text'), cancel: $('cancel'),
  loadError: $('load-error'), suggestion: $('suggestion'), emptyNote: $('empty-note'), results: $('results'),
  fileInfo: $('file-info'), csvWarnings: $('csv-warnings'), stats: $('stats'), chart: $('chart'), chartNote: $('chart-note'),
  byRule: $('by-rule').tBodies[0], byUnit: $('by-unit').tBodies[0], unitNote: $('unit-note'),
  fRule: $('f-rule'), fUnit: $('f-unit'), fSeverity: $('f-severity'), fText: $('f-text'), fClear: $('f-clear'),
  filterCount: $('filter-count'), findings: $('findings').tBodies[0], more: $('more'),
  downloadAll: $('download-all'), downloadFiltered: $('download-filtered'),
  issuesSection: $('issues-section'), issues: $('issues').tBodies[0],
};

let schemas = new Map();
let input = null; // { bytes: ArrayBuffer, name }
let result = null; // the audit's result
let summary = null; // { byRule, byUnit }
let filtered = [];
let shown = 0;

// ---- helpers ---------------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children.filter((c) => c !== undefined && c !== null && c !== false).map((c) => (typeof c === 'number' ? String(c) : c)));
  return node;
}

const badge = (severity, text) => el('span', { class: `badge sev-${severity}` }, text ?? LEVEL_ZH[severity] ?? severity);
const unitText = (unit) => (result?.unitField ? unit || NO_UNIT : '—');

function todayInBeijing() {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

// ---- the workers ----------------------------------------------------------------------------

const pool = new AuditPool();
const meta = pool.meta();

/** Counts finished runs (result or error) in a data attribute, for tests and scripts. */
let finished = 0;
function markFinished() {
  finished += 1;
  document.documentElement.dataset.audits = String(finished);
}

async function run() {
  if (!input) return;
  await meta; // the kind list must be filled first
  ui.loadError.hidden = true;
  ui.suggestion.hidden = true;
  ui.progressRow.hidden = false;
  ui.progress.removeAttribute('value'); // indeterminate until the first count arrives
  ui.progressText.textContent = `正在读取「${input.name}」…`;
  const request = { bytes: input.bytes, name: input.name, kind: ui.kind.value, today: ui.today.value || undefined };
  const started = performance.now();
  const msg = await pool.run(request, (done, total) => {
    ui.progress.max = Math.max(total, 1);
    ui.progress.value = done;
    ui.progressText.textContent = `正在检查：${done} / ${total} 条`;
  });
  if (!msg) return; // superseded or cancelled
  finishProgress();
  if (msg.type === 'error') {
    // Results of an earlier file or kind would be mistaken for this one's.
    ui.results.hidden = true;
    ui.emptyNote.hidden = false;
    showError(`无法读取「${input.name}」：${msg.line ? `第${msg.line}行${msg.column ? `第${msg.column}列` : ''}：` : ''}${msg.message}`);
  } else {
    const elapsed = performance.now() - started;
    showResult({ ...msg, elapsed });
    // For scripts timing the page (bench/browser.mjs): the time the page reports, and on how
    // many workers.
    document.documentElement.dataset.auditMs = String(Math.round(elapsed));
    document.documentElement.dataset.auditWorkers = String(msg.workers ?? 1);
  }
  markFinished();
}

function finishProgress() {
  ui.progressRow.hidden = true;
}

function showError(text) {
  ui.loadError.textContent = text;
  ui.loadError.hidden = false;
}

// ---- loading ----------------------------------------------------------------------------------

async function loadBytes(bytes, name) {
  input = { bytes, name };
  ui.fileName.textContent = `已选择：${name}（${formatSize(bytes.byteLength)}）`;
  run();
}

function formatMs(ms) {
  return ms < 1000 ? `${Math.max(1, Math.round(ms))} 毫秒` : `${(ms / 1000).toFixed(1)} 秒`;
}

function formatSize(n) {
  if (n < 1024) return `${n} 字节`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

async function loadFile(file) {
  if (!file) return;
  await loadBytes(await file.arrayBuffer(), file.name);
}

async function loadUrl(url, name) {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    await loadBytes(await response.arrayBuffer(), name);
  } catch (error) {
    showError(`无法载入示例：${error.message}`);
  }
}

// ---- results ------------------------------------------------------------------------------------

function summarise(res) {
  const byRule = new Map();
  const byUnit = new Map();
  const unitRow = (unit) => {
    if (!byUnit.has(unit)) byUnit.set(unit, { unit, records: 0, withFindings: 0, error: 0, warning: 0, info: 0 });
    return byUnit.get(unit);
  };
  for (const r of res.records) {
    const u = unitRow(r.unit);
    u.records += 1;
    if (r.findings) u.withFindings += 1;
  }
  for (const f of res.findings) {
    if (!byRule.has(f.rule)) {
      const meta = res.rules[f.rule] ?? {};
      byRule.set(f.rule, { id: f.rule, title: meta.title ?? '', basis: meta.basis ?? f.basis, severity: meta.severity ?? f.severity, count: 0, error: 0, warning: 0, info: 0, records: new Set() });
    }
    const r = byRule.get(f.rule);
    r.count += 1;
    r[f.severity] += 1;
    r.records.add(f.n);
    unitRow(f.unit)[f.severity] += 1;
  }
  const total = (x) => x.error + x.warning + x.info;
  return {
    byRule: [...byRule.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id)),
    byUnit: [...byUnit.values()].sort((a, b) => total(b) - total(a) || b.records - a.records || a.unit.localeCompare(b.unit, 'zh')),
  };
}

function showResult(res) {
  result = res;
  summary = summarise(res);
  const kindLabel = schemas.get(res.kind)?.label_zh ?? res.kind;
  const formats = { json: 'JSON', jsonl: 'JSON Lines', csv: 'CSV' };
  ui.fileInfo.textContent = `「${res.name}」· ${formats[res.format] ?? res.format}（${res.encoding}）· 按「${kindLabel}」检查`
    + ` · 检查日期 ${res.today || '今天'} · 用时 ${formatMs(res.elapsed ?? res.ms)}${res.workers > 1 ? `（${res.workers} 个线程）` : ''}`;
  ui.csvWarnings.replaceChildren(...res.warnings.map((w) => el('li', {}, w)));

  if (res.suggestion) {
    ui.suggestion.replaceChildren(
      `这些记录的字段更像「${res.suggestion.label}」。`,
      el('button', { type: 'button', class: 'btn btn-small', onclick: () => { ui.kind.value = res.suggestion.kind; run(); } }, `改按「${res.suggestion.label}」检查`));
    ui.suggestion.hidden = false;
  }

  const count = (s) => res.findings.filter((f) => f.severity === s).length;
  const inputErrors = res.records.filter((r) => r.inputError).length;
  const stats = [
    ['记录', res.records.length, 'total'],
    ['有问题的记录', res.records.filter((r) => r.findings).length, 'flagged'],
    ['错误', count('error'), 'error'],
    ['警告', count('warning'), 'warning'],
    ['提示', count('info'), 'info'],
    ['输入错误', inputErrors, 'input'],
  ];
  ui.stats.replaceChildren(...stats.map(([label, n, key]) => el('div', { class: `stat stat-${key}`, 'data-stat': key },
    el('dt', {}, label), el('dd', {}, n))));

  renderRuleTable();
  renderUnitTable();
  renderChart();
  fillFilters();
  applyFilters();

  ui.issues.replaceChildren(...res.issues.map((i) => el('tr', {},
    el('td', { class: 'num' }, i.n), el('td', { class: 'num' }, i.line ?? ''), el('td', {}, unitText(i.unit)),
    el('td', {}, badge(i.level, ISSUE_LEVEL_ZH[i.level])), el('td', {}, el('code', {}, i.field)), el('td', {}, i.message))));
  ui.issuesSection.hidden = res.issues.length === 0;

  ui.emptyNote.hidden = true;
  ui.results.hidden = false;
}

function filterButton(text, onclick, label) {
  return el('button', { type: 'button', class: 'link-button', onclick, 'aria-label': label }, text);
}

function renderRuleTable() {
  ui.byRule.replaceChildren(...summary.byRule.map((r) => el('tr', {},
    el('th', { scope: 'row' }, filterButton(r.id, () => setFilter({ rule: r.id }), `只看规则 ${r.id} 的问题`)),
    el('td', {}, el('span', { class: 'rule-title' }, r.title), el('span', { class: 'rule-basis' }, `依据：${r.basis}`)),
    el('td', {}, badge(r.severity)),
    el('td', { class: 'num' }, r.count),
    el('td', { class: 'num' }, r.records.size))));
  if (!summary.byRule.length) {
    ui.byRule.append(el('tr', {}, el('td', { colspan: 5, class: 'empty' }, '没有发现问题')));
  }
}

function renderUnitTable() {
  const hasUnits = Boolean(result.unitField);
  ui.unitNote.hidden = hasUnits;
  ui.unitNote.textContent = hasUnits ? '' : `「${schemas.get(result.kind)?.label_zh ?? result.kind}」记录没有填报单位字段，无法按单位汇总。`;
  ui.byUnit.closest('table').hidden = !hasUnits;
  document.querySelector('input[name="chart-by"][value="unit"]').disabled = !hasUnits;
  if (!hasUnits) document.querySelector('input[name="chart-by"][value="rule"]').checked = true;
  const field = hasUnits ? schemas.get(result.kind)?.fields.find((f) => f.name === result.unitField) : null;
  ui.byUnit.closest('table').querySelector('th').textContent = field ? `单位（${field.label_zh}）` : '单位';
  ui.byUnit.replaceChildren(...summary.byUnit.map((u) => el('tr', {},
    el('th', { scope: 'row' }, filterButton(u.unit || NO_UNIT, () => setFilter({ unit: u.unit }), `只看「${u.unit || NO_UNIT}」的问题`)),
    el('td', { class: 'num' }, u.records),
    el('td', { class: 'num' }, u.withFindings),
    el('td', { class: 'num' }, u.error || ''),
    el('td', { class: 'num' }, u.warning || ''),
    el('td', { class: 'num' }, u.info || ''))));
}

let chartWidth = 0;
// Redraw when the page is resized enough to matter (phones turned, windows resized).
new ResizeObserver(() => {
  if (summary && !ui.results.hidden && Math.abs(Math.min(900, ui.chart.clientWidth) - chartWidth) > 40) renderChart();
}).observe(ui.chart);

function renderChart() {
  const by = document.querySelector('input[name="chart-by"]:checked').value;
  const rows = by === 'unit'
    ? summary.byUnit.filter((u) => u.error + u.warning + u.info > 0)
      .map((u) => ({ key: u.unit, label: u.unit || NO_UNIT, error: u.error, warning: u.warning, info: u.info }))
    : summary.byRule.map((r) => ({ key: r.id, label: `${r.id} ${r.title}`, error: r.error, warning: r.warning, info: r.info }));
  if (!rows.length) {
    ui.chart.replaceChildren(el('p', { class: 'empty' }, '没有发现问题，无图可画。'));
    ui.chartNote.textContent = '';
    return;
  }
  const limit = 15;
  chartWidth = Math.round(Math.min(900, Math.max(320, ui.chart.clientWidth || 820)));
  ui.chart.replaceChildren(barChart(rows, {
    title: by === 'unit' ? '各单位的问题数' : '各规则的问题数',
    limit,
    width: chartWidth,
    onSelect: (row) => setFilter(by === 'unit' ? { unit: row.key } : { rule: row.key }),
  }));
  ui.chartNote.textContent = (rows.length > limit ? `只画出问题最多的 ${limit} 项（共 ${rows.length} 项）；` : '')
    + '点击条形可在下方清单中只看该项。';
}

// ---- detail table and filters --------------------------------------------------------------------

function fillFilters() {
  ui.fRule.replaceChildren(el('option', { value: '' }, '全部规则'),
    ...summary.byRule.map((r) => el('option', { value: r.id }, `${r.id} ${r.title}（${r.count}）`)));
  ui.fUnit.replaceChildren(el('option', { value: '' }, '全部单位'),
    ...summary.byUnit.filter((u) => u.error + u.warning + u.info > 0)
      .map((u) => el('option', { value: `u:${u.unit}` }, `${u.unit || NO_UNIT}（${u.error + u.warning + u.info}）`)));
  ui.fUnit.disabled = !result.unitField;
  ui.fSeverity.value = '';
  ui.fText.value = '';
}

function setFilter({ rule = '', unit }) {
  ui.fRule.value = rule;
  ui.fUnit.value = unit === undefined ? '' : `u:${unit}`;
  ui.fSeverity.value = '';
  ui.fText.value = '';
  applyFilters();
  $('detail').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

function applyFilters() {
  const rule = ui.fRule.value;
  const unit = ui.fUnit.value.slice(2); // options are "u:<unit>", so that a blank unit is a value too
  const severity = ui.fSeverity.value;
  const needle = ui.fText.value.trim().toLowerCase();
  const unitFiltered = ui.fUnit.value !== '';
  filtered = result.findings.filter((f) => (!rule || f.rule === rule)
    && (!unitFiltered || f.unit === unit)
    && (!severity || f.severity === severity)
    && (!needle || `${f.message}\n${f.field}\n${f.unit}\n${f.rule}`.toLowerCase().includes(needle)));
  shown = 0;
  ui.findings.replaceChildren();
  showMore();
  const all = result.findings.length;
  ui.filterCount.textContent = filtered.length === all ? `共 ${all} 项问题` : `筛选出 ${filtered.length} 项（共 ${all} 项）`;
  ui.downloadFiltered.disabled = filtered.length === all;
}

function showMore() {
  const next = filtered.slice(shown, shown + PAGE_SIZE);
  ui.findings.append(...next.map((f) => el('tr', { class: `sev-${f.severity}` },
    el('td', { class: 'num' }, f.n),
    el('td', { class: 'num' }, f.line ?? ''),
    el('td', { class: 'col-unit' }, unitText(f.unit)),
    el('td', {}, el('code', { title: result.rules[f.rule]?.title ?? '' }, f.rule)),
    el('td', {}, badge(f.severity)),
    el('td', { class: 'col-field', title: f.field }, fieldLabel(schemas, result.kind, f.field) || f.field),
    el('td', { class: 'col-message' }, f.message))));
  if (!filtered.length) ui.findings.append(el('tr', {}, el('td', { colspan: 7, class: 'empty' }, result.findings.length ? '没有符合筛选条件的问题' : '没有发现问题')));
  shown += next.length;
  ui.more.hidden = shown >= filtered.length;
  ui.more.textContent = `显示更多（还有 ${filtered.length - shown} 项）`;
}

function downloadCsv(findings, issues, suffix) {
  const base = (result.name || 'gongkai').replace(/\.[^.]+$/, '');
  download(`${base}-检查结果${suffix}.csv`, toCsv(csvRows(findings, issues)));
}

// ---- events ----------------------------------------------------------------------------------------

ui.file.addEventListener('change', () => loadFile(ui.file.files[0]));
for (const type of ['dragenter', 'dragover']) {
  ui.dropzone.addEventListener(type, (e) => {
    e.preventDefault();
    ui.dropzone.classList.add('dragging');
  });
}
for (const type of ['dragleave', 'drop']) {
  ui.dropzone.addEventListener(type, () => ui.dropzone.classList.remove('dragging'));
}
ui.dropzone.addEventListener('drop', (e) => {
  e.preventDefault();
  loadFile(e.dataTransfer.files[0]);
});
// A file dropped beside the zone must not make the browser navigate away from the page.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

ui.kind.addEventListener('change', run);
ui.today.addEventListener('change', run);
ui.cancel.addEventListener('click', () => {
  pool.cancel();
  finishProgress();
  showError('已取消检查。');
});
ui.sampleCsv.addEventListener('click', async () => {
  await meta;
  ui.kind.value = 'catalogue_entry';
  loadUrl(SAMPLE_CSV, 'catalogue-entries.csv');
});
ui.sampleExamples.addEventListener('click', async () => {
  await meta;
  const url = exampleUrl(ui.kind.value);
  if (url) loadUrl(url, EXAMPLE_FILES[ui.kind.value]);
});
for (const radio of document.querySelectorAll('input[name="chart-by"]')) radio.addEventListener('change', renderChart);
for (const control of [ui.fRule, ui.fUnit, ui.fSeverity]) control.addEventListener('change', applyFilters);
ui.fText.addEventListener('input', applyFilters);
ui.fClear.addEventListener('click', () => setFilter({}));
ui.more.addEventListener('click', showMore);
ui.downloadAll.addEventListener('click', () => downloadCsv(result.findings, result.issues, ''));
ui.downloadFiltered.addEventListener('click', () => downloadCsv(filtered, [], '（筛选）'));

// ---- start-up ----------------------------------------------------------------------------------------

ui.today.value = todayInBeijing();
meta.then((m) => {
  schemas = new Map(m.schemas.map((k) => [k.name, k]));
  ui.kind.replaceChildren(...m.schemas.map((k) => el('option', { value: k.name }, `${k.label_zh}（${k.name}）`)));
  ui.kind.value = 'catalogue_entry';
  // Which module the workers run ('lowered': the fast one), for tests and scripts.
  document.documentElement.dataset.evaluator = m.evaluator;
  document.documentElement.dataset.ready = 'true';
});
