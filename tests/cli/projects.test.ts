import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateSnapshot } from "../../src/app/evaluate-workbook";
import { loadXlsxFile, snapshotFromExcelJs } from "../../src/template";
import { projectsSample } from "../support/projects";
import { runCli } from "./run-in-process";

/** The CLI with projects: templates with N projects, adding/copying/removing one, evaluate and batch. */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "jixiao-cli-projects-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function evaluateXlsx(path: string) {
  return evaluateSnapshot(snapshotFromExcelJs(await loadXlsxFile(path)));
}

describe("jixiao template --projects N", () => {
  it("a blank workbook with the department form and N project sheets plus the 汇总", async () => {
    const out = join(dir, "t3.xlsx");
    const r = await runCli(["template", "--out", out, "--projects", "3"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("含项目表 3 张");
    const wb = await loadXlsxFile(out);
    expect(wb.worksheets.map((w) => w.name).slice(-4)).toEqual(["项目自评汇总", "项目1", "项目2", "项目3"]);
  });

  it("--only-projects: project tables only; bad counts are usage errors", async () => {
    const out = join(dir, "only.xlsx");
    expect((await runCli(["template", "--out", out, "--projects", "2", "--only-projects"])).code).toBe(0);
    expect((await loadXlsxFile(out)).worksheets.map((w) => w.name)).toEqual(["填表说明", "评分规则", "项目自评汇总", "项目1", "项目2"]);
    const bad = await runCli(["template", "--out", out, "--projects", "many"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--projects 须为0至500之间的整数");
    expect((await runCli(["template", "--out", out, "--only-projects"])).code).toBe(2);
  });
});

describe("jixiao project add|copy|remove", () => {
  it("adds a project to an existing workbook, copies one, removes one; the 汇总 follows", async () => {
    const file = join(dir, "sample.xlsx");
    expect((await runCli(["template", "--out", file, "--sample-projects"])).code).toBe(0);
    const added = await runCli(["project", "add", file, "--name", "信息化建设经费", "--out", join(dir, "added.xlsx")]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("Proj4_");
    let e = await evaluateXlsx(join(dir, "added.xlsx"));
    expect(e.result.projects.map((p) => p.name)).toEqual(["各部门经费", "档案经费", "目标管理考核及调研经费", "信息化建设经费"]);
    expect(e.result.total).toBe(99);
    // The untouched file is unchanged: --out writes elsewhere.
    expect((await evaluateXlsx(file)).result.projects).toHaveLength(3);

    expect((await runCli(["project", "copy", join(dir, "added.xlsx"), "--from", "档案经费", "--name", "档案数字化经费"])).code).toBe(0);
    e = await evaluateXlsx(join(dir, "added.xlsx"));
    const copy = e.result.projects.find((p) => p.name === "档案数字化经费")!;
    expect(copy.total).toBe(100);
    expect(copy.indicators).toHaveLength(8);

    expect((await runCli(["project", "remove", join(dir, "added.xlsx"), "--name", "各部门经费"])).code).toBe(0);
    const wb = await loadXlsxFile(join(dir, "added.xlsx"));
    expect(wb.getWorksheet("各部门经费")).toBeUndefined();
    e = evaluateSnapshot(snapshotFromExcelJs(wb));
    expect(e.result.projects.map((p) => p.name)).toEqual(["档案经费", "目标管理考核及调研经费", "信息化建设经费", "档案数字化经费"]);
    expect(e.read.findings.filter((f) => f.code.startsWith("PROJECT_") || f.code === "NAME_MISSING")).toEqual([]);
    const summary = wb.getWorksheet("项目自评汇总")!;
    expect(summary.getCell("B4").formula).toBe("Proj2_Name");
    expect(summary.getCell("A8").value).toBe("合计");

    const missing = await runCli(["project", "remove", join(dir, "added.xlsx"), "--name", "不存在"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("找不到项目“不存在”");
  });
});

describe("evaluate and batch understand project sheets", () => {
  it("evaluate lists each project's 执行率, 总分 and 等级; a finding names the project sheet's cell", async () => {
    const file = join(dir, "eval.json");
    const input = projectsSample();
    input.projects![1]!.funds.total.adjusted = 40;
    writeFileSync(file, JSON.stringify(input));
    const r = await runCli(["evaluate", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("项目支出绩效自评（3 个项目）：");
    expect(r.stdout).toContain("目标管理考核及调研经费：执行率 100%  总分 98 分  等级 优，扣分指标 1 个");
    expect(r.stdout).toContain("PROJECT_FUND_SUM_MISMATCH");
  });

  it("batch: the summary workbook lists each project of each unit", async () => {
    const inbox = join(dir, "inbox");
    mkdirSync(inbox);
    expect((await runCli(["template", "--out", join(inbox, "a.xlsx"), "--sample-projects"])).code).toBe(0);
    expect((await runCli(["template", "--out", join(inbox, "b.xlsx"), "--projects", "1", "--only-projects"])).code).toBe(0);
    const out = join(dir, "summary.xlsx");
    const r = await runCli(["batch", inbox, "--out", out, "--workers", "1"]);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet("项目")!;
    const rows = ws.getSheetValues().slice(2).map((row) => (row as unknown[]).slice(1, 3));
    expect(rows).toEqual([
      ["中共雁峰区委办公室", "各部门经费"],
      ["中共雁峰区委办公室", "档案经费"],
      ["中共雁峰区委办公室", "目标管理考核及调研经费"],
      ["", ""],
    ]);
  });
});
