import type ExcelJS from "exceljs";
import { applyWritesToExcelJs } from "../template/outputs-xlsx";
import { snapshotFromExcelJs } from "../template/snapshot-exceljs";
import { evaluateSnapshot, type WorkbookEvaluation } from "./evaluate-workbook";

/**
 * The file host's side of the use case: what the add-in does in Excel, done to an ExcelJS workbook in
 * place (自评表 and 自评报告 filled; formulas are computed by Excel, WPS or LibreOffice on open). A file
 * gets every output cell, not only the changed ones: a formula that stayed the same may show a new
 * figure, and its cached value must be that figure for readers that do not recalculate.
 */
export function evaluateExcelJs(wb: ExcelJS.Workbook): WorkbookEvaluation {
  const evaluation = evaluateSnapshot(snapshotFromExcelJs(wb));
  applyWritesToExcelJs(wb, evaluation.desired, { paragraphs: evaluation.narrative.length, reportSheet: evaluation.read.sheets.selfReport });
  wb.calcProperties.fullCalcOnLoad = true;
  return evaluation;
}
