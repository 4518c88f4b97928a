import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate, type EvaluationInput } from "../../src/domain";
import { buildXlsx, planWorkbook, writeXlsxBuffer, type PlanOptions, type PlanValue, type WorkbookPlan } from "../../src/template";
import { libreOfficeAvailable } from "../support/libreoffice";
import { projectsOnly, projectsSample, randomProject } from "../support/projects";
import { convertInParallel } from "./lo-parallel";

/**
 * LibreOffice, forced to recalculate, computes every formula of every project sheet (money rates, the
 * 执行率 score, each indicator row, level sums, total, grade) and must agree with the engine. A few
 * workbooks here; scripts/oracle-projects.ts runs many random ones.
 */

interface Case {
  label: string;
  file: string;
  plan: WorkbookPlan;
  input: EvaluationInput | undefined;
}

function agrees(expected: PlanValue | undefined, got: unknown): boolean {
  if (typeof expected === "number") return typeof got === "number" && Math.abs(got - expected) <= 0.01 + 1e-9;
  if (expected === "" || expected === null) return got === undefined || got === "" || got === null;
  return got === expected;
}

describe("LibreOffice agrees with the engine on project sheets", () => {
  let dir: string;
  const cases: Case[] = [];
  let outputs: string[] = [];

  beforeAll(async () => {
    expect(libreOfficeAvailable(), "LibreOffice (soffice) must be installed for this test").toBe(true);
    dir = mkdtempSync(join(tmpdir(), "jixiao-lo-projects-"));
    const list: Array<[string, EvaluationInput | undefined, PlanOptions]> = [
      ["sample-with-projects", projectsSample(), {}],
      ["projects-only-random-jiangxi", { ...projectsOnly([randomProject(1), randomProject(2), randomProject(3)]), profile: "jiangxi" }, {}],
      ["empty-3-projects", undefined, { projects: 3 }],
    ];
    for (const [label, input, options] of list) {
      const plan = planWorkbook(input, options);
      const file = join(dir, `${label}.xlsx`);
      writeFileSync(file, await writeXlsxBuffer(buildXlsx(plan)));
      cases.push({ label, file, plan, input });
    }
    outputs = await convertInParallel(cases.map((c) => c.file), "xlsx", join(dir, "lo"), 1);
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("every formula cell of every project sheet and of the 项目自评汇总", async () => {
    let checked = 0;
    const failures: string[] = [];
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(outputs[i]!);
      for (const sheet of c.plan.sheets.filter((s) => s.key === "project" || s.key === "projectSummary")) {
        for (const cell of sheet.cells) {
          if (cell.formula === undefined) continue;
          const got = wb.getWorksheet(sheet.name)!.getCell(cell.address).result;
          checked++;
          if (!agrees(cell.result, got) && failures.length < 20) {
            failures.push(`${c.label} '${sheet.name}'!${cell.address}: engine ${JSON.stringify(cell.result)}, LibreOffice ${JSON.stringify(got)} — ${cell.formula.slice(0, 100)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  it("LibreOffice's 总分 and 等级 of each project are the engine's result", async () => {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      if (!c.input) continue;
      const result = evaluate(c.input);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(outputs[i]!);
      const sheets = c.plan.sheets.filter((s) => s.key === "project");
      expect(sheets).toHaveLength(result.projects.length);
      sheets.forEach((s, j) => {
        const totalCell = s.cells.find((x) => x.field === "total")!;
        const gradeCell = s.cells.find((x) => x.field === "grade")!;
        const ws = wb.getWorksheet(s.name)!;
        expect(ws.getCell(totalCell.address).result, `${c.label} ${s.name}`).toBeCloseTo(result.projects[j]!.total, 2);
        expect(ws.getCell(gradeCell.address).result).toBe(result.projects[j]!.grade);
      });
    }
  });
});

describe("a project sheet prints on one A4 page (LibreOffice)", () => {
  it("the form A–H down to 总分, without the helper columns", async () => {
    const { execFileSync } = await import("node:child_process");
    const { convertWithLibreOffice } = await import("../support/libreoffice");
    const { sampleProject } = await import("../support/projects");
    const work = mkdtempSync(join(tmpdir(), "jixiao-lo-print-"));
    try {
      const plan = planWorkbook(projectsOnly([sampleProject(2)]));
      const file = join(work, "print.xlsx");
      writeFileSync(file, await writeXlsxBuffer(buildXlsx(plan)));
      const [pdf] = convertWithLibreOffice([file], { format: "pdf", outDir: work });
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf!]).toString())![1]);
      // The 项目自评汇总 is the page before the project's: the project is exactly one page, the last.
      const before = execFileSync("pdftotext", ["-f", String(pages - 1), "-l", String(pages - 1), pdf!, "-"]).toString();
      expect(before).toContain("项目支出绩效自评汇总");
      const info = execFileSync("pdfinfo", ["-f", String(pages), "-l", String(pages), pdf!]).toString();
      expect(info).toMatch(/Page\s+\d+ size:\s+595\.\d+ x 841\.\d+/);
      const text = execFileSync("pdftotext", ["-layout", "-f", String(pages), "-l", String(pages), pdf!, "-"]).toString();
      expect(text).toContain("项目支出绩效自评表");
      expect(text).toMatch(/总分\s+100\.00\s+98\.00\s+优/);
      expect(text).not.toContain("指标性质");
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
