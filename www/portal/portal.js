// portal.js — the demo tools beside each portal form: the record the form maps to (as JSON),
// sample data, the date and language the rules use, and the outcome of a submission. The form
// itself is validated by gongkai-forms.js alone, exactly as on a vendor's page.
//
// ?today=YYYY-MM-DD in the page's address sets the check date (used by the browser tests).

import { bindingFor } from '../gongkai-forms.js';
import { samples } from './samples.js';

const form = document.querySelector('form[data-gongkai]');
const kind = form.dataset.gongkai;
// Looked up each time: a page may replace the automatic binding with its own (attach()).
const binding = () => bindingFor(form);
const recordBox = document.querySelector('[data-demo-record]');
const outcome = document.querySelector('[data-demo-outcome]');
const todayInput = document.querySelector('[data-demo-today]');
const langSelect = document.querySelector('[data-demo-lang]');

function showRecord(record) {
  recordBox.textContent = JSON.stringify(record, null, 2);
}

/** Sets the controls from a record, by the same name → field mapping the binding uses. */
function fill(record) {
  const get = (path) => path.split('.').reduce((v, k) => (v == null ? undefined : v[k]), record);
  for (const el of form.elements) {
    if (!el.name && !el.dataset.gongkaiField) continue;
    if (['submit', 'button', 'reset'].includes(el.type)) continue;
    const path = el.dataset.gongkaiField ?? el.name.replace(/\[\]$/, '').replace(/\[([^\]]+)\]/g, '.$1');
    const value = get(path);
    if (el.type === 'checkbox') el.checked = Array.isArray(value) ? value.includes(el.value) : value === true;
    else if (el.type === 'radio') el.checked = value === el.value;
    else el.value = value ?? '';
  }
}

function setToday(date) {
  todayInput.value = date ?? '';
  if (date) form.dataset.gongkaiToday = date;
  else delete form.dataset.gongkaiToday;
}

const fromAddress = new URLSearchParams(location.search).get('today');
if (fromAddress) setToday(fromAddress);

todayInput.addEventListener('change', () => {
  setToday(todayInput.value || null);
  binding()?.refresh();
});
langSelect.addEventListener('change', () => {
  if (langSelect.value) form.dataset.gongkaiLang = langSelect.value;
  else delete form.dataset.gongkaiLang;
  binding()?.refresh();
});

for (const button of document.querySelectorAll('[data-demo-fill]')) {
  button.addEventListener('click', () => {
    const sample = samples[kind];
    setToday(fromAddress ?? sample.today);
    fill(sample[button.dataset.demoFill]);
    outcome.hidden = true;
    if (binding()?.state === 'ready') {
      binding().validate();
      showRecord(binding().record());
    }
  });
}

form.addEventListener('gongkai:report', (e) => showRecord(e.detail.record));
form.addEventListener('gongkai:blocked', () => { outcome.hidden = true; });
form.addEventListener('gongkai:submit', (e) => {
  // A real portal would let the form post (or send e.detail.record with fetch); the demo stays.
  e.preventDefault();
  const { findings } = e.detail;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const notes = findings.filter((f) => f.severity === 'info').length;
  const title = document.createElement('strong');
  title.textContent = '校验通过，可以提交。';
  const text = document.createElement('span');
  text.textContent = (warnings || notes ? `另有警告 ${warnings} 项、提示 ${notes} 项，请酌情处理。` : '')
    + '演示站点不实际提交；将提交的记录见「将提交的记录（JSON）」。';
  outcome.replaceChildren(title, text);
  outcome.hidden = false;
  outcome.scrollIntoView({ block: 'nearest' });
});
form.addEventListener('reset', () => { outcome.hidden = true; });

binding()?.ready.then((b) => {
  if (b.state !== 'ready') {
    recordBox.textContent = '校验组件未能加载：表单将不经校验直接提交。';
    return;
  }
  if (fromAddress) b.refresh();
  showRecord(b.record());
  const rules = b.engine.rules().filter((r) => r.kinds.includes(kind));
  document.querySelector('[data-demo-rule-count]').textContent = `（${rules.length} 条）`;
  const severity = { error: '错误', warning: '警告', info: '提示' };
  document.querySelector('[data-demo-rules]').replaceChildren(...rules.map((r) => {
    const li = document.createElement('li');
    const id = document.createElement('code');
    id.textContent = r.id;
    li.append(id, ` ${r.title.zh}（${severity[r.severity]}）`);
    return li;
  }));
});
