import type ExcelJS from "exceljs";
import { cellAddress, parseRange } from "./addr";
import { applyExcelJsPatches } from "./exceljs-patches";
import type { SnapshotSheet, SnapshotTable, SnapshotValue, WorkbookSnapshot } from "./snapshot";

/** The file host's WorkbookSnapshot: what Office.js would report for the same workbook. */

applyExcelJsPatches();

function plain(v: unknown): SnapshotValue {
  if (v === null || v === undefined) return "";
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text: string }>).map((r) => r.text).join("");
    if ("error" in o) return String(o.error);
    if ("text" in o && "hyperlink" in o) return plain(o.text);
    if ("formula" in o || "sharedFormula" in o) return plain(o.result);
  }
  return String(v);
}

function sheetSnapshot(ws: ExcelJS.Worksheet): SnapshotSheet {
  const rows = ws.actualRowCount === 0 ? 0 : ws.rowCount;
  const cols = ws.columnCount;
  const values: SnapshotValue[][] = [];
  const formulas: SnapshotValue[][] = [];
  for (let r = 1; r <= rows; r++) {
    const vr: SnapshotValue[] = new Array<SnapshotValue>(cols).fill("");
    const fr: SnapshotValue[] = new Array<SnapshotValue>(cols).fill("");
    const row = ws.findRow(r);
    if (row) {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        // Like Office.js: a merged area's value is in its top-left cell only.
        if (c > cols || cell.type === 1) return; // ValueType.Merge
        const isFormula = cell.type === 6; // ValueType.Formula
        const value = isFormula ? plain(cell.result) : plain(cell.value);
        vr[c - 1] = value;
        fr[c - 1] = isFormula ? `=${cell.formula}` : value;
      });
    }
    values.push(vr);
    formulas.push(fr);
  }
  const merges = Object.values((ws as unknown as { _merges: Record<string, { range: string }> })._merges ?? {}).map((m) => m.range);
  return {
    name: ws.name,
    address: rows && cols ? `${cellAddress(1, 1)}:${cellAddress(rows, cols)}` : "",
    values,
    formulas,
    merges,
  };
}

interface TableLike {
  table?: { name: string; tableRef?: string; ref?: string };
  name?: string;
}

export function snapshotFromExcelJs(wb: ExcelJS.Workbook): WorkbookSnapshot {
  const names = (wb.definedNames.model as Array<{ name: string; ranges: string[] }>).map((n) => ({
    name: n.name,
    formula: `=${n.ranges.join(",")}`,
  }));
  const sheets: SnapshotSheet[] = [];
  const tables: SnapshotTable[] = [];
  for (const ws of wb.worksheets) {
    const snap = sheetSnapshot(ws);
    sheets.push(snap);
    for (const t of ws.getTables() as unknown as TableLike[]) {
      const model = t.table;
      if (!model) continue;
      const address = model.tableRef ?? model.ref;
      if (!address || !address.includes(":")) continue;
      const r = parseRange(address);
      const headers: string[] = [];
      for (let c = r.left; c <= r.right; c++) headers.push(String(plain(ws.getCell(r.top, c).value)));
      tables.push({ name: model.name, sheet: ws.name, address, headers });
    }
  }
  return { names, sheets, tables, allSheets: wb.worksheets.map((w) => w.name), properties: { keywords: wb.keywords ?? "" } };
}
