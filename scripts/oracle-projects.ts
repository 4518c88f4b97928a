/**
 * `npm run oracle:projects [-- N]`: the long LibreOffice oracle for project sheets. Builds N random
 * workbooks (default 60), each with the department form and 1–8 random projects under a random rule
 * profile, lets LibreOffice recalculate every formula, and compares every formula cell of every project
 * sheet and of the 项目自评汇总 with the engine (to 0.01). The test suite runs three such workbooks.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { buildXlsx, planWorkbook, writeXlsxBuffer, type PlanValue, type WorkbookPlan } from "../src/template";
import { randomProject } from "../tests/support/projects";
import { rng } from "../tests/support/random";
import { randomInput } from "../tests/template/generators";
import { convertInParallel } from "../tests/template/lo-parallel";

function agrees(expected: PlanValue | undefined, got: unknown): boolean {
  if (typeof expected === "number") return typeof got === "number" && Math.abs(got - expected) <= 0.01 + 1e-9;
  if (expected === "" || expected === null) return got === undefined || got === "" || got === null;
  return got === expected;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2]) || 60;
  const dir = mkdtempSync(join(tmpdir(), "jixiao-oracle-projects-"));
  try {
    const plans: WorkbookPlan[] = [];
    const files: string[] = [];
    for (let i = 0; i < count; i++) {
      const r = rng(9000 + i);
      const input = randomInput(9000 + i);
      input.schemaVersion = 2;
      input.projects = Array.from({ length: 1 + Math.floor(r() * 8) }, (_, k) => randomProject(9000 * 10 + i * 10 + k));
      const plan = planWorkbook(input);
      const file = join(dir, `w${i}.xlsx`);
      writeFileSync(file, await writeXlsxBuffer(buildXlsx(plan)));
      plans.push(plan);
      files.push(file);
    }
    const t0 = performance.now();
    // Hundreds of workbooks: one LibreOffice per core pays for its start.
    const outputs = await convertInParallel(files, "xlsx", join(dir, "lo"), Number(process.env.JIXIAO_LO_PARTS) || availableParallelism());
    const ms = performance.now() - t0;
    let checked = 0;
    const failures: string[] = [];
    for (let i = 0; i < plans.length; i++) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(outputs[i]!);
      for (const sheet of plans[i]!.sheets.filter((s) => s.key === "project" || s.key === "projectSummary")) {
        for (const cell of sheet.cells) {
          if (cell.formula === undefined) continue;
          checked++;
          const got = wb.getWorksheet(sheet.name)!.getCell(cell.address).result;
          if (!agrees(cell.result, got)) failures.push(`w${i} '${sheet.name}'!${cell.address}: engine ${JSON.stringify(cell.result)}, LibreOffice ${JSON.stringify(got)}`);
        }
      }
    }
    console.log(`LibreOffice oracle (projects): ${count} workbooks, ${checked} project formula cells, ${failures.length} disagreements; conversion ${Math.round(ms)} ms`);
    for (const f of failures.slice(0, 30)) console.log(`  ${f}`);
    if (failures.length) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
