import type ExcelJS from "exceljs";
import type { CellWrite } from "./snapshot";
import { reportPrintArea, type OutputLayout } from "./outputs";
import { outputRowHeights } from "./plan";
import { FONT_NAME, FONT_SIZE, NUMBER_FORMATS, STYLES } from "./spec";
import { excelJsStyle } from "./xlsx";

/** The file host's side of a recompute: what the add-in does in Excel, done to an ExcelJS workbook. */

export type { OutputLayout };

export function applyWritesToExcelJs(wb: ExcelJS.Workbook, writes: readonly CellWrite[], layout?: OutputLayout): void {
  const bySheet = new Map<string, CellWrite[]>();
  for (const w of writes) {
    const ws = wb.getWorksheet(w.sheet);
    if (!ws) continue;
    const list = bySheet.get(w.sheet);
    if (list) list.push(w);
    else bySheet.set(w.sheet, [w]);
    const cell = ws.getCell(w.address);
    // ExcelJS keeps strings as strings: text that starts with "=" never becomes a formula here.
    if (w.formula !== undefined) {
      const v: { formula: string; result?: unknown } = { formula: w.formula.replace(/^=/, "") };
      if (w.result !== undefined) v.result = w.result;
      cell.value = v as ExcelJS.CellFormulaValue;
    } else cell.value = w.value === undefined || w.value === "" ? null : w.value;
    if (w.style) cell.style = excelJsStyle(STYLES[w.style], { name: FONT_NAME, size: FONT_SIZE }, w.numFmt ?? (w.style === "formFigure" ? NUMBER_FORMATS.score : "General")) as ExcelJS.Style;
  }
  for (const [sheet, cells] of bySheet) {
    const ws = wb.getWorksheet(sheet)!;
    const widths = Array.from({ length: 12 }, (_, i) => ws.getColumn(i + 1).width ?? 9);
    for (const [row, height] of outputRowHeights(cells, widths)) ws.getRow(row).height = height;
  }
  if (layout?.reportSheet) {
    const ws = wb.getWorksheet(layout.reportSheet);
    const area = reportPrintArea(layout.paragraphs);
    // exceljs writes "$" + each corner, so "C$4" becomes the absolute "$C$4" that every host reads.
    if (ws && area) ws.pageSetup = { ...ws.pageSetup, printArea: area.replace(/([A-Z]+)(\d+)/g, "$1$$$2"), printTitlesRow: undefined as unknown as string };
  }
}
