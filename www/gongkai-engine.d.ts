// Types of gongkai-engine.js; the record, report and rule types come from the wasm package.
import type { CheckInit, CsvResult, Kind, KindDef, Limits, LoadResult, Outcome, Report, RuleMeta, TestReport } from './pkg/gongkai.js';

export type { KindDef, FieldDef, CheckInit, CsvResult, Finding, Issue, Kind, Field, FieldType, Limits, LoadResult, Outcome, Report, RuleMeta, TestReport, Diagnostic, Severity, Lang } from './pkg/gongkai.js';

export interface CreateOptions {
  /** Load the standard rule packs (default true). */
  standard?: boolean;
  /** Resource limits for rules (0 disables the operation or time limit). */
  limits?: Partial<Limits>;
  /**
   * Load ./pkg/gongkai_bg.fast.wasm instead of ./pkg/gongkai_bg.wasm: checks two to three times
   * as fast, a first check three times as fast, a download ≈ 130 KB larger (gzip). Same API,
   * same findings. Default false.
   */
  fast?: boolean;
  /** The module: a URL, bytes, or a compiled WebAssembly.Module of either build (wins over `fast`). */
  wasm?: string | URL | BufferSource | WebAssembly.Module;
}

export declare let lastPanic: string | null;

export declare class GongkaiEngine {
  check(kind: string, record: Record<string, unknown>, options?: CheckInit): Report;
  checkField(kind: string, record: Record<string, unknown>, field: string, options?: CheckInit): Report;
  /** A draft of a record of `kind`, for a form re-checked as a person types (see GongkaiDraft). */
  draft(kind: string): GongkaiDraft;
  rules(): RuleMeta[];
  schemas(): Kind[];
  loadRules(source: string, name?: string): LoadResult;
  removeRule(id: string): boolean;
  test(ids?: string[]): TestReport;
  extendCalendar(data: string | object, lang?: 'zh' | 'en'): Outcome;
  eval(expr: string, today?: string, lang?: 'zh' | 'en'): Outcome;
  recordsFromCsv(kind: string, text: string, lang?: 'zh' | 'en'): CsvResult;
  defineKind(def: KindDef, lang?: 'zh' | 'en'): Outcome;
  version(): string;
  /** How the loaded module runs rules: 'rhai' (gongkai_bg.wasm) or 'lowered' (gongkai_bg.fast.wasm). */
  evaluator(): 'rhai' | 'lowered';
}

/**
 * A record being filled in, kept converted in the module: each check sends only the members that
 * changed since the last one. Its answers are those of `check` / `checkField` on the same record.
 */
export declare class GongkaiDraft {
  /** With `field`, as `checkField(kind, record, field, options)`; without, as `check`. */
  check(record: Record<string, unknown>, field?: string, options?: CheckInit): Report;
  /** Frees the module's copy of the record (a later check makes a new one). */
  free(): void;
}

export declare function createEngine(options?: CreateOptions): Promise<GongkaiEngine>;
