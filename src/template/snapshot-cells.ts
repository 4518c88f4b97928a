import { cellAddress, parseCell, parseRange } from "./addr";
import type { CellWrite, SnapshotSheet, SnapshotValue, WorkbookSnapshot } from "./snapshot";

/**
 * Reading and patching single cells of a WorkbookSnapshot, so a session can keep a cached copy of
 * the workbook current from change events and its own writes, without reading it again.
 */

export interface SnapshotCell {
  value: SnapshotValue;
  /** "=…" for a formula cell, else the value. */
  formula: SnapshotValue;
}

function sheetOf(snapshot: WorkbookSnapshot, name: string): SnapshotSheet | undefined {
  return snapshot.sheets.find((s) => s.name === name);
}

// The last origin parsed: getCell is asked for every output cell, mostly of one sheet after another.
let lastAddress = "";
let lastOrigin: { row: number; col: number } | null = null;
function origin(sheet: SnapshotSheet): { row: number; col: number } | null {
  if (!sheet.address) return null;
  if (sheet.address !== lastAddress) {
    lastOrigin = parseCell(sheet.address.split(":")[0]!);
    lastAddress = sheet.address;
  }
  return lastOrigin;
}

export function getCell(snapshot: WorkbookSnapshot, sheet: string, address: string): SnapshotCell {
  const s = sheetOf(snapshot, sheet);
  const o = s && origin(s);
  if (!s || !o) return { value: "", formula: "" };
  const c = parseCell(address);
  const r = c.row - o.row;
  const k = c.col - o.col;
  return { value: s.values[r]?.[k] ?? "", formula: s.formulas[r]?.[k] ?? "" };
}

/** Grows the sheet's used range (rectangularly) so that it covers `row`, `col`. */
function ensureCovers(s: SnapshotSheet, row: number, col: number): { row: number; col: number } {
  const range = s.address ? parseRange(s.address) : { top: row, left: col, bottom: row, right: col };
  const top = Math.min(range.top, row);
  const left = Math.min(range.left, col);
  const bottom = Math.max(range.bottom, row);
  const right = Math.max(range.right, col);
  if (s.address && top === range.top && left === range.left && bottom === range.bottom && right === range.right) {
    return { row: top, col: left };
  }
  const width = right - left + 1;
  const grow = (old: SnapshotValue[][]): SnapshotValue[][] => {
    const out: SnapshotValue[][] = [];
    for (let r = top; r <= bottom; r++) {
      const line = new Array<SnapshotValue>(width).fill("");
      if (s.address) {
        const src = old[r - range.top];
        if (src) for (let c = range.left; c <= range.right; c++) line[c - left] = src[c - range.left] ?? "";
      }
      out.push(line);
    }
    return out;
  };
  s.values = grow(s.values);
  s.formulas = grow(s.formulas);
  s.address = `${cellAddress(top, left)}:${cellAddress(bottom, right)}`;
  return { row: top, col: left };
}

/**
 * Sets one cell as the host will hold it after the write or edit. A formula's value is unknown until
 * the host computes it: the cached value is left as it was (the session never reads formula values).
 */
export function setCell(snapshot: WorkbookSnapshot, sheet: string, address: string, cell: { value?: SnapshotValue; formula?: string }): boolean {
  const s = sheetOf(snapshot, sheet);
  if (!s) return false;
  const c = parseCell(address);
  const o = ensureCovers(s, c.row, c.col);
  const r = c.row - o.row;
  const k = c.col - o.col;
  if (cell.formula !== undefined) {
    s.formulas[r]![k] = cell.formula;
  } else {
    const v = cell.value ?? "";
    s.values[r]![k] = v;
    s.formulas[r]![k] = v;
  }
  return true;
}

export function applyWrites(snapshot: WorkbookSnapshot, writes: readonly CellWrite[]): void {
  for (const w of writes) setCell(snapshot, w.sheet, w.address, w.formula !== undefined ? { formula: w.formula } : { value: w.value ?? "" });
}

/** The writes whose target differs from what the snapshot holds: only changed cells are written. */
export function changedOnly(snapshot: WorkbookSnapshot, desired: readonly CellWrite[]): CellWrite[] {
  return desired.filter((w) => {
    const current = getCell(snapshot, w.sheet, w.address);
    if (w.formula !== undefined) return current.formula !== w.formula;
    const v = w.value ?? "";
    // A cell holding a formula whose value happens to equal the text still needs the constant.
    return current.value !== v || (typeof current.formula === "string" && current.formula.startsWith("=") && current.formula !== v);
  });
}

export function cellKey(sheet: string, address: string): string {
  return `${sheet}!${address.replace(/\$/g, "").toUpperCase()}`;
}
