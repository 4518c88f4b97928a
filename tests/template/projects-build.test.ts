import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/domain";
import { planWorkbook } from "../../src/template";
import { projectLayout, projectName, projectSheetName, projectTableName } from "../../src/template/project-plan";
import { buildAndReload } from "./helpers";
import { projectsOnly, projectsSample, sampleProject } from "../support/projects";

/** The project sheets as built: from the spec, with their own names and table, print-ready on A4. */

describe("project sheets in the workbook", () => {
  it("one sheet per project after the department's sheets, named after the project", async () => {
    const wb = await buildAndReload(projectsSample());
    expect(wb.worksheets.map((w) => w.name).slice(-4)).toEqual(["项目自评汇总", "各部门经费", "档案经费", "目标管理考核及调研经费"]);
    expect(wb.getWorksheet("绩效指标")).toBeDefined();
  });

  it("each project has project-scoped names and its own indicator table with calculated columns", async () => {
    const wb = await buildAndReload(projectsSample());
    const names = (wb.definedNames.model as Array<{ name: string; ranges: string[] }>).map((n) => [n.name, n.ranges[0]]);
    const byName = new Map(names as Array<[string, string]>);
    expect(byName.get(projectName(2, "total"))).toMatch(/^'?档案经费'?!\$G\$\d+$/);
    expect(byName.get(projectName(3, "funds.total.adjusted"))).toMatch(/目标管理考核及调研经费'?!\$D\$5$/);
    expect(byName.get("TotalScore")).toBeDefined(); // the department's names are untouched
    const ws = wb.getWorksheet("档案经费")!;
    const table = ws.getTable(projectTableName(2)) as unknown as { table: { columns: Array<{ name: string; calculatedColumnFormula?: string }> } };
    const score = table.table.columns.find((c) => c.name === "得分")!;
    expect(score.calculatedColumnFormula).toContain("Proj2_Indicators[[#This Row],[调整得分]]");
    expect(table.table.columns.slice(0, 8).map((c) => c.name)).toEqual(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]);
  });

  it("print-ready: A4, fit to one page wide, the form (A–H down to 总分) as print area, table header repeated", async () => {
    const input = projectsSample();
    const wb = await buildAndReload(input);
    const ws = wb.getWorksheet("各部门经费")!;
    const footer = projectLayout(input.projects![0]!.indicators.length).footerRow;
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.printArea).toBe(`A1:H${footer}`);
    expect(ws.getCell(`A${footer}`).value).toBe("总分");
    expect(ws.getCell(`G${footer}`).formula).toMatch(/^IF\(AND\(Rule_NA_Rescale="是",Proj1_Total_ApplicableWeight<Proj1_Total_FullWeight/);
  });

  it("a workbook of project tables only: 填表说明, 评分规则 and the projects, no department form", async () => {
    const wb = await buildAndReload(projectsOnly([sampleProject(0), sampleProject(1)]));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["填表说明", "评分规则", "项目自评汇总", "各部门经费", "档案经费"]);
    const names = (wb.definedNames.model as Array<{ name: string }>).map((n) => n.name);
    expect(names).not.toContain("Budget_Basic_Actual");
    expect(names).toContain("Rule_Weight_Execution");
    expect(names).toContain("List_Level1");
  });

  it("jixiao template --projects N: N empty project sheets named 项目1…N", () => {
    const plan = planWorkbook(undefined, { projects: 3 });
    expect(plan.sheets.filter((s) => s.key === "project").map((s) => s.name)).toEqual(["项目1", "项目2", "项目3"]);
  });

  it("cached results are the engine's: the projects' totals show before any recalculation", () => {
    const input = projectsSample();
    const plan = planWorkbook(input);
    const totals = plan.sheets.filter((s) => s.key === "project").map((s) => s.cells.find((c) => c.field === "total")!.result);
    expect(totals).toEqual(evaluate(input).projects.map((p) => p.total));
  });

  it("sheet names follow Excel's rules: no []:*?/\\', at most 31 characters, unique", () => {
    expect(projectSheetName("a/b:c*d?[e]", 1, new Set())).toBe("abcde");
    expect(projectSheetName("档案经费", 2, new Set(["档案经费"]))).toBe("档案经费(2)");
    expect(projectSheetName("", 4, new Set())).toBe("项目4");
    expect(projectSheetName("很".repeat(40), 1, new Set()).length).toBeLessThanOrEqual(31);
  });
});

describe("项目自评汇总", () => {
  it("one row of live links per project and named totals that add the projects' names", async () => {
    const wb = await buildAndReload(projectsSample());
    const ws = wb.getWorksheet("项目自评汇总")!;
    expect(ws.getCell("B4").formula).toBe("Proj1_Name");
    expect(ws.getCell("F6").formula).toBe("Proj3_TotalScore");
    const names = new Map((wb.definedNames.model as Array<{ name: string; ranges: string[] }>).map((n) => [n.name, n.ranges[0]]));
    expect(names.get("Projects_Budget")).toMatch(/项目自评汇总'?!\$C\$7$/);
    expect(ws.getCell("C7").formula).toBe("Proj1_Fund_Total_Adjusted+Proj2_Fund_Total_Adjusted+Proj3_Fund_Total_Adjusted");
    expect(ws.getCell("C7").result).toBeCloseTo(305.65, 9);
    expect(ws.getCell("F7").result).toBe(99.33);
    expect(ws.getCell("H7").result).toBe(1); // the one deduction (调研报告 8 of 10) …
    expect(ws.getCell("I7").result).toBe(0); // … has its reason
  });
});
