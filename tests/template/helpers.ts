import ExcelJS from "exceljs";
import sample from "../../assets/samples/reference-2023.json";
import { evaluationInputSchema, type EvaluationInput, type EvaluationResult } from "../../src/domain";
import { expect } from "vitest";
import { buildXlsx, indicatorLayout, planWorkbook, snapshotFromExcelJs, writeXlsxBuffer, type PlanOptions, type WorkbookSnapshot } from "../../src/template";
import { cellAddress } from "../../src/template/addr";

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

/** Each text that looks like a formula or a number is a string cell holding exactly that text (first indicator row). */
export function expectTrickyTextsAsText(wb: ExcelJS.Workbook, indicatorCount: number): void {
  const layout = indicatorLayout(indicatorCount);
  const ws = wb.getWorksheet("绩效指标")!;
  for (const [id, text] of [
    ["name", "=SUM(A1)"],
    ["deviationReason", "+86 123"],
    ["explanation", "@全体 -5"],
  ] as const) {
    const address = cellAddress(layout.firstRow, layout.col(id));
    expect(ws.getCell(address).type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell(address).value).toBe(text);
  }
}
