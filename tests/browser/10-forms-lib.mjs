// Helpers for the form-binding tests (10-… to 19-…). Not a test file itself.

/** Waits until the binding of the page's (first) form has loaded; returns its state. */
export async function ready(page, selector = 'form[data-gongkai]') {
  return page.evaluate(async (sel) => {
    const { bindingFor } = await import('/gongkai-forms.js');
    const form = document.querySelector(sel);
    for (let i = 0; i < 100 && !bindingFor(form); i += 1) await new Promise((r) => setTimeout(r, 20));
    const binding = bindingFor(form);
    await binding.ready;
    return binding.state;
  }, selector);
}

/** The text of the gongkai message elements a control points at with aria-describedby. */
export async function messageOf(locator) {
  return locator.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(/\s+/)
    .map((id) => document.getElementById(id))
    .filter((m) => m && m.classList.contains('gongkai-message') && !m.hidden)
    .map((m) => m.textContent).join('\n'));
}

/** Waits until the control's message contains `text` (or, with text = null, until it has none). */
export async function waitMessage(locator, text, timeout = 3000) {
  const started = Date.now();
  for (;;) {
    const now = await messageOf(locator);
    if (text === null ? now === '' : now.includes(text)) return now;
    if (Date.now() - started > timeout) {
      throw new Error(`message of ${locator}: wanted ${text === null ? 'none' : JSON.stringify(text)}, have ${JSON.stringify(now)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The Constraint Validation and ARIA state of a control. */
export function stateOf(locator) {
  return locator.evaluate((el) => ({
    invalid: el.matches(':invalid'),
    ariaInvalid: el.getAttribute('aria-invalid'),
    describedby: el.getAttribute('aria-describedby'),
    validationMessage: el.validationMessage,
    severity: el.dataset.gongkaiSeverity ?? null,
    value: el.value,
  }));
}

/** Records submit-related events on the page's form in window.__events. */
export async function recordEvents(page) {
  await page.evaluate(() => {
    window.__events = [];
    const form = document.querySelector('form[data-gongkai]');
    window.addEventListener('submit', () => window.__events.push('submit'), true);
    for (const type of ['gongkai:submit', 'gongkai:blocked']) form.addEventListener(type, () => window.__events.push(type));
  });
}
export const events = (page) => page.evaluate(() => window.__events.splice(0));

/** Collects console errors and warnings of a page. */
export function watchConsole(page) {
  const seen = { error: [], warning: [] };
  page.on('console', (m) => { if (seen[m.type()]) seen[m.type()].push(m.text()); });
  return seen;
}

/** A full-page screenshot of another page than the test's own, into artifacts/<name>.png. */
export function shotOf(page, name) {
  return page.screenshot({ path: new URL(`./artifacts/${name}.png`, import.meta.url).pathname, fullPage: true });
}

/**
 * Adds `html` (forms) to the page's <main>, where the module attaches them by itself, and (unless
 * `wait` is false) waits for the binding of the form `selector`; returns its state. From the first
 * call on, window.__log records what became of each submission: `passed:<submitter's value>` for
 * one that got past the binding (then stopped there, so the page stays), and the binding's events
 * (`gongkai:blocked`, `gongkai:submit`, `gongkai:unavailable <error message>`); window.__detail
 * holds the detail of the last of those events. Read it with takeLog(page).
 */
export async function addForms(page, html, selector, wait = true) {
  return page.evaluate(async ([h, sel, w]) => {
    if (!window.__log) {
      window.__log = [];
      window.addEventListener('submit', (e) => { window.__log.push(`passed:${e.submitter?.value ?? ''}`); e.preventDefault(); });
      for (const type of ['gongkai:blocked', 'gongkai:submit', 'gongkai:unavailable']) {
        document.addEventListener(type, (e) => {
          window.__detail = e.detail;
          window.__log.push(type === 'gongkai:unavailable' ? `${type} ${e.detail.error?.message ?? e.detail.error}` : type);
        });
      }
    }
    const { bindingFor } = await import('/gongkai-forms.js');
    const box = document.createElement('div');
    box.innerHTML = h;
    document.querySelector('main').prepend(box);
    if (!w) return null;
    const form = document.querySelector(sel);
    for (let i = 0; i < 100 && !bindingFor(form); i += 1) await new Promise((r) => setTimeout(r, 20));
    const binding = bindingFor(form);
    await binding.ready;
    return binding.state;
  }, [html, selector, wait]);
}
export const takeLog = (page) => page.evaluate(() => window.__log.splice(0));
