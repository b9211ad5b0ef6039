// The wasm package in Chromium: the engine loads with the standard packs and checks a record,
// and the same finding comes back as natively (the message is compared in full). The calendar
// data's MIT licence ships with the module, and the page's footer links to it. A draft (the record
// kept in the module, sent only what changed) answers as checkField and check do, through member
// changes, removals, input errors and a trap of the instance.
import assert from 'node:assert/strict';

export default async function ({ page, url }) {
  await page.goto(url('/'));
  const result = await page.evaluate(async () => {
    const { createEngine } = await import('/gongkai-engine.js');
    const engine = await createEngine();
    const report = engine.check('document', {
      title: '关于印发规范性文件的通知', issuer: '信阳市人民政府', written_date: '2018-09-20',
      publish_date: '2018-09-28', disclosure: '主动公开', doc_type: '行政规范性文件',
      interpretation: { unit: '市司法局', author: '市司法局', publish_date: '2018-10-09', linked: true },
    }, { today: '2018-12-01' });
    return { rules: engine.rules().length, findings: report.findings };
  });
  assert.ok(result.rules >= 75, `${result.rules} rules`);
  const f = result.findings.find((x) => x.rule === 'DOC-009');
  assert.equal(f.expected, '2018-10-08');
  assert.equal(f.message, '解读材料应于2018-10-08（含）前发布（政策文件2018-09-28发布后3个工作日内），实际2018-10-09发布，逾期1个工作日');
  const drafted = await page.evaluate(async () => {
    const { createEngine } = await import('/gongkai-engine.js');
    const engine = await createEngine();
    const opts = { today: '2026-03-02' };
    const draft = engine.draft('catalogue_entry');
    const steps = [];
    const record = {};
    // A person filling in a catalogue entry field by field, with a slip and a correction.
    const typing = [
      ['category', '机构职能'], ['subcategory', '机构设置'], ['content', '内设机构'],
      ['basis', '《中华人民共和国政府信息公开条例》第二十条'], ['time_limit', '信息形成之日起20个工作日'],
      ['time_limit', '信息形成之日起30个工作日内'], ['channels', ['政府网站']], ['channels', ['政府网站', '微信群']],
      ['mode', 7], ['mode', '7'], ['mode', '主动'], ['subject', null], ['audience', ['全社会']], ['channels', undefined], ['levels', ['市级']],
      ['extra', 1], ['extra', undefined], ['subject', '市政府办公室'],
    ];
    for (const [field, value] of typing) {
      if (value === undefined) delete record[field]; else record[field] = value;
      const a = JSON.stringify(draft.check(record, field, opts));
      const b = JSON.stringify(engine.checkField('catalogue_entry', record, field, opts));
      steps.push({ field, same: a === b, a, b });
      const whole = JSON.stringify(draft.check(record, undefined, opts));
      steps.push({ field: `${field} (whole)`, same: whole === JSON.stringify(engine.check('catalogue_entry', record, opts)) });
    }
    // The channel 微信群 is not one of the standard channels.
    const found = steps.filter((s) => s.field === 'channels').map((s) => JSON.parse(s.a).findings.some((f) => f.rule === 'CAT-007'));
    // Not a record at all: the engine's own answer.
    const notRecord = JSON.stringify(draft.check([1], 'title')) === JSON.stringify(engine.checkField('catalogue_entry', [1], 'title'));
    // After a trap, the draft is made again in the new instance from the record it is given.
    try { engine._trap(); } catch { /* the trap itself */ }
    const afterTrap = JSON.stringify(draft.check(record, 'channels', opts)) === JSON.stringify(engine.checkField('catalogue_entry', record, 'channels', opts));
    draft.free();
    const afterFree = JSON.stringify(draft.check(record, 'mode', opts)) === JSON.stringify(engine.checkField('catalogue_entry', record, 'mode', opts));
    draft.free();
    return { differ: steps.filter((s) => !s.same), count: steps.length, found, notRecord, afterTrap, afterFree };
  });
  assert.deepEqual(drafted.differ, []);
  assert.equal(drafted.count, 36);
  assert.deepEqual(drafted.found, [false, true, false]);
  assert.ok(drafted.notRecord && drafted.afterTrap && drafted.afterFree, JSON.stringify(drafted));
  const licence = await page.evaluate(async () => {
    const link = document.querySelector('.site-footer a[href$="holiday-cn.LICENSE"]');
    const res = await fetch(link.href);
    return { status: res.status, text: await res.text() };
  });
  assert.equal(licence.status, 200);
  assert.match(licence.text, /^MIT License\n\nCopyright \(c\) 2019 NateScarlet/);
}
