/**
 * Proxy objects of the Excel fake, mirroring Office.js batching semantics:
 * - creating a proxy queues its instantiation (a missing getItem fails at the next sync);
 * - property reads throw PropertyNotLoaded until load() + sync(); loads are snapshots taken
 *   at their position in the queue;
 * - setters and methods are queued and applied in order at sync; setters echo locally as
 *   Office.js does;
 * - Range proxies are released when their Excel.run ends (InvalidObjectPath afterwards)
 *   unless tracked.
 */
import { MAX_COLS, MAX_ROWS, type Rect, formatAddress, formatRect, isEntireColumns, isEntireRows, parseA1, rectCells, rectIntersect, splitSheetPrefix } from "./a1";
import {
  type ChangeNote,
  DEFAULT_PROTECTION_OPTIONS,
  ErrorCodes,
  type FormatProps,
  type NameModel,
  type SheetModel,
  type TableModel,
  type TableSortField,
  type WorkbookModel,
  type WriteKind,
  normalizeColor,
  officeError,
  toApiValue,
  valueType,
} from "./workbook-model";
import { assertUndoable, makeBorders, makePageLayout, makeProperties, queueMerge } from "./excel-page";

/** Excel's limit on the characters of one cell: https://support.microsoft.com/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3 */
export const CELL_CHAR_LIMIT = 32_767;

/** onChanged also fires for format changes (https://learn.microsoft.com/javascript/api/excel/excel.worksheetchangedeventargs). */
function formatNote(t: RangeTarget, m: WorkbookModel): ChangeNote {
  const note: ChangeNote = { sheetId: t.sheet.id, rect: { ...t.rect }, changeType: "RangeEdited" };
  if (t.rect.r0 === t.rect.r1 && t.rect.c0 === t.rect.c1) {
    // A single cell: the value did not change, so before and after are the same.
    const v = m.cell(t.sheet.id, t.rect.r0, t.rect.c0);
    note.before = v;
    note.after = v;
  }
  return note;
}

// ------------------------------------------------------------------------------------------------
// Plumbing shared with FakeExcel
// ------------------------------------------------------------------------------------------------

export interface RunOptions {
  delayForCellEdit?: boolean;
  mergeUndoGroup?: boolean;
  previousObjects?: unknown;
  session?: unknown;
}

/** Side effects collected while one sync's operations execute. */
export class SyncRun {
  readonly commits: (() => void)[] = [];
  /** Cells as they were before this sync changed them, for the user's undo (first write wins). */
  readonly undoCells: { sheet: SheetModel; r: number; c: number; cell: ReturnType<WorkbookModel["getCell"]> }[] = [];
  readonly notes: ChangeNote[] = [];
  readonly selection: { sheetId: string; rect: Rect }[] = [];
  mutated = false;
}

export interface QueuedOp {
  apply(run: SyncRun): void;
}

export type HandlerKind = "changed" | "selectionChanged";

/** What proxies need from the application (implemented by FakeExcel). */
export interface AppInternals {
  readonly model: WorkbookModel;
  isApiSupported(version: string): boolean;
  recordWrite(sheet: SheetModel, rect: Rect, kind: WriteKind, count: number): void;
  recordRead(sheet: SheetModel, rect: Rect, props: string[], count: number): void;
  payloadCellLimit: number;
  syncContext(ctx: FakeRequestContext, explicit: boolean): Promise<void>;
  registerHandler(kind: HandlerKind, scope: string, handler: (args: unknown) => unknown, ctx: FakeRequestContext): number;
  unregisterHandler(id: number): void;
  unregisterByFunction(kind: HandlerKind, scope: string, handler: (args: unknown) => unknown): void;
  noteCalcSuspension(): void;
}

export class FakeRequestContext {
  readonly workbook: FakeWorkbook;
  readonly application: FakeApplication;
  /** @internal */ _queue: QueuedOp[] = [];
  /** @internal */ _options: RunOptions = {};
  /** @internal */ _runDepth = 0;
  /** @internal */ _autoTracked = new Set<FakeClientObject<unknown>>();
  /** @internal */ _runChain: Promise<void> = Promise.resolve();
  /** @internal */ _mutatedInRun = false;
  /**
   * @internal Approximate size of the queued request: each operation's share of Office.js's JSON (its
   * action, object path and kept reference) and the JSON of every value set; see OPERATION_BYTES.
   */
  _requestBytes = 0;
  readonly trackedObjects = {
    add: (objs: FakeClientObject<unknown> | FakeClientObject<unknown>[]): void => {
      for (const o of Array.isArray(objs) ? objs : [objs]) {
        o._tracked = true;
        this._autoTracked.delete(o);
      }
    },
    remove: (objs: FakeClientObject<unknown> | FakeClientObject<unknown>[]): void => {
      for (const o of Array.isArray(objs) ? objs : [objs]) {
        o._tracked = false;
        o._valid = false;
        this._autoTracked.delete(o);
      }
    },
  };
  readonly requestHeaders: Record<string, string> = {};

  constructor(readonly _app: AppInternals) {
    this.workbook = new FakeWorkbook(this);
    this.application = this.workbook.application;
  }

  sync<T>(passThroughValue?: T): Promise<T> {
    return this._app.syncContext(this, true).then(() => passThroughValue as T);
  }

  load(object: FakeClientObject<unknown>, option?: LoadOption): void {
    object.load(option);
  }

  trace(_message: string): void {
    // Office.js records trace messages for diagnostics only.
  }

  /** @internal */
  _enqueue(owner: FakeClientObject<unknown> | null, apply: (run: SyncRun) => void): void {
    if (owner) owner._checkValid();
    this._queue.push({ apply });
    this._requestBytes += OPERATION_BYTES;
  }

  /** @internal */
  _requireApi(version: string, api: string): void {
    if (!this._app.isApiSupported(version)) {
      throw officeError(ErrorCodes.apiNotFound, `The API you are trying to use could not be found. ${api} requires ExcelApi ${version}.`, api);
    }
  }

  get _model(): WorkbookModel {
    return this._app.model;
  }
}

// ------------------------------------------------------------------------------------------------
// Load options
// ------------------------------------------------------------------------------------------------

export type LoadOption = string | string[] | { select?: string | string[]; expand?: string | string[]; [k: string]: unknown };

interface LoadTree {
  all: boolean;
  props: Set<string>;
  nav: Map<string, LoadTree>;
}

function newTree(): LoadTree {
  return { all: false, props: new Set(), nav: new Map() };
}

function addPath(tree: LoadTree, path: string[]): void {
  const [head, ...rest] = path;
  if (!head) return;
  if (rest.length === 0) {
    tree.props.add(head);
    return;
  }
  let sub = tree.nav.get(head);
  if (!sub) {
    sub = newTree();
    tree.nav.set(head, sub);
  }
  addPath(sub, rest);
}

function addList(tree: LoadTree, list: string | string[]): void {
  const parts = Array.isArray(list) ? list : list.split(",");
  for (const p of parts) {
    const path = p
      .split("/")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    if (path.length) addPath(tree, path);
  }
}

function parseLoadOption(opt: LoadOption | undefined | null): LoadTree {
  const t = newTree();
  if (opt === undefined || opt === null) {
    t.all = true;
    return t;
  }
  if (typeof opt === "string" || Array.isArray(opt)) {
    addList(t, opt);
    if (t.props.size === 0 && t.nav.size === 0) t.all = true;
    return t;
  }
  if (typeof opt !== "object") throw officeError(ErrorCodes.invalidArgument, "Invalid load option");
  if ("select" in opt || "expand" in opt) {
    if (opt.select) addList(t, opt.select);
    else t.all = true;
    if (opt.expand) {
      const exp = newTree();
      addList(exp, opt.expand);
      for (const p of exp.props) if (!t.nav.has(p)) t.nav.set(p, { all: true, props: new Set(), nav: new Map() });
      for (const [k, v] of exp.nav) t.nav.set(k, v);
    }
    return t;
  }
  for (const [k, v] of Object.entries(opt)) {
    if (k.startsWith("$")) continue;
    if (v === true) t.props.add(k);
    else if (v && typeof v === "object") t.nav.set(k, parseLoadOption(v as LoadOption));
  }
  if (t.props.size === 0 && t.nav.size === 0) t.all = true;
  return t;
}

// ------------------------------------------------------------------------------------------------
// Base proxy
// ------------------------------------------------------------------------------------------------

// Method-style signature keeps proxies assignable to FakeClientObject<unknown> (bivariance).
type PropReader<T> = { read(t: T, run: SyncRun): unknown }["read"];
type PropReaders<T> = Record<string, PropReader<T>>;

export abstract class FakeClientObject<T> {
  readonly context: FakeRequestContext;
  /** @internal */ _target: T | null | undefined = undefined;
  /** @internal */ _isNull: boolean | undefined = undefined;
  /** @internal */ _loaded: Record<string, unknown> = {};
  /** @internal */ _valid = true;
  /** @internal */ _tracked = false;
  /** @internal */ readonly _typeName: string;
  /** @internal */ readonly _parent: FakeClientObject<unknown> | null;
  private readonly _resolver: ((parent: unknown) => T | null) | null;
  private readonly _orNull: boolean;
  private readonly _navCache = new Map<string, FakeClientObject<unknown>>();

  constructor(
    ctx: FakeRequestContext,
    typeName: string,
    parent: FakeClientObject<unknown> | null,
    resolver: ((parent: unknown) => T | null) | null,
    opts: { orNull?: boolean; preResolved?: T; autoTrack?: boolean } = {},
  ) {
    this.context = ctx;
    this._typeName = typeName;
    this._parent = parent;
    this._resolver = resolver;
    this._orNull = opts.orNull ?? false;
    if (parent) parent._checkValid();
    if (opts.preResolved !== undefined) {
      this._target = opts.preResolved;
      this._isNull = false;
    } else {
      // Office.js queues an instantiate action for every new proxy.
      ctx._enqueue(null, () => this._instantiate());
    }
    if (opts.autoTrack && ctx._runDepth > 0) ctx._autoTracked.add(this as FakeClientObject<unknown>);
  }

  /** Property readers for load(); keys are the loadable scalar properties. */
  protected abstract _readers(): PropReaders<T>;

  /** Navigation properties usable in load paths ("format/fill/color"). */
  protected _navigation(): Record<string, () => FakeClientObject<unknown>> {
    return {};
  }

  /** Whether the resolved target still exists (e.g. sheet not deleted). */
  protected _alive(_t: T): boolean {
    return true;
  }

  get isNullObject(): boolean {
    if (this._isNull === undefined) throw this._notLoaded("isNullObject");
    return this._isNull;
  }

  /** @internal */
  _checkValid(): void {
    for (let o: FakeClientObject<unknown> | null = this as FakeClientObject<unknown>; o; o = o._parent) {
      if (!o._valid) {
        throw officeError(
          ErrorCodes.invalidObjectPath,
          `The object path '${this._typeName}' isn't working for what you're trying to do. If you're using the object across multiple "context.sync" calls and outside the sequential execution of a ".run" batch, please use the "context.trackedObjects.add()" and "context.trackedObjects.remove()" methods to manage the object's lifetime.`,
        );
      }
    }
  }

  /** @internal */
  _instantiate(): void {
    if (this._target !== undefined) return;
    let parentTarget: unknown = undefined;
    if (this._parent) {
      this._parent._instantiate();
      if (this._parent._target === null) {
        this._target = null;
        this._isNull = true;
        return;
      }
      parentTarget = this._parent._target;
    }
    const t = this._resolver ? this._resolver(parentTarget) : null;
    if (t === null) {
      if (this._orNull) {
        this._target = null;
        this._isNull = true;
        return;
      }
      throw officeError(ErrorCodes.itemNotFound, `The requested resource doesn't exist.`, this._typeName);
    }
    this._target = t;
    this._isNull = false;
  }

  /** @internal The resolved target, or ItemNotFound for null/deleted objects. */
  _require(): T {
    this._instantiate();
    const t = this._target;
    if (t === null || t === undefined || !this._alive(t)) {
      throw officeError(ErrorCodes.itemNotFound, `The requested resource doesn't exist.`, this._typeName);
    }
    return t;
  }

  protected _notLoaded(prop: string): Error {
    return officeError(
      ErrorCodes.propertyNotLoaded,
      `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      `${this._typeName}.${prop}`,
    );
  }

  protected _get<V>(prop: string): V {
    // Office.js does not throw for properties of null objects; they read as undefined.
    if (this._isNull === true) return undefined as V;
    if (!Object.prototype.hasOwnProperty.call(this._loaded, prop)) throw this._notLoaded(prop);
    return this._loaded[prop] as V;
  }

  /** Queues a property set; the value is echoed locally like Office.js setters do. */
  protected _set(prop: string, value: unknown, apply: (t: T, run: SyncRun) => void): void {
    this._checkValid();
    this.context._requestBytes += approximateJsonBytes(value) + prop.length + 16;
    this._loaded[prop] = value;
    this.context._enqueue(this as FakeClientObject<unknown>, (run) => {
      apply(this._require(), run);
    });
  }

  /** Queues a method call. */
  protected _call(apply: (t: T, run: SyncRun) => void): void {
    this.context._enqueue(this as FakeClientObject<unknown>, (run) => {
      apply(this._require(), run);
    });
  }

  /** Cached navigation child (Office.js returns the same object for repeated access). */
  protected _nav<C extends FakeClientObject<unknown>>(name: string, make: () => C): C {
    let c = this._navCache.get(name);
    if (!c) {
      c = make();
      this._navCache.set(name, c);
    }
    return c as C;
  }

  load(option?: LoadOption): this {
    this._checkValid();
    this._queueLoad(parseLoadOption(option));
    return this;
  }

  /** @internal */
  _queueLoad(tree: LoadTree): void {
    const nav = this._navigation();
    const readers = this._readers();
    const props = new Set<string>();
    for (const p of tree.props) {
      if (nav[p]) nav[p]!()._queueLoad({ all: true, props: new Set(), nav: new Map() });
      else if (p === "isNullObject") continue;
      else if (!readers[p]) throw officeError(ErrorCodes.invalidArgument, `Cannot load unknown property ${this._typeName}.${p}`);
      else props.add(p);
    }
    for (const [name, sub] of tree.nav) {
      const make = nav[name];
      if (!make) throw officeError(ErrorCodes.invalidArgument, `Cannot load unknown navigation property ${this._typeName}.${name}`);
      make()._queueLoad(sub);
    }
    const list = tree.all ? Object.keys(readers) : [...props];
    if (list.length === 0 && !tree.all) return;
    this.context._enqueue(this as FakeClientObject<unknown>, (run) => {
      this._instantiate();
      if (this._target === null) return;
      const t = this._require();
      const snapshot = this._snapshot(t, list, run);
      run.commits.push(() => Object.assign(this._loaded, snapshot));
    });
  }

  /** @internal Reads properties at sync time. Ranges override this to count cell reads. */
  _snapshot(t: T, props: string[], run: SyncRun): Record<string, unknown> {
    const readers = this._readers();
    const out: Record<string, unknown> = {};
    for (const p of props) out[p] = readers[p]!(t, run);
    return out;
  }

  set(properties: Record<string, unknown>): void {
    const nav = this._navigation();
    for (const [k, v] of Object.entries(properties)) {
      if (nav[k] && v && typeof v === "object") (nav[k]!() as FakeClientObject<unknown>).set(v as Record<string, unknown>);
      else Reflect.set(this, k, v);
    }
  }

  toJSON(): Record<string, unknown> {
    return { ...this._loaded };
  }
}

/** UTF-8 bytes of a value's JSON, as Office.js sends it (JSON.stringify of large grids is exact enough). */
/**
 * Request bytes the fake counts per queued operation and per request, besides the values set. Measured
 * against the shipped office.js (tests/excel/office-js-payloads.test.ts, which holds the estimate at or
 * above the real request): a proxy's instantiation costs an object path, an Instantiate action and, for
 * a range, a _KeepReference action (about 260 bytes in all); a property set about 80 bytes besides its
 * value; a request's message (headers and escaping) some hundreds.
 */
export const OPERATION_BYTES = 300;
export const REQUEST_ENVELOPE_BYTES = 1_500;

function approximateJsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
  } catch {
    return 0;
  }
}

/** ClientResult<T> as returned by getCount() and similar. */
export class FakeClientResult<V> {
  private _value: V | undefined;
  private _has = false;
  get value(): V {
    if (!this._has) throw officeError(ErrorCodes.valueNotLoaded, "The value of the result object has not been loaded yet. Before reading the value property, call \"context.sync()\" on the associated request context.");
    return this._value as V;
  }
  /** @internal */
  _set(v: V): void {
    this._value = v;
    this._has = true;
  }
}

function queueResult<V, T>(owner: FakeClientObject<T>, compute: (t: T) => V): FakeClientResult<V> {
  const r = new FakeClientResult<V>();
  owner.context._enqueue(owner as FakeClientObject<unknown>, (run) => {
    const v = compute(owner._require());
    run.commits.push(() => r._set(v));
  });
  return r;
}

function checkSameContext(ctx: FakeRequestContext, obj: unknown): void {
  if (obj instanceof FakeClientObject && obj.context !== ctx) {
    throw officeError(ErrorCodes.invalidRequestContext, "Cannot use the object across different request contexts.");
  }
}

// ------------------------------------------------------------------------------------------------
// Events
// ------------------------------------------------------------------------------------------------

export class FakeEventHandlerResult {
  /** @internal */ _id: number | null = null;
  constructor(
    readonly context: FakeRequestContext,
    private readonly _owner: FakeClientObject<unknown>,
  ) {}
  /** Queued like Office.js: takes effect at the next sync of `context`. */
  remove(): void {
    this.context._enqueue(null, () => {
      if (this._id !== null) this.context._app.unregisterHandler(this._id);
    });
  }
}

export class FakeEventHandlers<A> {
  constructor(
    private readonly _owner: FakeClientObject<unknown>,
    private readonly _kind: HandlerKind,
    private readonly _scope: () => string,
  ) {}
  add(handler: (args: A) => Promise<unknown> | unknown): FakeEventHandlerResult {
    const ctx = this._owner.context;
    const result = new FakeEventHandlerResult(ctx, this._owner);
    ctx._enqueue(this._owner, () => {
      this._owner._require();
      result._id = ctx._app.registerHandler(this._kind, this._scope(), handler as (args: unknown) => unknown, ctx);
    });
    return result;
  }
  remove(handler: (args: A) => Promise<unknown> | unknown): void {
    const ctx = this._owner.context;
    ctx._enqueue(this._owner, () => {
      ctx._app.unregisterByFunction(this._kind, this._scope(), handler as (args: unknown) => unknown);
    });
  }
}

// ------------------------------------------------------------------------------------------------
// Workbook, application
// ------------------------------------------------------------------------------------------------

export class FakeWorkbook extends FakeClientObject<WorkbookModel> {
  constructor(ctx: FakeRequestContext) {
    super(ctx, "Workbook", null, null, { preResolved: ctx._model });
  }
  protected _readers(): PropReaders<WorkbookModel> {
    return { name: () => "Book1.xlsx" };
  }
  protected override _navigation(): Record<string, () => FakeClientObject<unknown>> {
    return { worksheets: () => this.worksheets, names: () => this.names, tables: () => this.tables, application: () => this.application };
  }
  get name(): string {
    return this._get("name");
  }
  get worksheets(): FakeWorksheetCollection {
    return this._nav("worksheets", () => new FakeWorksheetCollection(this.context, this));
  }
  get names(): FakeNamedItemCollection {
    return this._nav("names", () => new FakeNamedItemCollection(this.context, this, null));
  }
  get tables(): FakeTableCollection {
    return this._nav("tables", () => new FakeTableCollection(this.context, this, null));
  }
  get application(): FakeApplication {
    return this._nav("application", () => new FakeApplication(this.context, this));
  }
  private _properties: Record<string, unknown> | null = null;
  get properties(): Record<string, unknown> {
    return (this._properties ??= makeProperties(this.context));
  }
  getSelectedRange(): FakeRange {
    return new FakeRange(this.context, this, (m) => {
      const model = m as WorkbookModel;
      const sel = model.selection;
      const sheet = sel && model.sheetById(sel.sheetId);
      if (!sel || !sheet) return null;
      return { sheet, rect: { ...sel.rect } };
    });
  }
  getActiveCell(): FakeRange {
    this.context._requireApi("1.7", "Workbook.getActiveCell");
    return new FakeRange(this.context, this, (m) => {
      const model = m as WorkbookModel;
      const sel = model.selection;
      const sheet = sel && model.sheetById(sel.sheetId);
      if (!sel || !sheet) return null;
      return { sheet, rect: { r0: sel.rect.r0, c0: sel.rect.c0, r1: sel.rect.r0, c1: sel.rect.c0 } };
    });
  }
}

export class FakeApplication extends FakeClientObject<WorkbookModel> {
  constructor(ctx: FakeRequestContext, parent: FakeWorkbook) {
    super(ctx, "Application", parent, null, { preResolved: ctx._model });
  }
  protected _readers(): PropReaders<WorkbookModel> {
    return { calculationMode: (m) => m.calculationMode };
  }
  get calculationMode(): string {
    return this._get("calculationMode");
  }
  set calculationMode(v: string) {
    this.context._requireApi("1.8", "Application.calculationMode (set)");
    this._set("calculationMode", v, (m) => {
      if (v !== "Automatic" && v !== "AutomaticExceptTables" && v !== "Manual") throw officeError(ErrorCodes.invalidArgument, `Invalid calculation mode ${v}`);
      m.setCalculationMode(v);
    });
  }
  calculate(_calculationType: string): void {
    this._call((m) => m.recalculate());
  }
  suspendApiCalculationUntilNextSync(): void {
    this.context._requireApi("1.6", "Application.suspendApiCalculationUntilNextSync");
    this._call(() => this.context._app.noteCalcSuspension());
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this.context._requireApi("1.9", "Application.suspendScreenUpdatingUntilNextSync");
    this._call(() => undefined);
  }
}

// ------------------------------------------------------------------------------------------------
// Worksheets
// ------------------------------------------------------------------------------------------------

function sheetReaders(m: WorkbookModel): PropReaders<SheetModel> {
  return {
    id: (s) => s.id,
    name: (s) => s.name,
    position: (s) => m.sheets.indexOf(s),
    visibility: (s) => s.visibility,
  };
}

export class FakeWorksheetCollection extends FakeClientObject<WorkbookModel> {
  constructor(ctx: FakeRequestContext, parent: FakeWorkbook) {
    super(ctx, "WorksheetCollection", parent, null, { preResolved: ctx._model });
  }
  protected _readers(): PropReaders<WorkbookModel> {
    return { items: (m) => m.sheets.map((s) => this._item(s, sheetReaders(m))) };
  }
  private _item(s: SheetModel, readers: PropReaders<SheetModel>, props?: string[]): FakeWorksheet {
    const ws = new FakeWorksheet(this.context, this, () => s, s);
    for (const p of props ?? Object.keys(readers)) ws._loaded[p] = readers[p]!(s, new SyncRun());
    return ws;
  }
  override _queueLoad(tree: LoadTree): void {
    queueCollectionLoad(this, tree, sheetReaders(this.context._model), (s, props) => this._item(s, sheetReaders(this.context._model), props), (m) => m.sheets);
  }
  get items(): FakeWorksheet[] {
    return this._get("items");
  }
  get onChanged(): FakeEventHandlers<unknown> {
    this.context._requireApi("1.9", "WorksheetCollection.onChanged");
    return new FakeEventHandlers(this, "changed", () => "*");
  }
  get onSelectionChanged(): FakeEventHandlers<unknown> {
    this.context._requireApi("1.9", "WorksheetCollection.onSelectionChanged");
    return new FakeEventHandlers(this, "selectionChanged", () => "*");
  }
  add(name?: string): FakeWorksheet {
    let created: SheetModel | null = null;
    const ws = new FakeWorksheet(this.context, this, () => created);
    // The add itself is a queued method; the new proxy resolves to its result.
    const q = this.context._queue;
    const inst = q.pop()!;
    this.context._enqueue(this, (run) => {
      created = this.context._model.addSheet(name);
      run.mutated = true;
    });
    q.push(inst);
    return ws;
  }
  getItem(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, this, (m) => (m as WorkbookModel).sheetByKey(key) ?? null);
  }
  getItemOrNullObject(key: string): FakeWorksheet {
    this.context._requireApi("1.4", "WorksheetCollection.getItemOrNullObject");
    return new FakeWorksheet(this.context, this, (m) => (m as WorkbookModel).sheetByKey(key) ?? null, true);
  }
  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, this, (m) => {
      const model = m as WorkbookModel;
      return model.activeSheetId ? model.sheetById(model.activeSheetId) ?? null : null;
    });
  }
  getFirst(visibleOnly?: boolean): FakeWorksheet {
    this.context._requireApi("1.5", "WorksheetCollection.getFirst");
    return new FakeWorksheet(this.context, this, (m) => (m as WorkbookModel).sheets.find((s) => !visibleOnly || s.visibility === "Visible") ?? null);
  }
  getLast(visibleOnly?: boolean): FakeWorksheet {
    this.context._requireApi("1.5", "WorksheetCollection.getLast");
    return new FakeWorksheet(this.context, this, (m) => [...(m as WorkbookModel).sheets].reverse().find((s) => !visibleOnly || s.visibility === "Visible") ?? null);
  }
  getCount(visibleOnly?: boolean): FakeClientResult<number> {
    this.context._requireApi("1.4", "WorksheetCollection.getCount");
    return queueResult(this, (m) => m.sheets.filter((s) => !visibleOnly || s.visibility === "Visible").length);
  }
}

/**
 * Collection load: "items" / "items/name" / plain item properties ("name") load items;
 * collection-level scalars (like "count") load on the collection itself.
 */
function queueCollectionLoad<T, I>(
  coll: FakeClientObject<T>,
  tree: LoadTree,
  itemReaders: PropReaders<I>,
  makeItem: (item: I, props: string[]) => FakeClientObject<unknown>,
  list: (t: T) => I[],
  collectionReaders: PropReaders<T> = {},
): void {
  const itemProps = new Set<string>();
  let itemsAll = tree.all;
  const collProps: string[] = [];
  for (const p of tree.props) {
    if (p === "items") itemsAll = true;
    else if (collectionReaders[p]) collProps.push(p);
    else if (itemReaders[p]) itemProps.add(p);
    else throw officeError(ErrorCodes.invalidArgument, `Cannot load unknown property ${coll._typeName}.${p}`);
  }
  const itemsTree = tree.nav.get("items");
  if (itemsTree) {
    if (itemsTree.all) itemsAll = true;
    for (const p of itemsTree.props) {
      if (!itemReaders[p]) throw officeError(ErrorCodes.invalidArgument, `Cannot load unknown item property ${p} of ${coll._typeName}`);
      itemProps.add(p);
    }
    if (itemsTree.nav.size) throw officeError(ErrorCodes.notImplemented, "The fake does not load navigation properties of collection items");
  }
  for (const k of tree.nav.keys()) if (k !== "items") throw officeError(ErrorCodes.invalidArgument, `Cannot load ${coll._typeName}.${k}`);
  if (tree.all) for (const p of Object.keys(collectionReaders)) collProps.push(p);
  const loadItems = itemsAll || itemProps.size > 0;
  const props = itemsAll ? Object.keys(itemReaders) : [...itemProps];
  coll.context._enqueue(coll as FakeClientObject<unknown>, (run) => {
    coll._instantiate();
    if (coll._target === null) return;
    const t = coll._require();
    const snap: Record<string, unknown> = {};
    for (const p of collProps) snap[p] = collectionReaders[p]!(t, run);
    if (loadItems) snap.items = list(t).map((i) => makeItem(i, props));
    run.commits.push(() => Object.assign(coll._loaded, snap));
  });
}

export class FakeWorksheet extends FakeClientObject<SheetModel> {
  constructor(ctx: FakeRequestContext, parent: FakeClientObject<unknown>, resolver: (p: unknown) => SheetModel | null, orNullOrPre?: boolean | SheetModel) {
    super(
      ctx,
      "Worksheet",
      parent,
      resolver,
      typeof orNullOrPre === "object" ? { preResolved: orNullOrPre } : { orNull: orNullOrPre === true },
    );
  }
  protected _readers(): PropReaders<SheetModel> {
    const m = this.context._model;
    return {
      ...sheetReaders(m),
      tabColor: () => "",
      showGridlines: () => true,
    };
  }
  protected override _navigation(): Record<string, () => FakeClientObject<unknown>> {
    return { protection: () => this.protection, tables: () => this.tables, names: () => this.names };
  }
  protected override _alive(t: SheetModel): boolean {
    return !t.deleted;
  }
  get id(): string {
    return this._get("id");
  }
  get name(): string {
    return this._get("name");
  }
  set name(v: string) {
    this._set("name", v, (s, run) => {
      this.context._model.renameSheet(s, v);
      run.mutated = true;
    });
  }
  get position(): number {
    return this._get("position");
  }
  set position(v: number) {
    this._set("position", v, (s, run) => {
      this.context._model.moveSheet(s, v);
      run.mutated = true;
    });
  }
  get visibility(): string {
    return this._get("visibility");
  }
  set visibility(v: string) {
    this._set("visibility", v, (s, run) => {
      if (v !== "Visible" && v !== "Hidden" && v !== "VeryHidden") throw officeError(ErrorCodes.invalidArgument, `Invalid visibility ${v}`);
      const m = this.context._model;
      if (v !== "Visible" && !m.sheets.some((x) => x !== s && x.visibility === "Visible")) {
        throw officeError(ErrorCodes.invalidOperation, "A workbook must contain at least one visible worksheet.");
      }
      s.visibility = v;
      if (v !== "Visible" && m.activeSheetId === s.id) {
        const next = m.sheets.find((x) => x.visibility === "Visible")!;
        m.activeSheetId = next.id;
      }
      run.mutated = true;
    });
  }
  get protection(): FakeWorksheetProtection {
    this.context._requireApi("1.2", "Worksheet.protection");
    return this._nav("protection", () => new FakeWorksheetProtection(this.context, this));
  }
  get names(): FakeNamedItemCollection {
    this.context._requireApi("1.4", "Worksheet.names");
    return this._nav("names", () => new FakeNamedItemCollection(this.context, this, "sheet"));
  }
  get tables(): FakeTableCollection {
    return this._nav("tables", () => new FakeTableCollection(this.context, this, "sheet"));
  }
  private _pageLayout: Record<string, unknown> | null = null;
  get pageLayout(): Record<string, unknown> {
    return (this._pageLayout ??= makePageLayout(this.context, () => this._require()));
  }
  get onChanged(): FakeEventHandlers<unknown> {
    this.context._requireApi("1.7", "Worksheet.onChanged");
    return new FakeEventHandlers(this, "changed", () => this._require().id);
  }
  get onSelectionChanged(): FakeEventHandlers<unknown> {
    this.context._requireApi("1.7", "Worksheet.onSelectionChanged");
    return new FakeEventHandlers(this, "selectionChanged", () => this._require().id);
  }
  getRange(address?: string): FakeRange {
    return new FakeRange(this.context, this, (p) => {
      const sheet = p as SheetModel;
      return { sheet, rect: resolveAddress(this.context._model, sheet, address) };
    });
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): FakeRange {
    this.context._requireApi("1.7", "Worksheet.getRangeByIndexes");
    return new FakeRange(this.context, this, (p) => {
      const ok = [startRow, startColumn, rowCount, columnCount].every((x) => Number.isInteger(x)) && startRow >= 0 && startColumn >= 0 && rowCount >= 1 && columnCount >= 1;
      const rect = { r0: startRow, c0: startColumn, r1: startRow + rowCount - 1, c1: startColumn + columnCount - 1 };
      if (!ok || rect.r1 >= MAX_ROWS || rect.c1 >= MAX_COLS) throw officeError(ErrorCodes.invalidArgument, "Invalid range indexes");
      return { sheet: p as SheetModel, rect };
    });
  }
  getCell(row: number, column: number): FakeRange {
    return new FakeRange(this.context, this, (p) => {
      if (!Number.isInteger(row) || !Number.isInteger(column) || row < 0 || column < 0 || row >= MAX_ROWS || column >= MAX_COLS) {
        throw officeError(ErrorCodes.invalidArgument, "Invalid cell index");
      }
      return { sheet: p as SheetModel, rect: { r0: row, c0: column, r1: row, c1: column } };
    });
  }
  getUsedRange(valuesOnly?: boolean): FakeRange {
    this.context._requireApi("1.2", "Worksheet.getUsedRange");
    return new FakeRange(this.context, this, (p) => {
      const sheet = p as SheetModel;
      const ext = this.context._model.contentExtent(sheet, !valuesOnly);
      // A blank sheet's used range is A1 (no error), as documented.
      return { sheet, rect: ext ?? { r0: 0, c0: 0, r1: 0, c1: 0 } };
    });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    this.context._requireApi("1.4", "Worksheet.getUsedRangeOrNullObject");
    return new FakeRange(
      this.context,
      this,
      (p) => {
        const sheet = p as SheetModel;
        const ext = this.context._model.contentExtent(sheet, !valuesOnly);
        return ext ? { sheet, rect: ext } : null;
      },
      true,
    );
  }
  activate(): void {
    this._call((s) => {
      if (s.visibility !== "Visible") throw officeError(ErrorCodes.invalidOperation, "Hidden worksheets can't be activated.");
      const m = this.context._model;
      if (m.activeSheetId !== s.id) {
        m.activeSheetId = s.id;
        m.selection = { sheetId: s.id, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
      }
    });
  }
  delete(): void {
    this._call((s, run) => {
      // "if the worksheet's visibility is set to "VeryHidden", the delete operation will fail with an
      // InvalidOperation exception": https://learn.microsoft.com/en-us/javascript/api/excel/excel.worksheet#excel-excel-worksheet-delete-member(1)
      if (s.visibility === "VeryHidden") throw officeError(ErrorCodes.invalidOperation, "A very hidden worksheet can't be deleted; make it visible or hidden first.");
      this.context._model.deleteSheet(s);
      run.mutated = true;
    });
  }
  calculate(_markAllDirty: boolean): void {
    this._call(() => this.context._model.recalculate());
  }
}

/** Resolves an address (A1, sheet-prefixed A1, or a defined name) on a sheet. */
function resolveAddress(m: WorkbookModel, sheet: SheetModel, address: string | undefined): Rect {
  if (address === undefined || address === "") return { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLS - 1 };
  if (typeof address !== "string") throw officeError(ErrorCodes.invalidArgument, "Address must be a string");
  const parsed = parseA1(address);
  if (parsed) {
    if (parsed.sheet !== undefined && parsed.sheet.toLowerCase() !== sheet.name.toLowerCase()) {
      throw officeError(ErrorCodes.invalidArgument, `Address ${address} is not on worksheet ${sheet.name}`);
    }
    return parsed.rect;
  }
  const { sheet: prefix, rest } = splitSheetPrefix(address);
  const scopeId = prefix === undefined ? sheet.id : m.sheetByName(prefix)?.id ?? null;
  const def = m.names.find((n) => !n.deleted && n.name.toLowerCase() === rest.toLowerCase() && (n.scopeSheetId === scopeId || n.scopeSheetId === null));
  if (def) {
    const info = m.nameInfo(def);
    if (info.range && info.range.sheet === sheet) return info.range.rect;
  }
  throw officeError(ErrorCodes.invalidArgument, `The argument is invalid or missing or has an incorrect format: ${address}`);
}

export class FakeWorksheetProtection extends FakeClientObject<SheetModel> {
  constructor(ctx: FakeRequestContext, parent: FakeWorksheet) {
    super(ctx, "WorksheetProtection", parent, (p) => p as SheetModel);
  }
  protected _readers(): PropReaders<SheetModel> {
    return { protected: (s) => s.protection.protected, options: (s) => ({ ...s.protection.options }) };
  }
  protected override _alive(t: SheetModel): boolean {
    return !t.deleted;
  }
  get protected(): boolean {
    return this._get("protected");
  }
  get options(): Record<string, unknown> {
    return this._get("options");
  }
  protect(options?: Record<string, unknown>, password?: string): void {
    if (password !== undefined) this.context._requireApi("1.7", "WorksheetProtection.protect(password)");
    this._call((s, run) => {
      assertUndoable(this.context, "WorksheetProtection.protect");
      if (s.protection.protected) throw officeError(ErrorCodes.invalidOperation, "The worksheet is already protected.");
      s.protection = { protected: true, options: { ...DEFAULT_PROTECTION_OPTIONS, ...(options ?? {}) } };
      if (password !== undefined) s.protection.password = password;
      run.mutated = true;
    });
  }
  unprotect(password?: string): void {
    if (password !== undefined) this.context._requireApi("1.7", "WorksheetProtection.unprotect(password)");
    this._call((s, run) => {
      assertUndoable(this.context, "WorksheetProtection.unprotect");
      if (!s.protection.protected) return;
      if (s.protection.password !== undefined && s.protection.password !== password) {
        throw officeError(ErrorCodes.invalidArgument, "The password you supplied is not correct.");
      }
      s.protection = { protected: false, options: { ...DEFAULT_PROTECTION_OPTIONS } };
      run.mutated = true;
    });
  }
}

// ------------------------------------------------------------------------------------------------
// Ranges
// ------------------------------------------------------------------------------------------------

export interface RangeTarget {
  sheet: SheetModel;
  rect: Rect;
}

function matrix<V>(rect: Rect, f: (r: number, c: number) => V): V[][] {
  const out: V[][] = [];
  for (let r = rect.r0; r <= rect.r1; r++) {
    const row: V[] = [];
    for (let c = rect.c0; c <= rect.c1; c++) row.push(f(r, c));
    out.push(row);
  }
  return out;
}

/** Expands a values/formulas/numberFormat input to one entry per cell, enforcing dimensions. */
function shapeInput(input: unknown, rect: Rect, what: string): (r: number, c: number) => unknown {
  const rows = rect.r1 - rect.r0 + 1;
  const cols = rect.c1 - rect.c0 + 1;
  if (!Array.isArray(input)) {
    if (input !== null && typeof input === "object") throw officeError(ErrorCodes.invalidArgument, `Invalid ${what}`);
    // A single value fills the whole range.
    if (rows * cols > 5_000_000) throw officeError(ErrorCodes.invalidArgument, "Range too large for a single-value fill in the fake");
    return () => input;
  }
  if (input.length !== rows || input.some((row) => !Array.isArray(row) || row.length !== cols)) {
    throw officeError(
      ErrorCodes.invalidArgument,
      `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${what}: expected ${rows}x${cols}).`,
    );
  }
  return (r, c) => (input[r - rect.r0] as unknown[])[c - rect.c0];
}

const CELL_DATA_PROPS = new Set(["values", "formulas", "formulasLocal", "formulasR1C1", "text", "numberFormat", "numberFormatLocal", "valueTypes"]);

export class FakeRange extends FakeClientObject<RangeTarget> {
  constructor(ctx: FakeRequestContext, parent: FakeClientObject<unknown>, resolver: (p: unknown) => RangeTarget | null, orNull = false) {
    super(ctx, "Range", parent, resolver, { orNull, autoTrack: true });
  }
  protected override _alive(t: RangeTarget): boolean {
    return !t.sheet.deleted;
  }
  private get _m(): WorkbookModel {
    return this.context._model;
  }
  protected _readers(): PropReaders<RangeTarget> {
    const m = this._m;
    return {
      address: (t) => formatAddress(t.sheet.name, t.rect),
      addressLocal: (t) => formatAddress(t.sheet.name, t.rect),
      rowCount: (t) => t.rect.r1 - t.rect.r0 + 1,
      columnCount: (t) => t.rect.c1 - t.rect.c0 + 1,
      cellCount: (t) => rectCells(t.rect),
      rowIndex: (t) => t.rect.r0,
      columnIndex: (t) => t.rect.c0,
      isEntireRow: (t) => isEntireRows(t.rect),
      isEntireColumn: (t) => isEntireColumns(t.rect),
      values: (t) => matrix(t.rect, (r, c) => toApiValue(m.cell(t.sheet.id, r, c))),
      formulas: (t) => matrix(t.rect, (r, c) => m.cellFormula(t.sheet, r, c)),
      formulasLocal: (t) => matrix(t.rect, (r, c) => m.cellFormula(t.sheet, r, c)),
      text: (t) => matrix(t.rect, (r, c) => m.cellText(t.sheet, r, c)),
      numberFormat: (t) => matrix(t.rect, (r, c) => m.cellFormat(t.sheet, r, c).numberFormat),
      numberFormatLocal: (t) => matrix(t.rect, (r, c) => m.cellFormat(t.sheet, r, c).numberFormat),
      valueTypes: (t) => matrix(t.rect, (r, c) => valueType(m.cell(t.sheet.id, r, c))),
    };
  }
  protected override _navigation(): Record<string, () => FakeClientObject<unknown>> {
    return { format: () => this.format, worksheet: () => this.worksheet, dataValidation: () => this.dataValidation };
  }
  override _snapshot(t: RangeTarget, props: string[], run: SyncRun): Record<string, unknown> {
    const cellProps = props.filter((p) => CELL_DATA_PROPS.has(p));
    if (cellProps.length) {
      const n = rectCells(t.rect);
      if (n > this.context._app.payloadCellLimit) {
        throw officeError(ErrorCodes.responsePayloadSizeLimitExceeded, `Loading ${cellProps.join(",")} of ${n} cells exceeds the response payload limit.`);
      }
      this.context._app.recordRead(t.sheet, t.rect, cellProps, n);
    }
    return super._snapshot(t, props, run);
  }

  get address(): string {
    return this._get("address");
  }
  get addressLocal(): string {
    return this._get("addressLocal");
  }
  get rowCount(): number {
    return this._get("rowCount");
  }
  get columnCount(): number {
    return this._get("columnCount");
  }
  get cellCount(): number {
    return this._get("cellCount");
  }
  get rowIndex(): number {
    return this._get("rowIndex");
  }
  get columnIndex(): number {
    return this._get("columnIndex");
  }
  get isEntireRow(): boolean {
    return this._get("isEntireRow");
  }
  get isEntireColumn(): boolean {
    return this._get("isEntireColumn");
  }
  get valueTypes(): string[][] {
    return this._get("valueTypes");
  }
  get text(): string[][] {
    return this._get("text");
  }
  get values(): unknown[][] {
    return this._get("values");
  }
  set values(v: unknown[][]) {
    this._writeCells("values", v);
  }
  get formulas(): unknown[][] {
    return this._get("formulas");
  }
  set formulas(v: unknown[][]) {
    this._writeCells("formulas", v);
  }
  get formulasLocal(): unknown[][] {
    return this._get("formulasLocal");
  }
  set formulasLocal(v: unknown[][]) {
    this._writeCells("formulasLocal", v);
  }
  get numberFormat(): unknown[][] {
    return this._get("numberFormat");
  }
  set numberFormat(v: unknown[][]) {
    this._writeNumberFormat("numberFormat", v);
  }
  get numberFormatLocal(): unknown[][] {
    return this._get("numberFormatLocal");
  }
  set numberFormatLocal(v: unknown[][]) {
    this._writeNumberFormat("numberFormatLocal", v);
  }

  private _writeCells(prop: "values" | "formulas" | "formulasLocal", v: unknown): void {
    this._set(prop, v, (t, run) => {
      const get = shapeInput(v, t.rect, prop);
      const m = this._m;
      m.assertCellsEditable(t.sheet, t.rect);
      const single = t.rect.r0 === t.rect.r1 && t.rect.c0 === t.rect.c1;
      const before = single ? m.cell(t.sheet.id, t.rect.r0, t.rect.c0) : undefined;
      for (let r = t.rect.r0; r <= t.rect.r1; r++)
        for (let c = t.rect.c0; c <= t.rect.c1; c++) {
          const v = get(r, c);
          if (typeof v === "string" && v.length > CELL_CHAR_LIMIT) {
            throw officeError(ErrorCodes.invalidArgument, `The argument is invalid or missing or has an incorrect format (a cell holds at most ${CELL_CHAR_LIMIT} characters).`);
          }
        }
      let written = 0;
      for (let r = t.rect.r0; r <= t.rect.r1; r++)
        for (let c = t.rect.c0; c <= t.rect.c1; c++) {
          const prior = m.getCell(t.sheet, r, c);
          if (m.setCell(t.sheet, r, c, get(r, c))) {
            written++;
            run.undoCells.push({ sheet: t.sheet, r, c, cell: prior });
          }
        }
      if (written === 0) return;
      run.mutated = true;
      this.context._app.recordWrite(t.sheet, t.rect, prop === "values" ? "values" : "formulas", written);
      const note: ChangeNote = { sheetId: t.sheet.id, rect: t.rect, changeType: "RangeEdited" };
      if (single) {
        note.before = before ?? null;
        note.after = m.cell(t.sheet.id, t.rect.r0, t.rect.c0);
      }
      run.notes.push(note);
    });
  }

  private _writeNumberFormat(prop: string, v: unknown): void {
    this._set(prop, v, (t, run) => {
      const get = shapeInput(v, t.rect, prop);
      const m = this._m;
      m.assertAllowed(t.sheet, "allowFormatCells");
      if (!Array.isArray(v)) {
        m.paintFormat(t.sheet, t.rect, { numberFormat: String(v) });
      } else {
        for (let r = t.rect.r0; r <= t.rect.r1; r++)
          for (let c = t.rect.c0; c <= t.rect.c1; c++) {
            const f = get(r, c);
            if (f !== null && f !== undefined) m.paintFormat(t.sheet, { r0: r, c0: c, r1: r, c1: c }, { numberFormat: String(f) });
          }
      }
      m.invalidate();
      run.mutated = true;
      this.context._app.recordWrite(t.sheet, t.rect, "numberFormat", rectCells(t.rect));
      run.notes.push(formatNote(t, m));
    });
  }

  get format(): FakeRangeFormat {
    return this._nav("format", () => new FakeRangeFormat(this.context, this));
  }
  get dataValidation(): FakeDataValidation {
    this.context._requireApi("1.8", "Range.dataValidation");
    return this._nav("dataValidation", () => new FakeDataValidation(this.context, this));
  }
  get worksheet(): FakeWorksheet {
    return this._nav("worksheet", () => new FakeWorksheet(this.context, this, (p) => (p as RangeTarget).sheet));
  }

  private _derived(f: (t: RangeTarget) => Rect | null, orNull = false, notFound?: () => Error): FakeRange {
    return new FakeRange(
      this.context,
      this,
      (p) => {
        const t = p as RangeTarget;
        const rect = f(t);
        if (rect === null) {
          if (!orNull && notFound) throw notFound();
          return null;
        }
        if (rect.r0 < 0 || rect.c0 < 0 || rect.r1 >= MAX_ROWS || rect.c1 >= MAX_COLS || rect.r1 < rect.r0 || rect.c1 < rect.c0) {
          throw officeError(ErrorCodes.invalidArgument, "The resulting range is outside the worksheet grid.");
        }
        return { sheet: t.sheet, rect };
      },
      orNull,
    );
  }

  getCell(row: number, column: number): FakeRange {
    return this._derived((t) => ({ r0: t.rect.r0 + row, c0: t.rect.c0 + column, r1: t.rect.r0 + row, c1: t.rect.c0 + column }));
  }
  getRow(row: number): FakeRange {
    return this._derived((t) => ({ r0: t.rect.r0 + row, r1: t.rect.r0 + row, c0: t.rect.c0, c1: t.rect.c1 }));
  }
  getColumn(column: number): FakeRange {
    return this._derived((t) => ({ r0: t.rect.r0, r1: t.rect.r1, c0: t.rect.c0 + column, c1: t.rect.c0 + column }));
  }
  getLastRow(): FakeRange {
    return this._derived((t) => ({ ...t.rect, r0: t.rect.r1 }));
  }
  getLastColumn(): FakeRange {
    return this._derived((t) => ({ ...t.rect, c0: t.rect.c1 }));
  }
  getLastCell(): FakeRange {
    return this._derived((t) => ({ r0: t.rect.r1, c0: t.rect.c1, r1: t.rect.r1, c1: t.rect.c1 }));
  }
  getEntireRow(): FakeRange {
    return this._derived((t) => ({ r0: t.rect.r0, r1: t.rect.r1, c0: 0, c1: MAX_COLS - 1 }));
  }
  getEntireColumn(): FakeRange {
    return this._derived((t) => ({ r0: 0, r1: MAX_ROWS - 1, c0: t.rect.c0, c1: t.rect.c1 }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return this._derived((t) => ({ r0: t.rect.r0 + rowOffset, r1: t.rect.r1 + rowOffset, c0: t.rect.c0 + columnOffset, c1: t.rect.c1 + columnOffset }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    this.context._requireApi("1.2", "Range.getResizedRange");
    return this._derived((t) => ({ ...t.rect, r1: t.rect.r1 + deltaRows, c1: t.rect.c1 + deltaColumns }));
  }
  getRowsAbove(count = 1): FakeRange {
    return this._derived((t) => ({ ...t.rect, r0: t.rect.r0 - count, r1: t.rect.r0 - 1 }));
  }
  getRowsBelow(count = 1): FakeRange {
    return this._derived((t) => ({ ...t.rect, r0: t.rect.r1 + 1, r1: t.rect.r1 + count }));
  }
  getIntersection(anotherRange: FakeRange | string): FakeRange {
    return this._intersection(anotherRange, false);
  }
  getIntersectionOrNullObject(anotherRange: FakeRange | string): FakeRange {
    this.context._requireApi("1.4", "Range.getIntersectionOrNullObject");
    return this._intersection(anotherRange, true);
  }
  private _intersection(other: FakeRange | string, orNull: boolean): FakeRange {
    checkSameContext(this.context, other);
    return this._derived(
      (t) => {
        const o = typeof other === "string" ? resolveAddress(this._m, t.sheet, other) : other._require().rect;
        return rectIntersect(t.rect, o);
      },
      orNull,
      () => officeError(ErrorCodes.itemNotFound, "The ranges do not intersect."),
    );
  }
  getUsedRange(valuesOnly?: boolean): FakeRange {
    this.context._requireApi("1.2", "Range.getUsedRange");
    return this._usedRange(valuesOnly, false);
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    this.context._requireApi("1.4", "Range.getUsedRangeOrNullObject");
    return this._usedRange(valuesOnly, true);
  }
  private _usedRange(valuesOnly: boolean | undefined, orNull: boolean): FakeRange {
    return this._derived(
      (t) => {
        const ext = this._m.contentExtent(t.sheet, !valuesOnly);
        return ext ? rectIntersect(ext, t.rect) : null;
      },
      orNull,
      () => officeError(ErrorCodes.itemNotFound, "There are no used cells in the range."),
    );
  }

  clear(applyTo: string = "All"): void {
    this._call((t, run) => {
      const m = this._m;
      const what = applyTo === "Formats" ? "Formats" : applyTo === "Contents" || applyTo === "ResetContents" ? "Contents" : applyTo === "All" ? "All" : null;
      if (what === null) return; // hyperlink options: no hyperlinks in the fake
      if (what !== "Formats") m.assertCellsEditable(t.sheet, t.rect);
      if (what !== "Contents") m.assertAllowed(t.sheet, "allowFormatCells");
      m.clearCells(t.sheet, t.rect, what);
      run.mutated = true;
      this.context._app.recordWrite(t.sheet, t.rect, "clear", rectCells(t.rect));
      if (what !== "Formats") run.notes.push({ sheetId: t.sheet.id, rect: t.rect, changeType: "RangeEdited" });
    });
  }

  insert(shift: string): FakeRange {
    const result = this._derived((t) => t.rect);
    // The new range resolves after the insert is applied (its instantiation follows this call).
    const inst = this.context._queue.pop()!;
    this._call((t, run) => {
      if (shift !== "Down") throw officeError(ErrorCodes.notImplemented, `insert(${shift}) is not implemented by the fake; only Down`);
      if (isEntireColumns(t.rect)) throw officeError(ErrorCodes.invalidArgument, "Cannot shift entire columns down");
      const whole = isEntireRows(t.rect);
      this._m.shiftRows({ sheetId: t.sheet.id, c0: t.rect.c0, c1: t.rect.c1, kind: "insert", row: t.rect.r0, count: t.rect.r1 - t.rect.r0 + 1 });
      run.mutated = true;
      this.context._app.recordWrite(t.sheet, t.rect, "insert", rectCells(t.rect));
      run.notes.push({ sheetId: t.sheet.id, rect: t.rect, changeType: whole ? "RowInserted" : "CellInserted" });
    });
    this.context._queue.push(inst);
    return result;
  }

  delete(shift: string): void {
    this._call((t, run) => {
      if (shift !== "Up") throw officeError(ErrorCodes.notImplemented, `delete(${shift}) is not implemented by the fake; only Up`);
      if (isEntireColumns(t.rect)) throw officeError(ErrorCodes.invalidArgument, "Cannot shift entire columns up");
      const whole = isEntireRows(t.rect);
      this._m.shiftRows({ sheetId: t.sheet.id, c0: t.rect.c0, c1: t.rect.c1, kind: "delete", row: t.rect.r0, count: t.rect.r1 - t.rect.r0 + 1 });
      run.mutated = true;
      this.context._app.recordWrite(t.sheet, t.rect, "delete", rectCells(t.rect));
      run.notes.push({ sheetId: t.sheet.id, rect: t.rect, changeType: whole ? "RowDeleted" : "CellDeleted" });
    });
  }

  select(): void {
    this._call((t, run) => {
      if (t.sheet.visibility !== "Visible") throw officeError(ErrorCodes.invalidOperation, "Cannot select a range on a hidden worksheet.");
      const m = this._m;
      m.activeSheetId = t.sheet.id;
      m.selection = { sheetId: t.sheet.id, rect: { ...t.rect } };
      run.selection.push({ sheetId: t.sheet.id, rect: { ...t.rect } });
    });
  }

  merge(_across?: boolean): void {
    queueMerge(this.context, () => this._require());
  }
  track(): this {
    this.context.trackedObjects.add(this as FakeClientObject<unknown>);
    return this;
  }
  untrack(): this {
    this.context.trackedObjects.remove(this as FakeClientObject<unknown>);
    return this;
  }
  calculate(): void {
    this._call(() => this._m.recalculate());
  }
}

// ------------------------------------------------------------------------------------------------
// Range format
// ------------------------------------------------------------------------------------------------

abstract class RangePart extends FakeClientObject<RangeTarget> {
  constructor(ctx: FakeRequestContext, typeName: string, parent: FakeClientObject<unknown>) {
    super(ctx, typeName, parent, (p) => p as RangeTarget);
  }
  protected override _alive(t: RangeTarget): boolean {
    return !t.sheet.deleted;
  }
  protected get _m(): WorkbookModel {
    return this.context._model;
  }
  /** Paints a cell-format property, respecting sheet protection. */
  protected _paint(prop: string, value: unknown, props: FormatProps, option = "allowFormatCells"): void {
    this._set(prop, value, (t, run) => {
      this._m.assertAllowed(t.sheet, option);
      this._m.paintFormat(t.sheet, t.rect, props);
      run.mutated = true;
      this.context._app.recordWrite(t.sheet, t.rect, "format", rectCells(t.rect));
      run.notes.push(formatNote(t, this._m));
    });
  }
}

export class FakeRangeFormat extends RangePart {
  constructor(ctx: FakeRequestContext, parent: FakeRange) {
    super(ctx, "RangeFormat", parent);
  }
  protected _readers(): PropReaders<RangeTarget> {
    const m = this._m;
    return {
      wrapText: (t) => m.rectFormat(t.sheet, t.rect, "wrapText"),
      horizontalAlignment: (t) => m.rectFormat(t.sheet, t.rect, "horizontalAlignment") ?? "Mixed",
      verticalAlignment: (t) => m.rectFormat(t.sheet, t.rect, "verticalAlignment") ?? "Mixed",
      columnWidth: (t) => {
        const w = m.columnWidth(t.sheet, t.rect.c0);
        for (let c = t.rect.c0 + 1; c <= t.rect.c1; c++) if (m.columnWidth(t.sheet, c) !== w) return null;
        return w;
      },
      rowHeight: (t) => {
        const h = m.rowHeight(t.sheet, t.rect.r0);
        if (t.sheet.rowHeights.size === 0) return h;
        for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) if (m.rowHeight(t.sheet, r) !== h) return null;
        return h;
      },
    };
  }
  protected override _navigation(): Record<string, () => FakeClientObject<unknown>> {
    return { fill: () => this.fill, font: () => this.font, protection: () => this.protection };
  }
  get fill(): FakeRangeFill {
    return this._nav("fill", () => new FakeRangeFill(this.context, this));
  }
  get font(): FakeRangeFont {
    return this._nav("font", () => new FakeRangeFont(this.context, this));
  }
  get protection(): FakeFormatProtection {
    this.context._requireApi("1.2", "RangeFormat.protection");
    return this._nav("protection", () => new FakeFormatProtection(this.context, this));
  }
  private _borders: Record<string, unknown> | null = null;
  get borders(): Record<string, unknown> {
    return (this._borders ??= makeBorders(this.context, () => this._require()));
  }
  get wrapText(): boolean | null {
    return this._get("wrapText");
  }
  set wrapText(v: boolean | null) {
    this._paint("wrapText", v, { wrapText: Boolean(v) });
  }
  get horizontalAlignment(): string {
    return this._get("horizontalAlignment");
  }
  set horizontalAlignment(v: string) {
    this._paint("horizontalAlignment", v, { horizontalAlignment: v });
  }
  get verticalAlignment(): string {
    return this._get("verticalAlignment");
  }
  set verticalAlignment(v: string) {
    this._paint("verticalAlignment", v, { verticalAlignment: v });
  }
  get columnWidth(): number | null {
    return this._get("columnWidth");
  }
  set columnWidth(v: number | null) {
    this.context._requireApi("1.2", "RangeFormat.columnWidth");
    this._set("columnWidth", v, (t, run) => {
      if (typeof v !== "number" || !(v >= 0)) throw officeError(ErrorCodes.invalidArgument, "Invalid column width");
      this._m.assertAllowed(t.sheet, "allowFormatColumns");
      for (let c = t.rect.c0; c <= t.rect.c1; c++) t.sheet.colWidths.set(c, v);
      run.mutated = true;
      this.context._app.recordWrite(t.sheet, t.rect, "format", t.rect.c1 - t.rect.c0 + 1);
    });
  }
  get rowHeight(): number | null {
    return this._get("rowHeight");
  }
  set rowHeight(v: number | null) {
    this.context._requireApi("1.2", "RangeFormat.rowHeight");
    this._set("rowHeight", v, (t, run) => {
      if (typeof v !== "number" || !(v >= 0)) throw officeError(ErrorCodes.invalidArgument, "Invalid row height");
      if (t.rect.r1 - t.rect.r0 > 100_000) throw officeError(ErrorCodes.notImplemented, "The fake does not set row heights on entire columns");
      this._m.assertAllowed(t.sheet, "allowFormatRows");
      for (let r = t.rect.r0; r <= t.rect.r1; r++) t.sheet.rowHeights.set(r, v);
      run.mutated = true;
      this.context._app.recordWrite(t.sheet, t.rect, "format", t.rect.r1 - t.rect.r0 + 1);
    });
  }
  autofitColumns(): void {
    this.context._requireApi("1.2", "RangeFormat.autofitColumns");
    this._call(() => undefined);
  }
  autofitRows(): void {
    this.context._requireApi("1.2", "RangeFormat.autofitRows");
    this._call(() => undefined);
  }
}

export class FakeRangeFill extends RangePart {
  constructor(ctx: FakeRequestContext, parent: FakeRangeFormat) {
    super(ctx, "RangeFill", parent);
  }
  protected _readers(): PropReaders<RangeTarget> {
    const m = this._m;
    return {
      // No fill reads as white, as in Excel; mixed fills read as null.
      color: (t) => (isUniformNoFill(m, t) ? "#FFFFFF" : m.rectFormat(t.sheet, t.rect, "fill")),
    };
  }
  get color(): string {
    return this._get("color");
  }
  set color(v: string) {
    this._set("color", v, (t, run) => {
      const color = normalizeColor(v);
      this._m.assertAllowed(t.sheet, "allowFormatCells");
      this._m.paintFormat(t.sheet, t.rect, { fill: color });
      run.mutated = true;
      this.context._app.recordWrite(t.sheet, t.rect, "format", rectCells(t.rect));
      run.notes.push(formatNote(t, this._m));
    });
  }
  clear(): void {
    this._call((t, run) => {
      this._m.assertAllowed(t.sheet, "allowFormatCells");
      this._m.paintFormat(t.sheet, t.rect, { fill: null });
      run.mutated = true;
      this.context._app.recordWrite(t.sheet, t.rect, "format", rectCells(t.rect));
    });
  }
}

function isUniformNoFill(m: WorkbookModel, t: RangeTarget): boolean {
  // rectFormat returns null both for "mixed" and for a uniform null fill; tell them apart.
  const cells = rectCells(t.rect);
  if (cells > 50_000) return !t.sheet.formats.some((l) => "fill" in l.props && l.props.fill !== null && rectIntersect(l.rect, t.rect));
  for (let r = t.rect.r0; r <= t.rect.r1; r++) for (let c = t.rect.c0; c <= t.rect.c1; c++) if (m.cellFormat(t.sheet, r, c).fill !== null) return false;
  return true;
}

export class FakeRangeFont extends RangePart {
  constructor(ctx: FakeRequestContext, parent: FakeRangeFormat) {
    super(ctx, "RangeFont", parent);
  }
  protected _readers(): PropReaders<RangeTarget> {
    const m = this._m;
    return {
      bold: (t) => m.rectFormat(t.sheet, t.rect, "bold"),
      italic: (t) => m.rectFormat(t.sheet, t.rect, "italic"),
      color: (t) => m.rectFormat(t.sheet, t.rect, "fontColor"),
      name: (t) => m.rectFormat(t.sheet, t.rect, "fontName"),
      size: (t) => m.rectFormat(t.sheet, t.rect, "fontSize"),
    };
  }
  get bold(): boolean | null {
    return this._get("bold");
  }
  set bold(v: boolean | null) {
    this._paint("bold", v, { bold: Boolean(v) });
  }
  get italic(): boolean | null {
    return this._get("italic");
  }
  set italic(v: boolean | null) {
    this._paint("italic", v, { italic: Boolean(v) });
  }
  get color(): string | null {
    return this._get("color");
  }
  set color(v: string | null) {
    this._set("color", v, (t, run) => {
      const color = normalizeColor(String(v));
      this._m.assertAllowed(t.sheet, "allowFormatCells");
      this._m.paintFormat(t.sheet, t.rect, { fontColor: color });
      run.mutated = true;
      this.context._app.recordWrite(t.sheet, t.rect, "format", rectCells(t.rect));
      run.notes.push(formatNote(t, this._m));
    });
  }
  get name(): string | null {
    return this._get("name");
  }
  set name(v: string | null) {
    this._paint("name", v, { fontName: String(v) });
  }
  get size(): number | null {
    return this._get("size");
  }
  set size(v: number | null) {
    this._paint("size", v, { fontSize: Number(v) });
  }
}

export class FakeFormatProtection extends RangePart {
  constructor(ctx: FakeRequestContext, parent: FakeRangeFormat) {
    super(ctx, "FormatProtection", parent);
  }
  protected _readers(): PropReaders<RangeTarget> {
    const m = this._m;
    return { locked: (t) => m.rectFormat(t.sheet, t.rect, "locked"), formulaHidden: () => false };
  }
  get locked(): boolean | null {
    return this._get("locked");
  }
  set locked(v: boolean | null) {
    this._set("locked", v, (t, run) => {
      // Changing lock state is itself blocked on a protected sheet.
      if (t.sheet.protection.protected) throw officeError(ErrorCodes.accessDenied, "The sheet is protected.");
      this._m.paintFormat(t.sheet, t.rect, { locked: Boolean(v) });
      run.mutated = true;
      this.context._app.recordWrite(t.sheet, t.rect, "format", rectCells(t.rect));
      run.notes.push(formatNote(t, this._m));
    });
  }
}

const RULE_TYPES: Record<string, string> = {
  wholeNumber: "WholeNumber",
  decimal: "Decimal",
  list: "List",
  date: "Date",
  time: "Time",
  textLength: "TextLength",
  custom: "Custom",
};

export class FakeDataValidation extends RangePart {
  constructor(ctx: FakeRequestContext, parent: FakeRange) {
    super(ctx, "DataValidation", parent);
  }
  protected _readers(): PropReaders<RangeTarget> {
    const m = this._m;
    return {
      type: (t) => m.rectValidation(t.sheet, t.rect).type,
      rule: (t) => structuredClone(m.rectValidation(t.sheet, t.rect).layer?.rule ?? {}),
      ignoreBlanks: (t) => m.rectValidation(t.sheet, t.rect).layer?.ignoreBlanks ?? true,
      prompt: (t) => structuredClone(m.rectValidation(t.sheet, t.rect).layer?.prompt ?? { showPrompt: false, title: "", message: "" }),
      errorAlert: (t) =>
        structuredClone(m.rectValidation(t.sheet, t.rect).layer?.errorAlert ?? { showAlert: true, style: "Stop", title: "", message: "" }),
    };
  }
  get type(): string {
    return this._get("type");
  }
  get rule(): Record<string, unknown> {
    return this._get("rule");
  }
  set rule(v: Record<string, unknown>) {
    this._set("rule", v, (t, run) => {
      const keys = Object.keys(v ?? {}).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
      if (keys.length !== 1 || !RULE_TYPES[keys[0]!]) throw officeError(ErrorCodes.invalidArgument, "A data validation rule needs exactly one criteria type.");
      if (t.sheet.protection.protected) throw officeError(ErrorCodes.accessDenied, "The sheet is protected.");
      const existing = this._m.rectValidation(t.sheet, t.rect).layer;
      this._m.setValidation(t.sheet, t.rect, {
        rule: structuredClone(v),
        type: RULE_TYPES[keys[0]!]!,
        ignoreBlanks: existing?.ignoreBlanks ?? true,
        prompt: existing?.prompt,
        errorAlert: existing?.errorAlert,
      });
      run.mutated = true;
      this.context._app.recordWrite(t.sheet, t.rect, "dataValidation", rectCells(t.rect));
    });
  }
  get ignoreBlanks(): boolean {
    return this._get("ignoreBlanks");
  }
  set ignoreBlanks(v: boolean) {
    this._set("ignoreBlanks", v, (t) => this._updateLayer(t, { ignoreBlanks: v }));
  }
  get prompt(): unknown {
    return this._get("prompt");
  }
  set prompt(v: unknown) {
    this._set("prompt", v, (t) => this._updateLayer(t, { prompt: structuredClone(v) }));
  }
  get errorAlert(): unknown {
    return this._get("errorAlert");
  }
  set errorAlert(v: unknown) {
    this._set("errorAlert", v, (t) => this._updateLayer(t, { errorAlert: structuredClone(v) }));
  }
  private _updateLayer(t: RangeTarget, patch: Record<string, unknown>): void {
    const cur = this._m.rectValidation(t.sheet, t.rect).layer;
    if (!cur) {
      // Excel keeps these settings for a later rule; an empty layer stores them.
      this._m.setValidation(t.sheet, t.rect, { rule: null, type: "None", ignoreBlanks: true, ...patch });
      return;
    }
    this._m.setValidation(t.sheet, t.rect, { ...cur, ...patch });
  }
  clear(): void {
    this._call((t, run) => {
      if (t.sheet.protection.protected) throw officeError(ErrorCodes.accessDenied, "The sheet is protected.");
      this._m.setValidation(t.sheet, t.rect, { rule: null, type: "None", ignoreBlanks: true });
      run.mutated = true;
      this.context._app.recordWrite(t.sheet, t.rect, "dataValidation", rectCells(t.rect));
    });
  }
}

// ------------------------------------------------------------------------------------------------
// Defined names
// ------------------------------------------------------------------------------------------------

interface NameScope {
  model: WorkbookModel;
  sheet: SheetModel | null;
}

function nameReaders(m: WorkbookModel): PropReaders<NameModel> {
  return {
    name: (n) => n.name,
    type: (n) => m.nameInfo(n).type,
    value: (n) => m.nameInfo(n).value,
    formula: (n) => m.nameInfo(n).formula,
    visible: (n) => n.visible,
    comment: (n) => n.comment,
    scope: (n) => (n.scopeSheetId === null ? "Workbook" : "Worksheet"),
  };
}

export class FakeNamedItemCollection extends FakeClientObject<NameScope> {
  constructor(ctx: FakeRequestContext, parent: FakeClientObject<unknown>, scope: "sheet" | null) {
    super(ctx, "NamedItemCollection", parent, (p) => ({ model: ctx._model, sheet: scope === "sheet" ? (p as SheetModel) : null }));
  }
  protected override _alive(t: NameScope): boolean {
    return !t.sheet || !t.sheet.deleted;
  }
  private _list(t: NameScope): NameModel[] {
    const sid = t.sheet?.id ?? null;
    return t.model.names.filter((n) => !n.deleted && n.scopeSheetId === sid);
  }
  protected _readers(): PropReaders<NameScope> {
    return { items: (t) => this._list(t).map((n) => this._item(n)) };
  }
  private _item(n: NameModel, props?: string[]): FakeNamedItem {
    const item = new FakeNamedItem(this.context, this, () => n, n);
    const readers = nameReaders(this.context._model);
    for (const p of props ?? Object.keys(readers)) item._loaded[p] = readers[p]!(n, new SyncRun());
    return item;
  }
  override _queueLoad(tree: LoadTree): void {
    queueCollectionLoad(this, tree, nameReaders(this.context._model), (n, props) => this._item(n, props), (t) => this._list(t));
  }
  get items(): FakeNamedItem[] {
    return this._get("items");
  }
  add(name: string, reference: FakeRange | string, comment?: string): FakeNamedItem {
    this.context._requireApi("1.4", "NamedItemCollection.add");
    checkSameContext(this.context, reference);
    let created: NameModel | null = null;
    const item = new FakeNamedItem(this.context, this, () => created);
    const inst = this.context._queue.pop()!;
    this._call((t, run) => {
      let text: string;
      if (reference instanceof FakeRange) {
        const r = reference._require();
        text = "=" + formatAddress(r.sheet.name, r.rect, true);
      } else if (typeof reference === "string") text = reference;
      else throw officeError(ErrorCodes.invalidArgument, "reference must be a Range or a formula string");
      created = t.model.addName(name, text, t.sheet?.id ?? null, comment ?? "");
      run.mutated = true;
    });
    this.context._queue.push(inst);
    return item;
  }
  addFormulaLocal(name: string, formula: string, comment?: string): FakeNamedItem {
    return this.add(name, formula, comment);
  }
  getItem(name: string): FakeNamedItem {
    return new FakeNamedItem(this.context, this, (p) => this._find(p as NameScope, name));
  }
  getItemOrNullObject(name: string): FakeNamedItem {
    this.context._requireApi("1.4", "NamedItemCollection.getItemOrNullObject");
    return new FakeNamedItem(this.context, this, (p) => this._find(p as NameScope, name), true);
  }
  getCount(): FakeClientResult<number> {
    this.context._requireApi("1.4", "NamedItemCollection.getCount");
    return queueResult(this, (t) => this._list(t).length);
  }
  private _find(t: NameScope, name: string): NameModel | null {
    const low = String(name).toLowerCase();
    return this._list(t).find((n) => n.name.toLowerCase() === low) ?? null;
  }
}

export class FakeNamedItem extends FakeClientObject<NameModel> {
  constructor(ctx: FakeRequestContext, parent: FakeClientObject<unknown>, resolver: (p: unknown) => NameModel | null, orNullOrPre?: boolean | NameModel) {
    super(ctx, "NamedItem", parent, resolver, typeof orNullOrPre === "object" ? { preResolved: orNullOrPre } : { orNull: orNullOrPre === true });
  }
  protected _readers(): PropReaders<NameModel> {
    return nameReaders(this.context._model);
  }
  protected override _alive(t: NameModel): boolean {
    return !t.deleted;
  }
  get name(): string {
    return this._get("name");
  }
  get type(): string {
    return this._get("type");
  }
  get value(): unknown {
    return this._get("value");
  }
  get formula(): string {
    return this._get("formula");
  }
  set formula(v: string) {
    this.context._requireApi("1.7", "NamedItem.formula");
    this._set("formula", v, (n, run) => {
      n.formula = this.context._model.parse(v.startsWith("=") ? v : "=" + v);
      this.context._model.invalidate();
      run.mutated = true;
    });
  }
  get visible(): boolean {
    return this._get("visible");
  }
  set visible(v: boolean) {
    this._set("visible", v, (n) => {
      n.visible = Boolean(v);
    });
  }
  get comment(): string {
    return this._get("comment");
  }
  set comment(v: string) {
    this._set("comment", v, (n) => {
      n.comment = String(v);
    });
  }
  get scope(): string {
    return this._get("scope");
  }
  getRange(): FakeRange {
    return this._range(false);
  }
  getRangeOrNullObject(): FakeRange {
    this.context._requireApi("1.4", "NamedItem.getRangeOrNullObject");
    return this._range(true);
  }
  private _range(orNull: boolean): FakeRange {
    return new FakeRange(
      this.context,
      this,
      (p) => {
        const info = this.context._model.nameInfo(p as NameModel);
        if (info.range) return { sheet: info.range.sheet, rect: info.range.rect };
        if (orNull) return null;
        throw officeError(ErrorCodes.invalidArgument, `The named item ${(p as NameModel).name} is not a range.`);
      },
      orNull,
    );
  }
  delete(): void {
    this.context._requireApi("1.4", "NamedItem.delete");
    this._call((n, run) => {
      this.context._model.deleteName(n);
      run.mutated = true;
    });
  }
}

// ------------------------------------------------------------------------------------------------
// Tables
// ------------------------------------------------------------------------------------------------

interface TableScope {
  model: WorkbookModel;
  sheet: SheetModel | null;
}

function tableReaders(): PropReaders<TableModel> {
  return {
    id: (t) => t.id,
    name: (t) => t.name,
    showHeaders: (t) => t.showHeaders,
    showTotals: (t) => t.showTotals,
    style: () => "TableStyleMedium2",
  };
}

export class FakeTableCollection extends FakeClientObject<TableScope> {
  constructor(ctx: FakeRequestContext, parent: FakeClientObject<unknown>, scope: "sheet" | null) {
    super(ctx, "TableCollection", parent, (p) => ({ model: ctx._model, sheet: scope === "sheet" ? (p as SheetModel) : null }));
  }
  protected override _alive(t: TableScope): boolean {
    return !t.sheet || !t.sheet.deleted;
  }
  private _list(t: TableScope): TableModel[] {
    return t.model.tables.filter((x) => !x.deleted && (!t.sheet || x.sheetId === t.sheet.id));
  }
  protected _readers(): PropReaders<TableScope> {
    return { count: (t) => this._list(t).length, items: (t) => this._list(t).map((x) => this._item(x)) };
  }
  private _item(x: TableModel, props?: string[]): FakeTable {
    const item = new FakeTable(this.context, this, () => x, x);
    const readers = tableReaders();
    for (const p of props ?? Object.keys(readers)) item._loaded[p] = readers[p]!(x, new SyncRun());
    return item;
  }
  override _queueLoad(tree: LoadTree): void {
    const readers = this._readers();
    queueCollectionLoad(this, tree, tableReaders(), (x, props) => this._item(x, props), (t) => this._list(t), { count: readers.count! });
  }
  get items(): FakeTable[] {
    return this._get("items");
  }
  get count(): number {
    return this._get("count");
  }
  add(address: FakeRange | string, hasHeaders: boolean): FakeTable {
    checkSameContext(this.context, address);
    let created: TableModel | null = null;
    const table = new FakeTable(this.context, this, () => created);
    const inst = this.context._queue.pop()!;
    this._call((scope, run) => {
      const m = scope.model;
      let sheet: SheetModel;
      let rect: Rect;
      if (address instanceof FakeRange) {
        const r = address._require();
        sheet = r.sheet;
        rect = r.rect;
      } else {
        const parsed = parseA1(String(address));
        if (!parsed) throw officeError(ErrorCodes.invalidArgument, `Invalid table address ${String(address)}`);
        const byPrefix = parsed.sheet !== undefined ? m.sheetByName(parsed.sheet) : undefined;
        if (parsed.sheet !== undefined && !byPrefix) throw officeError(ErrorCodes.itemNotFound, `Worksheet ${parsed.sheet} not found`);
        // Without a sheet in the address, workbook.tables.add uses the active sheet.
        const s = scope.sheet ?? byPrefix ?? (m.activeSheetId ? m.sheetById(m.activeSheetId) : undefined);
        if (!s) throw officeError(ErrorCodes.itemNotFound, "No worksheet for the table");
        if (scope.sheet && byPrefix && byPrefix !== scope.sheet) throw officeError(ErrorCodes.invalidArgument, "The address is on another worksheet");
        sheet = s;
        rect = parsed.rect;
      }
      if (scope.sheet && sheet !== scope.sheet) throw officeError(ErrorCodes.invalidArgument, "The range is on another worksheet");
      if (isEntireColumns(rect) || isEntireRows(rect)) throw officeError(ErrorCodes.invalidArgument, "Tables can't span entire rows or columns in the fake");
      created = m.addTable(sheet, rect, hasHeaders);
      run.mutated = true;
      this.context._app.recordWrite(sheet, created.rect, "format", rectCells(created.rect));
    });
    this.context._queue.push(inst);
    return table;
  }
  getItem(key: string): FakeTable {
    return new FakeTable(this.context, this, (p) => this._find(p as TableScope, key));
  }
  getItemOrNullObject(key: string): FakeTable {
    this.context._requireApi("1.4", "TableCollection.getItemOrNullObject");
    return new FakeTable(this.context, this, (p) => this._find(p as TableScope, key), true);
  }
  getItemAt(index: number): FakeTable {
    return new FakeTable(this.context, this, (p) => this._list(p as TableScope)[index] ?? null);
  }
  getCount(): FakeClientResult<number> {
    this.context._requireApi("1.4", "TableCollection.getCount");
    return queueResult(this, (t) => this._list(t).length);
  }
  private _find(t: TableScope, key: string): TableModel | null {
    const low = String(key).toLowerCase();
    return this._list(t).find((x) => x.id === key || x.name.toLowerCase() === low) ?? null;
  }
}

export class FakeTable extends FakeClientObject<TableModel> {
  constructor(ctx: FakeRequestContext, parent: FakeClientObject<unknown>, resolver: (p: unknown) => TableModel | null, orNullOrPre?: boolean | TableModel) {
    super(ctx, "Table", parent, resolver, typeof orNullOrPre === "object" ? { preResolved: orNullOrPre } : { orNull: orNullOrPre === true });
  }
  protected _readers(): PropReaders<TableModel> {
    return tableReaders();
  }
  protected override _alive(t: TableModel): boolean {
    return !t.deleted;
  }
  protected override _navigation(): Record<string, () => FakeClientObject<unknown>> {
    return { rows: () => this.rows, columns: () => this.columns, worksheet: () => this.worksheet, sort: () => this.sort };
  }
  get id(): string {
    return this._get("id");
  }
  get name(): string {
    return this._get("name");
  }
  set name(v: string) {
    this._set("name", v, (t, run) => {
      this.context._model.renameTable(t, v);
      run.mutated = true;
    });
  }
  get showHeaders(): boolean {
    return this._get("showHeaders");
  }
  get showTotals(): boolean {
    return this._get("showTotals");
  }
  get style(): string {
    return this._get("style");
  }
  set style(v: string) {
    this._set("style", v, () => undefined);
  }
  get rows(): FakeTableRowCollection {
    return this._nav("rows", () => new FakeTableRowCollection(this.context, this));
  }
  get columns(): FakeTableColumnCollection {
    return this._nav("columns", () => new FakeTableColumnCollection(this.context, this));
  }
  get worksheet(): FakeWorksheet {
    this.context._requireApi("1.2", "Table.worksheet");
    return this._nav("worksheet", () => new FakeWorksheet(this.context, this, (p) => this.context._model.sheetById((p as TableModel).sheetId) ?? null));
  }
  private _part(f: (t: TableModel) => Rect | null, what: string): FakeRange {
    return new FakeRange(this.context, this, (p) => {
      const t = p as TableModel;
      const rect = f(t);
      if (!rect) throw officeError(ErrorCodes.itemNotFound, `The table has no ${what}.`);
      return { sheet: this.context._model.sheetById(t.sheetId)!, rect };
    });
  }
  getRange(): FakeRange {
    return this._part((t) => ({ ...t.rect }), "range");
  }
  getHeaderRowRange(): FakeRange {
    return this._part((t) => (t.showHeaders ? { ...t.rect, r1: t.rect.r0 } : null), "header row");
  }
  getDataBodyRange(): FakeRange {
    return this._part((t) => this.context._model.tableDataRect(t), "data body");
  }
  getTotalRowRange(): FakeRange {
    return this._part((t) => (t.showTotals ? { ...t.rect, r0: t.rect.r1 } : null), "total row");
  }
  get sort(): FakeTableSort {
    this.context._requireApi("1.2", "Table.sort");
    return this._nav("sort", () => new FakeTableSort(this.context, this));
  }
  /** Resizes the table to the new range (ExcelApi 1.13); refused on a protected sheet whatever the options. */
  resize(newRange: FakeRange | string): void {
    this.context._requireApi("1.13", "Table.resize");
    checkSameContext(this.context, newRange);
    this._call((t, run) => {
      const m = this.context._model;
      const sheet = m.sheetById(t.sheetId)!;
      let target: { sheet: SheetModel; rect: Rect };
      if (newRange instanceof FakeRange) target = newRange._require();
      else {
        const parsed = parseA1(String(newRange));
        if (!parsed) throw officeError(ErrorCodes.invalidArgument, `Invalid address ${String(newRange)}`);
        const on = parsed.sheet !== undefined ? m.sheetByName(parsed.sheet) : sheet;
        if (!on) throw officeError(ErrorCodes.itemNotFound, `Worksheet ${String(parsed.sheet)} not found`);
        target = { sheet: on, rect: parsed.rect };
      }
      const before = { ...t.rect };
      m.resizeTable(t, target.sheet, target.rect);
      run.mutated = true;
      const both = { r0: before.r0, c0: Math.min(before.c0, t.rect.c0), r1: Math.max(before.r1, t.rect.r1), c1: Math.max(before.c1, t.rect.c1) };
      this.context._app.recordWrite(sheet, both, "format", rectCells(both));
    });
  }
  delete(): void {
    this._call((t, run) => {
      const sheet = this.context._model.sheetById(t.sheetId)!;
      this.context._model.assertCellsEditable(sheet, t.rect);
      const rect = { ...t.rect };
      this.context._model.deleteTable(t);
      run.mutated = true;
      this.context._app.recordWrite(sheet, rect, "clear", rectCells(rect));
      run.notes.push({ sheetId: sheet.id, rect, changeType: "RangeEdited" });
    });
  }
  convertToRange(): FakeRange {
    this.context._requireApi("1.2", "Table.convertToRange");
    const r = this.getRange();
    this._call((t, run) => {
      t.deleted = true;
      this.context._model.tables = this.context._model.tables.filter((x) => x !== t);
      this.context._model.invalidate();
      run.mutated = true;
    });
    return r;
  }
}

/** Table.sort (ExcelApi 1.2): apply, clear and reapply; every one refused on a protected sheet. */
export class FakeTableSort extends FakeClientObject<TableModel> {
  constructor(ctx: FakeRequestContext, parent: FakeTable) {
    super(ctx, "TableSort", parent, (p) => p as TableModel);
  }
  protected override _alive(t: TableModel): boolean {
    return !t.deleted;
  }
  protected _readers(): PropReaders<TableModel> {
    return {
      fields: (t) => structuredClone(t.sort?.fields ?? []),
      matchCase: (t) => t.sort?.matchCase ?? false,
      method: () => "PinYin",
    };
  }
  get fields(): TableSortField[] {
    return this._get("fields");
  }
  get matchCase(): boolean {
    return this._get("matchCase");
  }
  apply(fields: TableSortField[], matchCase = false, _method?: string): void {
    const copy = fields.map((f) => ({ key: f.key, ascending: f.ascending }));
    this._call((t, run) => this._sort(t, run, copy, matchCase));
  }
  reapply(): void {
    this._call((t, run) => {
      if (!t.sort) return;
      this._sort(t, run, t.sort.fields, t.sort.matchCase);
    });
  }
  clear(): void {
    this._call((t) => {
      this.context._model.assertAllowed(this.context._model.sheetById(t.sheetId)!, "__tables");
      delete t.sort;
    });
  }
  private _sort(t: TableModel, run: SyncRun, fields: readonly TableSortField[], matchCase: boolean): void {
    const m = this.context._model;
    const rect = m.sortTable(t, fields, matchCase);
    if (!rect) return;
    const sheet = m.sheetById(t.sheetId)!;
    run.mutated = true;
    this.context._app.recordWrite(sheet, rect, "values", rectCells(rect));
    run.notes.push({ sheetId: sheet.id, rect, changeType: "RangeEdited" });
  }
}

interface RowRef {
  table: TableModel;
  index: number;
}

export class FakeTableRowCollection extends FakeClientObject<TableModel> {
  constructor(ctx: FakeRequestContext, parent: FakeTable) {
    super(ctx, "TableRowCollection", parent, (p) => p as TableModel);
  }
  protected override _alive(t: TableModel): boolean {
    return !t.deleted;
  }
  private _count(t: TableModel): number {
    const d = this.context._model.tableDataRect(t);
    return d ? d.r1 - d.r0 + 1 : 0;
  }
  protected _readers(): PropReaders<TableModel> {
    return { count: (t) => this._count(t) };
  }
  private _rowReaders(): PropReaders<RowRef> {
    const m = this.context._model;
    return {
      index: (r) => r.index,
      values: (r) => {
        const d = m.tableDataRect(r.table)!;
        const sheet = m.sheetById(r.table.sheetId)!;
        const row = d.r0 + r.index;
        return [Array.from({ length: d.c1 - d.c0 + 1 }, (_, j) => toApiValue(m.cell(sheet.id, row, d.c0 + j)))];
      },
    };
  }
  private _item(r: RowRef, props?: string[]): FakeTableRow {
    const item = new FakeTableRow(this.context, this, () => r, r);
    const readers = this._rowReaders();
    for (const p of props ?? Object.keys(readers)) item._loaded[p] = readers[p]!(r, new SyncRun());
    return item;
  }
  override _queueLoad(tree: LoadTree): void {
    queueCollectionLoad(
      this,
      tree,
      this._rowReaders(),
      (r, props) => this._item(r, props),
      (t) => Array.from({ length: this._count(t) }, (_, i) => ({ table: t, index: i })),
      this._readers(),
    );
  }
  get count(): number {
    return this._get("count");
  }
  get items(): FakeTableRow[] {
    return this._get("items");
  }
  getCount(): FakeClientResult<number> {
    this.context._requireApi("1.4", "TableRowCollection.getCount");
    return queueResult(this, (t) => this._count(t));
  }
  getItemAt(index: number): FakeTableRow {
    return new FakeTableRow(this.context, this, (p) => (index >= 0 && index < this._count(p as TableModel) ? { table: p as TableModel, index } : null));
  }
  /** Adds rows (shifting cells below the table down within its columns) and returns the new row. */
  add(index?: number | null, values?: unknown[][] | unknown[], alwaysInsert?: boolean): FakeTableRow {
    if (alwaysInsert !== undefined) this.context._requireApi("1.15", "TableRowCollection.add(alwaysInsert)");
    let created: RowRef | null = null;
    const row = new FakeTableRow(this.context, this, () => created);
    const inst = this.context._queue.pop()!;
    this._call((t, run) => {
      const m = this.context._model;
      const sheet = m.sheetById(t.sheetId)!;
      const rows = values === undefined ? undefined : Array.isArray(values[0]) ? (values as unknown[][]) : [values as unknown[]];
      const rect = m.addTableRows(t, index, rows);
      created = { table: t, index: rect.r0 - m.tableDataRect(t)!.r0 };
      run.mutated = true;
      this.context._app.recordWrite(sheet, rect, "insert", rectCells(rect));
      run.notes.push({ sheetId: sheet.id, rect, changeType: "CellInserted" });
      if (rows) {
        this.context._app.recordWrite(sheet, rect, "values", rectCells(rect));
        run.notes.push({ sheetId: sheet.id, rect, changeType: "RangeEdited" });
      }
    });
    this.context._queue.push(inst);
    return row;
  }
}

export class FakeTableRow extends FakeClientObject<RowRef> {
  constructor(ctx: FakeRequestContext, parent: FakeClientObject<unknown>, resolver: (p: unknown) => RowRef | null, pre?: RowRef) {
    super(ctx, "TableRow", parent, resolver, pre ? { preResolved: pre } : {});
  }
  protected override _alive(r: RowRef): boolean {
    return !r.table.deleted;
  }
  protected _readers(): PropReaders<RowRef> {
    const m = this.context._model;
    return {
      index: (r) => r.index,
      values: (r) => {
        const d = m.tableDataRect(r.table)!;
        return [Array.from({ length: d.c1 - d.c0 + 1 }, (_, j) => toApiValue(m.cell(r.table.sheetId, d.r0 + r.index, d.c0 + j)))];
      },
    };
  }
  get index(): number {
    return this._get("index");
  }
  get values(): unknown[][] {
    return this._get("values");
  }
  set values(v: unknown[][]) {
    this._set("values", v, (r, run) => {
      const m = this.context._model;
      const d = m.tableDataRect(r.table)!;
      const rect = { r0: d.r0 + r.index, r1: d.r0 + r.index, c0: d.c0, c1: d.c1 };
      const sheet = m.sheetById(r.table.sheetId)!;
      const get = shapeInput(v, rect, "values");
      m.assertCellsEditable(sheet, rect);
      let n = 0;
      for (let c = rect.c0; c <= rect.c1; c++) if (m.setCell(sheet, rect.r0, c, get(rect.r0, c))) n++;
      run.mutated = true;
      this.context._app.recordWrite(sheet, rect, "values", n);
      run.notes.push({ sheetId: sheet.id, rect, changeType: "RangeEdited" });
    });
  }
  getRange(): FakeRange {
    return new FakeRange(this.context, this, (p) => {
      const r = p as RowRef;
      const m = this.context._model;
      const d = m.tableDataRect(r.table)!;
      return { sheet: m.sheetById(r.table.sheetId)!, rect: { r0: d.r0 + r.index, r1: d.r0 + r.index, c0: d.c0, c1: d.c1 } };
    });
  }
  delete(): void {
    this._call((r, run) => {
      const m = this.context._model;
      const d = m.tableDataRect(r.table)!;
      const sheet = m.sheetById(r.table.sheetId)!;
      // Table rows cannot be deleted on a protected sheet whatever the options (the safe path, as for
      // insertion: see WorkbookModel.addTableRows; docs/excel-probes.md probe 5).
      m.assertAllowed(sheet, "__tables");
      if (d.r1 === d.r0) {
        // Excel keeps one (emptied) data row rather than removing the last one.
        m.clearCells(sheet, d, "Contents");
      } else {
        m.shiftRows({ sheetId: sheet.id, c0: d.c0, c1: d.c1, kind: "delete", row: d.r0 + r.index, count: 1 });
      }
      const rect = { r0: d.r0 + r.index, r1: d.r0 + r.index, c0: d.c0, c1: d.c1 };
      run.mutated = true;
      this.context._app.recordWrite(sheet, rect, "delete", rectCells(rect));
      run.notes.push({ sheetId: sheet.id, rect, changeType: "CellDeleted" });
    });
  }
}

interface ColumnRef {
  table: TableModel;
  index: number;
}

export class FakeTableColumnCollection extends FakeClientObject<TableModel> {
  constructor(ctx: FakeRequestContext, parent: FakeTable) {
    super(ctx, "TableColumnCollection", parent, (p) => p as TableModel);
  }
  protected override _alive(t: TableModel): boolean {
    return !t.deleted;
  }
  protected _readers(): PropReaders<TableModel> {
    return { count: (t) => t.rect.c1 - t.rect.c0 + 1 };
  }
  private _item(c: ColumnRef, props?: string[]): FakeTableColumn {
    const item = new FakeTableColumn(this.context, this, () => c, c);
    const readers = columnReaders(this.context._model);
    for (const p of props ?? Object.keys(readers)) item._loaded[p] = readers[p]!(c, new SyncRun());
    return item;
  }
  override _queueLoad(tree: LoadTree): void {
    queueCollectionLoad(
      this,
      tree,
      columnReaders(this.context._model),
      (c, props) => this._item(c, props),
      (t) => Array.from({ length: t.rect.c1 - t.rect.c0 + 1 }, (_, i) => ({ table: t, index: i })),
      this._readers(),
    );
  }
  get count(): number {
    return this._get("count");
  }
  get items(): FakeTableColumn[] {
    return this._get("items");
  }
  getCount(): FakeClientResult<number> {
    this.context._requireApi("1.4", "TableColumnCollection.getCount");
    return queueResult(this, (t) => t.rect.c1 - t.rect.c0 + 1);
  }
  private _find(t: TableModel, key: string | number): ColumnRef | null {
    const names = this.context._model.tableColumnNames(t);
    const byId = typeof key === "number" || /^\d+$/.test(String(key)) ? Number(key) - 1 : -1;
    const idx = byId >= 0 && byId < names.length ? byId : names.findIndex((n) => n.toLowerCase() === String(key).toLowerCase());
    return idx >= 0 ? { table: t, index: idx } : null;
  }
  getItem(key: string | number): FakeTableColumn {
    return new FakeTableColumn(this.context, this, (p) => this._find(p as TableModel, key));
  }
  getItemOrNullObject(key: string | number): FakeTableColumn {
    this.context._requireApi("1.4", "TableColumnCollection.getItemOrNullObject");
    return new FakeTableColumn(this.context, this, (p) => this._find(p as TableModel, key), true);
  }
  getItemAt(index: number): FakeTableColumn {
    return new FakeTableColumn(this.context, this, (p) => {
      const t = p as TableModel;
      return index >= 0 && index <= t.rect.c1 - t.rect.c0 ? { table: t, index } : null;
    });
  }
}

function columnReaders(m: WorkbookModel): PropReaders<ColumnRef> {
  return {
    id: (c) => c.index + 1,
    index: (c) => c.index,
    name: (c) => m.tableColumnNames(c.table)[c.index] ?? "",
    values: (c) => {
      const col = c.table.rect.c0 + c.index;
      return matrix({ r0: c.table.rect.r0, r1: c.table.rect.r1, c0: col, c1: col }, (r, cc) => toApiValue(m.cell(c.table.sheetId, r, cc)));
    },
  };
}

export class FakeTableColumn extends FakeClientObject<ColumnRef> {
  constructor(ctx: FakeRequestContext, parent: FakeClientObject<unknown>, resolver: (p: unknown) => ColumnRef | null, orNullOrPre?: boolean | ColumnRef) {
    super(ctx, "TableColumn", parent, resolver, typeof orNullOrPre === "object" ? { preResolved: orNullOrPre } : { orNull: orNullOrPre === true });
  }
  protected override _alive(c: ColumnRef): boolean {
    return !c.table.deleted;
  }
  protected _readers(): PropReaders<ColumnRef> {
    return columnReaders(this.context._model);
  }
  get id(): number {
    return this._get("id");
  }
  get index(): number {
    return this._get("index");
  }
  get name(): string {
    return this._get("name");
  }
  set name(v: string) {
    this._set("name", v, (c, run) => {
      const m = this.context._model;
      const sheet = m.sheetById(c.table.sheetId)!;
      m.setCellLiteral(sheet, c.table.rect.r0, c.table.rect.c0 + c.index, v);
      run.mutated = true;
    });
  }
  get values(): unknown[][] {
    return this._get("values");
  }
  private _range(f: (t: TableModel, col: number) => Rect | null): FakeRange {
    return new FakeRange(this.context, this, (p) => {
      const c = p as ColumnRef;
      const col = c.table.rect.c0 + c.index;
      const rect = f(c.table, col);
      if (!rect) throw officeError(ErrorCodes.itemNotFound, "The table column has no such part.");
      return { sheet: this.context._model.sheetById(c.table.sheetId)!, rect };
    });
  }
  getRange(): FakeRange {
    return this._range((t, col) => ({ r0: t.rect.r0, r1: t.rect.r1, c0: col, c1: col }));
  }
  getDataBodyRange(): FakeRange {
    return this._range((t, col) => {
      const d = this.context._model.tableDataRect(t);
      return d ? { r0: d.r0, r1: d.r1, c0: col, c1: col } : null;
    });
  }
  getHeaderRowRange(): FakeRange {
    return this._range((t, col) => (t.showHeaders ? { r0: t.rect.r0, r1: t.rect.r0, c0: col, c1: col } : null));
  }
}

export { formatRect };
