// Types of gongkai-engine.js; the record, report and rule types come from the wasm package.
import type { CheckInit, CsvResult, Kind, KindDef, Limits, LoadResult, Outcome, Report, RuleMeta, TestReport } from './pkg/gongkai.js';

export type { KindDef, FieldDef, CheckInit, CsvResult, Finding, Issue, Kind, Field, FieldType, Limits, LoadResult, Outcome, Report, RuleMeta, TestReport, Diagnostic, Severity, Lang } from './pkg/gongkai.js';

export interface CreateOptions {
  /** Load the standard rule packs (default true). */
  standard?: boolean;
  /** Resource limits for rules (0 disables the operation or time limit). */
  limits?: Partial<Limits>;
  /** The module: a URL, bytes, or a compiled WebAssembly.Module (default ./pkg/gongkai_bg.wasm). */
  wasm?: string | URL | BufferSource | WebAssembly.Module;
}

export declare let lastPanic: string | null;

export declare class GongkaiEngine {
  check(kind: string, record: Record<string, unknown>, options?: CheckInit): Report;
  checkField(kind: string, record: Record<string, unknown>, field: string, options?: CheckInit): Report;
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
}

export declare function createEngine(options?: CreateOptions): Promise<GongkaiEngine>;
