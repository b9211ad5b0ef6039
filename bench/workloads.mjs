// The two workloads of the peer benchmark: their records, the rule names every engine reports
// violations under, and the expected set of violated rules for each record (written by hand
// from the rule definitions below, not taken from any engine).

import { readFileSync } from 'node:fs';

const read = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

// ---------------------------------------------------------------------------------------------
// (a) Five simple form rules over one record.
//
//   age        age ≥ 18
//   country    country ∈ COUNTRIES
//   income     income ≤ 30000 + 10000 × (household_size − 1)
//   consent    consent === true
//   email      email contains "@"

export const COUNTRIES = ['CN', 'HK', 'MO', 'TW'];

const form = {
  name: 'form',
  title: '(a) five form rules',
  rules: ['age', 'country', 'income', 'consent', 'email'],
  records: [
    {
      id: 'valid',
      record: { age: 34, country: 'CN', income: 38000, household_size: 2, consent: true, email: 'li.ming@example.cn' },
      expected: [],
    },
    {
      id: 'invalid',
      record: { age: 16, country: 'US', income: 45000, household_size: 2, consent: false, email: 'li.ming.example.cn' },
      expected: ['age', 'country', 'income', 'consent', 'email'],
    },
    {
      id: 'boundary (all limits met exactly)',
      record: { age: 18, country: 'TW', income: 30000, household_size: 1, consent: true, email: '@' },
      expected: [],
    },
    {
      id: 'income 1 over the cap of a household of 3',
      record: { age: 70, country: 'MO', income: 50001, household_size: 3, consent: true, email: 'a@b' },
      expected: ['income'],
    },
  ],
  timed: { valid: 'valid', invalid: 'invalid' },
};

// ---------------------------------------------------------------------------------------------
// (b) The structural part of the catalogue_entry rules (主动公开基本目录事项).
//
//   required     category, content, basis, time_limit, subject, mode: present, not null, not "";
//                channels, audience, levels: present, not null, not []
//   time_limit   every Arabic number written directly before 个工作日 is ≤ 20
//                (absent → not this rule's business)
//   channels     every channel ∈ CHANNELS (the 14 options of the standard catalogues)
//   audience     every audience ∈ AUDIENCES
//   mode         mode ∈ MODES (absent or "" → left to `required`)
//   levels       every level ∈ LEVELS
//
// The vocabularies are gongkai's schema options (crates/gongkai/src/schema/mod.rs); run.mjs
// checks that they still match what the wasm package reports.

export const REQUIRED_TEXT = ['category', 'content', 'basis', 'time_limit', 'subject', 'mode'];
export const REQUIRED_LIST = ['channels', 'audience', 'levels'];
export const CHANNELS = [
  '政府网站', '政府公报', '两微一端', '发布会/听证会', '广播电视', '纸质媒体', '公开查阅点', '政务服务中心',
  '便民服务站', '入户/现场', '社区/企事业单位/村公示栏（电子屏）', '精准推送', '12345政务服务热线', '其他',
];
export const AUDIENCES = ['全社会', '特定群体'];
export const MODES = ['主动', '依申请'];
export const LEVELS = ['省级', '市级', '县级', '乡级', '村级'];
export const MAX_WORKING_DAYS = 20;

/**
 * A digit run directly before 个工作日 whose value is above 20: two digits 21–99, or three or
 * more digits starting with 1–9 (leading zeros skipped by the search). Matching anywhere in the
 * string is exact for "every Arabic number before 个工作日 is ≤ 20". ASCII digits only.
 */
export const OVER_20_WORKDAYS = '(2[1-9]|[3-9][0-9]|[1-9][0-9]{2,})个工作日';

const entries = read('../examples/catalogue_entries.json');
const catalogue = read('../examples/catalogue.json')[0].entries;

// `standard`: the findings of gongkai's shipped rules CAT-001/005/007/008/009/010 where they
// differ by design from the structural rules (see README.md): they accept the synonyms that
// CAT-013 turns into hints, and CAT-005 also reads calendar days (over 28 days is always over
// 20 working days) and exempts periods set by a cited law or regulation.
const catalogueRecords = [
  { id: 'catalogue_entries.json[0]', record: entries[0], expected: [] },
  { id: 'catalogue_entries.json[1]', record: entries[1], expected: [] },
  { id: 'catalogue_entries.json[2]', record: entries[2], expected: [] },
  { id: 'catalogue_entries.json[3]', record: entries[3], expected: ['channels', 'levels'], standard: [],
    why: '村务公开栏 and 乡、村级 are synonyms the standard rules leave to CAT-013' },
  { id: 'catalogue_entries.json[4]', record: entries[4], expected: ['audience', 'mode'], standard: [],
    why: '特定群众 and 依申请公开 are synonyms the standard rules leave to CAT-013' },
  { id: 'catalogue_entries.json[5]', record: entries[5], expected: [] },
  { id: 'catalogue_entries.json[6]', record: entries[6], expected: ['required'] },
  { id: 'catalogue_entries.json[7]', record: entries[7], expected: [] },
  { id: 'catalogue_entries.json[8]', record: entries[8], expected: [], standard: ['time_limit'],
    why: 'CAT-005 also reads calendar days: 30日 is more than 20 working days' },
  { id: 'catalogue_entries.json[9]', record: entries[9], expected: ['mode'] },
  { id: 'catalogue_entries.json[10]', record: entries[10], expected: [] },
  { id: 'catalogue.json entries[0]', record: catalogue[0], expected: [] },
  { id: 'catalogue.json entries[23]', record: catalogue[23], expected: ['audience'], standard: [],
    why: '特定群众 is a synonym the standard rules leave to CAT-013' },
  { id: 'catalogue.json entries[25]', record: catalogue[25], expected: ['channels'], standard: [],
    why: '微信公众号 is a synonym the standard rules leave to CAT-013' },
  { id: 'catalogue.json entries[34]', record: catalogue[34], expected: ['time_limit'] },
  { id: 'catalogue.json entries[36]', record: catalogue[36], expected: ['required'] },
  { id: 'catalogue.json entries[40]', record: catalogue[40], expected: ['channels'] },
  { id: 'catalogue.json entries[42]', record: catalogue[42], expected: ['mode'] },
  { id: 'catalogue.json entries[44]', record: catalogue[44], expected: ['levels'], standard: [],
    why: '县区级 is a synonym the standard rules leave to CAT-013' },
];

const catalogueEntry = {
  name: 'catalogue',
  title: '(b) catalogue_entry, structural rules',
  rules: ['required', 'time_limit', 'channels', 'audience', 'mode', 'levels'],
  records: catalogueRecords,
  timed: { valid: 'catalogue_entries.json[0]', invalid: 'catalogue_entries.json[6]' },
  // Beyond the structural rules as the peers can write them: reported, not part of the verdict.
  probes: [
    { id: 'Chinese numeral: 二十五个工作日内', record: { ...entries[0], time_limit: '信息形成或者变更之日起二十五个工作日内' }, expected: ['time_limit'] },
    { id: 'full-width digits: ３０个工作日内', record: { ...entries[0], time_limit: '信息形成或者变更之日起３０个工作日内' }, expected: ['time_limit'] },
  ],
};

export const WORKLOADS = { form, catalogue: catalogueEntry };

/** The expected violations of `item` for an engine with the given semantics. */
export function expectedFor(item, semantics) {
  return semantics === 'standard' && item.standard ? item.standard : item.expected;
}

/** Fields of the bench_form kind, for gongkai's defineKind. */
export const FORM_KIND = {
  name: 'bench_form',
  label_zh: '基准测试表单',
  label_en: 'Benchmark form',
  fields: [
    { name: 'age', label_zh: '年龄', label_en: 'Age', type: 'int', required: true },
    { name: 'country', label_zh: '国家或地区', label_en: 'Country', type: 'text', required: true, options: COUNTRIES },
    { name: 'income', label_zh: '家庭年收入', label_en: 'Household income', type: 'int', required: true },
    { name: 'household_size', label_zh: '家庭人数', label_en: 'Household size', type: 'int', required: true },
    { name: 'consent', label_zh: '同意信息处理', label_en: 'Consent', type: 'bool', required: true },
    { name: 'email', label_zh: '电子邮箱', label_en: 'Email', type: 'text', required: true },
  ],
};
