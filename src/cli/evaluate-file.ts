import type ExcelJS from "exceljs";
// node:fs, not node:fs/promises: one file is read, and fs/promises loads a dozen more modules at start-up.
import { readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { evaluateInput, evaluateSnapshot, type Evaluation } from "../app/evaluate-workbook";
import { readFailure } from "../template/file-errors";
import type { WorkbookSnapshot } from "../template/snapshot";
import { snapshotFromXlsxBytes } from "../template/snapshot-xlsx";
import { UsageError } from "./errors";
import { withWorkbookErrors } from "./workbook-errors";
import type { JsonInput } from "./load-json";
import { linkFindings } from "../domain/finding-links";
import { LEVEL_OF_LEVEL1 } from "../domain/formulas";

/** The JSON reader (zod and the input schemas) is loaded only for .json files: a workbook does not need it. */
async function loadEvaluationJson(path: string): Promise<JsonInput> {
  return (await import("./load-json")).loadEvaluationJson(path);
}

function statOrError(path: string): import("node:fs").Stats | NodeJS.ErrnoException {
  try {
    return statSync(path);
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
}

function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

/** A folder or a missing path is named as such before its extension is looked at. */
async function unsupported(path: string, ext: string): Promise<UsageError> {
  const info = statOrError(path);
  if (info instanceof Error) return new UsageError(readFailure(path, info));
  if (info.isDirectory()) return new UsageError(readFailure(path, Object.assign(new Error("directory"), { code: "EISDIR" })));
  return new UsageError(`不支持的文件类型“${ext || "（无扩展名）"}”：请提供 .xlsx 自评工作簿或 .json 自评数据。`);
}

/**
 * The findings of reading a JSON file leniently go with its evaluation, and every finding names the
 * indicator by its place in the file (an indicator left out shifts the ones after it).
 */
async function withJsonFindings<E extends Evaluation>(evaluation: E, json: JsonInput): Promise<E> {
  // Loaded with the JSON reader only: it imports the input schemas (zod).
  const { withOriginalIndicator } = await import("../domain/lenient-input");
  // Reading problems are root causes (a 分值 that could not be read is why it is 0): linked again with them.
  const indicators = json.input.indicators;
  const findings = linkFindings([...json.findings, ...evaluation.result.findings.map((f) => withOriginalIndicator(f, json.indicatorOrigin))], {
    levelOfIndicator: (fileIndex) => {
      const level1 = indicators[json.indicatorOrigin.indexOf(fileIndex)]?.level1;
      return level1 ? LEVEL_OF_LEVEL1[level1] : undefined;
    },
  });
  return { ...evaluation, result: { ...evaluation.result, findings } };
}

/**
 * Reads and evaluates a .json or .xlsx file through the one use case; unusable input throws UsageError
 * (exit 2). Read-only: a workbook is read into memory once and never written.
 */
export async function evaluateFile(path: string): Promise<Evaluation> {
  const ext = extname(path).toLowerCase();
  if (ext === ".json") {
    const json = await loadEvaluationJson(path);
    return withJsonFindings(evaluateInput(json.input), json);
  }
  if (ext === ".xlsx") return withWorkbookErrors(async () => evaluateSnapshot(await readSnapshot(path)));
  throw await unsupported(path, ext);
}

/**
 * The workbook's snapshot, read the light way (template/snapshot-xlsx.ts: the same snapshot without
 * loading exceljs). A file it does not read (not a zip, encrypted, missing, anything it does not model)
 * is read with exceljs, which reads it or says why it cannot, as before.
 */
async function readSnapshot(path: string): Promise<WorkbookSnapshot> {
  const bytes = readOrNull(path);
  const light = bytes && (await snapshotFromXlsxBytes(bytes).catch(() => null));
  if (light) return light;
  const { loadXlsxFile, snapshotFromExcelJs } = await import("../template");
  return snapshotFromExcelJs(await loadXlsxFile(path));
}

export interface EvaluatedWorkbook {
  /** The evaluated copy: the input's workbook (or a new one from JSON) with 自评表 and 自评报告 filled. */
  workbook: ExcelJS.Workbook;
  evaluation: Evaluation;
}

/**
 * `evaluate --out`'s workbook as bytes: a workbook the light reader and the patching writer model is
 * written without exceljs (app/evaluate-xlsx-bytes.ts); anything else, and JSON, through exceljs.
 */
export async function evaluateToXlsxBytes(path: string): Promise<{ bytes: Buffer; evaluation: Evaluation }> {
  if (extname(path).toLowerCase() === ".xlsx") {
    const bytes = readOrNull(path);
    const { evaluateXlsxBytes } = await import("../app/evaluate-xlsx-bytes");
    const light = bytes && (await withWorkbookErrors(() => evaluateXlsxBytes(bytes)));
    if (light) return light;
  }
  const { workbook, evaluation } = await evaluateToWorkbook(path);
  const { writeXlsxBuffer } = await import("../template");
  try {
    return { bytes: await writeXlsxBuffer(workbook), evaluation };
  } catch (e) {
    // Nothing is written yet: the file could be read and evaluated, but not turned into a workbook again.
    throw new UsageError(`${path} 已评价，但无法生成评价后的工作簿（${(e as Error).message}）。未写出任何文件。`);
  }
}

/** Evaluates a file into a workbook with its output sheets written, as the add-in would leave it. */
export async function evaluateToWorkbook(path: string): Promise<EvaluatedWorkbook> {
  const ext = extname(path).toLowerCase();
  const { buildXlsx, loadXlsxFile, planWorkbook } = await import("../template");
  const { evaluateExcelJs } = await import("../app/evaluate-xlsx");
  if (ext === ".json") {
    const json = await loadEvaluationJson(path);
    const workbook = buildXlsx(planWorkbook(json.input));
    return { workbook, evaluation: await withJsonFindings(evaluateExcelJs(workbook), json) };
  }
  if (ext === ".xlsx") {
    return withWorkbookErrors(async () => {
      const workbook = await loadXlsxFile(path);
      return { workbook, evaluation: evaluateExcelJs(workbook) };
    });
  }
  throw await unsupported(path, ext);
}
