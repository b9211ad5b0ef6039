// Type-checked against the generated declarations (`tsc --noEmit -p tests/ts`): the API a
// portal developer writes against, exercised once each.
import init, { Draft, Engine, schemas, recordsFromCsv, type Finding, type Report, type RuleMeta } from '../../www/pkg/gongkai.js';
import { createEngine, lastPanic } from '../../www/gongkai-engine.js';

async function direct(): Promise<void> {
  await init();
  const engine = new Engine({ standard: true });
  const report: Report = engine.check('document', { title: '通知', disclosure: '主动公开' }, { lang: 'zh', today: '2018-12-01' });
  const errors: Finding[] = report.findings.filter((f) => f.severity === 'error');
  const first = errors[0];
  if (first) {
    const where: string = first.field;
    const expected = first['expected'];
    console.log(where, first.message, first.basis, expected);
  }
  for (const issue of report.issues) console.log(issue.level, issue.field, issue.message);
  const again = engine.checkField('document', { title: '' }, 'title');
  console.log(again.rules.length);
  const draft = new Draft('document');
  draft.set('title', '');
  draft.set('issuer', undefined);
  const drafted: Report = engine.checkDraft(draft, 'title', { today: '2018-12-01' });
  console.log(drafted.rules.length, engine.checkDraft(draft).findings.length);
  draft.free();
  const rules: RuleMeta[] = engine.rules();
  console.log(rules[0]?.title.zh, rules[0]?.basis.en, rules[0]?.messages['default']?.zh);
  const loaded = engine.loadRules('const RULE = #{};', 'bad.rhai');
  if (!loaded.ok) for (const d of loaded.diagnostics) console.log(d.line, d.column, d.message.zh);
  const outcome = engine.eval('add_workdays("2018-09-28", 3)', '2018-12-01');
  if (outcome.ok) console.log(outcome.value);
  console.log(engine.extendCalendar({ year: 2027, papers: [], days: [] }).error);
  console.log(engine.test(['DOC-009']).cases.every((c) => c.passed));
  const fields = schemas().find((k) => k.name === 'catalogue_entry')?.fields ?? [];
  for (const f of fields) if (f.type === 'text_list') console.log(f.label_zh, f.options);
  const csv = recordsFromCsv('catalogue_entry', '一级事项\n机构职能\n');
  console.log(csv.records[0]?.line, csv.warnings);
  engine.free();
}

async function wrapped(): Promise<void> {
  const engine = await createEngine({ standard: false, limits: { max_operations: 10_000, max_call_levels: 64, max_function_expr_depth: 16 } });
  const report = engine.check('publication', { title: 't', body: 'b', category: '其他' });
  console.log(report.findings.length, engine.version());
  const fast = await createEngine({ fast: true });
  const evaluator: 'rhai' | 'lowered' = fast.evaluator();
  console.log(evaluator);
  const draft = engine.draft('publication');
  const typed: Report = draft.check({ title: 't', body: 'b' }, 'title', { lang: 'en' });
  console.log(typed.rules, draft.check({ title: 't' }).issues);
  draft.free();
  const failure: string | null = lastPanic;
  console.log(failure, engine.test().problems.length);
  engine.dispose();
  fast.dispose();
}

void direct();
void wrapped();

import { attach, type FormBinding } from '../../www/gongkai-forms.js';

async function form(): Promise<void> {
  const el = document.querySelector('form');
  if (!el) return;
  const binding: FormBinding = attach(el, { kind: 'document', lang: 'zh', today: '2018-12-01', onFailure: 'block' });
  attach(el, { kind: 'document', fast: true });
  await binding.ready;
  const outcome = binding.validate();
  if (outcome) for (const b of outcome.blocking) console.log(b.field, b.message, b.controls.length);
  binding.detach();
}

void form();
