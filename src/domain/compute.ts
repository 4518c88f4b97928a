import { compile, ExcelError, type Compiled, type EvalContext, type Value } from "./expr";
import { INDICATOR_COLUMNS } from "./fields";
import { ROW_SPECS, SCALAR_SPECS } from "./formulas";

/**
 * Evaluates the formula definitions over cell values, lazily and memoized: each figure is computed
 * at most once per evaluation, in whatever order dependencies demand.
 */

/** Every column a row can hold, by position: rows memoize into arrays, not maps (hot path). */
const ROW_COLUMNS = [...new Set([...INDICATOR_COLUMNS.map((c) => c.id), ...ROW_SPECS.map((s) => s.id)])];
const COLUMN_INDEX = new Map(ROW_COLUMNS.map((id, i) => [id, i]));
const COMPILED_BY_INDEX: Array<Compiled | undefined> = ROW_COLUMNS.map((id) => {
  const spec = ROW_SPECS.find((s) => s.id === id);
  return spec ? compile(spec.expr) : undefined;
});
const UNSET = Symbol("unset");

const COMPILED_SCALARS = new Map<string, Compiled>(SCALAR_SPECS.map((s) => [s.id, compile(s.expr)]));

/** A row input is a cell value, or a link to a computed scalar (a cell holding "=Rate_…"). */
export type RowCell = Value | { readonly link: string };
export type RowInputs = ReadonlyMap<string, RowCell>;

export interface CellInputs {
  /** Scalar inputs and rule parameters by id; a missing id is a blank cell. */
  scalars: ReadonlyMap<string, Value>;
  rows: readonly RowInputs[];
}

export class Computation implements EvalContext {
  private readonly scalarMemo = new Map<string, Value>();
  private readonly rowMemo: Array<Array<Value | typeof UNSET>>;
  private readonly columnMemo = new Map<string, Value[]>();
  private readonly inProgress = new Set<string>();
  private currentRow = -1;

  /** `compiledScalars`: the scalar formulas in force (the department's by default; a project has its own). */
  constructor(
    private readonly inputs: CellInputs,
    private readonly compiledScalars: ReadonlyMap<string, Compiled> = COMPILED_SCALARS,
  ) {
    this.rowMemo = inputs.rows.map(() => new Array<Value | typeof UNSET>(ROW_COLUMNS.length).fill(UNSET));
  }

  get rowCount(): number {
    return this.inputs.rows.length;
  }

  scalar(id: string): Value {
    const memo = this.scalarMemo.get(id);
    if (memo !== undefined || this.scalarMemo.has(id)) return memo ?? null;
    const f = this.compiledScalars.get(id);
    if (!f) return this.inputs.scalars.get(id) ?? null;
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
      for (let i = 0; i < values.length; i++) values[i] = this.rowValue(i, col);
      this.columnMemo.set(col, values);
    }
    return values;
  }

  rowValue(row: number, col: string): Value {
    const index = COLUMN_INDEX.get(col);
    if (index === undefined) return new ExcelError("#NAME?");
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
      const raw = this.inputs.rows[row]!.get(col);
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

/** Number or null ("" and errors read as "not applicable"/"not computable"). */
export function asNumber(v: Value): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}
