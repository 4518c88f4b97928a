/**
 * Shared by entry-points*.test.ts (two files, so both vitest workers share the 200 workbooks).
 * "Evaluate a workbook" is one use case: every entry point gives the same findings, total, grade and
 * exit code for the same file. Entry points: `jixiao evaluate FILE` (evaluateFile), `jixiao batch`
 * (evaluateForBatch), `jixiao evaluate --out` (evaluateToWorkbook), and the live session that the
 * task pane and the browser preview run (here over a port that serves the same file's snapshot).
 */
import ExcelJS from "exceljs";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { LiveSession } from "../../src/app/session";
import { evaluateForBatch } from "../../src/cli/batch/run-batch";
import { evaluateFile, evaluateToWorkbook } from "../../src/cli/evaluate-file";
import type { EvaluationResult, Finding } from "../../src/domain";
import { FIELD_NAMES, OUTPUT_SHEETS, buildXlsx, planWorkbook, snapshotFromExcelJs, writeXlsxBuffer, type WorkbookSnapshot } from "../../src/template";
import { FIELD_CELLS } from "../../src/template/core";
import type { CellWrite, WorkbookPort } from "../../src/workbook/port";
import { applyWrites } from "../../src/template/snapshot-cells";
import { rng } from "../support/random";
import { randomInput } from "../template/generators";
import { sampleInput } from "../template/helpers";

export const dir = mkdtempSync(join(tmpdir(), "jixiao-entry-"));


/** A port over one snapshot: what the session reads is exactly the file. */
function snapshotPort(snapshot: WorkbookSnapshot): WorkbookPort {
  return {
    read: async () => structuredClone(snapshot),
    write: async (cells: readonly CellWrite[]) => applyWrites(snapshot, cells),
    applyPlan: async () => undefined,
    applyRepair: async () => undefined,
    changeSheets: async () => {
      throw new Error("not used by these tests");
    },
    select: async () => undefined,
    subscribe: async () => async () => undefined,
  };
}

type Damage = (wb: ExcelJS.Workbook, pick: () => number) => void;
const sheetOfField = (id: string) => FIELD_CELLS.get(id)!;
const namedCell = (wb: ExcelJS.Workbook, id: string) => {
  const fc = sheetOfField(id);
  const names = { guide: "填表说明", basic: "基本情况", budget: "预算执行", indicators: "绩效指标", issues: "问题与措施", rules: "评分规则", selfTable: "自评表", selfReport: "自评报告" } as const;
  return wb.getWorksheet(names[fc.sheet])!.getCell(fc.address);
};
/** What users and mail clients do to workbooks: each a realistic way a file arrives damaged. */
const DAMAGES: Damage[] = [
  (wb) => (namedCell(wb, "rate.execution").value = 0.95), // a typed-over formula
  (wb) => (namedCell(wb, "budget.basic.actual").value = "561.09万元"), // text in a number cell
  (wb) => (namedCell(wb, "unit.staff.actual").value = null), // a required cell emptied
  (wb) => {
    // a deleted name
    const name = FIELD_NAMES["total"]!;
    for (const at of wb.definedNames.getRanges(name).ranges) wb.definedNames.remove(at, name);
  },
  (wb, pick) => (namedCell(wb, "budget.govFund.initial").value = 1 + pick()), // a fund line with only its initial budget
  (wb) => (namedCell(wb, "execution.override.score").value = 9), // a deduction without its reason
];

/**
 * Random workbooks per range: 16 in npm test (its time budget: 8 damaged, so every kind of damage at least
 * once per range and 2–3 times in the two ranges; each workbook costs ~0.45 s of CPU through the four entry
 * points), JIXIAO_ENTRY_POINT_SEEDS of them (an even number up to 100) in `npm run test:long`.
 */
export const ENTRY_POINT_SEEDS = Math.min(100, Number(process.env.JIXIAO_ENTRY_POINT_SEEDS ?? 16));

export async function makeFile(seed: number): Promise<string> {
  const random = rng(seed);
  const input = seed === 0 ? sampleInput() : randomInput(seed);
  const wb = buildXlsx(planWorkbook(input));
  // Every odd seed damaged, the kinds in turn: any 12 consecutive seeds reach every kind of damage.
  if (seed % 2 === 1) DAMAGES[((seed - 1) / 2) % DAMAGES.length]!(wb, () => Math.round(random() * 100));
  const path = join(dir, `${seed}.xlsx`);
  writeFileSync(path, await writeXlsxBuffer(wb));
  return path;
}

export const findingKeys = (findings: readonly Finding[]) => findings.map((f) => `${f.severity} ${f.code} ${f.ref.cell ?? f.ref.field}`).sort();
export const exitOf = (r: Pick<EvaluationResult, "findings">) => (r.findings.some((f) => f.severity === "error") ? 1 : 0);
export function view(r: EvaluationResult) {
  return { findings: findingKeys(r.findings), total: r.total, grade: r.grade, exit: exitOf(r) };
}

export async function throughSession(path: string): Promise<EvaluationResult> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const session = new LiveSession(snapshotPort(snapshotFromExcelJs(wb)), OUTPUT_SHEETS, { host: "preview" });
  await session.start();
  await session.idle();
  const result = session.store.get().result;
  if (!result) throw new Error(`the session did not bind ${path}: ${JSON.stringify(session.store.get().error)}`);
  return result;
}

/**
 * Workbooks `from`…`to - 1` (every odd seed damaged) through `evaluate`, `evaluate --out`, `batch` and the
 * live session: the same findings, total, grade and exit code; and the range covered what it claims.
 */
export async function sameThroughEveryEntryPoint(from: number, to: number): Promise<void> {
    let damaged = 0;
    const totals = new Set<number>();
    const codes = new Set<string>();
    for (let seed = from; seed < to; seed++) {
      const path = await makeFile(seed);
      const cli = view((await evaluateFile(path)).result);
      const out = view((await evaluateToWorkbook(path)).evaluation.result);
      const batch = await evaluateForBatch(path);
      const live = view(await throughSession(path));
      expect(out, `seed ${seed}: evaluate --out`).toEqual(cli);
      expect(live, `seed ${seed}: live session`).toEqual(cli);
      if (!batch.ok) throw new Error(`seed ${seed}: batch could not read ${path}: ${batch.reason}`);
      expect({ total: batch.total, grade: batch.grade, exit: batch.counts.error > 0 ? 1 : 0 }, `seed ${seed}: batch`).toEqual({
        total: cli.total,
        grade: cli.grade,
        exit: cli.exit,
      });
      expect(findingKeys(batch.findings.map((f) => ({ ...f, ref: { field: f.cell, cell: f.cell } }) as Finding)), `seed ${seed}: batch findings`).toEqual(cli.findings);
      if (seed % 2 === 1) damaged++;
      totals.add(cli.total);
      for (const f of cli.findings) codes.add(f.split(" ")[1]!);
    }
    // The run covered what it claims: varied scores, and every kind of damage reached every entry point.
    expect(damaged).toBe((to - from) / 2);
    expect(totals.size).toBeGreaterThan((to - from) / 2);
    for (const code of ["FORMULA_OVERWRITTEN", "TEXT_IN_NUMBER_CELL", "NAME_MISSING", "NARRATIVE_REQUIRED_MISSING", "EXECUTION_DEDUCTION_NO_REASON"]) {
      expect(codes, code).toContain(code);
    }
}
