// Types of gongkai-engine.js; the record, report and rule types come from the wasm package.
import type { CheckInit, CsvResult, Kind, KindDef, Limits, LoadResult, Outcome, Report, RuleMeta, TestReport } from './pkg/gongkai.js';

export type { KindDef, FieldDef, CheckInit, CsvResult, Finding, Issue, Kind, Field, FieldType, Limits, LoadResult, Outcome, Report, RuleMeta, TestReport, Diagnostic, Severity, Lang } from './pkg/gongkai.js';

export interface CreateOptions {
  /** Load the standard rule packs (default true). */
  standard?: boolean;
  /**
   * Resource limits for rules; each one left out keeps its default. `max_operations: 0` or
   * `max_time_ms: 0` lifts that limit. The depth limits cannot be lifted in WebAssembly, whose
   * stack a deeper rule could overflow: `max_call_levels` must be from 1 to 128,
   * `max_expr_depth` and `max_function_expr_depth` from 1 to 512, and
   * `max_expr_depth + max_call_levels × max_function_expr_depth` at most 1088 (the defaults',
   * 64 + 32 × 32: a depth raised is paid for by another lowered). Other values make
   * createEngine reject, saying which limit and its bounds.
   */
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

/**
 * The last failure of a WebAssembly instance, as `method: error` (for example
 * `check: RuntimeError: unreachable`), or null. The module aborts on a Rust panic without a
 * message, so this holds the trap (or the `RangeError` of a stack that ran out) and the method
 * that met it; the engine went on with a fresh instance.
 */
export declare let lastPanic: string | null;

/**
 * A rules engine that survives traps of its WebAssembly instance. Data problems come back in
 * the answers (`issues`, `diagnostics`, `ok: false`); a string argument given anything else
 * throws a TypeError naming the method and the argument, and an unknown kind or malformed
 * options throw an Error saying what is wrong. Once `dispose()`d, every method throws.
 */
export declare class GongkaiEngine {
  /** `record` not an object (null, undefined, an array …) is an input issue of the report. */
  check(kind: string, record: Record<string, unknown>, options?: CheckInit): Report;
  checkField(kind: string, record: Record<string, unknown>, field: string, options?: CheckInit): Report;
  /** A draft of a record of `kind`, for a form re-checked as a person types (see GongkaiDraft). */
  draft(kind: string): GongkaiDraft;
  rules(): RuleMeta[];
  schemas(): Kind[];
  loadRules(source: string, name?: string): LoadResult;
  removeRule(id: string): boolean;
  /**
   * Runs the examples of the rules loaded with `loadRules` (all, or those with the given ids).
   * The standard rules the module embeds are left out: they are embedded without their examples
   * (`gongkai test` runs those natively). To test a standard rule here, load its full source
   * from `pkg/rules/<kind>/<ID>.rhai`, examples included; it then replaces the embedded one.
   */
  test(ids?: string[]): TestReport;
  extendCalendar(data: string | object, lang?: 'zh' | 'en'): Outcome;
  eval(expr: string, today?: string, lang?: 'zh' | 'en'): Outcome;
  /**
   * Records from CSV/TSV text; `warnings` say, with line and column, what the records leave out.
   * Only the fast module (`createEngine({ fast: true })`) reads CSV: the default one throws.
   */
  recordsFromCsv(kind: string, text: string, lang?: 'zh' | 'en'): CsvResult;
  defineKind(def: KindDef, lang?: 'zh' | 'en'): Outcome;
  version(): string;
  /** How the loaded module runs rules: 'rhai' (gongkai_bg.wasm) or 'lowered' (gongkai_bg.fast.wasm). */
  evaluator(): 'rhai' | 'lowered';
  /**
   * Frees the engine's rules and records inside the module, and leaves its spare copy of the
   * JavaScript glue to the next engine created; every later call throws, and a second
   * `dispose()` does nothing. The instance's memory is not returned to the page (its copy of the
   * glue keeps it, and an ES module cannot be unloaded): create an engine once and share it,
   * rather than one per form or per check.
   */
  dispose(): void;
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
