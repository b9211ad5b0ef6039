// The wasm package in Chromium: the engine loads with the standard packs and checks a record,
// and the same finding comes back as natively (the message is compared in full). The calendar
// data's MIT licence ships with the module, and the page's footer links to it.
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
  const licence = await page.evaluate(async () => {
    const link = document.querySelector('.site-footer a[href$="holiday-cn.LICENSE"]');
    const res = await fetch(link.href);
    return { status: res.status, text: await res.text() };
  });
  assert.equal(licence.status, 200);
  assert.match(licence.text, /^MIT License\n\nCopyright \(c\) 2019 NateScarlet/);
}
