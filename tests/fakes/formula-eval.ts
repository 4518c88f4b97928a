/**
 * Formula evaluation for the Excel fake. Values follow Excel's coercion rules closely enough for
 * a spreadsheet of budget figures: empty cells are 0 / "" / FALSE depending on use, text in
 * ranges is ignored by SUM, comparisons are case-insensitive, ROUND rounds half away from zero.
 */
import { MAX_COLS, MAX_ROWS, type Rect, rectIntersect } from "./a1";
import { type Formula, type Node, type NameData, type RefData, type StructData, refSheetId } from "./formula-parse";
import { dateToSerial, formatNumber, formatText, generalNumber, roundHalfAway } from "./numfmt";

export class XlError {
  constructor(readonly code: string) {}
  toString(): string {
    return this.code;
  }
}

export const ERR = {
  div0: new XlError("#DIV/0!"),
  value: new XlError("#VALUE!"),
  ref: new XlError("#REF!"),
  name: new XlError("#NAME?"),
  num: new XlError("#NUM!"),
  na: new XlError("#N/A"),
};

/** A cell's content as seen by formulas; `null` is an empty cell. */
export type Scalar = number | string | boolean | XlError | null;

export interface RangeVal {
  kind: "range";
  sheetId: string;
  rect: Rect;
}

export type Val = Scalar | RangeVal;

export function isRange(v: Val): v is RangeVal {
  return typeof v === "object" && v !== null && !(v instanceof XlError);
}

export interface TableInfo {
  sheetId: string;
  rect: Rect;
  columns: string[];
  showHeaders: boolean;
  showTotals: boolean;
}

export interface EvalEnv {
  /** Computed value of a cell (formulas evaluated, cycles resolved by the env). */
  cell(sheetId: string, r: number, c: number): Scalar;
  sheetExists(sheetId: string): boolean;
  /** The part of `rect` that can hold data (clipped to the sheet's used area), or null. */
  clip(sheetId: string, rect: Rect): Rect | null;
  /** Looks up a defined name visible from `hostSheetId` (sheet scope first, then workbook). */
  name(name: string, hostSheetId: string | null, explicitSheetId: string | null): { formula: Formula; key: string } | undefined;
  table(tableId: string): TableInfo | undefined;
}

class Evaluator {
  private readonly nameStack = new Set<string>();
  /** The row of the cell whose formula is evaluated (for this-row structured references). */
  constructor(
    private readonly env: EvalEnv,
    private readonly hostRow: number | null = null,
  ) {}

  eval(n: Node, host: string | null): Val {
    switch (n.t) {
      case "num":
        return n.v;
      case "str":
        return n.v;
      case "bool":
        return n.v;
      case "err":
        return new XlError(n.v);
      case "ref":
        return this.ref(n.ref, host);
      case "name":
        return this.name(n.name, host);
      case "struct":
        return this.struct(n.s, host);
      case "neg": {
        const x = toNumber(this.scalar(n.x, host));
        return x instanceof XlError ? x : -x;
      }
      case "pos":
        return this.eval(n.x, host);
      case "pct": {
        const x = toNumber(this.scalar(n.x, host));
        return x instanceof XlError ? x : x / 100;
      }
      case "bin":
        return this.binary(n.op, n.l, n.r, host);
      case "call":
        return this.call(n.name, n.args, host);
    }
  }

  scalar(n: Node, host: string | null): Scalar {
    return this.deref(this.eval(n, host));
  }

  /** Single-cell ranges become their value; multi-cell ranges in scalar context are #VALUE!. */
  deref(v: Val): Scalar {
    if (!isRange(v)) return v;
    const { rect } = v;
    if (rect.r0 !== rect.r1 || rect.c0 !== rect.c1) return ERR.value;
    return this.env.cell(v.sheetId, rect.r0, rect.c0);
  }

  private ref(ref: RefData, host: string | null): Val {
    if (ref.invalid) return ERR.ref;
    const sheetId = refSheetId(ref, host);
    if (sheetId === null || !this.env.sheetExists(sheetId)) return ERR.ref;
    const a = ref.a;
    const b = ref.b ?? ref.a;
    const rect: Rect = {
      r0: a.row ?? 0,
      r1: a.row === undefined ? MAX_ROWS - 1 : b.row ?? 0,
      c0: a.col ?? 0,
      c1: a.col === undefined ? MAX_COLS - 1 : b.col ?? 0,
    };
    return { kind: "range", sheetId, rect };
  }

  private name(nd: NameData, host: string | null): Val {
    let explicit: string | null = null;
    if (nd.prefixed) {
      if (nd.sheet === null || !("id" in nd.sheet)) return ERR.ref;
      explicit = nd.sheet.id;
    }
    const def = this.env.name(nd.name, host, explicit);
    if (!def) return ERR.name;
    if (this.nameStack.has(def.key)) return ERR.ref;
    this.nameStack.add(def.key);
    try {
      return this.eval(def.formula.ast, explicit ?? host);
    } finally {
      this.nameStack.delete(def.key);
    }
  }

  private struct(s: StructData, host: string | null): Val {
    if (s.invalid || !s.tableId) return s.invalid ? ERR.ref : ERR.name;
    const t = this.env.table(s.tableId);
    if (!t) return ERR.ref;
    let { r0, r1 } = t.rect;
    let { c0, c1 } = t.rect;
    const headerRow = t.showHeaders ? r0 : -1;
    const totalsRow = t.showTotals ? r1 : -1;
    if (s.area === "data") {
      if (t.showHeaders) r0++;
      if (t.showTotals) r1--;
    } else if (s.area === "headers") {
      if (headerRow < 0) return ERR.ref;
      r1 = headerRow;
    } else if (s.area === "totals") {
      if (totalsRow < 0) return ERR.ref;
      r0 = totalsRow;
    } else if (s.area === "thisRow") {
      // Outside the table's data rows a this-row reference is #VALUE!, as in Excel.
      const first = t.showHeaders ? r0 + 1 : r0;
      const last = t.showTotals ? r1 - 1 : r1;
      if (this.hostRow === null || host !== t.sheetId || this.hostRow < first || this.hostRow > last) return ERR.value;
      r0 = r1 = this.hostRow;
    }
    if (s.column !== undefined) {
      const idx = t.columns.findIndex((c) => c.toLowerCase() === s.column!.toLowerCase());
      if (idx < 0) return ERR.ref;
      c0 = c1 = t.rect.c0 + idx;
    }
    if (r1 < r0) return ERR.ref;
    return { kind: "range", sheetId: t.sheetId, rect: { r0, r1, c0, c1 } };
  }

  private binary(op: string, ln: Node, rn: Node, host: string | null): Scalar {
    const l = this.scalar(ln, host);
    const r = this.scalar(rn, host);
    if (op === "&") {
      const a = toText(l);
      if (a instanceof XlError) return a;
      const b = toText(r);
      if (b instanceof XlError) return b;
      return a + b;
    }
    if (["=", "<>", "<", ">", "<=", ">="].includes(op)) {
      if (l instanceof XlError) return l;
      if (r instanceof XlError) return r;
      const c = compare(l, r);
      switch (op) {
        case "=":
          return c === 0;
        case "<>":
          return c !== 0;
        case "<":
          return c < 0;
        case ">":
          return c > 0;
        case "<=":
          return c <= 0;
        default:
          return c >= 0;
      }
    }
    const a = toNumber(l);
    if (a instanceof XlError) return a;
    const b = toNumber(r);
    if (b instanceof XlError) return b;
    let v: number;
    switch (op) {
      case "+":
        v = a + b;
        break;
      case "-":
        v = a - b;
        break;
      case "*":
        v = a * b;
        break;
      case "/":
        if (b === 0) return ERR.div0;
        v = a / b;
        break;
      case "^":
        if (a === 0 && b === 0) return ERR.num;
        v = Math.pow(a, b);
        break;
      default:
        return ERR.value;
    }
    return Number.isFinite(v) ? v : ERR.num;
  }

  /** Cells of a range argument, clipped to the used area (so A:A stays cheap). */
  *cells(v: RangeVal): Generator<Scalar> {
    const clip = this.env.clip(v.sheetId, v.rect);
    if (!clip) return;
    for (let r = clip.r0; r <= clip.r1; r++) for (let c = clip.c0; c <= clip.c1; c++) yield this.env.cell(v.sheetId, r, c);
  }

  /** Numbers from arguments: ranges contribute numeric cells only; direct args are coerced. */
  numbers(args: (Node | null)[], host: string | null): number[] | XlError {
    const out: number[] = [];
    for (const a of args) {
      if (a === null) continue;
      const v = this.eval(a, host);
      if (isRange(v)) {
        for (const c of this.cells(v)) {
          if (c instanceof XlError) return c;
          if (typeof c === "number") out.push(c);
        }
      } else {
        const n = toNumber(v);
        if (n instanceof XlError) return n;
        out.push(n);
      }
    }
    return out;
  }

  private logicals(args: (Node | null)[], host: string | null): boolean[] | XlError {
    const out: boolean[] = [];
    for (const a of args) {
      if (a === null) continue;
      const v = this.eval(a, host);
      if (isRange(v)) {
        for (const c of this.cells(v)) {
          if (c instanceof XlError) return c;
          if (typeof c === "number") out.push(c !== 0);
          else if (typeof c === "boolean") out.push(c);
        }
      } else {
        const b = toBool(v);
        if (b instanceof XlError) return b;
        out.push(b);
      }
    }
    return out;
  }

  private arg(args: (Node | null)[], i: number, host: string | null): Scalar {
    const a = args[i];
    return a ? this.scalar(a, host) : null;
  }

  private rangeArg(args: (Node | null)[], i: number, host: string | null): RangeVal | XlError {
    const a = args[i];
    if (!a) return ERR.value;
    const v = this.eval(a, host);
    if (v instanceof XlError) return v;
    if (!isRange(v)) return ERR.value;
    return v;
  }

  /** Rows of a criteria range paired with cells of an equally shaped range anchored at `other`. */
  private conditional(pairs: { range: RangeVal; pred: (v: Scalar) => boolean }[], target: RangeVal | null): Scalar[] | XlError {
    const first = pairs[0]!.range.rect;
    const h = first.r1 - first.r0 + 1;
    const w = first.c1 - first.c0 + 1;
    for (const p of pairs) {
      if (p.range.rect.r1 - p.range.rect.r0 + 1 !== h || p.range.rect.c1 - p.range.rect.c0 + 1 !== w) return ERR.value;
    }
    // Clip to the union of used areas so that whole columns stay cheap.
    let clipR1 = -1;
    let clipC1 = -1;
    for (const p of [...pairs.map((q) => q.range), ...(target ? [target] : [])]) {
      const c = this.env.clip(p.sheetId, p.rect);
      if (c) {
        clipR1 = Math.max(clipR1, c.r1 - p.rect.r0);
        clipC1 = Math.max(clipC1, c.c1 - p.rect.c0);
      }
    }
    const rows = Math.min(h, clipR1 + 1);
    const cols = Math.min(w, clipC1 + 1);
    const out: Scalar[] = [];
    for (let dr = 0; dr < rows; dr++) {
      for (let dc = 0; dc < cols; dc++) {
        let ok = true;
        for (const p of pairs) {
          const v = this.env.cell(p.range.sheetId, p.range.rect.r0 + dr, p.range.rect.c0 + dc);
          if (!p.pred(v)) {
            ok = false;
            break;
          }
        }
        if (ok) out.push(target ? this.env.cell(target.sheetId, target.rect.r0 + dr, target.rect.c0 + dc) : true);
      }
    }
    return out;
  }

  private call(name: string, args: (Node | null)[], host: string | null): Val {
    const fn = name.replace(/^_XLFN\./, "");
    const n = (i: number): number | XlError => toNumber(this.arg(args, i, host));
    const need = (min: number, max = min): XlError | null => (args.length < min || args.length > max ? ERR.value : null);
    switch (fn) {
      case "IF": {
        if (args.length < 2 || args.length > 3) return ERR.value;
        const c = toBool(this.arg(args, 0, host));
        if (c instanceof XlError) return c;
        if (c) return args[1] ? this.eval(args[1], host) : 0;
        if (args.length < 3) return false;
        return args[2] ? this.eval(args[2], host) : 0;
      }
      case "IFERROR":
      case "IFNA": {
        if (need(2)) return ERR.value;
        const v = this.eval(args[0] ?? { t: "num", v: 0 }, host);
        const s = isRange(v) ? this.deref(v) : v;
        const bad = s instanceof XlError && (fn === "IFERROR" || s.code === "#N/A");
        if (bad) return args[1] ? this.eval(args[1], host) : 0;
        return v;
      }
      case "SUM": {
        const xs = this.numbers(args, host);
        return xs instanceof XlError ? xs : xs.reduce((a, b) => a + b, 0);
      }
      case "MIN":
      case "MAX": {
        const xs = this.numbers(args, host);
        if (xs instanceof XlError) return xs;
        if (xs.length === 0) return 0;
        return fn === "MIN" ? Math.min(...xs) : Math.max(...xs);
      }
      case "AVERAGE": {
        const xs = this.numbers(args, host);
        if (xs instanceof XlError) return xs;
        return xs.length === 0 ? ERR.div0 : xs.reduce((a, b) => a + b, 0) / xs.length;
      }
      case "COUNT": {
        let k = 0;
        for (const a of args) {
          if (!a) continue;
          const v = this.eval(a, host);
          if (isRange(v)) for (const c of this.cells(v)) k += typeof c === "number" ? 1 : 0;
          else if (typeof v === "number" || (typeof v === "string" && typeof parseNumber(v) === "number") || typeof v === "boolean") k++;
        }
        return k;
      }
      case "COUNTA": {
        let k = 0;
        for (const a of args) {
          if (!a) continue;
          const v = this.eval(a, host);
          if (isRange(v)) for (const c of this.cells(v)) k += c === null ? 0 : 1;
          else k++;
        }
        return k;
      }
      case "COUNTBLANK": {
        const r = this.rangeArg(args, 0, host);
        if (r instanceof XlError) return r;
        let nonBlank = 0;
        for (const c of this.cells(r)) if (c !== null && c !== "") nonBlank++;
        return (r.rect.r1 - r.rect.r0 + 1) * (r.rect.c1 - r.rect.c0 + 1) - nonBlank;
      }
      case "ROUND":
      case "ROUNDUP":
      case "ROUNDDOWN": {
        if (need(2)) return ERR.value;
        const x = n(0);
        if (x instanceof XlError) return x;
        const d = n(1);
        if (d instanceof XlError) return d;
        const digits = Math.trunc(d);
        if (fn === "ROUND") return roundHalfAway(x, digits);
        const f = Math.pow(10, digits);
        const scaled = Number((Math.abs(x) * f).toPrecision(15));
        const r = fn === "ROUNDUP" ? Math.ceil(scaled) : Math.floor(scaled);
        return (Math.sign(x) * r) / f;
      }
      case "ABS": {
        const x = n(0);
        return x instanceof XlError ? x : Math.abs(x);
      }
      case "INT": {
        const x = n(0);
        return x instanceof XlError ? x : Math.floor(x);
      }
      case "MOD": {
        const a = n(0);
        const b = n(1);
        if (a instanceof XlError) return a;
        if (b instanceof XlError) return b;
        if (b === 0) return ERR.div0;
        return a - b * Math.floor(a / b);
      }
      case "AND":
      case "OR": {
        const bs = this.logicals(args, host);
        if (bs instanceof XlError) return bs;
        if (bs.length === 0) return ERR.value;
        return fn === "AND" ? bs.every(Boolean) : bs.some(Boolean);
      }
      case "NOT": {
        if (need(1)) return ERR.value;
        const b = toBool(this.arg(args, 0, host));
        return b instanceof XlError ? b : !b;
      }
      case "TRUE":
        return true;
      case "FALSE":
        return false;
      case "NA":
        return ERR.na;
      case "ISNUMBER":
        return typeof this.arg(args, 0, host) === "number";
      case "ISTEXT":
        return typeof this.arg(args, 0, host) === "string";
      case "ISLOGICAL":
        return typeof this.arg(args, 0, host) === "boolean";
      case "ISERROR":
        return this.arg(args, 0, host) instanceof XlError;
      case "ISERR": {
        const v = this.arg(args, 0, host);
        return v instanceof XlError && v.code !== "#N/A";
      }
      case "ISNA": {
        const v = this.arg(args, 0, host);
        return v instanceof XlError && v.code === "#N/A";
      }
      case "ISBLANK": {
        const a = args[0];
        if (!a) return false;
        const v = this.eval(a, host);
        return isRange(v) ? this.deref(v) === null : false;
      }
      case "N": {
        const v = this.arg(args, 0, host);
        if (v instanceof XlError) return v;
        return typeof v === "number" ? v : typeof v === "boolean" ? (v ? 1 : 0) : 0;
      }
      case "LEN": {
        const s = toText(this.arg(args, 0, host));
        return s instanceof XlError ? s : Array.from(s).length;
      }
      case "VALUE": {
        const v = this.arg(args, 0, host);
        if (v instanceof XlError) return v;
        if (typeof v === "number") return v;
        if (v === null) return 0;
        if (typeof v === "boolean") return ERR.value;
        const p = parseNumber(v);
        return p === null ? ERR.value : p;
      }
      case "TEXT": {
        if (need(2)) return ERR.value;
        const v = this.arg(args, 0, host);
        const f = toText(this.arg(args, 1, host));
        if (v instanceof XlError) return v;
        if (f instanceof XlError) return f;
        const num = typeof v === "number" ? v : typeof v === "string" ? parseNumber(v) : v === null ? 0 : null;
        if (num === null) return typeof v === "string" ? formatText(v, f) : toText(v);
        return formatNumber(num, f);
      }
      case "CONCATENATE":
      case "CONCAT": {
        let s = "";
        for (const a of args) {
          if (!a) continue;
          const v = this.eval(a, host);
          const parts = isRange(v) ? (fn === "CONCAT" ? [...this.cells(v)] : [this.deref(v)]) : [v];
          for (const p of parts) {
            const t = toText(p);
            if (t instanceof XlError) return t;
            s += t;
          }
        }
        return s;
      }
      case "LEFT":
      case "RIGHT": {
        const s = toText(this.arg(args, 0, host));
        if (s instanceof XlError) return s;
        const k = args.length > 1 ? n(1) : 1;
        if (k instanceof XlError) return k;
        if (k < 0) return ERR.value;
        const chars = Array.from(s);
        return fn === "LEFT" ? chars.slice(0, k).join("") : chars.slice(Math.max(0, chars.length - k)).join("");
      }
      case "MID": {
        const s = toText(this.arg(args, 0, host));
        const st = n(1);
        const k = n(2);
        if (s instanceof XlError) return s;
        if (st instanceof XlError) return st;
        if (k instanceof XlError) return k;
        if (st < 1 || k < 0) return ERR.value;
        return Array.from(s)
          .slice(st - 1, st - 1 + k)
          .join("");
      }
      case "TRIM": {
        const s = toText(this.arg(args, 0, host));
        return s instanceof XlError ? s : s.trim().replace(/ +/g, " ");
      }
      case "UPPER":
      case "LOWER": {
        const s = toText(this.arg(args, 0, host));
        return s instanceof XlError ? s : fn === "UPPER" ? s.toUpperCase() : s.toLowerCase();
      }
      case "SUMIF":
      case "AVERAGEIF": {
        if (args.length < 2 || args.length > 3) return ERR.value;
        const range = this.rangeArg(args, 0, host);
        if (range instanceof XlError) return range;
        const crit = this.arg(args, 1, host);
        if (crit instanceof XlError) return crit;
        let target = range;
        if (args.length === 3) {
          const t = this.rangeArg(args, 2, host);
          if (t instanceof XlError) return t;
          // Excel sizes the sum range like the criteria range, anchored at its top-left cell.
          target = {
            kind: "range",
            sheetId: t.sheetId,
            rect: { r0: t.rect.r0, c0: t.rect.c0, r1: t.rect.r0 + range.rect.r1 - range.rect.r0, c1: t.rect.c0 + range.rect.c1 - range.rect.c0 },
          };
        }
        const vals = this.conditional([{ range, pred: criterion(crit) }], target);
        if (vals instanceof XlError) return vals;
        return aggregateMatched(vals, fn === "SUMIF" ? "sum" : "avg");
      }
      case "SUMIFS":
      case "COUNTIFS":
      case "AVERAGEIFS": {
        const offset = fn === "COUNTIFS" ? 0 : 1;
        if (args.length < offset + 2 || (args.length - offset) % 2 !== 0) return ERR.value;
        let target: RangeVal | null = null;
        if (offset) {
          const t = this.rangeArg(args, 0, host);
          if (t instanceof XlError) return t;
          target = t;
        }
        const pairs: { range: RangeVal; pred: (v: Scalar) => boolean }[] = [];
        for (let i = offset; i < args.length; i += 2) {
          const r = this.rangeArg(args, i, host);
          if (r instanceof XlError) return r;
          const c = this.arg(args, i + 1, host);
          if (c instanceof XlError) return c;
          pairs.push({ range: r, pred: criterion(c) });
        }
        if (target) {
          const t = target.rect;
          const f = pairs[0]!.range.rect;
          if (t.r1 - t.r0 !== f.r1 - f.r0 || t.c1 - t.c0 !== f.c1 - f.c0) return ERR.value;
        }
        const vals = this.conditional(pairs, target);
        if (vals instanceof XlError) return vals;
        if (fn === "COUNTIFS") return vals.length;
        return aggregateMatched(vals, fn === "SUMIFS" ? "sum" : "avg");
      }
      case "COUNTIF": {
        if (need(2)) return ERR.value;
        const range = this.rangeArg(args, 0, host);
        if (range instanceof XlError) return range;
        const crit = this.arg(args, 1, host);
        if (crit instanceof XlError) return crit;
        const pred = criterion(crit);
        let k = 0;
        const clip = this.env.clip(range.sheetId, range.rect);
        if (clip) for (const c of this.cells({ ...range, rect: clip })) if (pred(c)) k++;
        // Blank cells outside the used area still count for criteria that match blanks.
        if (pred(null)) {
          const total = (range.rect.r1 - range.rect.r0 + 1) * (range.rect.c1 - range.rect.c0 + 1);
          const inside = clip ? (clip.r1 - clip.r0 + 1) * (clip.c1 - clip.c0 + 1) : 0;
          k += total - inside;
        }
        return k;
      }
      case "SUMPRODUCT": {
        const ranges: RangeVal[] = [];
        for (let i = 0; i < args.length; i++) {
          const r = this.rangeArg(args, i, host);
          if (r instanceof XlError) return r;
          ranges.push(r);
        }
        if (ranges.length === 0) return ERR.value;
        const f = ranges[0]!.rect;
        const h = f.r1 - f.r0 + 1;
        const w = f.c1 - f.c0 + 1;
        if (ranges.some((r) => r.rect.r1 - r.rect.r0 + 1 !== h || r.rect.c1 - r.rect.c0 + 1 !== w)) return ERR.value;
        let total = 0;
        const clip = this.env.clip(ranges[0]!.sheetId, f);
        const rows = clip ? Math.min(h, Math.max(...ranges.map((r) => (this.env.clip(r.sheetId, r.rect)?.r1 ?? r.rect.r0) - r.rect.r0 + 1))) : 0;
        for (let dr = 0; dr < rows; dr++)
          for (let dc = 0; dc < w; dc++) {
            let p = 1;
            for (const r of ranges) {
              const v = this.env.cell(r.sheetId, r.rect.r0 + dr, r.rect.c0 + dc);
              if (v instanceof XlError) return v;
              p *= typeof v === "number" ? v : 0;
            }
            total += p;
          }
        return total;
      }
      case "INDEX": {
        if (args.length < 2 || args.length > 3) return ERR.value;
        const range = this.rangeArg(args, 0, host);
        if (range instanceof XlError) return range;
        let row = n(1);
        if (row instanceof XlError) return row;
        let col: number | XlError = args.length > 2 ? n(2) : 0;
        if (col instanceof XlError) return col;
        const h = range.rect.r1 - range.rect.r0 + 1;
        const w = range.rect.c1 - range.rect.c0 + 1;
        if (args.length === 2 && h === 1 && w > 1) {
          col = row;
          row = 1;
        }
        row = Math.trunc(row);
        col = Math.trunc(col);
        if (row < 0 || col < 0 || row > h || col > w) return ERR.ref;
        if (col === 0 && w > 1 && row > 0) {
          return { kind: "range", sheetId: range.sheetId, rect: { r0: range.rect.r0 + row - 1, r1: range.rect.r0 + row - 1, c0: range.rect.c0, c1: range.rect.c1 } };
        }
        if (col === 0) col = 1;
        if (row === 0) {
          return { kind: "range", sheetId: range.sheetId, rect: { r0: range.rect.r0, r1: range.rect.r1, c0: range.rect.c0 + col - 1, c1: range.rect.c0 + col - 1 } };
        }
        const r = range.rect.r0 + row - 1;
        const c = range.rect.c0 + col - 1;
        return { kind: "range", sheetId: range.sheetId, rect: { r0: r, r1: r, c0: c, c1: c } };
      }
      case "MATCH": {
        if (args.length < 2 || args.length > 3) return ERR.value;
        const look = this.arg(args, 0, host);
        if (look instanceof XlError) return look;
        const range = this.rangeArg(args, 1, host);
        if (range instanceof XlError) return range;
        const typ = args.length > 2 ? n(2) : 1;
        if (typ instanceof XlError) return typ;
        const { rect } = range;
        if (rect.r0 !== rect.r1 && rect.c0 !== rect.c1) return ERR.na;
        const vertical = rect.c0 === rect.c1;
        const clip = this.env.clip(range.sheetId, rect);
        if (!clip) return ERR.na;
        const len = vertical ? clip.r1 - rect.r0 + 1 : clip.c1 - rect.c0 + 1;
        return matchIn(
          (i) => this.env.cell(range.sheetId, vertical ? rect.r0 + i : rect.r0, vertical ? rect.c0 : rect.c0 + i),
          len,
          look,
          Math.sign(typ),
        );
      }
      case "VLOOKUP": {
        if (args.length < 3 || args.length > 4) return ERR.value;
        const look = this.arg(args, 0, host);
        if (look instanceof XlError) return look;
        const range = this.rangeArg(args, 1, host);
        if (range instanceof XlError) return range;
        const col = n(2);
        if (col instanceof XlError) return col;
        const approx = args.length > 3 ? toBool(this.arg(args, 3, host)) : true;
        if (approx instanceof XlError) return approx;
        const w = range.rect.c1 - range.rect.c0 + 1;
        if (col < 1) return ERR.value;
        if (col > w) return ERR.ref;
        const clip = this.env.clip(range.sheetId, range.rect);
        if (!clip) return ERR.na;
        const pos = matchIn((i) => this.env.cell(range.sheetId, range.rect.r0 + i, range.rect.c0), clip.r1 - range.rect.r0 + 1, look, approx ? 1 : 0);
        if (pos instanceof XlError) return pos;
        return this.env.cell(range.sheetId, range.rect.r0 + (pos as number) - 1, range.rect.c0 + Math.trunc(col) - 1);
      }
      default:
        return ERR.name;
    }
  }
}

function aggregateMatched(vals: Scalar[], how: "sum" | "avg"): Scalar {
  let s = 0;
  let k = 0;
  for (const v of vals) {
    if (v instanceof XlError) return v;
    if (typeof v === "number") {
      s += v;
      k++;
    }
  }
  if (how === "sum") return s;
  return k === 0 ? ERR.div0 : s / k;
}

function matchIn(get: (i: number) => Scalar, len: number, look: Scalar, type: number): Scalar {
  if (type === 0) {
    const pred = typeof look === "string" ? wildcardEquals(look) : (v: Scalar) => v !== null && !(v instanceof XlError) && compare(v, look) === 0 && typeof v === typeof look;
    for (let i = 0; i < len; i++) if (pred(get(i))) return i + 1;
    return ERR.na;
  }
  // Approximate match on sorted data: last position not past the lookup value.
  let best = -1;
  for (let i = 0; i < len; i++) {
    const v = get(i);
    if (v === null || v instanceof XlError || typeof v !== typeof look) continue;
    const c = compare(v, look);
    if (type > 0 ? c <= 0 : c >= 0) best = i;
    else break;
  }
  return best < 0 ? ERR.na : best + 1;
}

function wildcardEquals(pattern: string): (v: Scalar) => boolean {
  const re = wildcardRegex(pattern);
  return (v) => typeof v === "string" && re.test(v);
}

function wildcardRegex(pattern: string): RegExp {
  let src = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "~" && i + 1 < pattern.length) {
      src += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    } else if (ch === "*") src += "[\\s\\S]*";
    else if (ch === "?") src += "[\\s\\S]";
    else src += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${src}$`, "i");
}

/** Builds the predicate of a SUMIF/COUNTIF criterion ("">=100", "<>x", "a*", 5, TRUE…). */
export function criterion(c: Scalar): (v: Scalar) => boolean {
  if (typeof c === "number") return (v) => (typeof v === "number" ? v === c : typeof v === "string" && parseNumber(v) === c);
  if (typeof c === "boolean") return (v) => v === c;
  if (c === null) return (v) => v === null || v === "";
  if (c instanceof XlError) return (v) => v instanceof XlError && v.code === c.code;
  const m = /^(<=|>=|<>|<|>|=)?([\s\S]*)$/.exec(c)!;
  const op = m[1] ?? "";
  const rest = m[2]!;
  const num = parseNumber(rest);
  if (rest === "" && (op === "" || op === "=")) return op === "" ? (v) => v === null || v === "" : (v) => v === null;
  if (rest === "" && op === "<>") return (v) => v !== null && v !== "";
  if (num !== null) {
    const cmpNum = (v: Scalar): number | null => (typeof v === "number" ? v : op === "" || op === "=" || op === "<>" ? (typeof v === "string" ? parseNumber(v) : null) : null);
    return (v) => {
      const x = cmpNum(v);
      if (op === "<>") return x === null || x !== num;
      if (x === null) return false;
      switch (op) {
        case "<":
          return x < num;
        case ">":
          return x > num;
        case "<=":
          return x <= num;
        case ">=":
          return x >= num;
        default:
          return x === num;
      }
    };
  }
  const up = rest.toUpperCase();
  if (up === "TRUE" || up === "FALSE") {
    const b = up === "TRUE";
    return op === "<>" ? (v) => v !== b : (v) => v === b;
  }
  if (op === "" || op === "=" || op === "<>") {
    const re = wildcardRegex(rest);
    const eq = (v: Scalar): boolean => typeof v === "string" && re.test(v);
    return op === "<>" ? (v) => !eq(v) : eq;
  }
  return (v) => {
    if (typeof v !== "string") return false;
    const d = compare(v, rest);
    return op === "<" ? d < 0 : op === ">" ? d > 0 : op === "<=" ? d <= 0 : d >= 0;
  };
}

/** Parses text as Excel would when coercing to a number: "1,234.5", "12%", "2024-01-31", " 3 ". */
export function parseNumber(s: string): number | null {
  const t = s.trim();
  if (t === "") return null;
  const m = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(\.\d*)?(?:[eE]([+-]?\d+))?(%?)$/.exec(t);
  if (m && (m[2] !== "" || (m[3] !== undefined && m[3] !== "."))) {
    const core = (m[2] ?? "").replace(/,/g, "") + (m[3] ?? "") + (m[4] !== undefined ? "e" + m[4] : "");
    let v = Number(core);
    if (!Number.isFinite(v)) return null;
    if (m[1] === "-") v = -v;
    if (m[5] === "%") v = v / 100;
    return v;
  }
  const d = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(t);
  if (d) {
    const y = Number(d[1]);
    const mo = Number(d[2]);
    const day = Number(d[3]);
    if (mo >= 1 && mo <= 12 && day >= 1 && day <= 31) return dateToSerial(y, mo, day);
  }
  return null;
}

export function toNumber(v: Scalar): number | XlError {
  if (typeof v === "number") return v;
  if (v === null) return 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof XlError) return v;
  const p = parseNumber(v);
  return p === null ? ERR.value : p;
}

export function toText(v: Scalar): string | XlError {
  if (typeof v === "string") return v;
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof XlError) return v;
  return generalNumber(v);
}

export function toBool(v: Val): boolean | XlError {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (v === null) return false;
  if (v instanceof XlError) return v;
  if (isRange(v)) return ERR.value;
  const up = v.toUpperCase();
  if (up === "TRUE") return true;
  if (up === "FALSE") return false;
  return ERR.value;
}

/** Excel ordering: numbers < text < logicals; text case-insensitive; blanks act as 0 / "" / FALSE. */
export function compare(a: Scalar, b: Scalar): number {
  if (a === null && b === null) return 0;
  if (a === null) a = typeof b === "string" ? "" : typeof b === "boolean" ? false : 0;
  if (b === null) b = typeof a === "string" ? "" : typeof a === "boolean" ? false : 0;
  const rank = (x: Scalar): number => (typeof x === "number" ? 0 : typeof x === "string" ? 1 : 2);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" && typeof b === "number") {
    // Excel compares at 15 significant digits, so 0.1+0.2 = 0.3.
    const x = Number(a.toPrecision(15));
    const y = Number(b.toPrecision(15));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(a) - Number(b);
}

/**
 * Evaluates a formula to the value a cell shows: references to single cells are read,
 * empty results become 0, multi-cell results (no dynamic arrays here) are #VALUE!.
 */
export function evaluateFormula(f: Formula, hostSheetId: string | null, env: EvalEnv, hostRow: number | null = null): Exclude<Scalar, null> {
  const ev = new Evaluator(env, hostRow);
  const v = ev.deref(ev.eval(f.ast, hostSheetId));
  return v === null ? 0 : v;
}

/** Evaluates a name's (or validation rule's) formula: ranges are returned as ranges. */
export function evaluateNameFormula(f: Formula, env: EvalEnv, hostSheetId: string | null = null): Val {
  return new Evaluator(env).eval(f.ast, hostSheetId);
}

export { rectIntersect };
