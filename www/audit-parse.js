// audit-parse.js: reads an uploaded file into records, remembering where each one starts, so
// every finding can point at a line of the file the auditor has open. Runs in the audit worker.
//
// JSON (one object or an array of them) and JSON Lines are read here; CSV and TSV go through
// the engine's recordsFromCsv, which maps Chinese column headers to fields by the schema.

import { jsonErrorAt } from './playground-json.js';

/**
 * Decodes file bytes as `gongkai check` does (crates/gongkai-cli/src/input.rs, `decode`):
 * - UTF-16 when they start with its byte-order mark (Excel's 「Unicode 文本」 export);
 * - UTF-8, with or without its byte-order mark;
 * - GB18030 — what Excel and WPS on Chinese Windows save "CSV" as — when most lines with
 *   characters beyond ASCII are not UTF-8 and the whole file is GB18030 (a short GBK line can
 *   happen to be valid UTF-8: 统一 is CD B3 D2 BB);
 * - otherwise UTF-8 with the lines that are not (a line pasted from elsewhere) given as
 *   `notUtf8` ({ line, column } of the first bad character, 1-based, columns in characters), to
 *   be reported where they are, rather than the whole file read as GB18030 and its Chinese
 *   garbled.
 * No decoding replaces a byte silently: GB18030 and UTF-16 are read strictly.
 */
export function decode(bytes) {
  const strictly = (label, part) => {
    try {
      return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(part);
    } catch {
      return null;
    }
  };
  const bom16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  if (bom16) {
    const text = strictly(bom16, bytes.subarray(2));
    if (text === null) return { error: '文件以 UTF-16 的字节序标记开头，但内容不是有效的 UTF-16：请另存为「CSV UTF-8（逗号分隔）」', encoding: 'UTF-16', notUtf8: [] };
    return { text, encoding: 'UTF-16', notUtf8: [] };
  }
  const whole = strictly('utf-8', bytes.subarray(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0));
  if (whole !== null) return { text: whole, encoding: 'UTF-8', notUtf8: [] };
  const notUtf8 = [];
  let utf8Lines = 0;
  let start = 0;
  for (let line = 1; start <= bytes.length; line += 1) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const part = bytes.subarray(start, end);
    const text = strictly('utf-8', part);
    if (text === null) {
      // The column: where the first replacement character stands in the lenient decoding
      // (a line that holds a real U+FFFD before its bad byte is counted short: rare enough).
      const lenient = new TextDecoder('utf-8').decode(part);
      notUtf8.push({ line, column: [...lenient.slice(0, lenient.indexOf('\ufffd'))].length + 1 });
    } else if (/[^\x00-\x7f]/.test(text)) {
      utf8Lines += 1;
    }
    start = end + 1;
  }
  if (notUtf8.length > utf8Lines) {
    const text = strictly('gb18030', bytes);
    if (text !== null) return { text, encoding: 'GB18030', notUtf8: [] };
  }
  return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'UTF-8', notUtf8 };
}

/** 'json', 'jsonl' or 'csv', from the file name, else from the content. */
export function detectFormat(name, text) {
  const ext = /\.([a-z]+)$/i.exec(name ?? '')?.[1]?.toLowerCase();
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'json') return 'json';
  const first = text.trimStart()[0];
  if (first === '[') return 'json';
  if (first === '{') {
    // One object over many lines is JSON; one object per line is JSON Lines.
    try {
      JSON.parse(text);
      return 'json';
    } catch {
      return 'jsonl';
    }
  }
  return 'csv';
}

/**
 * The line each element of a top-level JSON array starts on (or the line of a top-level
 * object). A small scanner rather than a second parser: it only tracks strings and depth.
 */
export function topLevelLines(text) {
  const lines = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expecting = false; // at depth 1 of an array, waiting for an element to start
  let topIsArray = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\n') line += 1;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (depth === 0 && lines.length === 0 && !topIsArray) {
      if (c === '[') topIsArray = true;
      else lines.push(line);
    }
    if (depth === 1 && topIsArray && expecting && c !== ']') {
      lines.push(line);
      expecting = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth += 1;
      if (depth === 1 && topIsArray) expecting = true;
    } else if (c === ']' || c === '}') depth -= 1;
    else if (c === ',' && depth === 1 && topIsArray) expecting = true;
  }
  return lines;
}

/** A JSON file: `{ items: [{ record, line }] }`, or `{ error, line, column }`. */
export function parseJson(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const at = jsonErrorAt(text);
    return { error: `不是有效的 JSON：${at.message}`, line: at.line, column: at.column };
  }
  const lines = topLevelLines(text);
  const records = Array.isArray(data) ? data : [data];
  return { items: records.map((record, i) => ({ record, line: lines[i] })) };
}

/** JSON Lines: one record a line; a broken line becomes an input error of that record. */
export function parseJsonl(text) {
  const items = [];
  text.split('\n').forEach((raw, i) => {
    const source = raw.trim();
    if (!source) return;
    try {
      items.push({ record: JSON.parse(source), line: i + 1 });
    } catch {
      const at = jsonErrorAt(source);
      items.push({ line: i + 1, error: `第${i + 1}行不是有效的 JSON：第${at.column}列：${at.message}` });
    }
  });
  return { items };
}
