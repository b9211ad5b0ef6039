// @cedar-policy/cedar-wasm: each rule is a `forbid` policy over the request context (the
// record), next to one `permit` for everything. The policy set is parsed once
// (preparsePolicySet); each record is one statefulIsAuthorized call, and the violated rules are
// the forbid policies the diagnostics give as the reason for a deny.

import { initSync, preparsePolicySet, statefulIsAuthorized } from '@cedar-policy/cedar-wasm/web';
import { AUDIENCES, CHANNELS, COUNTRIES, LEVELS, MODES, REQUIRED_LIST, REQUIRED_TEXT } from '../workloads.mjs';
import { bytes, version } from './util.mjs';

const DIR = 'node_modules/@cedar-policy/cedar-wasm/web/';
const set = (values) => `[${values.map((s) => JSON.stringify(s)).join(', ')}]`;
const forbid = (condition) => `forbid (principal, action, resource) when { ${condition} };`;
const subset = (field, allowed) => forbid(`context has ${field} && !${set(allowed)}.containsAll(context.${field})`);

/**
 * Cedar has no regex and no way to read a number out of a string: "a number above 20 before
 * 个工作日" is enumerated as `like` patterns on the digits that end such a number: 21–99, and
 * any digit followed by 00–20 (a number of three or more digits). Exact for numbers written
 * without leading zeros ("020个工作日" would count as over 20).
 */
function over20Workdays() {
  const patterns = [];
  for (let n = 21; n <= 99; n++) patterns.push(`${n}`);
  for (let d = 0; d <= 9; d++) for (let n = 0; n <= 20; n++) patterns.push(`${d}${String(n).padStart(2, '0')}`);
  return anyOf(patterns.map((p) => `context.time_limit like "*${p}个工作日*"`));
}

/** `a || b || …` as a balanced tree: Cedar's parser overflows the stack on a flat chain of 289. */
function anyOf(terms) {
  if (terms.length === 1) return terms[0];
  const half = terms.length >> 1;
  return `(${anyOf(terms.slice(0, half))} || ${anyOf(terms.slice(half))})`;
}

const POLICIES = {
  form: () => ({
    age: forbid('context.age < 18'),
    country: forbid(`!${set(COUNTRIES)}.contains(context.country)`),
    income: forbid('context.income > 30000 + 10000 * (context.household_size - 1)'),
    consent: forbid('context.consent != true'),
    email: forbid('!(context.email like "*@*")'),
  }),
  catalogue: () => ({
    required: forbid([
      ...REQUIRED_TEXT.map((f) => `!(context has ${f}) || context.${f} == ""`),
      ...REQUIRED_LIST.map((f) => `!(context has ${f}) || context.${f}.isEmpty()`),
    ].join(' || ')),
    time_limit: forbid(`context has time_limit && (${over20Workdays()})`),
    channels: subset('channels', CHANNELS),
    audience: subset('audience', AUDIENCES),
    mode: forbid(`context has mode && context.mode != "" && !${set(MODES)}.contains(context.mode)`),
    levels: subset('levels', LEVELS),
  }),
};

const REQUEST = {
  principal: { type: 'User', id: 'portal' },
  action: { type: 'Action', id: 'submit' },
  resource: { type: 'Record', id: 'record' },
  preparsedPolicySetId: 'bench',
  entities: [],
};

export default {
  name: 'cedar',
  label: '@cedar-policy/cedar-wasm (wasm)',
  version: () => version('@cedar-policy/cedar-wasm'),
  files: [`${DIR}cedar_wasm_bg.wasm`, `${DIR}cedar_wasm.js`],
  how: {
    form: '5 `forbid` policies + 1 `permit` over `context` (the record, no schema); `preparsePolicySet` once, one `statefulIsAuthorized` per record; violated rules = `diagnostics.reason` of a deny',
    catalogue: '6 `forbid` policies; vocabularies with `containsAll`, required with `has`/`isEmpty`; no regex or string-to-number in Cedar, so the time limit is 289 generated `like "*NN个工作日*"` patterns joined by `||` (exact only for numbers without leading zeros; a flat `||` chain of 289 overflows the stack in the Cedar parser, so it is a balanced tree)',
  },
  async init(workload) {
    initSync({ module: bytes(`${DIR}cedar_wasm_bg.wasm`) });
    const parsed = preparsePolicySet('bench', { staticPolicies: { allow: 'permit (principal, action, resource);', ...POLICIES[workload]() } });
    if (parsed.type !== 'success') throw new Error(JSON.stringify(parsed.errors));
  },
  evaluate(record) {
    const answer = statefulIsAuthorized({ ...REQUEST, context: record });
    if (answer.type !== 'success') throw new Error(JSON.stringify(answer.errors));
    const { decision, diagnostics } = answer.response;
    if (diagnostics.errors.length) throw new Error(JSON.stringify(diagnostics.errors));
    return decision === 'deny' ? diagnostics.reason : [];
  },
};
