import type ExcelJS from "exceljs";
import { extname } from "node:path";
import { evaluate, type EvaluationInput, type EvaluationResult } from "../domain";
import { buildXlsx, evaluateRead, loadXlsxFile, planWorkbook, readEvaluation, recomputeExcelJs, snapshotFromExcelJs, type Recomputed } from "../template";
import { withWorkbookErrors } from "./commands/repair";
import { UsageError } from "./errors";
import { loadEvaluationJson } from "./load-json";

export interface EvaluatedFile {
  input: EvaluationInput;
  result: EvaluationResult;
}

function unsupported(ext: string): UsageError {
  return new UsageError(`不支持的文件类型“${ext || "（无扩展名）"}”：请提供 .xlsx 自评工作簿或 .json 自评数据。`);
}

/** Reads and evaluates a .json or .xlsx file; unusable input throws UsageError (exit 2). */
export async function evaluateFile(path: string): Promise<EvaluatedFile> {
  const ext = extname(path).toLowerCase();
  if (ext === ".json") {
    const input = await loadEvaluationJson(path);
    return { input, result: evaluate(input) };
  }
  if (ext === ".xlsx") {
    // Read-only: the file is read into memory once and never written.
    return withWorkbookErrors(async () => {
      const read = readEvaluation(snapshotFromExcelJs(await loadXlsxFile(path)));
      return { input: read.input, result: evaluateRead(read) };
    });
  }
  throw unsupported(ext);
}

export interface EvaluatedWorkbook {
  /** The evaluated copy: the input's workbook (or a new one from JSON) with 自评表 and 自评报告 filled. */
  workbook: ExcelJS.Workbook;
  recomputed: Recomputed;
}

/** Evaluates a file into a workbook with its output sheets written, as the add-in would leave it. */
export async function evaluateToWorkbook(path: string): Promise<EvaluatedWorkbook> {
  const ext = extname(path).toLowerCase();
  if (ext === ".json") {
    const workbook = buildXlsx(planWorkbook(await loadEvaluationJson(path)));
    return { workbook, recomputed: recomputeExcelJs(workbook) };
  }
  if (ext === ".xlsx") {
    return withWorkbookErrors(async () => {
      const workbook = await loadXlsxFile(path);
      return { workbook, recomputed: recomputeExcelJs(workbook) };
    });
  }
  throw unsupported(ext);
}
