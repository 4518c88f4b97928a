import { evaluateInput, evaluateRead, evaluateSnapshot } from "../../src/app/evaluate-workbook";
import type { EvaluationInput, EvaluationResult } from "../../src/domain";
import type { ReadResult, WorkbookSnapshot } from "../../src/template/core";

/** The use case's result for a workbook snapshot (what every entry point reports). */
export function evaluateWorkbook(snapshot: WorkbookSnapshot): EvaluationResult {
  return evaluateSnapshot(snapshot).result;
}

/** The use case's result for what a reader read. */
export function evaluateReadResult(read: ReadResult): EvaluationResult {
  return evaluateRead(read).result;
}

/** The use case's result for a JSON input (the CLI's .json path). */
export function evaluateJson(input: EvaluationInput): EvaluationResult {
  return evaluateInput(input).result;
}
