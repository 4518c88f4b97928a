import type ExcelJS from "exceljs";
import { applyWritesToExcelJs } from "../template/outputs-xlsx";
import { snapshotFromExcelJs } from "../template/snapshot-exceljs";
import { evaluateSnapshot, recalculatedCells, type WorkbookEvaluation } from "./evaluate-workbook";
import type { CellWrite } from "../workbook/port";

/**
 * The file host's side of the use case: what the add-in does in Excel, done to an ExcelJS workbook in
 * place (自评表 and 自评报告 filled; formulas are computed by Excel, WPS or LibreOffice on open). A file
 * gets every output cell, not only the changed ones: a formula that stayed the same may show a new
 * figure, and its cached value must be that figure for readers that do not recalculate.
 */
export function evaluateExcelJs(wb: ExcelJS.Workbook): WorkbookEvaluation {
  const snapshot = snapshotFromExcelJs(wb);
  const evaluation = evaluateSnapshot(snapshot);
  // The figures to cache, from this one read and evaluation: the output writes below change only output
  // cells, which the evaluation already holds as written (desired), and no template formula reads them.
  const recalculated = recalculatedCells(snapshot, evaluation);
  applyWritesToExcelJs(wb, evaluation.desired, { paragraphs: evaluation.narrative.length, reportSheet: evaluation.read.sheets.selfReport });
  refreshCachedValues(wb, recalculated);
  wb.calcProperties.fullCalcOnLoad = true;
  return evaluation;
}

/**
 * The template's own formula cells (rates, scores, rule values, display links, table columns) keep the
 * values cached when the file was last saved; after new inputs those are stale for readers that do not
 * recalculate. Each cell that still holds the template's formula gets the engine's figure for it.
 */
function refreshCachedValues(wb: ExcelJS.Workbook, recalculated: readonly CellWrite[]): void {
  for (const c of recalculated) {
    if (c.formula === undefined || c.result === undefined) continue;
    const cell = wb.getWorksheet(c.sheet)?.getCell(c.address);
    const value = cell?.value as { formula?: string; sharedFormula?: string } | null | undefined;
    if (!cell || !value || typeof value.formula !== "string") continue;
    const formula = c.formula.replace(/^=/, "");
    if (value.formula.replace(/^=/, "") === formula) cell.value = { formula, result: c.result } as ExcelJS.CellFormulaValue;
  }
}
