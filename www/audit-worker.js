// audit-worker.js: reads an uploaded file and checks every record, off the main thread.
//
// A year of catalogue entries or documents is thousands of records; checking them on the
// page's thread would freeze it. Here the page stays responsive, gets progress as it goes, and
// can cancel by terminating the worker.
//
// Protocol (page → worker):
//   { type: 'meta' }  → { type: 'meta', schemas, rules, version, evaluator }
//   { type: 'run', seq, bytes: ArrayBuffer, name, kind, today, shard, shards }
//     → { type: 'progress', seq, shard, done, total } (repeatedly)
//     → { type: 'result', seq, shard, ... } | { type: 'error', seq, message, line, column }
// With `shards` > 1 (see audit-pool.js), this worker checks only records i with
// i % shards === shard; record numbers stay those of the whole file.

import { createEngine } from './gongkai-engine.js';
import { decode, detectFormat, parseJson, parseJsonl } from './audit-parse.js';

/** The field naming the unit responsible for a record, by kind (null: the kind has none). */
const UNIT_FIELDS = {
  catalogue_entry: 'subject',
  catalogue: 'owner',
  document: 'issuer',
  proposal_reply: 'issuer',
  enterprise_disclosure: 'unit_name',
  application: null,
  publication: null,
  opinion_event: null,
};

// The fast module (pkg/gongkai_bg.fast.wasm): an audit checks thousands of records, where its
// checks running two to three times as fast matter more than its ≈ 130 KB larger download
// (BENCHMARKS.md §4).
let enginePromise = null;
const engine = () => (enginePromise ??= createEngine({ fast: true }));

function unitOf(record, field) {
  if (!field || !record || typeof record !== 'object') return '';
  const value = record[field];
  return typeof value === 'string' ? value.trim() : '';
}

const NOT_UTF8 = '文件不是 UTF-8 编码的文本（此处起），按 GB18030（GBK）也读不通：请查明这一行的来源（是否从别处粘贴），把文件统一另存为「CSV UTF-8（逗号分隔）」或 UTF-8 文本后再检查';

function read(msg, eng) {
  const { text, encoding, notUtf8, error } = decode(new Uint8Array(msg.bytes));
  if (error) return { format: detectFormat(msg.name, ''), encoding, error, line: 1 };
  const format = detectFormat(msg.name, text);
  // JSON Lines can do without a line that is not UTF-8 (an error of that record); any other
  // file is refused at its first such character, as `gongkai check` refuses it.
  if (notUtf8.length && format !== 'jsonl') return { format, encoding, error: NOT_UTF8, ...notUtf8[0] };
  if (format === 'csv') {
    const csv = eng.recordsFromCsv(msg.kind, text, 'zh');
    if (!csv.ok) return { format, encoding, error: csv.error, line: csv.line };
    const warnings = csv.warnings.map((w) => `第${w.line}行第${w.column}列：${w.message}`);
    return { format, encoding, warnings, items: csv.records };
  }
  const parsed = format === 'json' ? parseJson(text) : parseJsonl(text);
  if (parsed.items) {
    for (const bad of notUtf8) {
      const item = parsed.items.find((it) => it.line === bad.line);
      if (item) {
        delete item.record;
        item.error = `第${bad.line}行第${bad.column}列起不是 UTF-8 编码的文本`;
      }
    }
  }
  return { format, encoding, warnings: [], ...parsed };
}

/**
 * The kind whose field names best match the records' keys, when that is not the chosen kind:
 * documents checked as catalogue entries would otherwise just show a wall of unknown fields.
 */
function suggestKind(eng, items, chosen) {
  const keys = new Set();
  for (const item of items.slice(0, 20)) {
    if (item.record && typeof item.record === 'object') for (const k of Object.keys(item.record)) keys.add(k);
  }
  if (!keys.size) return null;
  let best = null;
  let chosenScore = 0;
  for (const kind of eng.schemas()) {
    const score = kind.fields.filter((f) => keys.has(f.name)).length / keys.size;
    if (kind.name === chosen) chosenScore = score;
    if (!best || score > best.score) best = { name: kind.name, label: kind.label_zh, score };
  }
  return best && best.name !== chosen && best.score > chosenScore ? { kind: best.name, label: best.label } : null;
}

async function run(msg) {
  const { seq } = msg;
  const eng = await engine();
  const input = read(msg, eng);
  if (input.error && !input.items) {
    postMessage({ type: 'error', seq, message: input.error, line: input.line, column: input.column });
    return;
  }
  const unitField = UNIT_FIELDS[msg.kind] ?? null;
  const options = msg.today ? { today: msg.today, lang: 'zh' } : { lang: 'zh' };
  const shard = msg.shard ?? 0;
  const shards = msg.shards ?? 1;
  const total = Math.max(0, Math.ceil((input.items.length - shard) / shards));
  let done = 0;
  postMessage({ type: 'progress', seq, shard, done, total });
  const records = [];
  const findings = [];
  const issues = [];
  const ruleIds = new Set();
  let lastPost = performance.now();
  const started = lastPost;

  input.items.forEach((item, i) => {
    if (i % shards !== shard) return;
    done += 1;
    const n = i + 1;
    const line = item.line ?? null;
    const unit = unitOf(item.record, unitField);
    const row = { n, line, unit, findings: 0, inputError: false };
    records.push(row);
    let report;
    if (item.error) {
      issues.push({ n, line, unit, level: 'error', field: '', message: item.error });
      row.inputError = true;
    } else if (item.record === null || typeof item.record !== 'object' || Array.isArray(item.record)) {
      issues.push({ n, line, unit, level: 'error', field: '', message: '不是一条记录（应为 JSON 对象）' });
      row.inputError = true;
    } else {
      try {
        report = eng.check(msg.kind, item.record, options);
      } catch (error) {
        issues.push({ n, line, unit, level: 'error', field: '', message: String(error?.message ?? error) });
        row.inputError = true;
      }
    }
    if (report) {
      for (const issue of report.issues) {
        issues.push({ n, line, unit, level: issue.level, field: issue.field, message: issue.message });
        if (issue.level === 'error') row.inputError = true;
      }
      for (const f of report.findings) {
        findings.push({ n, line, unit, rule: f.rule, severity: f.severity, field: f.field, message: f.message, basis: f.basis });
        ruleIds.add(f.rule);
      }
      row.findings = report.findings.length;
    }
    const now = performance.now();
    if (now - lastPost > 100) {
      postMessage({ type: 'progress', seq, shard, done, total });
      lastPost = now;
    }
  });

  const suggestion = input.format === 'csv' || shard > 0 ? null : suggestKind(eng, input.items, msg.kind);
  const rules = {};
  for (const r of eng.rules()) {
    if (ruleIds.has(r.id)) rules[r.id] = { title: r.title.zh, severity: r.severity, basis: r.basis.zh };
  }
  postMessage({
    type: 'result', seq, shard, name: msg.name, kind: msg.kind, today: msg.today, format: input.format,
    encoding: input.encoding, warnings: input.warnings ?? [], unitField, suggestion, records, findings, issues, rules,
    ms: performance.now() - started,
  });
}

async function handle(msg) {
  try {
    if (msg.type === 'meta') {
      const eng = await engine();
      postMessage({ type: 'meta', schemas: eng.schemas(), rules: eng.rules(), version: eng.version(), evaluator: eng.evaluator() });
    } else if (msg.type === 'run') {
      await run(msg);
    }
  } catch (error) {
    postMessage({ type: 'error', seq: msg.seq, message: String(error?.message ?? error) });
  }
}

// One request at a time, in order.
let queue = Promise.resolve();
self.addEventListener('message', (event) => {
  queue = queue.then(() => handle(event.data));
});
