import { describe, expect, it } from "vitest";
import { planWorkbook } from "../../src/template/plan";
import { planProjectChange, type ProjectChangeRequest } from "../../src/template/project-change";
import { applySheetChangeToExcelJs } from "../../src/template/project-file";
import { readEvaluation } from "../../src/template/reader";
import { snapshotFromExcelJs } from "../../src/template/snapshot-exceljs";
import { PROJECT_SUMMARY_SHEET } from "../../src/template/spec";
import { buildXlsx } from "../../src/template/xlsx";
import { MemoryWorkbook } from "../../src/workbook/memory-port";
import { projectsSample } from "../support/projects";
import { loadBuffer } from "./helpers";
import { writeXlsxBuffer } from "../../src/template/xlsx";

/**
 * One SheetChange, every host: the memory workbook (the preview) and the .xlsx file (jixiao project) execute
 * the same 新增项目 / 复制项目 / 删除项目 and end up with the same projects, names and 汇总.
 */

const steps: ProjectChangeRequest[] = [
  { kind: "add", name: "信息化运维经费" },
  { kind: "copy", index: 1 },
  { kind: "remove", index: 0 },
  { kind: "add" },
];

describe("project changes on the memory and the file host", () => {
  it("the same steps give the same projects, names and 汇总 on both", async () => {
    const plan = planWorkbook(projectsSample());
    const memory = new MemoryWorkbook();
    await memory.applyPlan(plan);
    let file = buildXlsx(plan);
    for (const step of steps) {
      const fromMemory = planProjectChange(await memory.read(), step);
      await memory.changeSheets(fromMemory.change);
      const fromFile = planProjectChange(snapshotFromExcelJs(file), step);
      expect(fromFile.change.deleteNames.sort()).toEqual(fromMemory.change.deleteNames.sort());
      expect(fromFile.change.deleteSheets).toEqual(fromMemory.change.deleteSheets);
      applySheetChangeToExcelJs(file, fromFile.change);
      // Saved and opened again: what a user gets from `jixiao project`.
      file = await loadBuffer(await writeXlsxBuffer(file));
    }
    const a = readEvaluation(await memory.read());
    const b = readEvaluation(snapshotFromExcelJs(file));
    const names = (r: typeof a) => r.projects.map((p) => ({ sheet: p.sheet, name: p.input.name, number: p.number }));
    expect(names(a)).toEqual(names(b));
    expect(names(a).map((p) => p.name)).toEqual(["档案经费", "目标管理考核及调研经费", "信息化运维经费", "档案经费（副本）", ""]);
    expect(names(a).map((p) => p.number)).toEqual([2, 3, 4, 5, 6]);
    expect(a.projects.map((p) => p.input)).toEqual(b.projects.map((p) => p.input));
    // No finding about the workbook's own structure on either host.
    const structural = (r: typeof a) => r.findings.filter((f) => /NAME|SHEET|PROJECT|FORMULA/.test(f.code)).map((f) => f.code);
    expect(structural(a)).toEqual([]);
    expect(structural(b)).toEqual([]);
    // The 汇总 lists the five projects in the file (its name column links to each project's name).
    const summary = file.getWorksheet(PROJECT_SUMMARY_SHEET.name)!;
    const rows = [4, 5, 6, 7, 8].map((r) => String((summary.getCell(`B${r}`).value as { formula: string }).formula));
    expect(rows).toEqual(["Proj2_Name", "Proj3_Name", "Proj4_Name", "Proj5_Name", "Proj6_Name"]);
  });

  it("a change to a project that is not there is refused before anything is touched", async () => {
    const memory = new MemoryWorkbook();
    await memory.applyPlan(planWorkbook(projectsSample()));
    const snapshot = await memory.read();
    expect(() => planProjectChange(snapshot, { kind: "remove", index: 7 })).toThrow(/找不到第8个项目/);
    expect(() => planProjectChange(snapshot, { kind: "copy", index: -1 })).toThrow(/找不到要复制/);
  });

  it("memory host: a project sheet deleted or renamed by the user is a finding; the next change drops the dead names", async () => {
    const memory = new MemoryWorkbook();
    await memory.applyPlan(planWorkbook(projectsSample()));
    memory.userRenameSheet("目标管理考核及调研经费", "调研经费");
    memory.userDeleteSheet("档案经费");
    const snapshot = await memory.read();
    const read = readEvaluation(snapshot);
    expect(read.findings.map((f) => f.code)).toEqual(expect.arrayContaining(["PROJECT_SHEET_MISSING", "SHEET_RENAMED"]));
    expect(read.projects.map((p) => p.sheet)).toEqual(["各部门经费", "调研经费"]);
    const dead = snapshot.names.filter((n) => n.formula.includes("#REF!")).map((n) => n.name);
    expect(dead.length).toBeGreaterThan(0);
    const planned = planProjectChange(snapshot, { kind: "add" });
    expect(planned.change.deleteNames).toEqual(expect.arrayContaining(dead));
    const after = await memory.changeSheets(planned.change);
    expect(after.names.filter((n) => n.formula.includes("#REF!"))).toEqual([]);
    const reread = readEvaluation(after);
    expect(reread.findings.map((f) => f.code)).not.toContain("PROJECT_SHEET_MISSING");
    expect(reread.projects.map((p) => p.sheet)).toEqual(["各部门经费", "调研经费", planned.sheet]);
  });
});
