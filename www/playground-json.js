// playground-json.js: where JSON text is broken, as line and column, with a Chinese message.
//
// JSON.parse only says that text is broken; current V8 versions often name neither line nor
// position ("Unexpected token '}', ... is not valid JSON"). People fixing a record in the
// playground or a file for the audit need the place, so after JSON.parse fails this scanner
// walks the text and stops at the first character that cannot continue a JSON value. Used by
// the playground's record editor and by the audit worker.

/** @returns {{ line: number, column: number, message: string }} for text JSON.parse rejected */
export function jsonErrorAt(text) {
  let i = 0;
  const fail = (message, at = i) => {
    const err = new Error(message);
    err.at = at;
    throw err;
  };
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i += 1;
  };
  const describe = () => (i >= text.length ? '内容在此意外结束' : `此处不应出现「${text[i]}」`);
  const literal = (word) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`${describe()}：应为值（字符串、数字、对象、数组、true、false 或 null）`);
  };
  const string = () => {
    i += 1; // opening quote
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i += 1;
        return;
      }
      if (c === '\n') fail('字符串没有结束：缺少右引号 "');
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('\\u 后应为4位十六进制数');
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e ?? '')) fail(`无效的转义「\\${e ?? ''}」`);
        i += 2;
        continue;
      }
      if (c < ' ') fail('字符串中不能直接出现控制字符');
      i += 1;
    }
    fail('字符串没有结束：缺少右引号 "');
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail(`${describe()}：数字格式不正确`);
    i += m[0].length;
  };
  const value = () => {
    ws();
    const c = text[i];
    if (c === '{') object();
    else if (c === '[') array();
    else if (c === '"') string();
    else if (c === '-' || (c >= '0' && c <= '9')) number();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === "'") fail('字符串应使用双引号 "，不能用单引号');
    else fail(`${describe()}：应为值（字符串、数字、对象、数组、true、false 或 null）`);
  };
  const object = () => {
    i += 1;
    ws();
    if (text[i] === '}') {
      i += 1;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(text[i] === '}' ? '最后一项后面不能有逗号' : `${describe()}：应为用双引号括起的字段名`);
      string();
      ws();
      if (text[i] !== ':') fail(`${describe()}：字段名后应为冒号 :`);
      i += 1;
      value();
      ws();
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      if (text[i] === '}') {
        i += 1;
        return;
      }
      fail(`${describe()}：缺少逗号 , 或右花括号 }`);
    }
  };
  const array = () => {
    i += 1;
    ws();
    if (text[i] === ']') {
      i += 1;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === ']') fail('最后一项后面不能有逗号');
      value();
      ws();
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      if (text[i] === ']') {
        i += 1;
        return;
      }
      fail(`${describe()}：缺少逗号 , 或右方括号 ]`);
    }
  };
  let message = '内容为空';
  let at = 0;
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    ws();
    if (i < text.length) {
      value();
      ws();
      if (i < text.length) fail('一个值结束后还有多余的内容（多条记录请放在 [ ] 中，或每行一条存为 JSON Lines）');
      message = 'JSON 无法解析';
    }
    at = i;
  } catch (error) {
    message = error.message;
    at = error.at ?? i;
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = Array.from(before.slice(before.lastIndexOf('\n') + 1)).length + 1;
  return { line, column, message };
}
