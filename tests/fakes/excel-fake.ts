/**
 * In-memory fake of the Excel JavaScript API (the `Excel` namespace of Office.js) for testing
 * the add-in's Office.js adapter end to end on a machine without Office.
 *
 * It enforces the batching rules that break add-ins in real Excel and counts round trips:
 * - every proxy creation, load, setter and method is queued; sync() runs the queue in order
 *   (no rollback on failure, like Excel) and only then are loaded values readable;
 * - PropertyNotLoaded / ValueNotLoaded before load+sync; ItemNotFound at sync for missing
 *   getItem targets (even unused ones); *OrNullObject gives isNullObject after a sync;
 * - Range proxies are released when their Excel.run ends (InvalidObjectPath) unless tracked;
 *   objects cannot cross request contexts (InvalidRequestContext);
 * - APIs above the configured ExcelApi version throw ApiNotFound synchronously;
 * - text written to cells is interpreted like typing (numbers, dates, %, 15 digits, "=…").
 *
 * Formulas are evaluated by our own engine (formula-parse.ts / formula-eval.ts), not
 * HyperFormula: Excel's formula text must read back as written, references must follow sheet
 * renames and row insertion, and HyperFormula differs from Excel where accountants notice
 * (ROUND(1.005,2) = 1, INT(-2.5) = -2, TEXT(x,"0.00%")). HyperFormula is only a cross-check
 * in formula-engine.test.ts.
 *
 * Usage:
 *   const app = new FakeExcel({ requirementSets: { ExcelApi: "1.14" }, sheets: ["预算执行"] });
 *   const Excel = app.excelNamespace as unknown as typeof globalThis.Excel;  // inject
 *   await Excel.run(async (ctx) => { ... });
 *   app.stats.syncs / roundTrips / cellsRead / cellsWritten / writes
 *   await app.userEdit("预算执行", "D7", 100);   // fires onChanged, resolves after handlers ran
 *
 * Test drivers: userEdit, userPaste, userInsertRows, userDeleteRows, userSelect,
 * userRenameSheet, userDeleteSheet, setUserTyping, flushEvents.
 * Direct access (no events, no stats): setCell, setCells, addSheet, addName, getValue,
 * getFormula, getText, getFormat, getValidation, isProtected, sheetNames, definedNames,
 * tables, activeSheetName, selectedAddress, handlerCount, resetStats.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { type Rect, formatRect, parseA1, rectCells } from "./a1";
import {
  type AppInternals,
  FakeClientObject,
  FakeRequestContext,
  type HandlerKind,
  REQUEST_ENVELOPE_BYTES,
  type RunOptions,
  SyncRun,
} from "./excel-objects";
import { XlError } from "./formula-eval";
import {
  type ChangeNote,
  ErrorCodes,
  FakeOfficeError,
  type FormatProps,
  type SheetModel,
  WorkbookModel,
  type WriteKind,
  officeError,
  toApiValue,
  valueType,
} from "./workbook-model";

export { FakeRequestContext, FakeOfficeError, ErrorCodes };
export type { RunOptions };
export * from "./excel-objects";

export interface FakeExcelOptions {
  /** Requirement sets the host claims, e.g. { ExcelApi: "1.14" }. Default { ExcelApi: "1.12" }. */
  requirementSets?: Record<string, string>;
  /** Initial worksheets (default ["Sheet1"]); the first is active. */
  sheets?: string[];
  /** Simulated round-trip latency in ms (default 0: a microtask). */
  latencyMs?: number;
  /** Value of a circular reference: "#REF!" (default) or 0 as real Excel shows. */
  circularReference?: "#REF!" | "zero";
  /** Loading values/formulas/text of more cells than this fails like Office's payload limit. */
  payloadCellLimit?: number;
  /** Delay before an event reaches handlers, in ms (default 0: the next macrotask). */
  eventDelayMs?: number;
  /**
   * Whether the host honours RunOptions.delayForCellEdit (default true). Some do not, and a batch
   * then fails with InvalidOperationInCellEditMode while the user types
   * (https://github.com/OfficeDev/office-js/issues/856, https://github.com/OfficeDev/office-js/issues/3388).
   */
  honoursDelayForCellEdit?: boolean;
  /**
   * A request larger than this fails with RequestPayloadSizeLimitExceeded. Excel on the web caps a request
   * at 5 MB (https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization);
   * the fake applies the web's cap everywhere (default 5 MB).
   */
  requestPayloadLimitBytes?: number;
}

export interface WriteRecord {
  sheet: string;
  address: string;
  kind: WriteKind;
  count: number;
}

export interface ReadRecord {
  sheet: string;
  address: string;
  props: string[];
  count: number;
}

export interface FakeStats {
  /** Every context.sync() call, plus Excel.run's implicit final sync when it had queued work. */
  syncs: number;
  /** Syncs that actually carried queued operations (real round trips to Excel). */
  roundTrips: number;
  /** Cells whose values/formulas/text/numberFormat were loaded (per load operation). */
  cellsRead: number;
  /** Cells whose value or formula was set (null entries in arrays are not writes). */
  cellsWritten: number;
  writes: WriteRecord[];
  reads: ReadRecord[];
  /** Undo records created: one per mutating sync, or one per run with mergeUndoGroup (ExcelApi 1.20). */
  undoGroups: number;
  runs: number;
  calcSuspensions: number;
  /** Events delivered to add-in handlers. */
  eventsDelivered: number;
  /**
   * Every round trip's request, in order: its queued operations (each proxy's instantiation, property
   * set, method call and load counts one, as each is an action of the Office.js request) and its
   * estimated bytes. Excel documents no limit on the operations of one request (they count against the
   * 5 MB payload, which the fake enforces); docs/excel-probes.md (probe 16) says how to measure one.
   */
  requests: RequestRecord[];
  /** The largest request: queued operations and approximate bytes of one round trip. */
  maxOpsPerRequest: number;
  maxRequestBytes: number;
}

export interface RequestRecord {
  ops: number;
  bytes: number;
}

export interface ChangedEventArgs {
  type: "WorksheetChanged";
  source: "Local" | "Remote";
  changeType: string;
  worksheetId: string;
  address: string;
  triggerSource: "Unknown" | "ThisLocalAddin";
  details?: { valueBefore: unknown; valueAfter: unknown; valueTypeBefore: string; valueTypeAfter: string };
  getRange(ctx: FakeRequestContext): unknown;
  getRangeOrNullObject(ctx: FakeRequestContext): unknown;
}

export interface SelectionChangedEventArgs {
  type: "WorksheetSelectionChanged";
  worksheetId: string;
  address: string;
}

interface HandlerReg {
  id: number;
  kind: HandlerKind;
  scope: string;
  handler: (args: unknown) => unknown;
}

type CellInput = number | string | boolean | null;

interface UndoRecord {
  cells: Array<{ sheet: SheetModel; r: number; c: number; cell: ReturnType<WorkbookModel["getCell"]> }>;
}

function emptyStats(): FakeStats {
  return { syncs: 0, roundTrips: 0, cellsRead: 0, cellsWritten: 0, writes: [], reads: [], undoGroups: 0, runs: 0, calcSuspensions: 0, eventsDelivered: 0, requests: [], maxOpsPerRequest: 0, maxRequestBytes: 0 };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const ENUMS = {
  EventSource: { local: "Local", remote: "Remote" },
  DataChangeType: {
    unknown: "Unknown",
    rangeEdited: "RangeEdited",
    rowInserted: "RowInserted",
    rowDeleted: "RowDeleted",
    columnInserted: "ColumnInserted",
    columnDeleted: "ColumnDeleted",
    cellInserted: "CellInserted",
    cellDeleted: "CellDeleted",
  },
  EventTriggerSource: { unknown: "Unknown", thisLocalAddin: "ThisLocalAddin" },
  EventType: { worksheetChanged: "WorksheetChanged", worksheetSelectionChanged: "WorksheetSelectionChanged" },
  SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" },
  DataValidationType: {
    none: "None",
    wholeNumber: "WholeNumber",
    decimal: "Decimal",
    list: "List",
    date: "Date",
    time: "Time",
    textLength: "TextLength",
    custom: "Custom",
    inconsistent: "Inconsistent",
    mixedCriteria: "MixedCriteria",
  },
  DataValidationOperator: {
    between: "Between",
    notBetween: "NotBetween",
    equalTo: "EqualTo",
    notEqualTo: "NotEqualTo",
    greaterThan: "GreaterThan",
    lessThan: "LessThan",
    greaterThanOrEqualTo: "GreaterThanOrEqualTo",
    lessThanOrEqualTo: "LessThanOrEqualTo",
  },
  DataValidationAlertStyle: { stop: "Stop", warning: "Warning", information: "Information" },
  InsertShiftDirection: { down: "Down", right: "Right" },
  DeleteShiftDirection: { up: "Up", left: "Left" },
  ClearApplyTo: { all: "All", formats: "Formats", contents: "Contents", hyperlinks: "Hyperlinks", removeHyperlinks: "RemoveHyperlinks", resetContents: "ResetContents" },
  HorizontalAlignment: {
    general: "General",
    left: "Left",
    center: "Center",
    right: "Right",
    fill: "Fill",
    justify: "Justify",
    centerAcrossSelection: "CenterAcrossSelection",
    distributed: "Distributed",
  },
  VerticalAlignment: { top: "Top", center: "Center", bottom: "Bottom", justify: "Justify", distributed: "Distributed" },
  CalculationMode: { automatic: "Automatic", automaticExceptTables: "AutomaticExceptTables", manual: "Manual" },
  CalculationType: { recalculate: "Recalculate", full: "Full", fullRebuild: "FullRebuild" },
  RangeValueType: { unknown: "Unknown", empty: "Empty", string: "String", integer: "Integer", double: "Double", boolean: "Boolean", error: "Error", richValue: "RichValue" },
  NamedItemType: { string: "String", integer: "Integer", double: "Double", boolean: "Boolean", range: "Range", error: "Error", array: "Array" },
  NamedItemScope: { worksheet: "Worksheet", workbook: "Workbook" },
  ProtectionSelectionMode: { normal: "Normal", unlocked: "Unlocked", none: "None" },
  ErrorCodes: {
    accessDenied: "AccessDenied",
    apiNotFound: "ApiNotFound",
    generalException: "GeneralException",
    insertDeleteConflict: "InsertDeleteConflict",
    invalidArgument: "InvalidArgument",
    invalidOperation: "InvalidOperation",
    invalidReference: "InvalidReference",
    itemAlreadyExists: "ItemAlreadyExists",
    itemNotFound: "ItemNotFound",
    notImplemented: "NotImplemented",
    responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
    invalidOperationInCellEditMode: "InvalidOperationInCellEditMode",
    undoNotSupported: "UndoNotSupported",
  },
} as const;

export class FakeExcel implements AppInternals {
  readonly model = new WorkbookModel();
  stats: FakeStats = emptyStats();
  /** Errors thrown (or rejected) by add-in event handlers; Office.js swallows them. */
  readonly handlerErrors: unknown[] = [];
  readonly payloadCellLimit: number;
  private readonly requirementSets: Record<string, string>;
  private readonly latencyMs: number;
  private readonly eventDelayMs: number;
  private handlers: HandlerReg[] = [];
  private nextHandlerId = 1;
  private inFlight = new Set<Promise<void>>();
  /** Marks code running inside an event handler (waiting for all handlers there would deadlock). */
  private readonly inHandler = new AsyncLocalStorage<boolean>();
  private typing = false;
  private readonly honoursDelay: boolean;
  private readonly requestLimit: number;
  /** Failures injected by tests: the round trip this many round trips from now throws, before any operation. */
  private injected: Array<{ at: number; error: Error }> = [];
  /** The user's undo stack: one record per undoable change (a user edit, an API sync or a merged run). */
  private undoStack: UndoRecord[] = [];
  private runUndo = new WeakMap<FakeRequestContext, UndoRecord>();
  private typingWaiters: (() => void)[] = [];

  /** Mirrors Office.context.requirements. */
  readonly officeRequirements: { isSetSupported(name: string, minVersion?: string | number): boolean };
  /** Shaped like the global `Excel` namespace: run() and the enums the adapter needs. */
  readonly excelNamespace: typeof ENUMS & {
    run<T>(...args: unknown[]): Promise<T>;
    RequestContext: typeof FakeRequestContext;
  };
  /** Shaped like OfficeExtension: Error (for instanceof) and ErrorCodes. */
  readonly officeExtension = {
    Error: FakeOfficeError,
    ErrorCodes: { propertyNotLoaded: "PropertyNotLoaded", valueNotLoaded: "ValueNotLoaded", invalidObjectPath: "InvalidObjectPath", invalidRequestContext: "InvalidRequestContext", invalidArgument: "InvalidArgument", apiNotFound: "ApiNotFound", runMustReturnPromise: "RunMustReturnPromise", generalException: "GeneralException" },
  };

  constructor(options: FakeExcelOptions = {}) {
    this.requirementSets = { ExcelApi: "1.12", ...(options.requirementSets ?? {}) };
    this.latencyMs = options.latencyMs ?? 0;
    this.eventDelayMs = options.eventDelayMs ?? 0;
    this.payloadCellLimit = options.payloadCellLimit ?? 1_000_000;
    this.honoursDelay = options.honoursDelayForCellEdit ?? true;
    this.requestLimit = options.requestPayloadLimitBytes ?? 5 * 1024 * 1024;
    if (options.circularReference === "zero") this.model.circularValue = 0;
    for (const name of options.sheets ?? ["Sheet1"]) this.model.addSheet(name);
    this.officeRequirements = { isSetSupported: (name, v) => this.isSetSupported(name, v === undefined ? undefined : String(v)) };
    const run = <T>(...args: unknown[]): Promise<T> => this.runDispatch<T>(args);
    this.excelNamespace = { ...ENUMS, run, RequestContext: FakeRequestContext };
  }

  // ---- requirement sets --------------------------------------------------------------------

  isSetSupported(name: string, minVersion?: string): boolean {
    const have = Object.entries(this.requirementSets).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
    if (have === undefined) return false;
    return minVersion === undefined || compareVersions(have, minVersion) >= 0;
  }

  isApiSupported(version: string): boolean {
    return this.isSetSupported("ExcelApi", version);
  }

  // ---- Excel.run -----------------------------------------------------------------------------

  run<T>(batch: (context: FakeRequestContext) => Promise<T>): Promise<T> {
    return this.runDispatch<T>([batch]);
  }

  /** Excel.run(options, batch): supports delayForCellEdit, mergeUndoGroup and previousObjects. */
  runWithOptions<T>(options: RunOptions, batch: (context: FakeRequestContext) => Promise<T>): Promise<T> {
    return this.runDispatch<T>([options, batch]);
  }

  private runDispatch<T>(args: unknown[]): Promise<T> {
    let options: RunOptions = {};
    let ctx: FakeRequestContext | null = null;
    let batch: unknown;
    const pickContext = (prev: unknown): FakeRequestContext | null => {
      if (prev instanceof FakeRequestContext) return prev;
      if (prev instanceof FakeClientObject) return prev.context;
      if (Array.isArray(prev) && prev.length > 0 && prev.every((o) => o instanceof FakeClientObject)) {
        const c = (prev[0] as FakeClientObject<unknown>).context;
        if (prev.some((o) => (o as FakeClientObject<unknown>).context !== c)) {
          throw officeError(ErrorCodes.invalidRequestContext, "Cannot use the object across different request contexts.");
        }
        return c;
      }
      throw officeError(ErrorCodes.invalidArgument, "Invalid argument to Excel.run");
    };
    try {
      if (args.length === 1) batch = args[0];
      else if (args.length === 2) {
        const first = args[0];
        batch = args[1];
        if (first !== null && typeof first === "object" && !Array.isArray(first) && !(first instanceof FakeClientObject) && !(first instanceof FakeRequestContext)) {
          options = first as RunOptions;
          if (options.previousObjects !== undefined) ctx = pickContext(options.previousObjects);
        } else ctx = pickContext(first);
      } else throw officeError(ErrorCodes.invalidArgument, "Excel.run expects (batch) or (options|object, batch)");
      if (typeof batch !== "function") throw officeError(ErrorCodes.invalidArgument, "Excel.run needs a batch function");
    } catch (e) {
      return Promise.reject(e);
    }
    return this.runIn(ctx ?? new FakeRequestContext(this), options, batch as (c: FakeRequestContext) => Promise<T>);
  }

  private runIn<T>(ctx: FakeRequestContext, options: RunOptions, batch: (c: FakeRequestContext) => Promise<T>): Promise<T> {
    // Runs on the same context are serialised, as Office.js does.
    const previous = ctx._runChain;
    let release!: () => void;
    ctx._runChain = new Promise<void>((r) => (release = r));
    return previous.then(async () => {
      ctx._options = options;
      this.runUndo.delete(ctx);
      ctx._runDepth++;
      this.stats.runs++;
      ctx._mutatedInRun = false;
      try {
        const p = batch(ctx);
        if (!p || typeof (p as Promise<T>).then !== "function") {
          throw officeError(ErrorCodes.runMustReturnPromise, "The batch function passed to the \".run\" method didn't return a promise.");
        }
        const result = await p;
        // Excel.run ends with an implicit sync that flushes anything still queued.
        await this.syncContext(ctx, false);
        return result;
      } catch (e) {
        ctx._queue = [];
        ctx._requestBytes = 0;
        throw e;
      } finally {
        if (this.mergesUndo(ctx) && ctx._mutatedInRun) this.stats.undoGroups++;
        ctx._runDepth--;
        // Range proxies are released when the run ends unless tracked.
        for (const o of ctx._autoTracked) o._valid = false;
        ctx._autoTracked.clear();
        ctx._options = {};
        release();
      }
    });
  }

  /** Executes a context's queued operations: one round trip. */
  /** mergeUndoGroup (ExcelApi 1.20) makes a whole Excel.run one undo record. */
  private mergesUndo(ctx: FakeRequestContext): boolean {
    return ctx._options.mergeUndoGroup === true && this.isApiSupported("1.20");
  }

  async syncContext(ctx: FakeRequestContext, explicit: boolean): Promise<void> {
    if (explicit) this.stats.syncs++;
    const ops = ctx._queue;
    ctx._queue = [];
    const bytes = ctx._requestBytes + REQUEST_ENVELOPE_BYTES;
    ctx._requestBytes = 0;
    if (ops.length === 0) {
      // Office.js does not contact Excel when nothing is queued.
      await Promise.resolve();
      return;
    }
    if (!explicit) this.stats.syncs++;
    this.stats.roundTrips++;
    this.stats.requests.push({ ops: ops.length, bytes });
    this.stats.maxOpsPerRequest = Math.max(this.stats.maxOpsPerRequest, ops.length);
    this.stats.maxRequestBytes = Math.max(this.stats.maxRequestBytes, bytes);
    if (bytes > this.requestLimit) {
      throw officeError("RequestPayloadSizeLimitExceeded", `The request payload size (${bytes} bytes) has exceeded the limit.`);
    }
    await this.delay();
    const injected = this.injected.find((f) => f.at === this.stats.roundTrips);
    if (injected) {
      this.injected = this.injected.filter((f) => f !== injected);
      throw injected.error;
    }
    if (this.typing) {
      if (!ctx._options.delayForCellEdit || !this.honoursDelay) {
        throw officeError(ErrorCodes.invalidOperationInCellEditMode, "Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.");
      }
      while (this.typing) await new Promise<void>((r) => this.typingWaiters.push(r));
    }
    const run = new SyncRun();
    let error: unknown = null;
    for (const op of ops) {
      try {
        op.apply(run);
      } catch (e) {
        // Excel does not roll back the operations that ran before the failing one.
        error = e;
        break;
      }
    }
    if (run.mutated) {
      ctx._mutatedInRun = true;
      if (!this.mergesUndo(ctx)) this.stats.undoGroups++;
    }
    if (run.undoCells.length > 0) {
      // API writes go on the user's undo stack (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-undo-capabilities).
      let record = this.mergesUndo(ctx) ? this.runUndo.get(ctx) : undefined;
      if (!record) {
        record = { cells: [] };
        this.undoStack.push(record);
        if (this.mergesUndo(ctx)) this.runUndo.set(ctx, record);
      }
      record.cells.push(...run.undoCells.map((u) => ({ sheet: u.sheet, r: u.r, c: u.c, cell: u.cell })));
    }
    const trigger = this.isApiSupported("1.14") ? "ThisLocalAddin" : "Unknown";
    for (const n of run.notes) this.emitChange(n, "Local", trigger);
    for (const s of run.selection) this.emitSelection(s.sheetId, s.rect);
    if (error !== null) throw error;
    for (const c of run.commits) c();
  }

  /** Makes the `n`th round trip from now (1 = the next) fail with `code` before it applies anything. */
  failRoundTrip(n: number, code: string = ErrorCodes.generalException): void {
    this.injected.push({ at: this.stats.roundTrips + n, error: officeError(code, `Injected failure (${code})`) });
  }

  /** A sync is held until the user leaves cell-edit mode (tests wait for this instead of sleeping). */
  waitingForCellEdit(): boolean {
    return this.typingWaiters.length > 0;
  }

  private delay(): Promise<void> {
    if (this.latencyMs > 0) return new Promise((r) => setTimeout(r, this.latencyMs));
    return Promise.resolve();
  }

  // ---- stats -------------------------------------------------------------------------------

  recordWrite(sheet: SheetModel, rect: Rect, kind: WriteKind, count: number): void {
    if (kind === "values" || kind === "formulas") this.stats.cellsWritten += count;
    this.stats.writes.push({ sheet: sheet.name, address: formatRect(rect), kind, count });
  }

  recordRead(sheet: SheetModel, rect: Rect, props: string[], count: number): void {
    this.stats.cellsRead += count;
    this.stats.reads.push({ sheet: sheet.name, address: formatRect(rect), props, count });
  }

  noteCalcSuspension(): void {
    this.stats.calcSuspensions++;
  }

  resetStats(): void {
    this.stats = emptyStats();
  }

  // ---- events ------------------------------------------------------------------------------

  registerHandler(kind: HandlerKind, scope: string, handler: (args: unknown) => unknown, _ctx: FakeRequestContext): number {
    const id = this.nextHandlerId++;
    this.handlers.push({ id, kind, scope, handler });
    return id;
  }

  unregisterHandler(id: number): void {
    this.handlers = this.handlers.filter((h) => h.id !== id);
  }

  unregisterByFunction(kind: HandlerKind, scope: string, handler: (args: unknown) => unknown): void {
    this.handlers = this.handlers.filter((h) => !(h.kind === kind && h.scope === scope && h.handler === handler));
  }

  /** Number of registered event handlers (all kinds). */
  handlerCount(kind?: HandlerKind): number {
    return this.handlers.filter((h) => kind === undefined || h.kind === kind).length;
  }

  private deliver(kind: HandlerKind, sheetId: string, args: unknown): void {
    for (const h of this.handlers) {
      if (h.kind !== kind || (h.scope !== "*" && h.scope !== sheetId)) continue;
      // Excel delivers events asynchronously, after the change (and after the add-in's sync).
      const p = new Promise<void>((resolve) => setTimeout(resolve, this.eventDelayMs))
        .then(async () => {
          this.stats.eventsDelivered++;
          await this.inHandler.run(true, async () => h.handler(args));
        })
        .catch((e: unknown) => {
          this.handlerErrors.push(e);
        })
        .finally(() => {
          this.inFlight.delete(p);
          // On node 20 an enabled AsyncLocalStorage hooks every promise the process makes (~10 % of the
          // Excel tests' CPU); with no handler in flight there is nothing to mark, and run() enables it again.
          if (this.inFlight.size === 0) this.inHandler.disable();
        });
      this.inFlight.add(p);
    }
  }

  private emitChange(note: ChangeNote, source: "Local" | "Remote", triggerSource: "Unknown" | "ThisLocalAddin"): void {
    const sheet = this.model.sheetById(note.sheetId);
    if (!sheet) return;
    const address = formatRect(note.rect);
    const sheetId = note.sheetId;
    const args: ChangedEventArgs = {
      type: "WorksheetChanged",
      source,
      changeType: note.changeType,
      worksheetId: sheetId,
      address,
      triggerSource,
      getRange: (ctx: FakeRequestContext) => ctx.workbook.worksheets.getItem(sheetId).getRange(address),
      getRangeOrNullObject: (ctx: FakeRequestContext) => ctx.workbook.worksheets.getItemOrNullObject(sheetId).getRange(address),
    };
    // Excel reports before/after values only for single-cell edits (ExcelApi 1.9).
    if (note.before !== undefined && note.after !== undefined && this.isApiSupported("1.9")) {
      args.details = {
        valueBefore: toApiValue(note.before),
        valueAfter: toApiValue(note.after),
        valueTypeBefore: valueType(note.before),
        valueTypeAfter: valueType(note.after),
      };
    }
    this.deliver("changed", sheetId, args);
  }

  private emitSelection(sheetId: string, rect: Rect): void {
    const args: SelectionChangedEventArgs = { type: "WorksheetSelectionChanged", worksheetId: sheetId, address: formatRect(rect) };
    this.deliver("selectionChanged", sheetId, args);
  }

  /**
   * Delivers an onChanged payload recorded in real Excel (docs/excel-probes.md) to the add-in's
   * handlers, with the sheet given by name (recorded ids belong to another workbook).
   */
  replayRecordedChange(recorded: { worksheetName: string; address: string; source?: string; changeType?: string; triggerSource?: string; details?: ChangedEventArgs["details"] }): Promise<void> {
    const sheet = this.sheet(recorded.worksheetName);
    const sheetId = sheet.id;
    const address = recorded.address.replace(/^.*!/, "");
    const args: ChangedEventArgs = {
      type: "WorksheetChanged",
      source: recorded.source === "Remote" ? "Remote" : "Local",
      changeType: recorded.changeType ?? "Unknown",
      worksheetId: sheetId,
      address,
      triggerSource: recorded.triggerSource === "ThisLocalAddin" ? "ThisLocalAddin" : "Unknown",
      ...(recorded.details ? { details: recorded.details } : {}),
      getRange: (ctx: FakeRequestContext) => ctx.workbook.worksheets.getItem(sheetId).getRange(address),
      getRangeOrNullObject: (ctx: FakeRequestContext) => ctx.workbook.worksheets.getItemOrNullObject(sheetId).getRange(address),
    };
    this.deliver("changed", sheetId, args);
    return this.flushEvents();
  }

  /** Waits until every pending event has been delivered and its handler has settled. */
  async flushEvents(): Promise<void> {
    if (this.inHandler.getStore()) {
      throw new Error("flushEvents()/user* drivers were awaited inside an event handler; that would wait for the handler itself");
    }
    for (let guard = 0; guard < 200; guard++) {
      if (this.inFlight.size === 0) {
        // Give handlers' follow-up work (Excel.run inside a handler) a chance to queue events.
        await new Promise((r) => setTimeout(r, 0));
        if (this.inFlight.size === 0) return;
      }
      await Promise.allSettled([...this.inFlight]);
    }
    // Unregister everything so the runaway loop stops instead of running on behind later tests.
    this.handlers = [];
    throw new Error("flushEvents: events keep firing (handler loop?); all handlers were removed");
  }

  // ---- user simulation (test driver) ---------------------------------------------------------

  private rectOf(sheet: SheetModel, address: string): Rect {
    const p = parseA1(address);
    if (!p) throw new Error(`Bad address ${address}`);
    if (p.sheet !== undefined && p.sheet.toLowerCase() !== sheet.name.toLowerCase()) throw new Error(`Address ${address} is not on ${sheet.name}`);
    return p.rect;
  }

  private sheet(name: string): SheetModel {
    const s = this.model.sheetByKey(name);
    if (!s) throw new Error(`No worksheet ${name}`);
    return s;
  }

  private async userWrite(sheetName: string, rect: Rect, get: (r: number, c: number) => unknown, typed: boolean, source: "Local" | "Remote"): Promise<void> {
    const sheet = this.sheet(sheetName);
    if (sheet.protection.protected && this.model.rectFormat(sheet, rect, "locked") !== false) {
      throw new Error(`User cannot edit locked cells of protected sheet ${sheet.name}`);
    }
    const single = rect.r0 === rect.r1 && rect.c0 === rect.c1;
    const before = this.model.cell(sheet.id, rect.r0, rect.c0);
    const saved: [number, number, ReturnType<WorkbookModel["getCell"]>][] = [];
    for (let r = rect.r0; r <= rect.r1; r++)
      for (let c = rect.c0; c <= rect.c1; c++) {
        saved.push([r, c, this.model.getCell(sheet, r, c)]);
        const v = get(r, c);
        // A user typing nothing into a cell clears it.
        this.model.setCell(sheet, r, c, v === null || v === undefined ? "" : v);
      }
    // Typed entries go through data validation (pastes do not, as in Excel).
    if (typed && saved.some(([r, c]) => !this.model.userInputAllowed(sheet, r, c))) {
      for (const [r, c, cell] of saved) this.model.restoreCell(sheet, r, c, cell);
      throw new Error(`Data validation rejected the entry at ${sheet.name}!${formatRect(rect)}`);
    }
    if (single && typed) this.autoExpandTable(sheet, rect.r0, rect.c0);
    this.undoStack.push({ cells: saved.map(([r, c, cell]) => ({ sheet, r, c, cell })) });
    const note: ChangeNote = { sheetId: sheet.id, rect, changeType: "RangeEdited" };
    if (single && typed) {
      note.before = before;
      note.after = this.model.cell(sheet.id, rect.r0, rect.c0);
    }
    this.emitChange(note, source, "Unknown");
    return this.flushEvents();
  }

  /**
   * Typing just below a table grows it by that row (AutoCorrect "Include new rows and columns in
   * table", on by default): "start typing in a cell below the last table row. The table expands to
   * include the new row." https://support.microsoft.com/office/resize-a-table-by-adding-or-removing-rows-and-columns-e65ae4bb-e44b-43f4-ad8b-7d68784f1165
   * A protected sheet cannot resize a table (the safe path, as Table.resize: WorkbookModel.resizeTable),
   * so there it stays as it was.
   */
  private autoExpandTable(sheet: SheetModel, r: number, c: number): void {
    if (sheet.protection.protected) return;
    const v = this.model.cell(sheet.id, r, c);
    if (v === null || v === "") return;
    const t = this.model.tables.find((x) => !x.deleted && x.sheetId === sheet.id && !x.showTotals && x.rect.r1 + 1 === r && c >= x.rect.c0 && c <= x.rect.c1);
    if (!t) return;
    t.rect = { ...t.rect, r1: r };
    this.model.invalidate();
  }

  /**
   * A user edit: applied immediately (outside any batch), then onChanged fires asynchronously.
   * A 2-D array edits a block (no details); a scalar on a multi-cell address fills it.
   * The returned promise resolves once handlers have run; it can be left un-awaited.
   */
  async userEdit(sheetName: string, address: string, valueOrValues: CellInput | CellInput[][], opts: { source?: "Local" | "Remote" } = {}): Promise<void> {
    const sheet = this.sheet(sheetName);
    let rect = this.rectOf(sheet, address);
    if (Array.isArray(valueOrValues)) {
      const rows = valueOrValues;
      rect = { r0: rect.r0, c0: rect.c0, r1: rect.r0 + rows.length - 1, c1: rect.c0 + (rows[0]?.length ?? 1) - 1 };
      return this.userWrite(sheetName, rect, (r, c) => rows[r - rect.r0]?.[c - rect.c0] ?? null, true, opts.source ?? "Local");
    }
    return this.userWrite(sheetName, rect, () => valueOrValues, true, opts.source ?? "Local");
  }

  /** A paste: one event for the whole block, never with details. */
  async userPaste(sheetName: string, topLeftAddress: string, values: CellInput[][], opts: { source?: "Local" | "Remote" } = {}): Promise<void> {
    const sheet = this.sheet(sheetName);
    const tl = this.rectOf(sheet, topLeftAddress);
    const rect = { r0: tl.r0, c0: tl.c0, r1: tl.r0 + values.length - 1, c1: tl.c0 + (values[0]?.length ?? 1) - 1 };
    return this.userWrite(sheetName, rect, (r, c) => values[r - rect.r0]?.[c - rect.c0] ?? null, false, opts.source ?? "Local");
  }

  /** The user inserts whole rows (address like "5:6"), shifting cells down. */
  async userInsertRows(sheetName: string, rowsAddress: string): Promise<void> {
    return this.userRows(sheetName, rowsAddress, "insert");
  }

  /** The user deletes whole rows (address like "5:6"), shifting cells up. */
  async userDeleteRows(sheetName: string, rowsAddress: string): Promise<void> {
    return this.userRows(sheetName, rowsAddress, "delete");
  }

  private async userRows(sheetName: string, rowsAddress: string, kind: "insert" | "delete"): Promise<void> {
    const sheet = this.sheet(sheetName);
    const rect = this.rectOf(sheet, rowsAddress);
    this.model.shiftRows({ sheetId: sheet.id, c0: 0, c1: 16383, kind, row: rect.r0, count: rect.r1 - rect.r0 + 1 });
    const full = { r0: rect.r0, r1: rect.r1, c0: 0, c1: 16383 };
    this.emitChange({ sheetId: sheet.id, rect: full, changeType: kind === "insert" ? "RowInserted" : "RowDeleted" }, "Local", "Unknown");
    return this.flushEvents();
  }

  /**
   * The user picks a value from a cell's dropdown (list validation). Excel on the web raises no
   * onChanged for it (https://github.com/OfficeDev/office-js/issues/3888,
   * https://github.com/OfficeDev/office-js/issues/4066); the desktop raises it as for typing.
   */
  async userPickFromList(sheetName: string, address: string, value: CellInput, opts: { web: boolean }): Promise<void> {
    const sheet = this.sheet(sheetName);
    const rect = this.rectOf(sheet, address);
    if (this.model.rectValidation(sheet, rect).type !== "List") throw new Error(`${sheetName}!${address} has no dropdown`);
    if (!opts.web) return this.userEdit(sheetName, address, value);
    this.model.setCell(sheet, rect.r0, rect.c0, value === null ? "" : value);
    return this.flushEvents();
  }

  /** The user selects a range (activating its sheet); onSelectionChanged fires. */
  async userSelect(sheetName: string, address: string): Promise<void> {
    const sheet = this.sheet(sheetName);
    const rect = this.rectOf(sheet, address);
    this.model.activeSheetId = sheet.id;
    this.model.selection = { sheetId: sheet.id, rect };
    this.emitSelection(sheet.id, rect);
    return this.flushEvents();
  }

  userRenameSheet(oldName: string, newName: string): void {
    this.model.renameSheet(this.sheet(oldName), newName);
  }

  userDeleteSheet(name: string): void {
    this.model.deleteSheet(this.sheet(name));
  }

  /**
   * Ctrl+Z: reverts the last undo record (the user's own edit, or the add-in's write: API writes are on
   * the same stack) and raises onChanged for what changed, per sheet, as a user change.
   */
  async userUndo(): Promise<void> {
    const record = this.undoStack.pop();
    if (!record) throw new Error("Nothing to undo");
    const bySheet = new Map<SheetModel, Rect>();
    const single = new Map<SheetModel, { r: number; c: number; before: ReturnType<WorkbookModel["cell"]> }>();
    for (const u of [...record.cells].reverse()) {
      const before = this.model.cell(u.sheet.id, u.r, u.c);
      this.model.restoreCell(u.sheet, u.r, u.c, u.cell);
      const rect = bySheet.get(u.sheet);
      bySheet.set(u.sheet, rect ? { r0: Math.min(rect.r0, u.r), c0: Math.min(rect.c0, u.c), r1: Math.max(rect.r1, u.r), c1: Math.max(rect.c1, u.c) } : { r0: u.r, c0: u.c, r1: u.r, c1: u.c });
      single.set(u.sheet, { r: u.r, c: u.c, before });
    }
    this.model.invalidate();
    for (const [sheet, rect] of bySheet) {
      const note: ChangeNote = { sheetId: sheet.id, rect, changeType: "RangeEdited" };
      const one = single.get(sheet)!;
      if (rect.r0 === rect.r1 && rect.c0 === rect.c1) {
        note.before = one.before;
        note.after = this.model.cell(sheet.id, one.r, one.c);
      }
      this.emitChange(note, "Local", "Unknown");
    }
    return this.flushEvents();
  }

  /** How many undo records the user could step back through. */
  get undoDepth(): number {
    return this.undoStack.length;
  }

  /** Puts the user in (or takes them out of) cell-edit mode; batches then fail or wait. */
  setUserTyping(typing: boolean): void {
    this.typing = typing;
    if (!typing) {
      const waiters = this.typingWaiters;
      this.typingWaiters = [];
      for (const w of waiters) w();
    }
  }

  get userTyping(): boolean {
    return this.typing;
  }

  // ---- direct access for test setup and assertions (no events, no stats) ---------------------

  addSheet(name: string): void {
    this.model.addSheet(name);
  }

  sheetNames(): string[] {
    return this.model.sheets.map((s) => s.name);
  }

  /** Sets a cell directly: strings starting with "=" are formulas, everything else is stored as is. */
  setCell(sheetName: string, address: string, value: CellInput): void {
    const sheet = this.sheet(sheetName);
    const rect = this.rectOf(sheet, address);
    for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) this.model.setCellLiteral(sheet, r, c, value);
  }

  /** Sets a block of cells directly from a 2-D array anchored at `topLeft`. */
  setCells(sheetName: string, topLeft: string, values: CellInput[][]): void {
    const sheet = this.sheet(sheetName);
    const tl = this.rectOf(sheet, topLeft);
    values.forEach((row, i) => row.forEach((v, j) => this.model.setCellLiteral(sheet, tl.r0 + i, tl.c0 + j, v)));
  }

  private read<V>(sheetName: string, address: string, f: (sheet: SheetModel, r: number, c: number) => V): V | V[][] {
    const sheet = this.sheet(sheetName);
    const rect = this.rectOf(sheet, address);
    if (rectCells(rect) === 1) return f(sheet, rect.r0, rect.c0);
    const out: V[][] = [];
    for (let r = rect.r0; r <= rect.r1; r++) {
      const row: V[] = [];
      for (let c = rect.c0; c <= rect.c1; c++) row.push(f(sheet, r, c));
      out.push(row);
    }
    return out;
  }

  /** Computed value(s) as Range.values would return them ("" for empty, "#DIV/0!" for errors). */
  getValue(sheetName: string, address: string): unknown {
    return this.read(sheetName, address, (s, r, c) => toApiValue(this.model.cell(s.id, r, c)));
  }

  /** Formula text (or the constant) as Range.formulas would return it. */
  getFormula(sheetName: string, address: string): unknown {
    return this.read(sheetName, address, (s, r, c) => this.model.cellFormula(s, r, c));
  }

  getText(sheetName: string, address: string): unknown {
    return this.read(sheetName, address, (s, r, c) => this.model.cellText(s, r, c));
  }

  /** The effective format of one cell. */
  getFormat(sheetName: string, address: string): Required<FormatProps> & { columnWidth: number; rowHeight: number } {
    const sheet = this.sheet(sheetName);
    const rect = this.rectOf(sheet, address);
    return {
      ...this.model.cellFormat(sheet, rect.r0, rect.c0),
      columnWidth: this.model.columnWidth(sheet, rect.c0),
      rowHeight: this.model.rowHeight(sheet, rect.r0),
    };
  }

  getValidation(sheetName: string, address: string): { type: string; rule: Record<string, unknown> | null } {
    const sheet = this.sheet(sheetName);
    const v = this.model.rectValidation(sheet, this.rectOf(sheet, address));
    return { type: v.type, rule: v.layer?.rule ?? null };
  }

  isProtected(sheetName: string): boolean {
    return this.sheet(sheetName).protection.protected;
  }

  activeSheetName(): string | undefined {
    return this.model.activeSheetId ? this.model.sheetById(this.model.activeSheetId)?.name : undefined;
  }

  selectedAddress(): string | undefined {
    const sel = this.model.selection;
    const sheet = sel && this.model.sheetById(sel.sheetId);
    return sel && sheet ? `${sheet.name}!${formatRect(sel.rect)}` : undefined;
  }

  definedNames(): { name: string; scope: string; formula: string; type: string; value: unknown }[] {
    return this.model.names.map((n) => {
      const info = this.model.nameInfo(n);
      return { name: n.name, scope: n.scopeSheetId === null ? "Workbook" : this.model.sheetById(n.scopeSheetId)?.name ?? "#REF!", formula: info.formula, type: info.type, value: info.value };
    });
  }

  /** Adds a workbook-scoped name directly (formula like "=预算执行!$D$7"). */
  addName(name: string, formula: string, scopeSheet?: string): void {
    this.model.addName(name, formula, scopeSheet === undefined ? null : this.sheet(scopeSheet).id);
  }

  tables(): { name: string; sheet: string; address: string }[] {
    return this.model.tables.map((t) => ({ name: t.name, sheet: this.model.sheetById(t.sheetId)?.name ?? "", address: formatRect(t.rect) }));
  }

  /** True when the value is an Excel error (as returned by getValue). */
  static isError(v: unknown): boolean {
    return typeof v === "string" && /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|SPILL!|CALC!)$/.test(v);
  }
}

export { XlError };
