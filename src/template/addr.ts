/** A1 addresses: 1-based rows and columns, as people and Excel write them. */

export interface CellRef {
  row: number;
  col: number;
}
export interface RangeRef {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function colLetters(col: number): string {
  let n = col;
  let s = "";
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;

export function parseCell(a1: string): CellRef {
  const c = tryParseCell(a1);
  if (!c) throw new Error(`Not a cell address: ${a1}`);
  return c;
}

export function tryParseCell(a1: string): CellRef | null {
  return scanCell(a1) ?? regexCell(a1);
}

function regexCell(a1: string): CellRef | null {
  const m = CELL.exec(a1.trim());
  return m ? { row: Number(m[2]), col: colNumber(m[1]!) } : null;
}

/**
 * The plain form ("C20", "$C$20") read character by character: asked several times for every output cell
 * (~50,000 at 5,000 indicators), where the regex, its match array and toUpperCase showed in profiles.
 * Anything else (spaces, lower case) goes to the regex.
 */
function scanCell(a1: string): CellRef | null {
  return scanCellAt(a1, 0, a1.length);
}

/**
 * scanCell on text[start, end), without slicing it out: for readers of XML that name a cell in an attribute
 * of every cell of a sheet.
 */
export function scanCellAt(text: string, start: number, end: number): CellRef | null {
  let i = text.charCodeAt(start) === 36 /* $ */ ? start + 1 : start;
  let col = 0;
  const lettersStart = i;
  for (let ch = text.charCodeAt(i); i < end && ch >= 65 && ch <= 90; ch = text.charCodeAt(++i)) col = col * 26 + (ch - 64);
  const letters = i - lettersStart;
  if (letters < 1 || letters > 3) return null;
  if (i < end && text.charCodeAt(i) === 36) i++;
  if (i >= end) return null;
  let row = 0;
  for (; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch < 48 || ch > 57) return null;
    row = row * 10 + (ch - 48);
  }
  return { row, col };
}

export function cellAddress(row: number, col: number): string {
  return `${colLetters(col)}${row}`;
}

export function absolute(row: number, col: number): string {
  return `$${colLetters(col)}$${row}`;
}

export function parseRange(a1: string): RangeRef {
  const [a, b] = a1.split(":");
  const p = parseCell(a!);
  const q = b ? parseCell(b) : p;
  return { top: Math.min(p.row, q.row), left: Math.min(p.col, q.col), bottom: Math.max(p.row, q.row), right: Math.max(p.col, q.col) };
}

export function rangeAddress(r: RangeRef): string {
  const tl = cellAddress(r.top, r.left);
  const br = cellAddress(r.bottom, r.right);
  return tl === br ? tl : `${tl}:${br}`;
}

export function absoluteRange(r: RangeRef): string {
  const tl = absolute(r.top, r.left);
  return r.top === r.bottom && r.left === r.right ? tl : `${tl}:${absolute(r.bottom, r.right)}`;
}

export function intersects(a: RangeRef, b: RangeRef): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

/** Always quoted: sheet names here are Chinese, and quoting is valid for every name. */
export function quoteSheet(name: string): string {
  return name.includes("'") ? `'${name.replace(/'/g, "''")}'` : `'${name}'`;
}

/** "'预算执行'!D7" — the form findings use. */
export function qualified(sheet: string, address: string): string {
  return `${quoteSheet(sheet)}!${address}`;
}

/**
 * Splits "'预算执行'!$D$7", "预算执行!D7:E9" or "=Sheet1!$A$1" into sheet and address.
 * Returns null for anything else (constants, "#REF!", structured references, unions).
 */
export function splitQualified(text: string): { sheet: string; address: string } | null {
  let t = text.trim();
  if (t.startsWith("=")) t = t.slice(1).trim();
  let sheet: string;
  let rest: string;
  if (t.startsWith("'")) {
    let i = 1;
    let name = "";
    for (; i < t.length; i++) {
      if (t[i] === "'") {
        if (t[i + 1] === "'") {
          name += "'";
          i++;
          continue;
        }
        break;
      }
      name += t[i];
    }
    if (t[i + 1] !== "!") return null;
    sheet = name;
    rest = t.slice(i + 2);
  } else {
    const bang = t.lastIndexOf("!");
    if (bang < 0) return null;
    sheet = t.slice(0, bang);
    rest = t.slice(bang + 1);
  }
  const parts = rest.split(":");
  if (parts.length > 2 || !parts.every((p) => CELL.test(p))) return null;
  return { sheet, address: parts.map((p) => p.replace(/\$/g, "").toUpperCase()).join(":") };
}
