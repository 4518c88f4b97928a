import type ExcelJS from "exceljs";
import { applyWritesToExcelJs } from "../template/outputs-xlsx";
import { snapshotFromExcelJs } from "../template/snapshot-exceljs";
import { evaluateSnapshot, type WorkbookEvaluation } from "./evaluate-workbook";

/**
 * The file host's side of the use case: what the add-in does in Excel, done to an ExcelJS workbook in
 * place (自评表 and 自评报告 filled; formulas are computed by Excel, WPS or LibreOffice on open).
 */
export function evaluateExcelJs(wb: ExcelJS.Workbook): WorkbookEvaluation {
  const evaluation = evaluateSnapshot(snapshotFromExcelJs(wb));
  applyWritesToExcelJs(wb, evaluation.writes);
  wb.calcProperties.fullCalcOnLoad = true;
  return evaluation;
}
