import { compile, ExcelError, type Compiled, type EvalContext, type Expr, type Value } from "./expr";
import { INDICATOR_COLUMNS } from "./fields";
import { ROW_SPECS, SCALAR_SPECS } from "./formulas";

/**
 * Evaluates the formula definitions over cell values, lazily and memoized: each figure is computed
 * at most once per evaluation, in whatever order dependencies demand. After an edit (setRow,
 * setScalar) only what depends on the edited cell is forgotten and recomputed on demand: the edited
 * row, the aggregates over its columns and what reads them, as a spreadsheet recalculates.
 */

/** Every column a row can hold, by position: rows memoize into arrays, not maps (hot path). */
const ROW_COLUMNS = [...new Set([...INDICATOR_COLUMNS.map((c) => c.id), ...ROW_SPECS.map((s) => s.id)])];
const COLUMN_INDEX = new Map(ROW_COLUMNS.map((id, i) => [id, i]));
const COMPILED_BY_INDEX: Array<Compiled | undefined> = ROW_COLUMNS.map((id) => {
  const spec = ROW_SPECS.find((s) => s.id === id);
  return spec ? compile(spec.expr, COLUMN_INDEX) : undefined;
});
const UNSET = Symbol("unset");

const COMPILED_SCALARS = new Map<string, Compiled>(SCALAR_SPECS.map((s) => [s.id, compile(s.expr)]));

// ---- dependencies, for recomputation after an edit -------------------------------------------------

/** What an expression reads: cells of the current row, whole columns, scalars. */
interface Reads {
  cells: Set<string>;
  columns: Set<string>;
  refs: Set<string>;
}

function readsOf(expr: Expr, into: Reads = { cells: new Set(), columns: new Set(), refs: new Set() }): Reads {
  switch (expr.k) {
    case "ref":
      into.refs.add(expr.id);
      break;
    case "col":
      into.cells.add(expr.id);
      break;
    case "op":
      readsOf(expr.a, into);
      readsOf(expr.b, into);
      break;
    case "fn":
      for (const a of expr.args) readsOf(a, into);
      break;
    case "sumif":
      into.columns.add(expr.criteria);
      into.columns.add(expr.sum);
      readsOf(expr.equals, into);
      break;
    case "sum":
      into.columns.add(expr.col);
      break;
    case "countRows":
      for (const c of expr.where) {
        into.columns.add(c.col);
        if ("col" in c.than) into.columns.add(c.than.col);
      }
      break;
    default:
      break;
  }
  return into;
}

/** Who reads what, reversed: from a changed cell, column or scalar to the figures to recompute. */
interface Dependents {
  /** Row formula columns reading a cell of the same row. */
  cellToRowCols: Map<string, string[]>;
  /** Row formula columns reading a whole column (every row depends on it). */
  columnToRowCols: Map<string, string[]>;
  /** Row formula columns reading a scalar. */
  scalarToRowCols: Map<string, string[]>;
  /** Scalar formulas reading a whole column. */
  columnToScalars: Map<string, string[]>;
  /** Scalar formulas reading a scalar. */
  scalarToScalars: Map<string, string[]>;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Scalar formula sets in force, with their expressions (the department's; a project registers its own). */
const SCALAR_EXPRS = new WeakMap<ReadonlyMap<string, Compiled>, ReadonlyMap<string, Expr>>([
  [COMPILED_SCALARS, new Map(SCALAR_SPECS.map((s) => [s.id, s.expr]))],
]);
const DEPENDENTS = new WeakMap<ReadonlyMap<string, Compiled>, Dependents>();

/** Compiles scalar formulas so that a Computation over them can also recompute after an edit. */
export function compileScalars(specs: ReadonlyArray<{ id: string; expr: Expr }>): ReadonlyMap<string, Compiled> {
  const compiled = new Map(specs.map((s) => [s.id, compile(s.expr)]));
  SCALAR_EXPRS.set(compiled, new Map(specs.map((s) => [s.id, s.expr])));
  return compiled;
}

function dependentsOf(compiled: ReadonlyMap<string, Compiled>): Dependents {
  let d = DEPENDENTS.get(compiled);
  if (d) return d;
  const exprs = SCALAR_EXPRS.get(compiled);
  if (!exprs) throw new Error("Scalar formulas without expressions: compile them with compileScalars");
  d = { cellToRowCols: new Map(), columnToRowCols: new Map(), scalarToRowCols: new Map(), columnToScalars: new Map(), scalarToScalars: new Map() };
  for (const spec of ROW_SPECS) {
    const r = readsOf(spec.expr);
    for (const c of r.cells) push(d.cellToRowCols, c, spec.id);
    for (const c of r.columns) push(d.columnToRowCols, c, spec.id);
    for (const id of r.refs) push(d.scalarToRowCols, id, spec.id);
  }
  for (const [id, expr] of exprs) {
    const r = readsOf(expr);
    for (const c of r.columns) push(d.columnToScalars, c, id);
    for (const ref of r.refs) push(d.scalarToScalars, ref, id);
  }
  DEPENDENTS.set(compiled, d);
  return d;
}

/** Which rows an edit touched: their computed cells may have changed. */
export interface Invalidated {
  /** Every row (a column every row reads, or a scalar every row reads, changed). */
  allRows: boolean;
  rows: ReadonlySet<number>;
  scalars: ReadonlySet<string>;
}

/** A row input is a cell value, or a link to a computed scalar (a cell holding "=Rate_…"). */
export type RowCell = Value | { readonly link: string };
export type RowInputs = ReadonlyMap<string, RowCell>;

export interface CellInputs {
  /** Scalar inputs and rule parameters by id; a missing id is a blank cell. */
  scalars: ReadonlyMap<string, Value>;
  /** Rule parameters shared by many tables, read where `scalars` has no such id: project tables share them uncopied. */
  params?: ReadonlyMap<string, Value>;
  rows: readonly RowInputs[];
}

export class Computation implements EvalContext {
  private readonly scalarMemo = new Map<string, Value>();
  private readonly rowMemo: Array<Array<Value | typeof UNSET>>;
  private readonly columnMemo = new Map<string, Value[]>();
  private readonly inProgress = new Set<string>();
  private currentRow = -1;
  /** The inputs as edited: copied on the first edit only (a one-shot evaluation never copies). */
  private inputs: CellInputs;
  /** Row input cells linking to a scalar ("=Rate_…"), by scalar id: built on the first edit. */
  private links: Map<string, Array<[number, string]>> | null = null;

  /** `compiledScalars`: the scalar formulas in force (the department's by default; a project has its own). */
  constructor(
    inputs: CellInputs,
    private readonly compiledScalars: ReadonlyMap<string, Compiled> = COMPILED_SCALARS,
  ) {
    this.inputs = inputs;
    this.rowMemo = inputs.rows.map(() => new Array<Value | typeof UNSET>(ROW_COLUMNS.length).fill(UNSET));
  }

  get rowCount(): number {
    return this.inputs.rows.length;
  }

  /** The scalar input cells, as now. */
  get scalarInputs(): ReadonlyMap<string, Value> {
    return this.inputs.scalars;
  }

  /** The input cells of a row (an indicator), as now. */
  rowInputs(row: number): RowInputs {
    return this.inputs.rows[row]!;
  }

  /**
   * Replaces a row's input cells (same row count) and forgets what depends on the cells that changed.
   * Returns what was invalidated, for callers that cache per-row results.
   */
  setRow(row: number, cells: RowInputs): Invalidated {
    if (row < 0 || row >= this.inputs.rows.length) throw new RangeError(`No row ${row}`);
    const before = this.inputs.rows[row]!;
    const changed: string[] = [];
    for (const [k, v] of cells) if (!sameCell(before.get(k), v)) changed.push(k);
    for (const k of before.keys()) if (!cells.has(k)) changed.push(k);
    this.ensureLinks();
    const rows = this.inputs.rows.slice();
    rows[row] = cells;
    this.inputs = { ...this.inputs, rows };
    this.unlinkRow(row, before);
    this.linkRow(row, cells);
    return this.invalidate(changed.map((c) => [row, c]), []);
  }

  /** Sets a scalar input (a blank cell when `value` is null) and forgets what depends on it. */
  setScalar(id: string, value: Value): Invalidated {
    const before = this.inputs.scalars.get(id) ?? this.inputs.params?.get(id) ?? null;
    if (sameCell(before, value)) return { allRows: false, rows: new Set(), scalars: new Set() };
    this.ensureLinks();
    const scalars = new Map(this.inputs.scalars);
    if (value === null) scalars.delete(id);
    else scalars.set(id, value);
    this.inputs = { ...this.inputs, scalars };
    return this.invalidate([], [id]);
  }

  private ensureLinks(): void {
    if (this.links) return;
    this.links = new Map();
    this.inputs.rows.forEach((cells, row) => this.linkRow(row, cells));
  }

  private linkRow(row: number, cells: RowInputs): void {
    for (const [col, raw] of cells) {
      if (raw === null || raw === undefined || !isLink(raw)) continue;
      const list = this.links!.get(raw.link);
      if (list) list.push([row, col]);
      else this.links!.set(raw.link, [[row, col]]);
    }
  }

  private unlinkRow(row: number, cells: RowInputs): void {
    for (const raw of cells.values()) {
      if (raw === null || raw === undefined || !isLink(raw)) continue;
      const list = this.links!.get(raw.link);
      if (list) this.links!.set(raw.link, list.filter(([r]) => r !== row));
    }
  }

  /**
   * Forgets every memoized figure that depends, directly or through others, on the given row cells and
   * scalars. The dependencies are the formulas' static reads (every branch), so nothing is missed.
   */
  private invalidate(cells: Array<[number, string]>, scalarIds: string[]): Invalidated {
    const d = dependentsOf(this.compiledScalars);
    const dirtyScalars = new Set<string>();
    const allRowCols = new Set<string>();
    const rowCols = new Map<number, Set<string>>();
    const columns = new Set<string>();
    type Item = { kind: "cell"; row: number; col: string } | { kind: "all"; col: string } | { kind: "scalar"; id: string };
    const queue: Item[] = [
      ...cells.map(([row, col]): Item => ({ kind: "cell", row, col })),
      ...scalarIds.map((id): Item => ({ kind: "scalar", id })),
    ];
    const columnChanged = (col: string) => {
      if (columns.has(col)) return;
      columns.add(col);
      for (const id of d.columnToScalars.get(col) ?? []) queue.push({ kind: "scalar", id });
      for (const c of d.columnToRowCols.get(col) ?? []) queue.push({ kind: "all", col: c });
    };
    while (queue.length) {
      const item = queue.pop()!;
      if (item.kind === "scalar") {
        if (dirtyScalars.has(item.id)) continue;
        dirtyScalars.add(item.id);
        for (const id of d.scalarToScalars.get(item.id) ?? []) queue.push({ kind: "scalar", id });
        for (const c of d.scalarToRowCols.get(item.id) ?? []) queue.push({ kind: "all", col: c });
        for (const [row, col] of this.links!.get(item.id) ?? []) queue.push({ kind: "cell", row, col });
      } else if (item.kind === "all") {
        if (allRowCols.has(item.col)) continue;
        allRowCols.add(item.col);
        columnChanged(item.col);
        for (const c of d.cellToRowCols.get(item.col) ?? []) queue.push({ kind: "all", col: c });
      } else {
        if (allRowCols.has(item.col)) continue;
        let set = rowCols.get(item.row);
        if (!set) rowCols.set(item.row, (set = new Set()));
        if (set.has(item.col)) continue;
        set.add(item.col);
        columnChanged(item.col);
        for (const c of d.cellToRowCols.get(item.col) ?? []) queue.push({ kind: "cell", row: item.row, col: c });
      }
    }
    for (const id of dirtyScalars) this.scalarMemo.delete(id);
    for (const col of columns) this.columnMemo.delete(col);
    for (const col of allRowCols) {
      const index = COLUMN_INDEX.get(col);
      if (index !== undefined) for (const memo of this.rowMemo) memo[index] = UNSET;
    }
    for (const [row, set] of rowCols) {
      const memo = this.rowMemo[row]!;
      for (const col of set) {
        const index = COLUMN_INDEX.get(col);
        if (index !== undefined) memo[index] = UNSET;
      }
    }
    return { allRows: allRowCols.size > 0, rows: new Set(rowCols.keys()), scalars: dirtyScalars };
  }

  scalar(id: string): Value {
    const memo = this.scalarMemo.get(id);
    if (memo !== undefined || this.scalarMemo.has(id)) return memo ?? null;
    const f = this.compiledScalars.get(id);
    if (!f) return this.inputs.scalars.get(id) ?? this.inputs.params?.get(id) ?? null;
    if (this.inProgress.has(id)) throw new Error(`Circular formula definition at ${id}`);
    this.inProgress.add(id);
    const saved = this.currentRow;
    this.currentRow = -1;
    const v = f(this);
    this.currentRow = saved;
    this.inProgress.delete(id);
    this.scalarMemo.set(id, v);
    return v;
  }

  cell(col: string): Value {
    if (this.currentRow < 0) return new ExcelError("#REF!");
    return this.rowValue(this.currentRow, col);
  }

  column(col: string): readonly Value[] {
    let values = this.columnMemo.get(col);
    if (!values) {
      values = new Array<Value>(this.inputs.rows.length);
      const index = COLUMN_INDEX.get(col);
      for (let i = 0; i < values.length; i++) values[i] = index === undefined ? new ExcelError("#NAME?") : this.rowValueAt(i, index);
      this.columnMemo.set(col, values);
    }
    return values;
  }

  cellAt(index: number): Value {
    if (this.currentRow < 0) return new ExcelError("#REF!");
    return this.rowValueAt(this.currentRow, index);
  }

  rowValue(row: number, col: string): Value {
    const index = COLUMN_INDEX.get(col);
    if (index === undefined) return new ExcelError("#NAME?");
    return this.rowValueAt(row, index);
  }

  private rowValueAt(row: number, index: number): Value {
    const memo = this.rowMemo[row]!;
    const hit = memo[index];
    if (hit !== UNSET && hit !== undefined) return hit;
    const f = COMPILED_BY_INDEX[index];
    let v: Value;
    if (f) {
      const saved = this.currentRow;
      this.currentRow = row;
      v = f(this);
      this.currentRow = saved;
    } else {
      const raw = this.inputs.rows[row]!.get(ROW_COLUMNS[index]!);
      if (raw === undefined) v = null;
      else if (isLink(raw)) v = this.scalar(raw.link);
      else v = raw;
    }
    memo[index] = v;
    return v;
  }
}

function isLink(x: RowCell): x is { readonly link: string } {
  return typeof x === "object" && x !== null && !(x instanceof ExcelError);
}

function sameCell(a: RowCell | undefined, b: RowCell | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (a instanceof ExcelError || b instanceof ExcelError) return a instanceof ExcelError && b instanceof ExcelError && a.code === b.code;
  if (typeof a === "object" && typeof b === "object") return a.link === b.link;
  return false;
}

/** Number or null ("" and errors read as "not applicable"/"not computable"). */
export function asNumber(v: Value): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}
