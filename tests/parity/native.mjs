// What the native core says, through the `gongkai` CLI: the results of every rule example and
// the findings for every record of examples/. Shared by the Node and the Chromium parity tests.

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.GONGKAI_BIN ?? join(root, 'target', 'debug', 'gongkai');

/** The date every parity check runs as of (rules that read today() depend on it). */
export const TODAY = '2026-03-02';

/** examples/<file>.json → record kind. */
export const EXAMPLE_KINDS = {
  'applications.json': 'application',
  'catalogue.json': 'catalogue',
  'catalogue_entries.json': 'catalogue_entry',
  'documents.json': 'document',
  'enterprise_disclosures.json': 'enterprise_disclosure',
  'opinion_events.json': 'opinion_event',
  'proposal_replies.json': 'proposal_reply',
  'publications.json': 'publication',
};

function run(args) {
  try {
    return execFileSync(bin, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (e) {
    if (e.status === 1) return e.stdout; // findings of error severity: a normal outcome
    throw e;
  }
}

/** Every standard rule's source, by path relative to the repository. */
export function ruleSources() {
  const out = [];
  for (const pack of readdirSync(join(root, 'rules'), { withFileTypes: true })) {
    if (!pack.isDirectory()) continue;
    for (const f of readdirSync(join(root, 'rules', pack.name)).filter((f) => f.endsWith('.rhai')).sort()) {
      const path = `rules/${pack.name}/${f}`;
      out.push({ path, text: readFileSync(join(root, path), 'utf8') });
    }
  }
  return out;
}

/** The example records of every file, with their kind. */
export function exampleFiles() {
  return Object.entries(EXAMPLE_KINDS).map(([file, kind]) => {
    const value = JSON.parse(readFileSync(join(root, 'examples', file), 'utf8'));
    return { file, kind, records: Array.isArray(value) ? value : [value] };
  });
}

/** Native results: `examples` (rule → example → passed) and `files` (file → findings per record). */
export function nativeResults() {
  const report = JSON.parse(run(['test', '--format', 'json']));
  const examples = {};
  for (const c of report.cases) examples[`${c.rule}#${c.example}`] = c.passed;
  const files = {};
  for (const { file, kind, records } of exampleFiles()) {
    const out = JSON.parse(run(['check', '--kind', kind, '--format', 'json', '--today', TODAY, `examples/${file}`]));
    const perRecord = records.map(() => []);
    for (const r of out.results) perRecord[r.index] = r.findings.map(strip);
    files[file] = perRecord;
  }
  return { examples, files };
}

/** The CLI adds the line of each finding in the file; the engines do not. */
export function strip(finding) {
  const { line, ...rest } = finding;
  return rest;
}

/** Findings of every example file through an engine (`check` of the wasm API). */
export function engineFindings(engine) {
  const files = {};
  for (const { file, kind, records } of exampleFiles()) {
    files[file] = records.map((r) => engine.check(kind, r, { today: TODAY }).findings);
  }
  return files;
}

/** Example results through an engine after loading the full sources (with their examples). */
export function engineExamples(engine, sources) {
  for (const { path, text } of sources) {
    const loaded = engine.loadRules(text, path);
    if (!loaded.ok) throw new Error(`${path}: ${JSON.stringify(loaded.diagnostics)}`);
  }
  const examples = {};
  for (const c of engine.test().cases) examples[`${c.rule}#${c.example}`] = c.passed;
  return examples;
}

/** JSON with object keys sorted, so two serialisations of the same value compare equal. */
export function canonical(value) {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v);
}

/** Differences between two result sets, as readable lines (empty when they agree). */
export function compare(native, other, label) {
  const diffs = [];
  const keys = new Set([...Object.keys(native.examples), ...Object.keys(other.examples)]);
  for (const k of keys) {
    if (native.examples[k] !== other.examples[k]) diffs.push(`${label}: example ${k}: native ${native.examples[k]}, ${label} ${other.examples[k]}`);
  }
  for (const [file, records] of Object.entries(native.files)) {
    records.forEach((findings, i) => {
      const a = canonical(findings);
      const b = canonical(other.files[file]?.[i]);
      if (a !== b) diffs.push(`${label}: examples/${file} record ${i + 1}:\n  native ${a}\n  ${label} ${b}`);
    });
  }
  return diffs;
}
