// Types of gongkai-forms.js, the drop-in form binding (see the comment at the top of that file).
import type { Finding, Issue, GongkaiEngine } from './gongkai-engine.js';

export interface AttachOptions {
  /** The record kind; default: the form's data-gongkai attribute. */
  kind?: string;
  /** An engine from createEngine() (e.g. with custom rules), or a promise of one; default: a shared standard engine. */
  engine?: GongkaiEngine | Promise<GongkaiEngine>;
  /**
   * Without `engine`: use the shared engine on the fast module (pkg/gongkai_bg.fast.wasm: two to three
   * times as fast, its first answer three times as fast, 130 KB larger). Default: the form's
   * data-gongkai-module="fast", else false.
   */
  fast?: boolean;
  /** Message language; default: data-gongkai-lang, else <html lang> (zh* → zh, else en). */
  lang?: 'zh' | 'en';
  /**
   * The date rules treat as today, YYYY-MM-DD; default (also for ''): data-gongkai-today, else today
   * in Beijing. Anything but a real calendar date makes every check fail, as under `onFailure`.
   */
  today?: string;
  /**
   * When the engine cannot load or a check fails (a bad `today`): 'allow' (default) submits
   * unchecked, 'block' refuses with a notice.
   */
  onFailure?: 'allow' | 'block';
  /** What blocks submission: 'error' (default) or 'warning' (warnings too). */
  block?: 'error' | 'warning';
  /** Milliseconds to wait after typing before checking (default 150). */
  debounce?: number;
}

/**
 * Something that blocks submission: a finding, an input error or a browser constraint (also on a
 * control that maps to no field).
 */
export interface BlockingItem {
  severity: 'error' | 'warning' | 'info';
  /** The record field; for a control that maps to no field, its name (or id). */
  field: string;
  message: string;
  basis?: string;
  rule?: string;
  /** The form controls it concerns (empty when the form has no control for the field). */
  controls: Element[];
}

/** The detail of gongkai:report, gongkai:blocked and gongkai:submit. */
export interface FormOutcome {
  record: Record<string, unknown>;
  findings: Finding[];
  issues: Issue[];
  blocking: BlockingItem[];
}

export interface FormBinding {
  readonly form: HTMLFormElement;
  readonly kind: string;
  readonly engine: GongkaiEngine | null;
  readonly state: 'loading' | 'ready' | 'failed' | 'detached';
  /** Resolves (never rejects) once validation is live or has failed for good. */
  readonly ready: Promise<FormBinding>;
  /** The record the form holds now. */
  record(): Record<string, unknown>;
  /**
   * Checks the whole record and shows every message, as a submit would; null unless ready (after a
   * failed check it tries again).
   */
  validate(): FormOutcome | null;
  /**
   * Checks the whole record again after a setting changed; null unless ready (after a failed check,
   * e.g. a bad data-gongkai-today since fixed, it tries again).
   */
  refresh(): FormOutcome | null;
  /** Removes every message, state and listener the binding added. */
  detach(): void;
}

export declare function attach(form: HTMLFormElement, options?: AttachOptions): FormBinding;
export declare function detach(form: HTMLFormElement): void;
export declare function attachAll(root?: Document | Element): FormBinding[];
export declare function bindingFor(form: HTMLFormElement): FormBinding | null;
export declare function beijingToday(): string;

declare global {
  // Dispatched on the form and bubbling, so listeners on any element see them.
  interface HTMLElementEventMap {
    'gongkai:ready': CustomEvent<{ binding: FormBinding }>;
    'gongkai:report': CustomEvent<FormOutcome>;
    'gongkai:blocked': CustomEvent<FormOutcome>;
    'gongkai:submit': CustomEvent<FormOutcome & { submitter: HTMLElement | null }>;
    /** The engine could not be loaded, or a check failed (e.g. a bad data-gongkai-today). */
    'gongkai:unavailable': CustomEvent<{ error: unknown }>;
  }
}
