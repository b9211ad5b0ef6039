// playground.js: the rule playground page. Wires the editors, the worker runner and the URL
// state together; evaluation itself happens in playground-worker.js, never on this thread.

import { CodeEditor } from './playground-editor.js';
import { Runner } from './playground-runner.js';
import { encodeState, decodeState } from './playground-state.js';
import { exampleRecords, recordLabel } from './playground-examples.js';
import { blankRule, blankRecord } from './playground-templates.js';
import { jsonErrorAt } from './playground-json.js';
import { el, renderDiagnostics, renderFindings, renderTests, SEVERITY_ZH } from './playground-render.js';

const DEBOUNCE_MS = 300;
const DEFAULT_RULE = 'rules/document/DOC-009-interpretation-within-3-workdays.rhai';
// A record DOC-009 finds fault with: the interpretation came one working day late (the
// National Day holiday sits between the two dates, which is the point of the example).
const DEFAULT_RECORD = {
  title: '关于印发《信阳市行政规范性文件管理办法》的通知',
  doc_number: '信政〔2018〕21号',
  issuer: '信阳市人民政府',
  written_date: '2018-09-20',
  publish_date: '2018-09-28',
  disclosure: '主动公开',
  doc_type: '行政规范性文件',
  interpretation: { unit: '信阳市司法局', author: '信阳市司法局', publish_date: '2018-10-09', linked: true },
};

const $ = (id) => document.getElementById(id);
const ui = {
  picker: $('rule-picker'), blankRule: $('blank-rule'), standard: $('with-standard'), unlimited: $('unlimited'),
  status: $('run-status'), stop: $('stop'), share: $('share'), shareResult: $('share-result'),
  shareUrl: $('share-url'), shareNote: $('share-note'), ruleId: $('rule-id'),
  diagSummary: $('diag-summary'), diagnostics: $('diagnostics'), testsSummary: $('tests-summary'), tests: $('tests'),
  kind: $('kind'), examplePicker: $('example-picker'), blankRecord: $('blank-record'), today: $('today'),
  recordError: $('record-error'), findingsSummary: $('findings-summary'), issues: $('issues'), findings: $('findings'),
};
const ruleEditor = new CodeEditor($('rule-editor'));
const recordEditor = new CodeEditor($('record-editor'));

let schemas = new Map(); // kind name → Kind
let rulesById = new Map(); // standard rule id → RuleMeta
let ownRule = null; // id of the playground rule as last loaded
let diagMarks = [];
let testMarks = [];
let recordEdited = false; // whether the record differs from what was loaded into it
let lastHash = null;
let timer = null;
let elapsedTimer = null;

// ---- running -------------------------------------------------------------------------------

const runner = new Runner({
  onResult(msg) {
    if (msg.type === 'loaded') showLoaded(msg);
    else if (msg.type === 'checked') {
      renderFindings({ list: ui.findings, issues: ui.issues, summary: ui.findingsSummary }, msg.report, { ownRule, kind: ui.kind.value, schemas, ms: msg.ms });
      setStale('findings', false);
    } else if (msg.type === 'check-error') {
      showMessage(ui.findingsSummary, `无法检查：${msg.message}`, 'bad');
      ui.findings.replaceChildren();
      ui.issues.replaceChildren();
      setStale('findings', false);
    } else if (msg.type === 'tested') {
      testMarks = renderTests(ui.tests, ui.testsSummary, msg.report, goToRule);
      ruleEditor.setMarks([...diagMarks, ...testMarks]);
      setStale('tests', false);
    } else if (msg.type === 'failed') {
      showMessage(ui.findingsSummary, `运行出错：${msg.message}`, 'bad');
    }
  },
  onState(state, detail) {
    ui.status.dataset.state = state;
    ui.stop.disabled = state !== 'running';
    clearInterval(elapsedTimer);
    if (state === 'running') {
      // A long run says how long it has been going, and that Stop is there.
      const started = performance.now();
      ui.status.textContent = '运行中…';
      elapsedTimer = setInterval(() => {
        const s = Math.floor((performance.now() - started) / 1000);
        if (s >= 1) ui.status.textContent = `运行中… ${s} 秒，可点「停止」`;
      }, 500);
    }
    else if (state === 'idle') ui.status.textContent = `已完成 · ${Math.max(1, Math.round(detail))} 毫秒`;
    else if (state === 'stopped') {
      ui.status.textContent = '已停止';
      for (const [summary, part] of [[ui.findingsSummary, 'findings'], [ui.testsSummary, 'tests']]) {
        if (document.querySelector(`[data-part="${part}"]`)?.classList.contains('stale')) {
          showMessage(summary, '已停止：运行被手动终止（规则可能陷入了死循环）。修改规则或记录后会重新运行。', 'bad');
        }
      }
    } else if (state === 'crashed') ui.status.textContent = `后台线程出错：${detail}`;
  },
});

function showMessage(node, text, tone) {
  node.textContent = text;
  node.dataset.tone = tone;
}

function setStale(part, stale) {
  document.querySelector(`[data-part="${part}"]`)?.classList.toggle('stale', stale);
}

function showLoaded({ result, rule }) {
  ownRule = result.ok ? result.id : null;
  diagMarks = renderDiagnostics(ui.diagnostics, ui.diagSummary, result, goToRule);
  testMarks = [];
  ruleEditor.setMarks(diagMarks);
  ui.ruleId.replaceChildren();
  if (rule) {
    const kinds = rule.kinds.map((k) => schemas.get(k)?.label_zh ?? k).join('、');
    ui.ruleId.append(el('code', {}, rule.id), ' ',
      el('span', { class: `badge sev-${rule.severity}` }, SEVERITY_ZH[rule.severity]), ` 适用：${kinds}`);
    ui.ruleId.title = rule.title.zh;
  }
  if (!result.ok) {
    showMessage(ui.findingsSummary, '规则未能加载，未运行检查：请先修正上面的错误', 'neutral');
    ui.findings.replaceChildren();
    ui.issues.replaceChildren();
    showMessage(ui.testsSummary, '规则未能加载，未运行示例', 'neutral');
    ui.tests.replaceChildren();
    setStale('findings', false);
    setStale('tests', false);
  }
}

function goToRule(line, column) {
  ruleEditor.goTo(line, column);
}

/** Parses the record editor; shows where the JSON is broken. */
function readRecord() {
  const text = recordEditor.value;
  let record;
  let error = null;
  try {
    record = JSON.parse(text);
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      error = { message: '记录应是一个 JSON 对象（以 { 开头）', line: 1, column: 1 };
    }
  } catch {
    error = text.trim() ? jsonErrorAt(text) : { message: '记录为空：请填写一个 JSON 对象' };
  }
  ui.recordError.textContent = error
    ? `记录不是有效的 JSON：${error.line ? `第${error.line}行第${error.column}列：` : ''}${error.message}` : '';
  recordEditor.setMarks(error?.line ? [{ line: error.line, level: 'error', title: error.message }] : []);
  return error ? undefined : record;
}

function currentState() {
  return {
    source: ruleEditor.value,
    record: recordEditor.value,
    kind: ui.kind.value,
    today: ui.today.value,
    standard: ui.standard.checked,
  };
}

/** Runs now (after the debounce), and writes the state into the URL. */
function evaluate() {
  clearTimeout(timer);
  timer = null;
  const record = readRecord();
  setStale('findings', true);
  setStale('tests', true);
  runner.run({
    source: ruleEditor.value,
    kind: ui.kind.value,
    record,
    today: ui.today.value || undefined,
    standard: ui.standard.checked,
    unlimited: ui.unlimited.checked,
  });
  if (record === undefined) {
    showMessage(ui.findingsSummary, '记录不是有效的 JSON，未运行检查', 'neutral');
    ui.findings.replaceChildren();
    ui.issues.replaceChildren();
    setStale('findings', false);
  }
  saveState();
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(evaluate, DEBOUNCE_MS);
}

async function saveState(push = false) {
  const hash = `#${await encodeState(currentState())}`;
  if (hash === location.hash) return;
  lastHash = hash;
  if (push) history.pushState(null, '', hash);
  else history.replaceState(null, '', hash);
}

// ---- loading rules and records ---------------------------------------------------------------

async function loadStandardRule(path) {
  const response = await fetch(new URL(`./pkg/${path}`, import.meta.url));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  ruleEditor.value = await response.text();
  const kind = path.split('/')[1];
  if (schemas.has(kind) && kind !== ui.kind.value) {
    ui.kind.value = kind;
    await kindChanged(true);
  }
}

async function fillExamplePicker() {
  const kind = ui.kind.value;
  ui.examplePicker.replaceChildren(el('option', { value: '' }, '— 选择 —'));
  let records = [];
  try {
    records = await exampleRecords(kind);
  } catch {
    // No examples for this kind: the picker stays empty.
  }
  if (kind !== ui.kind.value) return records;
  ui.examplePicker.append(...records.map((r, i) => el('option', { value: String(i) }, `${i + 1}. ${recordLabel(r)}`)));
  return records;
}

async function loadExample(index) {
  const records = await exampleRecords(ui.kind.value);
  if (!records[index]) return;
  recordEditor.value = JSON.stringify(records[index], null, 2);
  ui.examplePicker.value = String(index);
  recordEdited = false;
}

/** After the kind changed: new examples; a record not edited by hand follows the kind. */
async function kindChanged(replaceRecord) {
  const records = await fillExamplePicker();
  if (replaceRecord || !recordEdited) {
    if (records.length) await loadExample(0);
    else {
      recordEditor.value = JSON.stringify(blankRecord(schemas.get(ui.kind.value)), null, 2);
      recordEdited = false;
    }
  }
}

function fillRulePicker(index, rules) {
  const groups = new Map();
  for (const path of index) {
    const kind = path.split('/')[1];
    if (!groups.has(kind)) {
      groups.set(kind, el('optgroup', { label: schemas.get(kind)?.label_zh ?? kind }));
    }
    const id = path.split('/').pop().match(/^[A-Z]+-\d+/)?.[0];
    const title = rules.get(id)?.title.zh ?? path.split('/').pop();
    groups.get(kind).append(el('option', { value: path }, `${id ?? ''} ${title}`));
  }
  ui.picker.append(...groups.values());
}

// ---- start-up --------------------------------------------------------------------------------

async function restore(state) {
  if (state.kind && schemas.has(state.kind)) ui.kind.value = state.kind;
  ui.today.value = typeof state.today === 'string' ? state.today : '';
  ui.standard.checked = Boolean(state.standard);
  ruleEditor.value = typeof state.source === 'string' ? state.source : '';
  recordEditor.value = typeof state.record === 'string' ? state.record : '{}';
  recordEdited = true;
  await fillExamplePicker();
}

async function start() {
  ui.status.textContent = '正在加载引擎…';
  ui.status.dataset.state = 'loading';
  const [meta, index] = await Promise.all([
    runner.meta(),
    fetch(new URL('./pkg/rules/index.json', import.meta.url)).then((r) => r.json()),
  ]);
  schemas = new Map(meta.schemas.map((k) => [k.name, k]));
  rulesById = new Map(meta.rules.map((r) => [r.id, r]));
  ui.kind.append(...meta.schemas.map((k) => el('option', { value: k.name }, `${k.label_zh}（${k.name}）`)));
  fillRulePicker(index, rulesById);

  const state = await decodeState(location.hash);
  if (state) {
    await restore(state);
    lastHash = location.hash;
  } else {
    ui.kind.value = 'document';
    await fillExamplePicker();
    ui.today.value = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    await loadStandardRule(DEFAULT_RULE);
    recordEditor.value = JSON.stringify(DEFAULT_RECORD, null, 2);
    recordEdited = false;
  }
  ui.status.textContent = '就绪';
  ui.status.dataset.state = 'idle';
  evaluate();
}

// ---- events ----------------------------------------------------------------------------------

ruleEditor.textarea.addEventListener('input', schedule);
recordEditor.textarea.addEventListener('input', () => {
  recordEdited = true;
  ui.examplePicker.value = '';
  schedule();
});
ui.today.addEventListener('change', evaluate);
ui.standard.addEventListener('change', evaluate);
ui.unlimited.addEventListener('change', evaluate);

ui.kind.addEventListener('change', async () => {
  await kindChanged(false);
  evaluate();
});
ui.examplePicker.addEventListener('change', async () => {
  if (ui.examplePicker.value === '') return;
  await loadExample(Number(ui.examplePicker.value));
  evaluate();
});
ui.blankRecord.addEventListener('click', () => {
  recordEditor.value = JSON.stringify(blankRecord(schemas.get(ui.kind.value)), null, 2);
  recordEdited = false;
  ui.examplePicker.value = '';
  evaluate();
});
ui.picker.addEventListener('change', async () => {
  const path = ui.picker.value;
  if (!path) return;
  try {
    await loadStandardRule(path);
    await saveState(true); // a new history entry: Back returns to the rule being edited before
    evaluate();
  } catch (error) {
    showMessage(ui.diagSummary, `无法载入规则：${error.message}`, 'bad');
  }
  ui.picker.value = '';
});
ui.blankRule.addEventListener('click', async () => {
  ruleEditor.value = blankRule(schemas.get(ui.kind.value));
  await saveState(true);
  evaluate();
});
ui.stop.addEventListener('click', () => runner.stop());

ui.share.addEventListener('click', async () => {
  clearTimeout(timer);
  await saveState();
  ui.shareUrl.value = location.href;
  ui.shareResult.hidden = false;
  try {
    await navigator.clipboard.writeText(location.href);
    ui.shareNote.textContent = '已复制到剪贴板';
  } catch {
    ui.shareNote.textContent = '请复制上面的链接';
  }
  ui.shareUrl.select();
});

// Back/Forward between rules, or a pasted link: restore what the URL says.
window.addEventListener('popstate', async () => {
  if (location.hash === lastHash) return;
  const state = await decodeState(location.hash);
  if (!state) return;
  lastHash = location.hash;
  await restore(state);
  evaluate();
});

start().catch((error) => {
  ui.status.textContent = `无法启动：${error.message}`;
  ui.status.dataset.state = 'crashed';
});
