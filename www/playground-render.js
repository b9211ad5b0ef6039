// playground-render.js: turns the worker's results into DOM. Every message from the engine or
// a rule is inserted as text (textContent), never as HTML: rules and records are user input.

export const SEVERITY_ZH = { error: '错误', warning: '警告', info: '提示' };
const CORE_KEYS = new Set(['rule', 'severity', 'field', 'message', 'basis']);

/** Creates an element; string children become text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children.filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

/** "政策解读 › 解读发布日期" for "interpretation.publish_date"; "" when the path is unknown. */
export function fieldLabel(schemas, kindName, path) {
  if (!path) return '整条记录';
  let fields = schemas.get(kindName)?.fields;
  const labels = [];
  for (const part of path.split('.')) {
    const m = /^([a-z_]+)(?:\[(\d+)\])?$/.exec(part);
    const field = m && fields?.find((f) => f.name === m[1]);
    if (!field) return '';
    labels.push(m[2] !== undefined ? `${field.label_zh}第${Number(m[2]) + 1}项` : field.label_zh);
    fields = field.type === 'object' ? field.fields
      : field.type === 'list' ? schemas.get(field.kind)?.fields : undefined;
  }
  return labels.join(' › ');
}

function formatValue(value) {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function lineButton(line, column, onGoTo, label) {
  if (!line) return null;
  const text = label ?? (column ? `第${line}行第${column}列` : `第${line}行`);
  return el('button', { type: 'button', class: 'line-link', onclick: () => onGoTo(line, column ?? 1) }, text);
}

/** The load result's diagnostics; returns line marks for the editor. */
export function renderDiagnostics(list, summary, result, onGoTo) {
  const items = result.diagnostics.map((d) => el('li', { class: `diag sev-${d.severity}` },
    el('span', { class: `badge sev-${d.severity}` }, SEVERITY_ZH[d.severity] ?? d.severity),
    lineButton(d.line, d.column, onGoTo),
    el('span', { class: 'diag-msg' }, d.message.zh),
    d.message.en ? el('span', { class: 'diag-en', lang: 'en' }, d.message.en) : null));
  list.replaceChildren(...items);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  if (!result.ok) {
    summary.textContent = `规则有 ${errors || result.diagnostics.length} 处错误，未能加载`;
    summary.dataset.tone = 'bad';
  } else {
    const others = result.diagnostics.length;
    summary.textContent = `规则 ${result.id} 已加载${result.replaced ? '（替换了同编号的标准规则）' : ''}`
      + (others ? `，另有 ${others} 条提示` : '，没有问题');
    summary.dataset.tone = 'good';
  }
  return result.diagnostics.map((d) => ({
    line: d.line, level: d.severity, title: `${SEVERITY_ZH[d.severity]}：${d.message.zh}`,
  }));
}

/** A check report; `ownRule` is the playground rule's id (its findings are highlighted). */
export function renderFindings({ list, issues, summary }, report, { ownRule, kind, schemas, ms }) {
  issues.replaceChildren(...report.issues.map((i) => el('li', { class: `issue level-${i.level}` },
    el('span', { class: `badge sev-${i.level}` }, i.level === 'error' ? '数据错误' : '数据警告'),
    i.field ? el('code', {}, i.field) : null,
    el('span', {}, i.message))));

  const items = report.findings.map((f) => {
    const label = fieldLabel(schemas, kind, f.field);
    const values = Object.entries(f).filter(([k]) => !CORE_KEYS.has(k));
    return el('li', { class: `finding sev-${f.severity}${f.rule === ownRule ? ' own' : ''}` },
      el('div', { class: 'f-head' },
        el('span', { class: `badge sev-${f.severity}` }, SEVERITY_ZH[f.severity] ?? f.severity),
        el('code', { class: 'f-rule' }, f.rule),
        el('span', { class: 'f-field' }, label || f.field, label && f.field ? el('code', {}, f.field) : null)),
      el('p', { class: 'f-msg' }, f.message),
      f.basis ? el('p', { class: 'f-basis' }, `依据：${f.basis}`) : null,
      values.length ? el('dl', { class: 'f-values', 'aria-label': '计算值' },
        ...values.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, formatValue(v))])) : null);
  });
  list.replaceChildren(...items);

  const inputErrors = report.issues.filter((i) => i.level === 'error').length;
  const applied = report.rules.includes(ownRule);
  const counts = ['error', 'warning', 'info']
    .map((s) => [s, report.findings.filter((f) => f.severity === s).length])
    .filter(([, n]) => n).map(([s, n]) => `${SEVERITY_ZH[s]} ${n}`).join('，');
  const own = report.findings.filter((f) => f.rule === ownRule).length;
  let text;
  if (inputErrors) {
    text = `记录有 ${inputErrors} 处数据错误，规则未运行`;
    summary.dataset.tone = 'bad';
  } else if (!applied) {
    text = `规则 ${ownRule} 不适用于所选记录类型，未运行`
      + (report.findings.length ? `；其他规则发现 ${report.findings.length} 项（${counts}）` : '');
    summary.dataset.tone = 'neutral';
  } else if (!report.findings.length) {
    text = `没有发现问题（运行了 ${report.rules.length} 条规则）`;
    summary.dataset.tone = 'good';
  } else {
    text = `发现 ${report.findings.length} 项（${counts}）`
      + (report.rules.length > 1 ? `，其中本规则 ${own} 项；运行了 ${report.rules.length} 条规则` : '');
    summary.dataset.tone = 'bad';
  }
  summary.textContent = ms !== undefined ? `${text} · 用时 ${Math.max(1, Math.round(ms))} 毫秒` : text;
}

/** The rule's own examples; returns line marks for the failing ones. */
export function renderTests(list, summary, report, onGoTo) {
  const items = report.cases.map((c) => el('li', { class: `test ${c.passed ? 'pass' : 'fail'}` },
    el('span', { class: `badge ${c.passed ? 'ok' : 'sev-error'}` }, c.passed ? '通过' : '未通过'),
    el('span', { class: 'test-name' }, `示例 ${c.example}${c.name ? `「${c.name}」` : ''}`),
    lineButton(c.location?.line, c.location?.column, onGoTo),
    c.failure ? el('p', { class: 'test-failure' }, c.failure.zh) : null));
  const problems = report.problems.map((d) => el('li', { class: `test fail problem sev-${d.severity}` },
    el('span', { class: `badge sev-${d.severity}` }, SEVERITY_ZH[d.severity] ?? d.severity),
    lineButton(d.line, d.column, onGoTo),
    el('span', { class: 'test-name' }, d.message.zh)));
  list.replaceChildren(...problems, ...items);
  const failed = report.cases.filter((c) => !c.passed).length;
  const total = report.cases.length;
  if (!total && !report.problems.length) {
    summary.textContent = '规则没有示例';
    summary.dataset.tone = 'neutral';
  } else if (failed || report.problems.some((p) => p.severity === 'error')) {
    summary.textContent = `${total} 个示例，${failed} 个未通过` + (report.problems.length ? `；另有 ${report.problems.length} 个问题` : '');
    summary.dataset.tone = 'bad';
  } else {
    summary.textContent = `${total} 个示例全部通过` + (report.problems.length ? `；另有 ${report.problems.length} 条提示` : '');
    summary.dataset.tone = 'good';
  }
  return [
    ...report.cases.filter((c) => !c.passed).map((c) => ({
      line: c.location?.line, level: 'fail', title: `示例 ${c.example} 未通过：${c.failure?.zh ?? ''}`,
    })),
    ...report.problems.map((d) => ({ line: d.line, level: d.severity, title: d.message.zh })),
  ];
}
