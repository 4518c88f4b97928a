import { extname } from "node:path";
import { evaluate, type EvaluationInput, type EvaluationResult } from "../domain";
import { UsageError } from "./errors";
import { loadEvaluationJson } from "./load-json";
import { evaluateRead, loadXlsxFile, readEvaluation, snapshotFromExcelJs } from "../template";
import { withWorkbookErrors } from "./commands/repair";

export interface EvaluatedFile {
  input: EvaluationInput;
  result: EvaluationResult;
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
  throw new UsageError(`不支持的文件类型“${ext || "（无扩展名）"}”：请提供 .xlsx 自评工作簿或 .json 自评数据。`);
}
