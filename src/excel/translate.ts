import { cellAddress, colLetters, parseCell, parseRange, splitQualified, type RangeRef } from "../template/addr";
import type { ProtectionSpec, ValidationSpec } from "../template/core";

/**
 * Pure translations between the host-neutral template data and what Office.js takes or gives:
 * addresses, text that must stay text, widths, validation rules, protection options, footers.
 * No Excel calls here, so each rule is unit-tested on its own.
 */

/** "'预算执行'!A1:E33" or "预算执行!D7" → "A1:E33" / "D7" (the snapshot's form, without sheet or "$"). */
export function localAddress(address: string): string {
  const q = splitQualified(address);
  if (q) return q.address;
  return address.replace(/\$/g, "").toUpperCase();
}

/** Splits a RangeAreas address ("A!A1:B2, 'x,y'!C3") on the commas outside quoted sheet names. */
export function splitAreas(text: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let part = "";
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if (ch === "," && !quoted) {
      out.push(part.trim());
      part = "";
    } else part += ch;
  }
  if (part.trim()) out.push(part.trim());
  return out;
}

const MONTH = /^\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[\s\-/.,]*\d/i;

/**
 * Would Excel turn this string into something else when it is set through `Range.values`? Formulas
 * (= + - @), a quote prefix, error literals, TRUE/FALSE, and anything starting like a number, a
 * percentage, an amount, a date or a time ("001", "1/2", "12:30", "2023年1月", "¥5", "Jan-23"). Deliberately
 * generous: a false positive only costs the cell a text format.
 */
export function excelWouldReinterpret(text: string): boolean {
  if (text === "") return false;
  if (/^\s*[=+\-@'#]/.test(text)) return true;
  if (/^\s*(true|false)\s*$/i.test(text)) return true;
  if (/^\s*[$¥￥€£(]?\s*[.\d]/.test(text)) return true;
  return MONTH.test(text);
}

/**
 * Column width in points from the template's width in characters. Excel stores widths as a number
 * of maximum-digit widths (7 px for 11-pt Calibri and 宋体 at 96 dpi) plus 5 px of padding; Office.js
 * `columnWidth` is in points (0.75 pt per px). So 10 characters → 75 px → 56.25 pt.
 */
export function columnWidthPoints(characters: number): number {
  return Math.round((characters * 7 + 5) * 0.75 * 100) / 100;
}

/** Groups consecutive equal widths: [[first column, last column, width], …] (1-based columns). */
export function widthRuns(widths: readonly number[]): Array<{ range: string; width: number }> {
  const out: Array<{ range: string; width: number }> = [];
  let start = 0;
  for (let i = 1; i <= widths.length; i++) {
    if (i < widths.length && widths[i] === widths[start]) continue;
    out.push({ range: `${colLetters(start + 1)}:${colLetters(i)}`, width: widths[start]! });
    start = i;
  }
  return out;
}

/** Groups consecutive rows of equal height: "12:31" → 20. */
export function heightRuns(heights: Readonly<Record<number, number>>): Array<{ range: string; height: number }> {
  const rows = Object.keys(heights)
    .map(Number)
    .sort((a, b) => a - b);
  const out: Array<{ range: string; height: number }> = [];
  let i = 0;
  while (i < rows.length) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1 && heights[rows[j + 1]!] === heights[rows[i]!]) j++;
    out.push({ range: `${rows[i]}:${rows[j]}`, height: heights[rows[i]!]! });
    i = j + 1;
  }
  return out;
}

/**
 * Covers a set of cells with few rectangles (runs along each row, stacked when the next row has the
 * same run), so that one format call paints a block instead of one call per cell.
 */
export function rectangles(addresses: Iterable<string>): RangeRef[] {
  const byRow = new Map<number, number[]>();
  for (const a of addresses) {
    const c = parseCell(a);
    const cols = byRow.get(c.row) ?? [];
    cols.push(c.col);
    byRow.set(c.row, cols);
  }
  const done: RangeRef[] = [];
  let open = new Map<string, RangeRef>();
  for (const row of [...byRow.keys()].sort((a, b) => a - b)) {
    const cols = [...new Set(byRow.get(row)!)].sort((a, b) => a - b);
    const next = new Map<string, RangeRef>();
    let i = 0;
    while (i < cols.length) {
      let j = i;
      while (j + 1 < cols.length && cols[j + 1] === cols[j]! + 1) j++;
      const key = `${cols[i]}:${cols[j]}`;
      const prev = open.get(key);
      if (prev && prev.bottom === row - 1) {
        prev.bottom = row;
        next.set(key, prev);
        open.delete(key);
      } else next.set(key, { top: row, left: cols[i]!, bottom: row, right: cols[j]! });
      i = j + 1;
    }
    done.push(...open.values());
    open = next;
  }
  done.push(...open.values());
  return done;
}

export function rangeOf(r: RangeRef): string {
  const tl = cellAddress(r.top, r.left);
  return r.top === r.bottom && r.left === r.right ? tl : `${tl}:${cellAddress(r.bottom, r.right)}`;
}

/** A numeric operand stays a number; anything else is a formula (a name, a cell such as "$H12"). */
function operand(f: string): number | string {
  return /^-?\d+(\.\d+)?$/.test(f.trim()) ? Number(f) : `=${f.replace(/^=/, "")}`;
}

const OPERATORS = {
  between: "Between",
  greaterThan: "GreaterThan",
  greaterThanOrEqual: "GreaterThanOrEqualTo",
} as const;

/** The plan's validation rule as an Office.js DataValidationRule (ExcelApi 1.8). */
export function validationRule(spec: ValidationSpec): Excel.DataValidationRule {
  if (spec.type === "list") {
    // `"a,b,c"` is an inline list (Office.js wants it without quotes); anything else is a name or range.
    const inline = /^"(.*)"$/.exec(spec.source);
    return { list: { inCellDropDown: true, source: inline ? inline[1]! : `=${spec.source.replace(/^=/, "")}` } };
  }
  const basic: Excel.BasicDataValidation = {
    operator: OPERATORS[spec.operator],
    formula1: operand(spec.formula1),
    ...(spec.formula2 !== undefined ? { formula2: operand(spec.formula2) } : {}),
  };
  return spec.type === "whole" ? { wholeNumber: basic } : { decimal: basic };
}

/** Sheet protection as the template wants it: no password, formatting cells never allowed. */
export function protectionOptions(p: ProtectionSpec): Excel.WorksheetProtectionOptions {
  return {
    allowFormatCells: false,
    allowFormatColumns: p.formatColumns,
    allowFormatRows: p.formatRows,
    allowInsertRows: p.insertRows,
    allowDeleteRows: p.deleteRows,
    allowSort: p.sort,
    allowAutoFilter: p.autoFilter,
  };
}

/** "&C第 &P 页，共 &N 页" → { center: "第 &P 页，共 &N 页" } (Office.js takes each section on its own). */
export function footerSections(footer: string): { left?: string; center?: string; right?: string } {
  const out: { left?: string; center?: string; right?: string } = {};
  const key = { L: "left", C: "center", R: "right" } as const;
  const parts = footer.split(/&([LCR])/);
  if (parts[0]) out.center = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const text = parts[i + 1] ?? "";
    if (text) out[key[parts[i] as "L" | "C" | "R"]] = text;
  }
  return out;
}

/** Rows of a print-title spec as Office.js wants them: "11:11" → "$11:$11". */
export function printTitleRows(rows: string): string {
  return rows
    .split(":")
    .map((r) => `$${r.replace(/\$/g, "")}`)
    .join(":");
}

/** Rows × 1 column of the same text, for a calculated column's data body. */
export function column<T>(value: T, rows: number): T[][] {
  return Array.from({ length: rows }, () => [value]);
}

export function rowsOf(range: string): number {
  const r = parseRange(range);
  return r.bottom - r.top + 1;
}
