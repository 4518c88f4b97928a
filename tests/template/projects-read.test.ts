import { describe, expect, it } from "vitest";
import { evaluateSnapshot } from "../../src/app/evaluate-workbook";
import { evaluate, type EvaluationInput } from "../../src/domain";
import { readEvaluation, snapshotFromExcelJs, type WorkbookSnapshot } from "../../src/template";
import { projectLayout } from "../../src/template/project-plan";
import { getCell, setCell } from "../../src/template/snapshot-cells";
import { projectsOnly, projectsSample, sampleProject } from "../support/projects";
import { buildAndReload } from "./helpers";

/**
 * The reader finds every project by its names and table, and the one use case evaluates the department
 * and every project; findings name the project and the cell. Damage is a finding, never a crash.
 */

async function snapshotOf(input: EvaluationInput): Promise<WorkbookSnapshot> {
  return snapshotFromExcelJs(await buildAndReload(input));
}

const found = (s: WorkbookSnapshot) => evaluateSnapshot(s).result.findings.map((f) => `${f.code} ${f.ref.field} ${f.ref.cell ?? ""}`);

describe("reading project sheets", () => {
  it("reads back the projects the workbook was built from: same results as the JSON", async () => {
    const input = projectsSample();
    const evaluation = evaluateSnapshot(await snapshotOf(input));
    const json = evaluate(input);
    expect(evaluation.read.hasDepartment).toBe(true);
    expect(evaluation.result.projects).toEqual(json.projects);
    expect(evaluation.result.total).toBe(99);
    expect(evaluation.read.findings).toEqual([]);
    expect(evaluation.result.findings.filter((f) => f.ref.field.startsWith("projects"))).toEqual([]);
  });

  it("a workbook of project tables only: no department findings, the projects evaluated", async () => {
    const input = projectsOnly([sampleProject(0), sampleProject(2)]);
    const evaluation = evaluateSnapshot(await snapshotOf(input));
    expect(evaluation.read.hasDepartment).toBe(false);
    expect(evaluation.result.findings).toEqual([]);
    expect(evaluation.result.projects.map((p) => [p.name, p.total])).toEqual([["各部门经费", 100], ["目标管理考核及调研经费", 98]]);
    expect(evaluation.writes).toEqual([]);
    expect(evaluation.result.unit.name).toBe("中共雁峰区委办公室");
  });

  it("a finding names the project and its cell: 年度资金总额 not the sum of its rows", async () => {
    const s = await snapshotOf(projectsSample());
    setCell(s, "档案经费", "D5", { value: 40 });
    const f = evaluateSnapshot(s).result.findings.find((x) => x.code === "PROJECT_FUND_SUM_MISMATCH")!;
    expect(f.ref).toEqual({ field: "projects[1].funds.total.adjusted", cell: "'档案经费'!D5" });
    expect(f.message).toContain("档案经费");
  });

  it("an indicator's deduction without reason points at its 偏差原因 cell on the project sheet", async () => {
    const s = await snapshotOf(projectsSample());
    const row = projectLayout(8).firstRow + 1;
    expect(getCell(s, "目标管理考核及调研经费", `C${row}`).value).toBe("形成专题调研报告");
    setCell(s, "目标管理考核及调研经费", `H${row}`, { value: "" });
    expect(found(s)).toContain(`SCORE_BELOW_WEIGHT_NO_REASON projects[2].indicators[1].deviationReason '目标管理考核及调研经费'!H${row}`);
  });

  it("a typed-over project formula is FORMULA_OVERWRITTEN at its cell", async () => {
    const s = await snapshotOf(projectsSample());
    setCell(s, "各部门经费", "G5", { value: 1 });
    expect(found(s)).toContain("FORMULA_OVERWRITTEN projects[0].rate.execution '各部门经费'!G5");
  });

  it("a deleted project sheet is a finding, and the other projects are still read", async () => {
    const s = await snapshotOf(projectsSample());
    s.sheets = s.sheets.filter((x) => x.name !== "档案经费");
    s.tables = s.tables.filter((t) => t.sheet !== "档案经费");
    for (const n of s.names) if (n.formula.includes("档案经费")) n.formula = "=#REF!";
    const evaluation = evaluateSnapshot(s);
    expect(evaluation.result.projects.map((p) => p.name)).toEqual(["各部门经费", "目标管理考核及调研经费"]);
    expect(evaluation.result.findings.map((f) => f.code)).toContain("PROJECT_SHEET_MISSING");
  });

  it("a project sheet copied with Excel's 移动或复制 (table renamed, no names) is flagged, not counted", async () => {
    const s = await snapshotOf(projectsSample());
    const original = s.sheets.find((x) => x.name === "各部门经费")!;
    s.sheets.push({ ...structuredClone(original), name: "各部门经费 (2)" });
    const table = s.tables.find((t) => t.sheet === "各部门经费")!;
    s.tables.push({ ...table, name: "Proj1_Indicators2", sheet: "各部门经费 (2)" });
    const evaluation = evaluateSnapshot(s);
    expect(evaluation.result.projects).toHaveLength(3);
    const f = evaluation.result.findings.find((x) => x.code === "PROJECT_SHEET_UNADOPTED")!;
    expect(f.ref.cell).toBe("'各部门经费 (2)'!A1");
  });

  it("a project sheet from another template version, a renamed project sheet, duplicate names", async () => {
    const input = projectsSample();
    input.projects![2]!.name = "档案经费";
    const s = await snapshotOf(input);
    const third = s.sheets.find((x) => x.name.startsWith("档案经费(2)"))!;
    setCell(s, third.name, "L2", { value: "0.9" });
    const codes = found(s);
    expect(codes).toContain(`PROJECT_VERSION_MISMATCH projects[2].template.version '${third.name}'!A1`);
    expect(codes).toContain(`PROJECT_NAME_DUPLICATE projects[2].name '${third.name}'!B2`);
    // Renaming a sheet in Excel moves its names with it: read as before, with a hint.
    const renamed = await snapshotOf(projectsSample());
    const sheet = renamed.sheets.find((x) => x.name === "各部门经费")!;
    sheet.name = "Sheet9";
    for (const n of renamed.names) n.formula = n.formula.replace("'各部门经费'", "Sheet9").replace("各部门经费!", "Sheet9!");
    for (const t of renamed.tables) if (t.sheet === "各部门经费") t.sheet = "Sheet9";
    const evaluation = evaluateSnapshot(renamed);
    expect(evaluation.result.projects[0]!.total).toBe(100);
    expect(evaluation.result.findings.map((f) => `${f.code} ${f.ref.cell}`)).toContain("SHEET_RENAMED 'Sheet9'!A1");
  });

  it("text in a project's number cell is reported at its cell and read as the engine parses it", async () => {
    const s = await snapshotOf(projectsSample());
    setCell(s, "各部门经费", "E5", { value: "196.45万元" });
    const read = readEvaluation(s);
    expect(read.findings.map((f) => `${f.code} ${f.ref.cell}`)).toContain("TEXT_IN_NUMBER_CELL '各部门经费'!E5");
    expect(evaluateSnapshot(s).result.projects[0]!.execution.rate).toBe(1);
  });
});

describe("修复模板 on project sheets", () => {
  it("restores a typed-over project formula and a cleared calculated column cell; inputs untouched", async () => {
    const { repairXlsx } = await import("../../src/template");
    const wb = await buildAndReload(projectsSample());
    const ws = wb.getWorksheet("各部门经费")!;
    const row = projectLayout(8).firstRow;
    ws.getCell("G5").value = 1;
    ws.getCell(`G${row}`).value = 15;
    const before = readEvaluation(snapshotFromExcelJs(wb));
    expect(before.formulaIssues.map((f) => f.ref.cell)).toEqual(expect.arrayContaining(["'各部门经费'!G5", `'各部门经费'!G${row}`]));
    repairXlsx(wb);
    const after = readEvaluation(snapshotFromExcelJs(await buildAndReloadFrom(wb)));
    expect(after.formulaIssues).toEqual([]);
    expect(ws.getCell("G5").formula).toContain("Proj1_Fund_Total_Actual");
    expect(after.input.projects).toEqual(before.input.projects);
  });
});

async function buildAndReloadFrom(wb: import("exceljs").Workbook) {
  const { writeXlsxBuffer } = await import("../../src/template");
  const { loadBuffer } = await import("./helpers");
  return loadBuffer(await writeXlsxBuffer(wb));
}
