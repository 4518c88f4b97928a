import ExcelJS from "exceljs";
import sample from "../../assets/samples/reference-2023.json";
import { evaluationInputSchema, type EvaluationInput, type EvaluationResult } from "../../src/domain";
import { buildXlsx, planWorkbook, snapshotFromExcelJs, writeXlsxBuffer, type PlanOptions, type WorkbookSnapshot } from "../../src/template";

export function sampleInput(): EvaluationInput {
  return evaluationInputSchema.parse(sample);
}

/** Built, written to a buffer and loaded again: what a user's file looks like to the reader. */
export async function buildAndReload(input?: EvaluationInput, options?: PlanOptions): Promise<ExcelJS.Workbook> {
  return loadBuffer(await writeXlsxBuffer(buildXlsx(planWorkbook(input, options))));
}

export async function loadBuffer(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

export async function reloadedSnapshot(wb: ExcelJS.Workbook): Promise<WorkbookSnapshot> {
  return snapshotFromExcelJs(await loadBuffer(await writeXlsxBuffer(wb)));
}

/** What must be equal between the JSON path and the workbook path. */
export function comparable(r: EvaluationResult) {
  return {
    profile: r.profile,
    unit: r.unit,
    total: r.total,
    grade: r.grade,
    levels: r.levels,
    rates: r.rates,
    execution: r.execution,
    indicators: r.indicators,
    computed: r.computed,
    findings: r.findings.map((f) => `${f.severity} ${f.code} ${f.ref.field}`).sort(),
  };
}
