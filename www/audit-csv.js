// audit-csv.js: findings as a CSV file that Excel (and WPS) open correctly.
//
// Excel reads a CSV without a byte-order mark in the system code page (GBK on Chinese
// Windows) and garbles UTF-8 Chinese; with the UTF-8 BOM it reads UTF-8. Rows end in CRLF,
// cells are quoted when they hold a comma, quote or line break (RFC 4180). A cell that starts
// with = + - @ would be run as a formula by a spreadsheet, and messages quote data from the
// audited file, so such cells get a leading apostrophe (the usual CSV-injection guard).

export const HEADERS = ['记录序号', '行号', '单位', '规则', '级别', '字段', '问题', '依据'];
export const LEVEL_ZH = { error: '错误', warning: '警告', info: '提示' };
export const ISSUE_LEVEL_ZH = { error: '输入错误', warning: '输入警告' };

function cell(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows for the CSV: findings, then input problems (level 输入错误 / 输入警告, no rule). */
export function csvRows(findings, issues = []) {
  const rows = findings.map((f) => [f.n, f.line, f.unit, f.rule, LEVEL_ZH[f.severity] ?? f.severity, f.field, f.message, f.basis]);
  for (const i of issues) rows.push([i.n, i.line, i.unit, '', ISSUE_LEVEL_ZH[i.level] ?? i.level, i.field, i.message, '']);
  return rows;
}

/** The CSV text: BOM, header row, data rows, CRLF after every row. */
export function toCsv(rows, headers = HEADERS) {
  return `\uFEFF${[headers, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** Offers `text` as a download named `filename`. */
export function download(filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
