import type ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { evaluateSnapshot } from "../../src/app/evaluate-workbook";
import { evaluateExcelJs } from "../../src/app/evaluate-xlsx";
import { LiveSession } from "../../src/app/session";
import type { EvaluationInput, Finding } from "../../src/domain";
import { snapshotFromExcelJs, writeXlsxBuffer, type WorkbookSnapshot } from "../../src/template";
import { colNumber, parseCell, splitQualified } from "../../src/template/addr";
import { OUTPUT_SHEETS } from "../../src/template/outputs";
import { projectLayout, projectName } from "../../src/template/project-plan";
import { PROJECT_SHEET } from "../../src/template/spec";
import { MemoryWorkbook } from "../../src/workbook/memory-port";
import { fakeExcel, portFor, settle } from "../excel/helpers";
import { projectsOnly, projectsSample } from "../support/projects";
import { settleSession } from "../support/settle";
import { buildAndReload, loadBuffer } from "../template/helpers";

/**
 * Issue 12 on the project form, in workbooks: the add-in stores, beside a project's 执行率 override and
 * each indicator override, the computed score it replaced (in the cell its defined name or table column
 * says); a later change of the data under it is OVERRIDE_STALE at the override's cell. Every host comes
 * through the same use case: the file host (a real .xlsx), the Excel fake and the in-memory workbook.
 */

const SHEET = "各部门经费";
/** 区委领导及各部门满意度 (90% target, 96% actual, 10 points), the project's eighth indicator. */
const SATISFACTION = 7;
const row = projectLayout(8).firstRow + SATISFACTION;
const col = (id: string) => projectLayout(8).col(id);

/** The sample with 各部门经费's 执行率 set to 9 and its 满意度 indicator to 9 by hand, as just typed. */
function typed(): EvaluationInput {
  const input = projectsSample();
  const p = input.projects![0]!;
  p.execution = { override: { score: 9, reason: "年中追加预算较多" } };
  p.indicators[SATISFACTION] = { ...p.indicators[SATISFACTION]!, override: { score: 9, reason: "抽样偏少" } };
  return input;
}

/** Where a defined name points: sheet and cell, without "$". */
function nameTarget(snapshot: WorkbookSnapshot, name: string): { sheet: string; address: string } {
  const at = splitQualified(snapshot.names.find((n) => n.name === name)!.formula)!;
  return { sheet: at.sheet, address: at.address.replace(/\$/g, "") };
}

const staleCells = (findings: readonly Finding[]) => findings.filter((f) => f.code === "OVERRIDE_STALE").map((f) => f.ref.cell).sort();

async function saved(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  return loadBuffer(await writeXlsxBuffer(wb));
}

describe("a project's override in an .xlsx file (the file host)", () => {
  test("evaluating stores the replaced scores in the named cell and the table column; data changed later → OVERRIDE_STALE at the override cells", async () => {
    const wb = await buildAndReload(typed());
    const first = evaluateExcelJs(wb);
    expect(staleCells(first.result.findings)).toEqual([]);

    // The file as saved: the replaced scores are there, by name and by table column.
    let file = await saved(wb);
    const snapshot = snapshotFromExcelJs(file);
    const at = nameTarget(snapshot, projectName(1, "execution.override.replaced"));
    expect(at.sheet).toBe(SHEET);
    // Beside the override's row, right of the printed form (A:H).
    expect(parseCell(at.address).row).toBe(parseCell(nameTarget(snapshot, projectName(1, "execution.override.score")).address).row);
    expect(parseCell(at.address).col).toBeGreaterThan(colNumber(PROJECT_SHEET.printColumns.split(":")[1]!));
    const ws = file.getWorksheet(SHEET)!;
    expect(ws.getCell(at.address).value).toBe(10);
    const header = ws.getRow(projectLayout(8).headerRow).getCell(col("override.replaced")).value;
    expect(header).toBe("调整时的规则得分");
    expect(ws.getRow(row).getCell(col("override.replaced")).value).toBe(10);

    // Evaluated again with the data unchanged: nothing stale, and the stored scores are not written again.
    const again = evaluateSnapshot(snapshot);
    expect(staleCells(again.result.findings)).toEqual([]);
    expect(again.writes.filter((w) => w.sheet === SHEET)).toEqual([]);

    // Spending lowered to 160 of 196.45 万元 and the satisfaction survey at 81%: the rule moves under both overrides.
    ws.getCell("E5").value = 160;
    ws.getCell("E6").value = 160;
    ws.getRow(row).getCell(col("actual")).value = 0.81;
    const after = evaluateExcelJs(ws.workbook);
    const p = after.result.projects[0]!;
    expect([p.execution.computedScore, p.execution.score]).toEqual([8.14, 9]);
    expect(staleCells(after.result.findings)).toEqual(
      [`'${SHEET}'!C10`, `'${SHEET}'!${ws.getRow(row).getCell(col("override.score")).address}`].sort(),
    );
    const exec = after.result.findings.find((f) => f.code === "OVERRIDE_STALE" && f.ref.field === "projects[0].execution.override.score")!;
    expect(exec.message).toContain("执行率调整得分9分是在按规则计10分时填写的，数据变化后按规则计8.14分");
    // The stored scores stay what they were: the override is flagged, never silently re-anchored.
    file = await saved(ws.workbook);
    expect(file.getWorksheet(SHEET)!.getCell(at.address).value).toBe(10);
    expect(file.getWorksheet(SHEET)!.getRow(row).getCell(col("override.replaced")).value).toBe(10);
  });

  test("a cleared override takes its stored score with it, so the next override is compared with its own; a row left with only that score is still empty", async () => {
    const wb = await buildAndReload(typed());
    evaluateExcelJs(wb);
    let file = await saved(wb);
    const at = nameTarget(snapshotFromExcelJs(file), projectName(1, "execution.override.replaced"));
    let ws = file.getWorksheet(SHEET)!;
    // Both overrides cleared, then spending lowered: the stored 10s are cleared, and nothing is stale.
    for (const id of ["score", "reason"]) ws.getCell(nameTarget(snapshotFromExcelJs(file), projectName(1, `execution.override.${id}`)).address).value = null;
    ws.getRow(row).getCell(col("override.score")).value = null;
    ws.getRow(row).getCell(col("override.reason")).value = null;
    ws.getCell("E5").value = 160;
    ws.getCell("E6").value = 160;
    const cleared = evaluateExcelJs(file);
    expect(staleCells(cleared.result.findings)).toEqual([]);
    file = await saved(file);
    ws = file.getWorksheet(SHEET)!;
    expect(ws.getCell(at.address).value).toBeNull();
    expect(ws.getRow(row).getCell(col("override.replaced")).value).toBeNull();
    // A new override now stores the score the rule gives now (8.14), and is not stale.
    ws.getCell(nameTarget(snapshotFromExcelJs(file), projectName(1, "execution.override.score")).address).value = 9;
    const retyped = evaluateExcelJs(file);
    expect(staleCells(retyped.result.findings)).toEqual([]);
    expect(retyped.desired).toContainEqual({ sheet: at.sheet, address: at.address, value: 8.14 });

    // A row whose inputs were all deleted but that still holds a stored score is an empty row, not a bad one.
    const left = await saved(file);
    const leftWs = left.getWorksheet(SHEET)!;
    const r = leftWs.getRow(row);
    for (let c = col("level1"); c <= col("override.replaced"); c++) if (c !== col("override.replaced")) r.getCell(c).value = null;
    r.getCell(col("override.replaced")).value = 7;
    const emptied = evaluateSnapshot(snapshotFromExcelJs(await saved(left)));
    expect(emptied.result.findings.map((f) => f.code)).not.toContain("INVALID_CHOICE");
  });

  test("a workbook of project tables only: the replaced score is written too", async () => {
    const input = projectsOnly([typed().projects![0]!]);
    const snapshot = snapshotFromExcelJs(await buildAndReload(input));
    const { writes, read } = evaluateSnapshot(snapshot);
    expect(read.hasDepartment).toBe(false);
    const at = nameTarget(snapshot, projectName(1, "execution.override.replaced"));
    expect(writes).toContainEqual({ sheet: at.sheet, address: at.address, value: 10 });
  });
});

describe("a project's override typed in the live session", () => {
  test("Excel (Office.js over the fake): typing the override stores 10 beside it; lowering spending flags it at C10", async () => {
    const fake = fakeExcel("1.14");
    const session = new LiveSession(portFor(fake), OUTPUT_SHEETS, { host: "excel", sample: projectsSample(), debounceMs: 10 });
    await session.start();
    try {
      await session.createWorkbook({ withSample: true });
      await settle(fake, session);
      const replaced = splitQualified(fake.definedNames().find((n) => n.name === projectName(1, "execution.override.replaced"))!.formula)!;
      const address = replaced.address.replace(/\$/g, "");
      expect(fake.getValue(SHEET, address)).toBe("");

      await fake.userEdit(SHEET, "C10", 9);
      await fake.userEdit(SHEET, "E10", "年中追加预算较多");
      await settle(fake, session);
      expect(fake.getValue(SHEET, address)).toBe(10);
      expect(staleCells(session.store.get().result!.findings)).toEqual([]);

      await fake.userEdit(SHEET, "E5", 160);
      await fake.userEdit(SHEET, "E6", 160);
      await settle(fake, session);
      expect(staleCells(session.store.get().result!.findings)).toEqual([`'${SHEET}'!C10`]);
      expect(fake.getValue(SHEET, address)).toBe(10);
    } finally {
      await session.stop();
    }
  });

  test("the in-memory workbook (preview): the same", async () => {
    const wb = new MemoryWorkbook();
    const session = new LiveSession(wb, OUTPUT_SHEETS, { host: "preview", sample: projectsSample(), debounceMs: 10 });
    await session.start();
    try {
      await session.createWorkbook({ withSample: true });
      await settleSession(session);
      const address = nameTarget(await wb.read(), projectName(1, "execution.override.replaced")).address;
      wb.userEdit(SHEET, "C10", 9);
      await settleSession(session);
      expect(wb.getCell(SHEET, address)?.value).toBe(10);
      wb.userEdit(SHEET, "E5", 160);
      await settleSession(session);
      expect(staleCells(session.store.get().result!.findings)).toEqual([`'${SHEET}'!C10`]);
    } finally {
      await session.stop();
    }
  });
});
