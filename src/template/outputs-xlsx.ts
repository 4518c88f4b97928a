import type ExcelJS from "exceljs";
import type { CellWrite } from "../workbook/port";
import { SELF_REPORT_LAYOUT } from "./spec";

/** The file host's side of a recompute: what the add-in does in Excel, done to an ExcelJS workbook. */

const WRAPPED = new Set([SELF_REPORT_LAYOUT.columns.text, SELF_REPORT_LAYOUT.columns.generated, SELF_REPORT_LAYOUT.columns.status, SELF_REPORT_LAYOUT.columns.sources]);

export function applyWritesToExcelJs(wb: ExcelJS.Workbook, writes: readonly CellWrite[]): void {
  for (const w of writes) {
    const ws = wb.getWorksheet(w.sheet);
    if (!ws) continue;
    const cell = ws.getCell(w.address);
    // ExcelJS keeps strings as strings: text that starts with "=" never becomes a formula here.
    if (w.formula !== undefined) cell.value = { formula: w.formula.replace(/^=/, "") } as ExcelJS.CellFormulaValue;
    else cell.value = w.value === undefined || w.value === "" ? null : w.value;
    if (typeof w.value === "string" && WRAPPED.has(w.address.replace(/\d+$/, "") as never)) {
      cell.alignment = { wrapText: true, vertical: "top" };
    }
  }
}
