/**
 * A1-address helpers shared by the Excel fake and its formula engine.
 * Rows and columns are 0-based internally; rects are inclusive.
 */

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export type AddressKind = "cells" | "columns" | "rows";

export interface ParsedAddress {
  sheet?: string;
  rect: Rect;
  kind: AddressKind;
}

export function colToLetters(col: number): string {
  let n = col + 1;
  let s = "";
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Returns -1 for anything that is not a column label within XFD. */
export function lettersToCol(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return -1;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1 < MAX_COLS ? n - 1 : -1;
}

export function rectCells(rect: Rect): number {
  return (rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1);
}

export function rectContains(outer: Rect, inner: Rect): boolean {
  return inner.r0 >= outer.r0 && inner.r1 <= outer.r1 && inner.c0 >= outer.c0 && inner.c1 <= outer.c1;
}

export function rectIntersect(a: Rect, b: Rect): Rect | null {
  const r = { r0: Math.max(a.r0, b.r0), c0: Math.max(a.c0, b.c0), r1: Math.min(a.r1, b.r1), c1: Math.min(a.c1, b.c1) };
  return r.r0 <= r.r1 && r.c0 <= r.c1 ? r : null;
}

export function isEntireColumns(rect: Rect): boolean {
  return rect.r0 === 0 && rect.r1 === MAX_ROWS - 1;
}

export function isEntireRows(rect: Rect): boolean {
  return rect.c0 === 0 && rect.c1 === MAX_COLS - 1;
}

const CELL_RE = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COL_RE = /^\$?([A-Za-z]{1,3})$/;
const ROW_RE = /^\$?(\d{1,7})$/;

function parseCell(s: string): { r: number; c: number } | null {
  const m = CELL_RE.exec(s);
  if (!m) return null;
  const c = lettersToCol(m[1]!);
  const r = Number(m[2]) - 1;
  if (c < 0 || r < 0 || r >= MAX_ROWS) return null;
  return { r, c };
}

/** Splits an optional sheet prefix (`Sheet1!`, `'My sheet'!`) from an address. */
export function splitSheetPrefix(address: string): { sheet?: string; rest: string } {
  const s = address.trim();
  if (s.startsWith("'")) {
    let i = 1;
    let name = "";
    while (i < s.length) {
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += s[i];
      i++;
    }
    if (s[i] === "'" && s[i + 1] === "!") return { sheet: name, rest: s.slice(i + 2) };
    return { rest: s };
  }
  const bang = s.lastIndexOf("!");
  if (bang > 0) return { sheet: s.slice(0, bang), rest: s.slice(bang + 1) };
  return { rest: s };
}

/** Parses "A1", "B2:D9", "$A$1", "A:A", "A:C", "3:3", "3:5", optionally sheet-prefixed. */
export function parseA1(address: string): ParsedAddress | null {
  const { sheet, rest } = splitSheetPrefix(address);
  const parts = rest.split(":");
  if (parts.length > 2 || parts.length === 0) return null;
  const a = parts[0]!;
  const b = parts[1] ?? a;
  const ca = parseCell(a);
  const cb = parseCell(b);
  let result: ParsedAddress | null = null;
  if (ca && cb) {
    result = {
      rect: { r0: Math.min(ca.r, cb.r), r1: Math.max(ca.r, cb.r), c0: Math.min(ca.c, cb.c), c1: Math.max(ca.c, cb.c) },
      kind: "cells",
    };
  } else if (parts.length === 2 && COL_RE.test(a) && COL_RE.test(b)) {
    const x = lettersToCol(COL_RE.exec(a)![1]!);
    const y = lettersToCol(COL_RE.exec(b)![1]!);
    if (x < 0 || y < 0) return null;
    result = { rect: { r0: 0, r1: MAX_ROWS - 1, c0: Math.min(x, y), c1: Math.max(x, y) }, kind: "columns" };
  } else if (parts.length === 2 && ROW_RE.test(a) && ROW_RE.test(b)) {
    const x = Number(ROW_RE.exec(a)![1]) - 1;
    const y = Number(ROW_RE.exec(b)![1]) - 1;
    if (x < 0 || y < 0 || x >= MAX_ROWS || y >= MAX_ROWS) return null;
    result = { rect: { r0: Math.min(x, y), r1: Math.max(x, y), c0: 0, c1: MAX_COLS - 1 }, kind: "rows" };
  }
  if (!result) return null;
  if (sheet !== undefined) result.sheet = sheet;
  return result;
}

/** Formats a rect the way Range.address does ("A1", "A1:B2", "A:A", "3:3"), optionally with `$`. */
export function formatRect(rect: Rect, absolute = false): string {
  const d = absolute ? "$" : "";
  if (isEntireColumns(rect) && !isEntireRows(rect)) {
    return `${d}${colToLetters(rect.c0)}:${d}${colToLetters(rect.c1)}`;
  }
  if (isEntireRows(rect)) {
    return `${d}${rect.r0 + 1}:${d}${rect.r1 + 1}`;
  }
  const a = `${d}${colToLetters(rect.c0)}${d}${rect.r0 + 1}`;
  if (rect.r0 === rect.r1 && rect.c0 === rect.c1) return a;
  return `${a}:${d}${colToLetters(rect.c1)}${d}${rect.r1 + 1}`;
}

/**
 * Excel leaves sheet names made of letters (any script, so Chinese names too), digits,
 * `_` and `.` unquoted unless they start with a digit or look like a cell reference.
 */
export function sheetNameNeedsQuotes(name: string): boolean {
  if (!/^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name)) return true;
  if (/^[A-Za-z]{1,3}\d+$/.test(name) && parseCell(name)) return true;
  if (/^[Rr](\d*)([Cc]\d*)?$/.test(name) || /^[Cc]\d*$/.test(name)) return true;
  return false;
}

export function quoteSheetName(name: string): string {
  return sheetNameNeedsQuotes(name) ? `'${name.replace(/'/g, "''")}'` : name;
}

export function formatAddress(sheetName: string, rect: Rect, absolute = false): string {
  return `${quoteSheetName(sheetName)}!${formatRect(rect, absolute)}`;
}

export function cellKey(r: number, c: number): number {
  return r * MAX_COLS + c;
}

export function keyRow(key: number): number {
  return Math.floor(key / MAX_COLS);
}

export function keyCol(key: number): number {
  return key % MAX_COLS;
}
