/**
 * Formula syntax for the Excel fake: tokenizer, parser, renderer and reference transforms.
 *
 * Formulas keep their token list so that the text reads back as it was typed (spacing kept,
 * function names and references upper-cased, as Excel does). References point at sheets by id
 * and at tables by id, so renaming a sheet or table changes the rendered text automatically;
 * row insertion/deletion rewrites the coordinates in place.
 */
import { MAX_COLS, MAX_ROWS, colToLetters, lettersToCol, quoteSheetName } from "./a1";

export class FormulaSyntaxError extends Error {}

/** Which sheet a reference or sheet-qualified name points at. `null` = the formula's own sheet. */
export type SheetTarget = { id: string } | { missing: string } | null;

export interface RefEnd {
  /** 0-based; undefined for whole-column references (A:A). */
  row?: number;
  /** 0-based; undefined for whole-row references (3:3). */
  col?: number;
  rowAbs: boolean;
  colAbs: boolean;
}

export interface RefData {
  sheet: SheetTarget;
  /** Whether the text carried an explicit sheet prefix (kept when rendering). */
  prefixed: boolean;
  a: RefEnd;
  b?: RefEnd;
  /** True after the referenced cells were deleted (renders and evaluates as #REF!). */
  invalid: boolean;
}

export interface NameData {
  name: string;
  sheet: SheetTarget;
  prefixed: boolean;
}

/** "thisRow": `Table[[#This Row],[Col]]` / `Table[@Col]`, the formula's own row of the table. */
export type StructArea = "data" | "headers" | "all" | "totals" | "thisRow";

export interface StructData {
  tableId: string | null;
  /** Name as typed (used when the table is unknown). */
  tableName: string;
  area: StructArea;
  column?: string;
  /** Set when the table was deleted. */
  invalid: boolean;
}

export type Token =
  | { k: "ws"; text: string }
  | { k: "num"; text: string; value: number }
  | { k: "str"; value: string }
  | { k: "bool"; value: boolean }
  | { k: "err"; value: string }
  | { k: "op"; text: string }
  | { k: "lparen" }
  | { k: "rparen" }
  | { k: "comma" }
  | { k: "func"; name: string }
  | { k: "ref"; ref: RefData }
  | { k: "name"; name: NameData }
  | { k: "struct"; s: StructData };

export type Node =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "bool"; v: boolean }
  | { t: "err"; v: string }
  | { t: "ref"; ref: RefData }
  | { t: "name"; name: NameData }
  | { t: "struct"; s: StructData }
  | { t: "neg"; x: Node }
  | { t: "pos"; x: Node }
  | { t: "pct"; x: Node }
  | { t: "bin"; op: string; l: Node; r: Node }
  | { t: "call"; name: string; args: (Node | null)[] };

export interface Formula {
  tokens: Token[];
  ast: Node;
}

export const ERROR_LITERALS = ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!", "#GETTING_DATA"];

/** Resolves names for rendering and parsing. */
export interface NameResolver {
  sheetIdByName(name: string): string | undefined;
  sheetNameById(id: string): string | undefined;
  tableIdByName(name: string): string | undefined;
  tableNameById(id: string): string | undefined;
}

const IDENT_CHAR = /[\p{L}\p{N}_.\\?$]/u;
const IDENT_START = /[\p{L}_\\$]/u;

function parseEnd(text: string): RefEnd | null {
  let m = /^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})$/.exec(text);
  if (m) {
    const col = lettersToCol(m[2]!);
    const row = Number(m[4]) - 1;
    if (col < 0 || row < 0 || row >= MAX_ROWS) return null;
    return { col, row, colAbs: m[1] === "$", rowAbs: m[3] === "$" };
  }
  m = /^(\$?)([A-Za-z]{1,3})$/.exec(text);
  if (m) {
    const col = lettersToCol(m[2]!);
    if (col < 0) return null;
    return { col, colAbs: m[1] === "$", rowAbs: false };
  }
  m = /^(\$?)(\d{1,7})$/.exec(text);
  if (m) {
    const row = Number(m[2]) - 1;
    if (row < 0 || row >= MAX_ROWS) return null;
    return { row, rowAbs: m[1] === "$", colAbs: false };
  }
  return null;
}

/** Tries to read a reference (A1, A1:B2, A:B, 3:5) at `pos`; returns its end position. */
function scanRef(src: string, pos: number): { end: number; a: RefEnd; b?: RefEnd } | null {
  const re = /\$?[A-Za-z]{0,3}\$?\d{0,7}/y;
  re.lastIndex = pos;
  const m1 = re.exec(src);
  if (!m1 || m1[0] === "" || m1[0] === "$") return null;
  let end = pos + m1[0].length;
  const a = parseEnd(m1[0]);
  if (!a) return null;
  let b: RefEnd | undefined;
  if (src[end] === ":") {
    re.lastIndex = end + 1;
    const m2 = re.exec(src);
    if (m2 && m2[0] !== "") {
      const pb = parseEnd(m2[0]);
      if (pb && (pb.row === undefined) === (a.row === undefined) && (pb.col === undefined) === (a.col === undefined)) {
        b = pb;
        end = end + 1 + m2[0].length;
      }
    }
  }
  // Whole-column/whole-row parts only make sense as ranges.
  if (!b && (a.row === undefined || a.col === undefined)) return null;
  const next = src[end];
  if (next !== undefined && (IDENT_CHAR.test(next) || next === "(" || next === "[" || next === "!")) return null;
  if (b) {
    // Normalise so that a is the top-left corner, as Excel does.
    if (a.row !== undefined && b.row !== undefined && a.row > b.row) {
      [a.row, b.row] = [b.row, a.row];
      [a.rowAbs, b.rowAbs] = [b.rowAbs, a.rowAbs];
    }
    if (a.col !== undefined && b.col !== undefined && a.col > b.col) {
      [a.col, b.col] = [b.col, a.col];
      [a.colAbs, b.colAbs] = [b.colAbs, a.colAbs];
    }
  }
  return b ? { end, a, b } : { end, a };
}

function sheetTarget(name: string, resolver: NameResolver): SheetTarget {
  const id = resolver.sheetIdByName(name);
  return id ? { id } : { missing: name };
}

function scanStructured(src: string, pos: number): { end: number; inner: string } {
  // pos points at "["; find the matching "]".
  let depth = 0;
  for (let i = pos; i < src.length; i++) {
    if (src[i] === "'") {
      i++;
      continue;
    }
    if (src[i] === "[") depth++;
    else if (src[i] === "]") {
      depth--;
      if (depth === 0) return { end: i + 1, inner: src.slice(pos + 1, i) };
    }
  }
  throw new FormulaSyntaxError("unterminated structured reference");
}

function parseStructInner(tableName: string, inner: string, resolver: NameResolver): StructData {
  const tableId = resolver.tableIdByName(tableName) ?? null;
  // Excel refuses to enter a structured reference to a table that does not exist.
  if (tableId === null) throw new FormulaSyntaxError(`unknown table ${tableName}`);
  let body = inner.trim();
  let area: StructArea = "data";
  // "@Col" / "@[Col]" is Excel's short form of "[#This Row],[Col]".
  if (body.startsWith("@")) {
    area = "thisRow";
    body = body.slice(1).trim();
  }
  const parts = body.includes("[") ? Array.from(body.matchAll(/\[([^\]]*)\]/g), (m) => m[1]!.trim()) : body === "" ? [] : [body];
  let column: string | undefined;
  for (const p of parts) {
    const low = p.toLowerCase().replace(/\s+/g, " ");
    if (low === "#this row") area = "thisRow";
    else if (low === "#data") area = "data";
    else if (low === "#headers") area = "headers";
    else if (low === "#all") area = "all";
    else if (low === "#totals") area = "totals";
    else if (low.startsWith("#") || p.startsWith("@")) throw new FormulaSyntaxError(`unsupported structured reference ${p}`);
    else column = p.replace(/'(.)/g, "$1");
  }
  const s: StructData = { tableId, tableName, area, invalid: false };
  if (column !== undefined) s.column = column;
  return s;
}

export function tokenize(src: string, resolver: NameResolver): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      let j = i;
      while (j < src.length && /\s/.test(src[j]!)) j++;
      out.push({ k: "ws", text: src.slice(i, j) });
      i = j;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let s = "";
      for (;;) {
        if (j >= src.length) throw new FormulaSyntaxError("unterminated string");
        if (src[j] === '"') {
          if (src[j + 1] === '"') {
            s += '"';
            j += 2;
            continue;
          }
          break;
        }
        s += src[j];
        j++;
      }
      out.push({ k: "str", value: s });
      i = j + 1;
      continue;
    }
    if (ch === "#") {
      const lit = ERROR_LITERALS.find((e) => src.slice(i, i + e.length).toUpperCase() === e);
      if (!lit) throw new FormulaSyntaxError(`bad error literal at ${i}`);
      if (lit === "#REF!") {
        out.push({ k: "ref", ref: { sheet: null, prefixed: false, a: { row: 0, col: 0, rowAbs: false, colAbs: false }, invalid: true } });
      } else out.push({ k: "err", value: lit });
      i += lit.length;
      continue;
    }
    if (ch === "(") {
      out.push({ k: "lparen" });
      i++;
      continue;
    }
    if (ch === ")") {
      out.push({ k: "rparen" });
      i++;
      continue;
    }
    if (ch === "," || ch === ";") {
      out.push({ k: "comma" });
      i++;
      continue;
    }
    if (ch === "{" || ch === "}") throw new FormulaSyntaxError("array constants are not supported by the fake");
    const two = src.slice(i, i + 2);
    if (two === "<>" || two === "<=" || two === ">=") {
      out.push({ k: "op", text: two });
      i += 2;
      continue;
    }
    if ("+-*/^&=<>%".includes(ch)) {
      out.push({ k: "op", text: ch });
      i++;
      continue;
    }
    // Quoted sheet prefix.
    if (ch === "'") {
      let j = i + 1;
      let name = "";
      for (;;) {
        if (j >= src.length) throw new FormulaSyntaxError("unterminated sheet name");
        if (src[j] === "'") {
          if (src[j + 1] === "'") {
            name += "'";
            j += 2;
            continue;
          }
          break;
        }
        name += src[j];
        j++;
      }
      if (src[j + 1] !== "!") throw new FormulaSyntaxError("expected ! after quoted sheet name");
      i = readAfterSheet(src, j + 2, name, resolver, out);
      continue;
    }
    // References like A1, $A$1, A1:B2, A:A, 3:5.
    if (/[$A-Za-z0-9]/.test(ch)) {
      const r = scanRef(src, i);
      if (r) {
        const ref: RefData = { sheet: null, prefixed: false, a: r.a, invalid: false };
        if (r.b) ref.b = r.b;
        out.push({ k: "ref", ref });
        i = r.end;
        continue;
      }
    }
    if (/[0-9.]/.test(ch)) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) throw new FormulaSyntaxError(`bad number at ${i}`);
      out.push({ k: "num", text: m[0], value: Number(m[0]) });
      i += m[0].length;
      continue;
    }
    if (IDENT_START.test(ch)) {
      let j = i;
      while (j < src.length && IDENT_CHAR.test(src[j]!)) j++;
      const ident = src.slice(i, j);
      if (src[j] === "!") {
        i = readAfterSheet(src, j + 1, ident, resolver, out);
        continue;
      }
      if (src[j] === "(") {
        out.push({ k: "func", name: ident.toUpperCase() });
        i = j;
        continue;
      }
      if (src[j] === "[") {
        const s = scanStructured(src, j);
        out.push({ k: "struct", s: parseStructInner(ident, s.inner, resolver) });
        i = s.end;
        continue;
      }
      const up = ident.toUpperCase();
      if (up === "TRUE" || up === "FALSE") {
        out.push({ k: "bool", value: up === "TRUE" });
      } else {
        out.push({ k: "name", name: { name: ident, sheet: null, prefixed: false } });
      }
      i = j;
      continue;
    }
    throw new FormulaSyntaxError(`unexpected character ${ch}`);
  }
  return out;
}

function readAfterSheet(src: string, pos: number, sheetName: string, resolver: NameResolver, out: Token[]): number {
  const target = sheetTarget(sheetName, resolver);
  if (src.slice(pos, pos + 5).toUpperCase() === "#REF!") {
    out.push({ k: "ref", ref: { sheet: target, prefixed: true, a: { row: 0, col: 0, rowAbs: false, colAbs: false }, invalid: true } });
    return pos + 5;
  }
  const r = scanRef(src, pos);
  if (r) {
    const ref: RefData = { sheet: target, prefixed: true, a: r.a, invalid: false };
    if (r.b) ref.b = r.b;
    out.push({ k: "ref", ref });
    return r.end;
  }
  let j = pos;
  while (j < src.length && IDENT_CHAR.test(src[j]!)) j++;
  if (j === pos) throw new FormulaSyntaxError("expected a reference after !");
  out.push({ k: "name", name: { name: src.slice(pos, j), sheet: target, prefixed: true } });
  return j;
}

class Parser {
  private i = 0;
  private readonly toks: Token[];
  constructor(tokens: Token[]) {
    this.toks = tokens.filter((t) => t.k !== "ws");
  }
  parse(): Node {
    const n = this.cmp();
    if (this.i < this.toks.length) throw new FormulaSyntaxError("unexpected token");
    return n;
  }
  private peek(): Token | undefined {
    return this.toks[this.i];
  }
  private isOp(...ops: string[]): string | null {
    const t = this.peek();
    return t && t.k === "op" && ops.includes(t.text) ? t.text : null;
  }
  private cmp(): Node {
    let l = this.concat();
    for (let op = this.isOp("=", "<>", "<", ">", "<=", ">="); op; op = this.isOp("=", "<>", "<", ">", "<=", ">=")) {
      this.i++;
      l = { t: "bin", op, l, r: this.concat() };
    }
    return l;
  }
  private concat(): Node {
    let l = this.add();
    while (this.isOp("&")) {
      this.i++;
      l = { t: "bin", op: "&", l, r: this.add() };
    }
    return l;
  }
  private add(): Node {
    let l = this.mul();
    for (let op = this.isOp("+", "-"); op; op = this.isOp("+", "-")) {
      this.i++;
      l = { t: "bin", op, l, r: this.mul() };
    }
    return l;
  }
  private mul(): Node {
    let l = this.pow();
    for (let op = this.isOp("*", "/"); op; op = this.isOp("*", "/")) {
      this.i++;
      l = { t: "bin", op, l, r: this.pow() };
    }
    return l;
  }
  private pow(): Node {
    let l = this.percent();
    while (this.isOp("^")) {
      this.i++;
      l = { t: "bin", op: "^", l, r: this.percent() };
    }
    return l;
  }
  private percent(): Node {
    let x = this.unary();
    while (this.isOp("%")) {
      this.i++;
      x = { t: "pct", x };
    }
    return x;
  }
  private unary(): Node {
    const op = this.isOp("-", "+");
    if (op) {
      this.i++;
      const x = this.unary();
      return op === "-" ? { t: "neg", x } : { t: "pos", x };
    }
    return this.primary();
  }
  private primary(): Node {
    const t = this.toks[this.i++];
    if (!t) throw new FormulaSyntaxError("unexpected end of formula");
    switch (t.k) {
      case "num":
        return { t: "num", v: t.value };
      case "str":
        return { t: "str", v: t.value };
      case "bool":
        return { t: "bool", v: t.value };
      case "err":
        return { t: "err", v: t.value };
      case "ref":
        return { t: "ref", ref: t.ref };
      case "name":
        return { t: "name", name: t.name };
      case "struct":
        return { t: "struct", s: t.s };
      case "lparen": {
        const n = this.cmp();
        if (this.toks[this.i++]?.k !== "rparen") throw new FormulaSyntaxError("missing )");
        return n;
      }
      case "func": {
        if (this.toks[this.i++]?.k !== "lparen") throw new FormulaSyntaxError("missing ( after function");
        const args: (Node | null)[] = [];
        if (this.peek()?.k === "rparen") {
          this.i++;
          return { t: "call", name: t.name, args };
        }
        for (;;) {
          const nt = this.peek();
          if (nt?.k === "comma" || nt?.k === "rparen") args.push(null);
          else args.push(this.cmp());
          const sep = this.toks[this.i++];
          if (sep?.k === "rparen") break;
          if (sep?.k !== "comma") throw new FormulaSyntaxError("expected , or )");
        }
        return { t: "call", name: t.name, args };
      }
      default:
        throw new FormulaSyntaxError(`unexpected token ${t.k}`);
    }
  }
}

/** Parses formula text (with or without the leading "="). Throws FormulaSyntaxError. */
export function parseFormula(text: string, resolver: NameResolver): Formula {
  const src = text.startsWith("=") ? text.slice(1) : text;
  const tokens = tokenize(src, resolver);
  if (tokens.every((t) => t.k === "ws")) throw new FormulaSyntaxError("empty formula");
  const ast = new Parser(tokens).parse();
  return { tokens, ast };
}

function renderEnd(e: RefEnd): string {
  let s = "";
  if (e.col !== undefined) s += (e.colAbs ? "$" : "") + colToLetters(e.col);
  if (e.row !== undefined) s += (e.rowAbs ? "$" : "") + String(e.row + 1);
  return s;
}

function renderSheet(target: SheetTarget, resolver: NameResolver): string {
  if (target === null) return "";
  if ("missing" in target) return quoteSheetName(target.missing) + "!";
  const name = resolver.sheetNameById(target.id);
  return name === undefined ? "#REF!" : quoteSheetName(name) + "!";
}

export function renderRef(ref: RefData, resolver: NameResolver): string {
  const prefix = ref.prefixed ? renderSheet(ref.sheet, resolver) : "";
  if (ref.invalid) return prefix === "#REF!" ? "#REF!" : prefix + "#REF!";
  if (prefix === "#REF!") return "#REF!" + renderEnd(ref.a) + (ref.b ? ":" + renderEnd(ref.b) : "");
  return prefix + renderEnd(ref.a) + (ref.b ? ":" + renderEnd(ref.b) : "");
}

function renderStruct(s: StructData, resolver: NameResolver): string {
  if (s.invalid) return "#REF!";
  const name = (s.tableId && resolver.tableNameById(s.tableId)) ?? s.tableName;
  const areaText: Record<StructArea, string> = { data: "", headers: "#Headers", all: "#All", totals: "#Totals", thisRow: "#This Row" };
  const col = s.column?.replace(/([[\]#'])/g, "'$1");
  // Excel shows this-row references in the short "@" form, bracketing names that need it.
  if (s.area === "thisRow") {
    if (col === undefined) return `${name}[@]`;
    return /^[\p{L}\p{N}_.]+$/u.test(s.column!) ? `${name}[@${col}]` : `${name}[@[${col}]]`;
  }
  if (s.area === "data") return col === undefined ? `${name}[]` : `${name}[${col}]`;
  return col === undefined ? `${name}[${areaText[s.area]}]` : `${name}[[${areaText[s.area]}],[${col}]]`;
}

export function renderFormula(f: Formula, resolver: NameResolver): string {
  let s = "=";
  for (const t of f.tokens) {
    switch (t.k) {
      case "ws":
        s += t.text;
        break;
      case "num":
        s += t.text;
        break;
      case "str":
        s += '"' + t.value.replace(/"/g, '""') + '"';
        break;
      case "bool":
        s += t.value ? "TRUE" : "FALSE";
        break;
      case "err":
        s += t.value;
        break;
      case "op":
        s += t.text;
        break;
      case "lparen":
        s += "(";
        break;
      case "rparen":
        s += ")";
        break;
      case "comma":
        s += ",";
        break;
      case "func":
        s += t.name;
        break;
      case "ref":
        s += renderRef(t.ref, resolver);
        break;
      case "name":
        s += (t.name.prefixed ? renderSheet(t.name.sheet, resolver) : "") + t.name.name;
        break;
      case "struct":
        s += renderStruct(t.s, resolver);
        break;
    }
  }
  return s;
}

/** Every reference in a formula (they are shared with the AST, so mutating them adjusts both). */
export function formulaRefs(f: Formula): RefData[] {
  const out: RefData[] = [];
  for (const t of f.tokens) if (t.k === "ref") out.push(t.ref);
  return out;
}

export function formulaStructs(f: Formula): StructData[] {
  const out: StructData[] = [];
  for (const t of f.tokens) if (t.k === "struct") out.push(t.s);
  return out;
}

/** The sheet id a reference points at, given the sheet that holds the formula. */
export function refSheetId(ref: RefData, hostSheetId: string | null): string | null {
  if (ref.sheet === null) return hostSheetId;
  return "id" in ref.sheet ? ref.sheet.id : null;
}

export interface RowShift {
  sheetId: string;
  /** Columns affected (inclusive); whole-row operations use 0..MAX_COLS-1. */
  c0: number;
  c1: number;
  kind: "insert" | "delete";
  /** insert: first new row; delete: first deleted row. */
  row: number;
  count: number;
}

function refColumns(ref: RefData): { c0: number; c1: number } {
  const ca = ref.a.col ?? 0;
  const cb = ref.b ? ref.b.col ?? MAX_COLS - 1 : ca;
  return ref.a.col === undefined ? { c0: 0, c1: MAX_COLS - 1 } : { c0: ca, c1: cb };
}

/**
 * Adjusts row coordinates of a span [r0, r1] for an insert/delete, returning null when the
 * whole span was deleted. Ranges that straddle an insertion point grow, as in Excel.
 */
export function shiftSpan(r0: number, r1: number, shift: Pick<RowShift, "kind" | "row" | "count">): [number, number] | null {
  const { row, count } = shift;
  if (shift.kind === "insert") {
    const a = r0 >= row ? r0 + count : r0;
    const b = r1 >= row ? r1 + count : r1;
    if (a >= MAX_ROWS) return null;
    return [a, Math.min(b, MAX_ROWS - 1)];
  }
  const d0 = row;
  const d1 = row + count - 1;
  if (r0 >= d0 && r1 <= d1) return null;
  const a = r0 < d0 ? r0 : r0 > d1 ? r0 - count : d0;
  const b = r1 < d0 ? r1 : r1 > d1 ? r1 - count : d0 - 1;
  return [a, b];
}

/** Applies a row shift to one reference; `hostSheetId` is the sheet holding the formula. */
export function shiftRef(ref: RefData, hostSheetId: string | null, shift: RowShift): void {
  if (ref.invalid) return;
  if (refSheetId(ref, hostSheetId) !== shift.sheetId) return;
  if (ref.a.row === undefined) return; // whole columns do not move vertically
  const cols = refColumns(ref);
  const wholeBand = shift.c0 === 0 && shift.c1 === MAX_COLS - 1;
  if (!wholeBand && (cols.c0 < shift.c0 || cols.c1 > shift.c1)) return;
  const r0 = ref.a.row;
  const r1 = ref.b?.row ?? r0;
  const res = shiftSpan(r0, r1, shift);
  if (!res) {
    ref.invalid = true;
    return;
  }
  ref.a.row = res[0];
  if (ref.b) ref.b.row = res[1];
}
