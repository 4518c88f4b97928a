import { excelRound } from "./rounding";

/**
 * One expression form for every computed figure. The same tree is compiled to a native Excel
 * formula (for the workbook, so it stays right without the add-in) and to a JavaScript closure
 * (for the engine), so the two cannot drift. Evaluation follows Excel's semantics for the subset
 * used: blank cells, text/number comparison order, errors that propagate, ROUND half away from zero.
 */

export type BinaryOp = "+" | "-" | "*" | "/" | "=" | "<>" | "<" | "<=" | ">" | ">=" | "&";
export type FunctionName = "IF" | "MIN" | "MAX" | "ROUND" | "ROUNDDOWN" | "AND" | "OR" | "NOT" | "ISNUMBER" | "N" | "ABS";

export type Expr =
  | { readonly k: "num"; readonly v: number }
  | { readonly k: "str"; readonly v: string }
  /** A scalar cell: an input field, a rule parameter or another computed scalar. */
  | { readonly k: "ref"; readonly id: string }
  /** A column of the indicator table, in the current row. */
  | { readonly k: "col"; readonly id: string }
  | { readonly k: "op"; readonly op: BinaryOp; readonly a: Expr; readonly b: Expr }
  | { readonly k: "fn"; readonly fn: FunctionName; readonly args: readonly Expr[] }
  /** SUMIF over the indicator table: sum of `sum` where `criteria` equals `equals`. */
  | { readonly k: "sumif"; readonly criteria: string; readonly equals: Expr; readonly sum: string }
  /** SUM of a whole indicator column. */
  | { readonly k: "sum"; readonly col: string }
  /** How many rows of the indicator table meet every condition (SUMPRODUCT of comparisons). */
  | { readonly k: "countRows"; readonly where: readonly RowCondition[] };

/** A comparison of a column with another column or a constant, row by row. */
export interface RowCondition {
  readonly col: string;
  readonly op: "=" | "<>" | "<" | "<=" | ">" | ">=";
  readonly than: { readonly col: string } | { readonly value: string | number };
}

// ---- builders -------------------------------------------------------------------------------

export const num = (v: number): Expr => ({ k: "num", v });
export const str = (v: string): Expr => ({ k: "str", v });
export const ref = (id: string): Expr => ({ k: "ref", id });
export const col = (id: string): Expr => ({ k: "col", id });
const op =
  (o: BinaryOp) =>
  (a: Expr | number, b: Expr | number): Expr => ({ k: "op", op: o, a: lift(a), b: lift(b) });
export const add = op("+");
export const sub = op("-");
export const mul = op("*");
export const div = op("/");
export const eq = op("=");
export const ne = op("<>");
export const lt = op("<");
export const le = op("<=");
export const gt = op(">");
export const ge = op(">=");
export const concat = op("&");
const fn =
  (name: FunctionName) =>
  (...args: Array<Expr | number>): Expr => ({ k: "fn", fn: name, args: args.map(lift) });
export const IF = fn("IF");
export const MIN = fn("MIN");
export const MAX = fn("MAX");
export const ROUND = fn("ROUND");
/** Toward zero at the given decimals (ROUNDDOWN(2.7,0) = 2, ROUNDDOWN(-2.7,0) = -2). */
export const ROUNDDOWN = fn("ROUNDDOWN");
export const AND = fn("AND");
export const OR = fn("OR");
export const NOT = fn("NOT");
export const ISNUMBER = fn("ISNUMBER");
export const N = fn("N");
export const ABS = fn("ABS");
export const sumIf = (criteria: string, equals: Expr | string, sum: string): Expr => ({
  k: "sumif",
  criteria,
  equals: typeof equals === "string" ? str(equals) : equals,
  sum,
});
export const sumCol = (c: string): Expr => ({ k: "sum", col: c });
export const countRows = (...where: RowCondition[]): Expr => ({ k: "countRows", where });

function lift(x: Expr | number): Expr {
  return typeof x === "number" ? num(x) : x;
}

/** The ids an expression reads, for dependency checks and for tracing a figure to its cells. */
export function collectRefs(expr: Expr, into: { refs: Set<string>; cols: Set<string> } = { refs: new Set(), cols: new Set() }) {
  switch (expr.k) {
    case "ref":
      into.refs.add(expr.id);
      break;
    case "col":
      into.cols.add(expr.id);
      break;
    case "op":
      collectRefs(expr.a, into);
      collectRefs(expr.b, into);
      break;
    case "fn":
      expr.args.forEach((a) => collectRefs(a, into));
      break;
    case "sumif":
      into.cols.add(expr.criteria);
      into.cols.add(expr.sum);
      collectRefs(expr.equals, into);
      break;
    case "sum":
      into.cols.add(expr.col);
      break;
    case "countRows":
      for (const c of expr.where) {
        into.cols.add(c.col);
        if ("col" in c.than) into.cols.add(c.than.col);
      }
      break;
    default:
      break;
  }
  return into;
}

// ---- Excel formula text -------------------------------------------------------------------------

export interface ExcelRefResolver {
  /** The reference for a scalar id (a defined name, or an absolute address). */
  ref(id: string): string;
  /** The reference for a column in the current row, e.g. `$I5`. */
  col(id: string): string;
  /** The reference for a whole indicator column, e.g. `绩效指标!$I$5:$I$204`. */
  colRange(id: string): string;
}

const PRECEDENCE: Record<BinaryOp, number> = {
  "=": 1,
  "<>": 1,
  "<": 1,
  "<=": 1,
  ">": 1,
  ">=": 1,
  "&": 2,
  "+": 3,
  "-": 3,
  "*": 4,
  "/": 4,
};

/** Formula text without the leading "=". */
export function toExcel(expr: Expr, r: ExcelRefResolver): string {
  return print(expr, r);
}

function print(e: Expr, r: ExcelRefResolver): string {
  switch (e.k) {
    case "num":
      return e.v < 0 ? `(${formatNumber(e.v)})` : formatNumber(e.v);
    case "str":
      return `"${e.v.replace(/"/g, '""')}"`;
    case "ref":
      return r.ref(e.id);
    case "col":
      return r.col(e.id);
    case "op": {
      const p = PRECEDENCE[e.op];
      const left = wrap(e.a, p, false, r);
      // Right operands of - and / (and comparisons) need parentheses at equal precedence.
      const right = wrap(e.b, p, true, r);
      return `${left}${e.op}${right}`;
    }
    case "fn":
      return `${e.fn}(${e.args.map((a) => print(a, r)).join(",")})`;
    case "sumif":
      return `SUMIF(${r.colRange(e.criteria)},${print(e.equals, r)},${r.colRange(e.sum)})`;
    case "sum":
      return `SUM(${r.colRange(e.col)})`;
    case "countRows": {
      // Comparisons of whole columns are arrays inside SUMPRODUCT (Excel, WPS, LibreOffice); *1 makes one condition a number.
      const than = (t: RowCondition["than"]) => ("col" in t ? r.colRange(t.col) : print(typeof t.value === "number" ? num(t.value) : str(t.value), r));
      return `SUMPRODUCT(${e.where.map((c) => `(${r.colRange(c.col)}${c.op}${than(c.than)})`).join("*")}*1)`;
    }
  }
}

function wrap(e: Expr, parent: number, isRight: boolean, r: ExcelRefResolver): string {
  const text = print(e, r);
  if (e.k !== "op") return text;
  const p = PRECEDENCE[e.op];
  return p < parent || (isRight && p === parent) ? `(${text})` : text;
}

function formatNumber(v: number): string {
  // Excel accepts up to 15 significant digits; shortest round-trip text is exact for our constants.
  return String(v);
}

// ---- evaluation ---------------------------------------------------------------------------------

export class ExcelError {
  constructor(readonly code: "#DIV/0!" | "#VALUE!" | "#NAME?" | "#REF!" | "#N/A" | "#NUM!") {}
  toString(): string {
    return this.code;
  }
}

/** A cell value as Excel sees it; null is an empty cell. */
export type Value = number | string | boolean | null | ExcelError;

export interface EvalContext {
  scalar(id: string): Value;
  /** The current row's column value; only inside row formulas. */
  cell(col: string): Value;
  /** The same by the column's position, for formulas compiled with a column index (the hot path of rows). */
  cellAt?(index: number): Value;
  /** Every row's value of a column, for SUM/SUMIF. */
  column(col: string): readonly Value[];
}

export type Compiled = (ctx: EvalContext) => Value;

const DIV0 = new ExcelError("#DIV/0!");
const VALUE = new ExcelError("#VALUE!");

/**
 * Compiles once into closures: evaluating 500 rows does no tree walking or dispatch on node kinds.
 * `columns`: positions of the row's columns; a cell reference then reads the context's cellAt, no lookup by name.
 */
export function compile(expr: Expr, columns?: ReadonlyMap<string, number>): Compiled {
  const sub = (e: Expr) => compile(e, columns);
  switch (expr.k) {
    case "num": {
      const v = expr.v;
      return () => v;
    }
    case "str": {
      const v = expr.v;
      return () => v;
    }
    case "ref": {
      const id = expr.id;
      return (ctx) => ctx.scalar(id);
    }
    case "col": {
      const id = expr.id;
      const index = columns?.get(id);
      if (index !== undefined) return (ctx) => ctx.cellAt!(index);
      return (ctx) => ctx.cell(id);
    }
    case "op":
      return compileOp(expr.op, sub(expr.a), sub(expr.b));
    case "fn":
      return compileFn(expr.fn, expr.args.map(sub), expr.args);
    case "sumif": {
      const crit = expr.criteria;
      const sum = expr.sum;
      const equals = sub(expr.equals);
      return (ctx) => {
        const wanted = equals(ctx);
        if (wanted instanceof ExcelError) return wanted;
        const keys = ctx.column(crit);
        const values = ctx.column(sum);
        let total = 0;
        for (let i = 0; i < keys.length; i++) {
          const v = values[i];
          if (criteriaMatches(keys[i] ?? null, wanted) && typeof v === "number") total += v;
        }
        return total;
      };
    }
    case "sum": {
      const c = expr.col;
      return (ctx) => {
        let total = 0;
        for (const v of ctx.column(c)) if (typeof v === "number") total += v;
        return total;
      };
    }
    case "countRows": {
      const where = expr.where;
      return (ctx) => {
        const columns = where.map((c) => ({
          left: ctx.column(c.col),
          right: "col" in c.than ? ctx.column(c.than.col) : null,
          constant: "value" in c.than ? c.than.value : null,
          op: c.op,
        }));
        const rows = columns[0]?.left.length ?? 0;
        let count = 0;
        for (let i = 0; i < rows; i++) {
          let all = true;
          for (const c of columns) {
            const a = c.left[i] ?? null;
            const b = c.right ? (c.right[i] ?? null) : c.constant;
            if (a instanceof ExcelError) return a;
            if (b instanceof ExcelError) return b;
            if (!holds(c.op, compareValues(a, b))) {
              all = false;
              break;
            }
          }
          if (all) count++;
        }
        return count;
      };
    }
  }
}

function holds(op: RowCondition["op"], c: number): boolean {
  switch (op) {
    case "=":
      return c === 0;
    case "<>":
      return c !== 0;
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    default:
      return c >= 0;
  }
}

function criteriaMatches(cellValue: Value, wanted: Value): boolean {
  if (cellValue === wanted) return true;
  if (typeof wanted === "string") {
    return typeof cellValue === "string" && cellValue.length === wanted.length && lowerCase(cellValue) === lowerCase(wanted);
  }
  if (typeof wanted === "number") return typeof cellValue === "number" && cellValue === wanted;
  return false;
}

/** Arithmetic coercion: blank is 0, TRUE is 1, numeric text is read, other text is #VALUE!. */
export function toNumber(v: Value): number | ExcelError {
  if (typeof v === "number") return v;
  if (v === null) return 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof ExcelError) return v;
  const t = v.trim();
  if (t === "") return VALUE;
  const n = Number(t);
  return Number.isFinite(n) ? n : VALUE;
}

/** Logical coercion for IF/AND/OR: blank is FALSE, numbers are non-zero, text is #VALUE!. */
function toBool(v: Value): boolean | ExcelError {
  if (typeof v === "boolean") return v;
  if (v === null) return false;
  if (typeof v === "number") return v !== 0;
  if (v instanceof ExcelError) return v;
  const u = v.toUpperCase();
  if (u === "TRUE") return true;
  if (u === "FALSE") return false;
  return VALUE;
}

function typeRank(v: number | string | boolean): number {
  return typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2;
}

/**
 * Text compared case-insensitively, as Excel does: the same few labels are compared over every row of
 * every table, so their lower-case forms are remembered (bounded) instead of allocated per comparison.
 */
const LOWER = new Map<string, string>();
function lowerCase(s: string): string {
  let l = LOWER.get(s);
  if (l === undefined) {
    if (LOWER.size >= 4096) LOWER.clear();
    l = s.toLowerCase();
    LOWER.set(s, l);
  }
  return l;
}

/** Excel orders numbers < text < booleans; a blank takes the type of the other side. */
function compareValues(a: Exclude<Value, ExcelError>, b: Exclude<Value, ExcelError>): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (a === b) return 0;
  if (a === null && b === null) return 0;
  if (a === null) a = typeof b === "number" ? 0 : typeof b === "string" ? "" : false;
  if (b === null) b = typeof a === "number" ? 0 : typeof a === "string" ? "" : false;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "string" && typeof b === "string") {
    const la = lowerCase(a);
    const lb = lowerCase(b);
    return la < lb ? -1 : la > lb ? 1 : 0;
  }
  const na = Number(a);
  const nb = Number(b);
  return na < nb ? -1 : na > nb ? 1 : 0;
}

function compileOp(o: BinaryOp, fa: Compiled, fb: Compiled): Compiled {
  if (o === "&") {
    return (ctx) => {
      const a = fa(ctx);
      if (a instanceof ExcelError) return a;
      const b = fb(ctx);
      if (b instanceof ExcelError) return b;
      return textOf(a) + textOf(b);
    };
  }
  if (o === "=" || o === "<>" || o === "<" || o === "<=" || o === ">" || o === ">=") {
    return (ctx) => {
      const a = fa(ctx);
      if (a instanceof ExcelError) return a;
      const b = fb(ctx);
      if (b instanceof ExcelError) return b;
      return holds(o, compareValues(a, b));
    };
  }
  return (ctx) => {
    const a = toNumber(fa(ctx));
    if (a instanceof ExcelError) return a;
    const b = toNumber(fb(ctx));
    if (b instanceof ExcelError) return b;
    switch (o) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "*":
        return a * b;
      default:
        return b === 0 ? DIV0 : a / b;
    }
  };
}

function textOf(v: Exclude<Value, ExcelError>): string {
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return String(v);
}

function compileFn(name: FunctionName, args: Compiled[], source: readonly Expr[]): Compiled {
  const arity = (n: number, m = n) => {
    if (args.length < n || args.length > m) throw new Error(`${name} takes ${n}–${m} arguments, got ${args.length}`);
  };
  switch (name) {
    case "IF": {
      arity(2, 3);
      const [c, t, f] = args as [Compiled, Compiled, Compiled | undefined];
      return (ctx) => {
        const cond = toBool(c(ctx));
        if (cond instanceof ExcelError) return cond;
        // An omitted else-branch is FALSE in Excel; a branch that is a blank cell yields 0.
        if (cond) return blankToZero(t(ctx));
        return f ? blankToZero(f(ctx)) : false;
      };
    }
    case "MIN":
    case "MAX": {
      // References to text or blanks are skipped, as in Excel; direct text arguments are #VALUE!.
      const direct = source.map((s) => s.k !== "ref" && s.k !== "col");
      const pick = name === "MIN" ? Math.min : Math.max;
      return (ctx) => {
        let out: number | null = null;
        for (let i = 0; i < args.length; i++) {
          const v = args[i]!(ctx);
          if (v instanceof ExcelError) return v;
          let n: number | null = null;
          if (typeof v === "number") n = v;
          else if (direct[i]) {
            const c = toNumber(v);
            if (c instanceof ExcelError) return c;
            n = c;
          }
          if (n !== null) out = out === null ? n : pick(out, n);
        }
        return out ?? 0;
      };
    }
    case "ROUND": {
      arity(2);
      const [x, d] = args as [Compiled, Compiled];
      return (ctx) => {
        const a = toNumber(x(ctx));
        if (a instanceof ExcelError) return a;
        const b = toNumber(d(ctx));
        if (b instanceof ExcelError) return b;
        return excelRound(a, Math.trunc(b));
      };
    }
    case "ROUNDDOWN": {
      arity(2);
      const [x, d] = args as [Compiled, Compiled];
      return (ctx) => {
        const a = toNumber(x(ctx));
        if (a instanceof ExcelError) return a;
        const b = toNumber(d(ctx));
        if (b instanceof ExcelError) return b;
        // Hosts differ on binary near-integers (0.3/0.1 = 2.9999999999999996): callers ROUND first
        // where a ratio of decimals is meant, so that every host truncates the same clean value.
        const f = 10 ** Math.trunc(b);
        return Math.trunc(a * f) / f;
      };
    }
    case "AND":
    case "OR": {
      const isAnd = name === "AND";
      return (ctx) => {
        let acc = isAnd;
        for (const a of args) {
          const b = toBool(a(ctx));
          if (b instanceof ExcelError) return b;
          acc = isAnd ? acc && b : acc || b;
        }
        return acc;
      };
    }
    case "NOT": {
      arity(1);
      const [x] = args as [Compiled];
      return (ctx) => {
        const b = toBool(x(ctx));
        return b instanceof ExcelError ? b : !b;
      };
    }
    case "ISNUMBER": {
      arity(1);
      const [x] = args as [Compiled];
      return (ctx) => typeof x(ctx) === "number";
    }
    case "N": {
      arity(1);
      const [x] = args as [Compiled];
      return (ctx) => {
        const v = x(ctx);
        if (typeof v === "number" || v instanceof ExcelError) return v;
        if (typeof v === "boolean") return v ? 1 : 0;
        return 0;
      };
    }
    case "ABS": {
      arity(1);
      const [x] = args as [Compiled];
      return (ctx) => {
        const a = toNumber(x(ctx));
        return a instanceof ExcelError ? a : Math.abs(a);
      };
    }
  }
}

function blankToZero(v: Value): Value {
  return v === null ? 0 : v;
}
