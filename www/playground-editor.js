// playground-editor.js: a plain <textarea> made fit for code, without an editor library.
//
// It adds what the playground needs and nothing more: a line-number gutter that scrolls with
// the text, coloured bands behind the lines a diagnostic points at, Tab for indentation, and a
// way to put the caret on a given line and column. The textarea stays a textarea, so the
// browser's own undo, selection, find and screen-reader support keep working.
//
// Tab inserts four spaces, which traps keyboard users inside the editor; as in most web code
// editors, pressing Esc first lets the next Tab move focus on (the hint under the editor says so).

const INDENT = '    ';

export class CodeEditor {
  /** @param {HTMLElement} root an element holding `textarea`, `.gutter` and `.line-marks` */
  constructor(root) {
    this.root = root;
    this.textarea = root.querySelector('textarea');
    this.gutter = root.querySelector('.gutter');
    this.bands = root.querySelector('.line-marks');
    this.marks = new Map(); // line → { level, title }
    this.lineCount = 0;
    this.tabEscapes = false;
    this.textarea.addEventListener('input', () => this.refresh());
    this.textarea.addEventListener('scroll', () => this.#syncScroll());
    this.textarea.addEventListener('keydown', (e) => this.#keydown(e));
    this.refresh();
  }

  get value() { return this.textarea.value; }

  /** Replaces the whole text (this is not an edit the user can undo, like a page load). */
  set value(text) {
    this.textarea.value = text;
    this.textarea.scrollTop = 0;
    this.refresh();
  }

  /** Marks lines: `[{ line, level: 'error'|'warning'|'info'|'fail', title }]`. */
  setMarks(marks) {
    this.marks = new Map();
    const rank = { error: 3, fail: 2, warning: 1, info: 0 };
    for (const m of marks) {
      if (!m.line) continue;
      const old = this.marks.get(m.line);
      if (!old || rank[m.level] > rank[old.level]) this.marks.set(m.line, { ...m, title: m.title });
      else old.title += `\n${m.title}`;
    }
    this.#renderGutter(true);
    this.#renderBands();
  }

  /** Puts the caret at a 1-based line and column (columns count characters, as rhai does). */
  goTo(line, column = 1) {
    const lines = this.textarea.value.split('\n');
    const l = Math.min(Math.max(line, 1), lines.length);
    let offset = 0;
    for (let i = 0; i < l - 1; i += 1) offset += lines[i].length + 1;
    // Columns are counted in Unicode characters; string offsets in UTF-16 units.
    offset += Array.from(lines[l - 1]).slice(0, Math.max(column - 1, 0)).join('').length;
    this.textarea.focus();
    this.textarea.setSelectionRange(offset, offset);
    const lineHeight = this.#lineHeight();
    const top = (l - 1) * lineHeight;
    const view = this.textarea.clientHeight;
    if (top < this.textarea.scrollTop || top > this.textarea.scrollTop + view - 2 * lineHeight) {
      this.textarea.scrollTop = Math.max(0, top - view / 3);
    }
  }

  refresh() {
    this.#renderGutter(false);
    this.#renderBands();
  }

  #lineHeight() {
    return parseFloat(getComputedStyle(this.textarea).lineHeight) || 20;
  }

  #renderGutter(force) {
    const count = this.textarea.value.split('\n').length;
    if (!force && count === this.lineCount) return;
    this.lineCount = count;
    const frag = document.createDocumentFragment();
    for (let i = 1; i <= count; i += 1) {
      const div = document.createElement('div');
      div.textContent = String(i);
      const mark = this.marks.get(i);
      if (mark) {
        div.className = `mark-${mark.level}`;
        div.title = mark.title;
      }
      frag.append(div);
    }
    this.gutter.replaceChildren(frag);
    this.#syncScroll();
  }

  #renderBands() {
    if (!this.bands) return;
    const lineHeight = this.#lineHeight();
    const padding = parseFloat(getComputedStyle(this.textarea).paddingTop) || 0;
    const frag = document.createDocumentFragment();
    for (const [line, mark] of this.marks) {
      if (line > this.lineCount) continue;
      const band = document.createElement('div');
      band.className = `band band-${mark.level}`;
      band.style.top = `${padding + (line - 1) * lineHeight}px`;
      band.style.height = `${lineHeight}px`;
      frag.append(band);
    }
    this.bands.replaceChildren(frag);
    this.#syncScroll();
  }

  #syncScroll() {
    this.gutter.scrollTop = this.textarea.scrollTop;
    if (this.bands) this.bands.style.transform = `translateY(${-this.textarea.scrollTop}px)`;
  }

  #keydown(e) {
    if (e.key === 'Escape') {
      this.tabEscapes = true;
      return;
    }
    if (e.key !== 'Tab' || e.ctrlKey || e.altKey || e.metaKey || this.tabEscapes) {
      this.tabEscapes = false;
      return;
    }
    e.preventDefault();
    const ta = this.textarea;
    const { selectionStart: start, selectionEnd: end, value } = ta;
    // execCommand keeps the browser's undo stack (and fires `input`); setRangeText is the
    // fallback where it is unsupported, and fires nothing, so we do.
    let native;
    if (start === end && !e.shiftKey) {
      native = document.execCommand('insertText', false, INDENT);
      if (!native) ta.setRangeText(INDENT, start, end, 'end');
    } else {
      // Indent or outdent every selected line.
      const lineStart = value.lastIndexOf('\n', start - 1) + 1;
      const block = value.slice(lineStart, end);
      const lines = block.split('\n');
      const changed = lines.map((l) => (e.shiftKey ? l.replace(/^ {1,4}/, '') : INDENT + l)).join('\n');
      ta.setSelectionRange(lineStart, end);
      native = document.execCommand('insertText', false, changed);
      if (!native) ta.setRangeText(changed, lineStart, end, 'end');
      ta.setSelectionRange(lineStart, lineStart + changed.length);
    }
    if (!native) ta.dispatchEvent(new Event('input', { bubbles: true }));
  }
}
