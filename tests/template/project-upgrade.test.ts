import { describe, expect, test } from "vitest";
import { evaluateSnapshot } from "../../src/app/evaluate-workbook";
import { evaluateExcelJs } from "../../src/app/evaluate-xlsx";
import type { EvaluationInput } from "../../src/domain";
import {
  buildXlsx,
  readEvaluation,
  repairPlan,
  repairXlsx,
  snapshotFromExcelJs,
  writeXlsxBuffer,
  type WorkbookPlan,
  type WorkbookSnapshot,
} from "../../src/template";
import { absolute, cellAddress, parseCell, parseRange, splitQualified } from "../../src/template/addr";
import { planWorkbook } from "../../src/template/plan";
import { projectName } from "../../src/template/project-plan";
import { getCell, setCell } from "../../src/template/snapshot-cells";
import { INPUT_FILL, PROJECT_SHEET, PROJECT_TEMPLATE_VERSION } from "../../src/template/spec";
import { MemoryWorkbook } from "../../src/workbook/memory-port";
import { fakeExcel, portFor } from "../excel/helpers";
import { projectsSample } from "../support/projects";
import { loadBuffer } from "./helpers";

/**
 * Project sheets of template 1.0 have no cell for the 执行率 override's replaced score (project template
 * 1.1), and the earliest ones no 调整时的规则得分 column either. They read as before (no replaced score, so
 * no stale check), say their version, and 修复模板 adds the named cell with its label and look, at the place
 * the template has it, on every host.
 */

const SHEET = "各部门经费";
const REPLACED = projectName(1, "execution.override.replaced");
const specAt = (field: string) => PROJECT_SHEET.cells.find((c) => "field" in c && c.field === field)!.at;
const VALUE_AT = specAt("execution.override.replaced");
const LABEL_AT = cellAddress(parseCell(VALUE_AT).row, parseCell(VALUE_AT).col - 1);
const MARKER_AT = specAt("template.version");

/** The sample with 各部门经费's 执行率 set to 9 by hand. */
function typed(): EvaluationInput {
  const input = projectsSample();
  input.projects![0]!.execution = { override: { score: 9, reason: "年中追加预算较多" } };
  return input;
}

/**
 * The plan of a workbook whose project sheets are what project template 1.0 built: no replaced-score cell
 * or name, marker 1.0, and (`withColumn` false) an indicator table without 调整时的规则得分.
 */
function oldPlan(input: EvaluationInput, withColumn = true): WorkbookPlan {
  const plan = planWorkbook(input);
  const projectSheets = new Set<string>();
  for (const sheet of plan.sheets.filter((s) => s.key === "project")) {
    projectSheets.add(sheet.name);
    sheet.cells = sheet.cells.filter((c) => c.address !== VALUE_AT && c.address !== LABEL_AT);
    for (const c of sheet.cells) if (c.field === "template.version") c.value = "1.0";
    if (withColumn) continue;
    const table = sheet.tables[0]!;
    const r = parseRange(table.ref);
    table.columns = table.columns.filter((c) => c.id !== "override.replaced");
    table.ref = `${cellAddress(r.top, r.left)}:${cellAddress(r.bottom, r.right - 1)}`;
    sheet.cells = sheet.cells.filter((c) => parseCell(c.address).col !== r.right || parseCell(c.address).row < r.top);
  }
  plan.names = plan.names.filter((n) => !(projectSheets.has(n.sheet) && n.field === "execution.override.replaced"));
  return plan;
}

async function oldWorkbook(input: EvaluationInput, withColumn = true) {
  return loadBuffer(await writeXlsxBuffer(buildXlsx(oldPlan(input, withColumn))));
}

function nameTarget(snapshot: WorkbookSnapshot, name: string): string | undefined {
  const n = snapshot.names.find((x) => x.name === name);
  const at = n ? splitQualified(n.formula) : null;
  return at ? `${at.sheet}!${at.address.replace(/\$/g, "")}` : undefined;
}

describe("a project sheet of template 1.0", () => {
  test("reads without error: its version is the one finding about it, and an override there is never called stale", async () => {
    const input = typed();
    const wb = await oldWorkbook(input, false);
    const ws = wb.getWorksheet(SHEET)!;
    ws.getCell("E5").value = 160;
    ws.getCell("E6").value = 160;
    const snapshot = snapshotFromExcelJs(wb);
    expect(nameTarget(snapshot, REPLACED)).toBeUndefined();
    const { read, result, writes } = evaluateSnapshot(snapshot);
    expect(read.findings.map((f) => `${f.code} ${f.ref.cell}`)).toEqual(
      read.projects.map((p) => `PROJECT_VERSION_MISMATCH '${p.sheet}'!A1`),
    );
    expect(read.input.projects![0]!.execution).toEqual({ override: { score: 9, reason: "年中追加预算较多" } });
    expect(result.projects[0]!.execution.computedScore).toBe(8.14);
    expect(result.findings.map((f) => f.code)).not.toContain("OVERRIDE_STALE");
    // Nothing to store the replaced score in: nothing is written on the project sheet.
    expect(writes.filter((w) => w.sheet === SHEET)).toEqual([]);
    expect(result.findings.find((f) => f.code === "PROJECT_VERSION_MISMATCH")!.message).toContain(`本助手使用 ${PROJECT_TEMPLATE_VERSION} 版。请运行“修复模板”升级`);
  });

  test("修复模板 on the file adds the named cell with its label and input look, and the marker; then the override is anchored and goes stale", async () => {
    const wb = await oldWorkbook(typed(), false);
    const plan = repairXlsx(wb);
    expect(plan.notFixed.filter((l) => l.includes(SHEET))).toEqual([
      `项目表“${SHEET}”的绩效指标表没有“调整时的规则得分”列（较早的项目表）：指标的调整得分不做过时检查。如需检查，请用“复制项目”重建该项目表。`,
    ]);
    const file = await loadBuffer(await writeXlsxBuffer(wb));
    const snapshot = snapshotFromExcelJs(file);
    expect(nameTarget(snapshot, REPLACED)).toBe(`${SHEET}!${VALUE_AT}`);
    const ws = file.getWorksheet(SHEET)!;
    expect(ws.getCell(LABEL_AT).value).toBe("调整时的规则得分");
    expect(JSON.stringify(ws.getCell(VALUE_AT).fill)).toContain(INPUT_FILL);
    expect(ws.getCell(VALUE_AT).value).toBeNull();
    expect(ws.getCell(MARKER_AT).value).toBe(PROJECT_TEMPLATE_VERSION);
    expect(readEvaluation(snapshot).formulaIssues).toEqual([]);

    // Upgraded: the next evaluation stores the replaced score, and lowered spending flags the override.
    evaluateExcelJs(file);
    expect(ws.getCell(VALUE_AT).value).toBe(10);
    ws.getCell("E5").value = 160;
    ws.getCell("E6").value = 160;
    const after = evaluateExcelJs(file);
    expect(after.result.findings.filter((f) => f.code === "OVERRIDE_STALE").map((f) => f.ref.cell)).toEqual([`'${SHEET}'!C10`]);
  });

  test("rows inserted above: the cell goes where the override's row is now; a cell holding something is left alone", async () => {
    const snapshot = snapshotFromExcelJs(await oldWorkbook(typed()));
    // As if a row was inserted above row 10: the row's named cells now point one row down.
    for (const n of snapshot.names) {
      if (/^Proj1_Execution_Override_(Score|Reason)$/.test(n.name)) n.formula = n.formula.replace(/\$10$/, "$11");
    }
    const moved = (a: string) => cellAddress(parseCell(a).row + 1, parseCell(a).col);
    const actions = repairPlan(snapshot).actions.filter((a) => "sheet" in a && a.sheet === SHEET);
    expect(actions).toContainEqual({ kind: "name", name: REPLACED, sheet: SHEET, ref: absolute(parseCell(moved(VALUE_AT)).row, parseCell(moved(VALUE_AT)).col) });
    expect(actions).toContainEqual(expect.objectContaining({ kind: "cell", address: moved(LABEL_AT), text: "调整时的规则得分" }));
    expect(actions).toContainEqual({ kind: "marker", sheet: SHEET, address: MARKER_AT, value: PROJECT_TEMPLATE_VERSION });

    // Someone's figure in that cell: no name onto it, no new marker, and repair says why.
    setCell(snapshot, SHEET, moved(VALUE_AT), { value: 42 });
    const plan = repairPlan(snapshot);
    const here = plan.actions.filter((a) => "sheet" in a && a.sheet === SHEET);
    expect(here.filter((a) => a.kind === "name" || a.kind === "cell" || a.kind === "marker")).toEqual([]);
    expect(plan.notFixed).toContainEqual(expect.stringContaining(`工作表“${SHEET}”缺少“执行率调整时的规则得分”（定义名称 ${REPLACED}）`));
    expect(getCell(snapshot, SHEET, moved(VALUE_AT)).value).toBe(42);
  });

  test("修复模板 through Office.js (the fake) and on the in-memory workbook add the same", async () => {
    const fake = fakeExcel("1.14");
    const port = portFor(fake);
    await port.applyPlan(oldPlan(typed()));
    expect(fake.definedNames().map((n) => n.name)).not.toContain(REPLACED);
    await port.applyRepair(repairPlan(await port.read()));
    const name = fake.definedNames().find((n) => n.name === REPLACED)!;
    expect(splitQualified(name.formula.replace(/\$/g, ""))).toEqual({ sheet: SHEET, address: VALUE_AT });
    expect(fake.getValue(SHEET, LABEL_AT)).toBe("调整时的规则得分");
    expect(fake.getFormat(SHEET, VALUE_AT).fill?.toUpperCase()).toContain(INPUT_FILL);
    expect(fake.getValue(SHEET, MARKER_AT)).toBe(PROJECT_TEMPLATE_VERSION);
    expect(readEvaluation(await port.read()).formulaIssues).toEqual([]);

    const memory = new MemoryWorkbook();
    await memory.applyPlan(oldPlan(typed()));
    await memory.applyRepair(repairPlan(await memory.read()));
    const read = readEvaluation(await memory.read());
    expect(read.formulaIssues).toEqual([]);
    expect(read.cellOf(`projects[0].execution.override.replaced`)).toBe(`'${SHEET}'!${VALUE_AT}`);
    expect(memory.getCell(SHEET, LABEL_AT)?.value).toBe("调整时的规则得分");
  });
});
