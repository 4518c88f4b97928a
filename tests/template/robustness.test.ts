import { evaluateJson, evaluateWorkbook } from "../support/evaluate";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { EvaluationInput, Indicator } from "../../src/domain";
import {
  TemplateNotRecognizedError,
  readEvaluation,
  repairXlsx,
  snapshotFromExcelJs,
  planWorkbook,
  FIELD_CELLS,
  indicatorLayout,
  TABLE_COLUMNS,
  writeXlsxBuffer,
  type ReadResult,
} from "../../src/template";
import { cellAddress, colLetters, parseRange } from "../../src/template/addr";
import { buildAndReload, comparable, loadBuffer, reloadedSnapshot, sampleInput } from "./helpers";
import { snapshotFromXlsxBytes } from "../../src/template/snapshot-xlsx";

/**
 * What people do to workbooks: insert and delete indicator rows, reorder and rename sheets, add their own
 * sheets; and what goes wrong: typed-over formulas, deleted names, merged cells, text in number cells,
 * #REF!. The reader keeps working and says where; repair puts the template back without touching inputs.
 */

const SHEET = "绩效指标";
const TABLE = "Indicators";

type TableModel = { tableRef: string; autoFilterRef?: string };

function tableOf(wb: ExcelJS.Workbook): { ws: ExcelJS.Worksheet; model: TableModel } {
  const ws = wb.getWorksheet(SHEET)!;
  const t = ws.getTable(TABLE) as unknown as { table: TableModel };
  return { ws, model: t.table };
}

function setTableRows(model: TableModel, delta: number): void {
  const r = parseRange(model.tableRef);
  model.tableRef = `${cellAddress(r.top, r.left)}:${cellAddress(r.bottom + delta, r.right)}`;
  model.autoFilterRef = model.tableRef;
}

/** The values an indicator row holds, as the planner writes them, with the calculated columns' formulas. */
function rowValues(ind: Indicator): ExcelJS.CellValue[] {
  const plan = planWorkbook({ ...sampleInput(), indicators: [ind] });
  const sheet = plan.sheets.find((s) => s.key === "indicators")!;
  const layout = indicatorLayout(1);
  return TABLE_COLUMNS.map((c) => {
    const cell = sheet.cells.find((x) => x.address === cellAddress(layout.firstRow, layout.col(c.id)))!;
    return cell.formula !== undefined ? { formula: cell.formula } : (cell.value ?? null);
  }) as ExcelJS.CellValue[];
}

/** Excel's "insert table row": rows below move down, the table grows, calculated columns fill the new row. */
function insertIndicatorRow(wb: ExcelJS.Workbook, at: number, ind: Indicator): number {
  const { ws, model } = tableOf(wb);
  const row = indicatorLayout(1).firstRow + at;
  ws.spliceRows(row, 0, rowValues(ind));
  setTableRows(model, +1);
  return row;
}

function deleteIndicatorRow(wb: ExcelJS.Workbook, at: number): void {
  const { ws, model } = tableOf(wb);
  ws.spliceRows(indicatorLayout(1).firstRow + at, 1);
  setTableRows(model, -1);
}

function withIndicators(input: EvaluationInput, indicators: Indicator[]): EvaluationInput {
  return { ...input, indicators };
}

const SHORTFALL: Indicator = {
  level1: "产出指标",
  level2: "数量指标",
  name: "新增：培训人次",
  kind: "正向",
  target: 100,
  unit: "人次",
  actual: 80,
  weight: 5,
};

function finding(read: ReadResult | ReturnType<typeof evaluateWorkbook>, code: string) {
  return read.findings.find((f) => f.code === code);
}

describe("structural edits: the reader follows names and the table", () => {
  it("a row inserted in the middle of the table is read in place; later rows' cells move with it", async () => {
    const input = sampleInput();
    const wb = await buildAndReload(input);
    const row = insertIndicatorRow(wb, 4, SHORTFALL);
    const snap = await reloadedSnapshot(wb);
    const result = evaluateWorkbook(snap);
    const expected = withIndicators(input, [...input.indicators.slice(0, 4), SHORTFALL, ...input.indicators.slice(4)]);
    expect(comparable(result)).toEqual(comparable(evaluateJson(expected)));
    const noReason = result.findings.find((f) => f.code === "SCORE_BELOW_WEIGHT_NO_REASON")!;
    expect(noReason.ref).toEqual({ field: "indicators[4].deviationReason", cell: `'${SHEET}'!M${row}` });
    const read = readEvaluation(snap);
    expect(read.cellOf("indicators[5].name")).toBe(`'${SHEET}'!C${row + 1}`);
    expect(read.formulaIssues).toEqual([]);
  });

  it("a row deleted from the table", async () => {
    const input = sampleInput();
    const wb = await buildAndReload(input);
    deleteIndicatorRow(wb, 2);
    const result = evaluateWorkbook(await reloadedSnapshot(wb));
    const expected = withIndicators(input, input.indicators.filter((_, i) => i !== 2));
    expect(comparable(result)).toEqual(comparable(evaluateJson(expected)));
  });

  it("sheets reordered and an extra user sheet with its own table and name", async () => {
    const input = sampleInput();
    const wb = await buildAndReload(input);
    const order = ["问题与措施", "绩效指标", "评分规则", "预算执行", "填表说明", "基本情况", "自评表", "自评报告"];
    const extra = wb.addWorksheet("我的备注");
    extra.getCell("A1").value = "审核意见：请核对公用经费。";
    extra.getCell("B2").value = { formula: "TotalScore*2" } as ExcelJS.CellFormulaValue;
    extra.addTable({ name: "Notes", ref: "D1", columns: [{ name: "备注" }], rows: [["x"], ["y"]] });
    wb.definedNames.add("'我的备注'!$A$1", "MyNote");
    [extra, ...order.map((n) => wb.getWorksheet(n)!)].forEach((ws, i) => {
      (ws as unknown as { orderNo: number }).orderNo = i;
    });
    const snap = await reloadedSnapshot(wb);
    expect(snap.sheets.map((s) => s.name)).toEqual(["我的备注", ...order]);
    const result = evaluateWorkbook(snap);
    expect(comparable(result)).toEqual(comparable(evaluateJson(input)));
  });

  it("a renamed sheet: SHEET_RENAMED (warning), and everything is still read through the names", async () => {
    const input = sampleInput();
    const wb = await buildAndReload(input);
    wb.getWorksheet("预算执行")!.name = "预算";
    // Excel rewrites names that point into a renamed sheet; exceljs does not, so the test does.
    wb.definedNames.model = wb.definedNames.model.map((n) => ({ ...n, ranges: n.ranges.map((r) => r.replace("'预算执行'!", "'预算'!")) }));
    const result = evaluateWorkbook(await reloadedSnapshot(wb));
    const missing = finding(result, "SHEET_RENAMED")!;
    expect(missing.severity).toBe("warning");
    expect(missing.message).toContain("预算");
    expect(result.total).toBe(99);
    const expected = comparable(evaluateJson(input));
    expect(comparable(result)).toEqual({ ...expected, findings: [...expected.findings, "warning SHEET_RENAMED template.sheet.budget"].sort() });
    expect(result.findings.find((f) => f.code === "PUBLIC_EXPENSE_MISMATCH")!.ref.cell).toBe("'预算'!C15");
  });

  it("a deleted sheet: findings, never an exception", async () => {
    const wb = await buildAndReload(sampleInput());
    wb.removeWorksheet(wb.getWorksheet("问题与措施")!.id);
    const result = evaluateWorkbook(await reloadedSnapshot(wb));
    expect(finding(result, "SHEET_MISSING")!.severity).toBe("error");
    expect(result.findings.filter((f) => f.code === "LIST_TABLE_MISSING").map((f) => f.ref.field).sort()).toEqual(["measures", "problems"]);
    expect(result.total).toBe(99);
  });
});

describe("damage: each becomes a finding at the real cell", () => {
  it("a computed cell typed over with a number: FORMULA_OVERWRITTEN with the exact message", async () => {
    const wb = await buildAndReload(sampleInput());
    const layout = indicatorLayout(1);
    const row = layout.firstRow + 6;
    const address = cellAddress(row, layout.col("score"));
    wb.getWorksheet(SHEET)!.getCell(address).value = 9;
    const read = readEvaluation(await reloadedSnapshot(wb));
    const f = finding(read, "FORMULA_OVERWRITTEN")!;
    expect(f.severity).toBe("error");
    expect(f.ref.cell).toBe(`'${SHEET}'!${address}`);
    expect(f.message).toBe(`'${SHEET}'!${address} 应为公式，现为手工填入的数字 9。请运行“修复模板”恢复公式。`);
    expect(read.formulaIssues).toContain(f);
  });

  it("TotalScore typed over, and a formula edited", async () => {
    const wb = await buildAndReload(sampleInput());
    const total = FIELD_CELLS.get("total")!;
    const ws = wb.getWorksheet(SHEET)!;
    ws.getCell(total.address).value = 100;
    const rate = FIELD_CELLS.get("rate.execution")!;
    wb.getWorksheet("预算执行")!.getCell(rate.address).value = { formula: "Budget_Fiscal_Actual/Budget_Fiscal_Initial" } as ExcelJS.CellFormulaValue;
    const read = readEvaluation(await reloadedSnapshot(wb));
    expect(read.findings.map((f) => [f.code, f.ref.cell])).toEqual(
      expect.arrayContaining([
        ["FORMULA_OVERWRITTEN", `'${SHEET}'!${total.address}`],
        ["FORMULA_MODIFIED", `'预算执行'!${rate.address}`],
      ]),
    );
  });

  it("a deleted defined name: NAME_MISSING names the field and its cell; the value is still read", async () => {
    const input = sampleInput();
    const wb = await buildAndReload(input);
    wb.definedNames.model = wb.definedNames.model.filter((n) => n.name !== "Budget_Basic_Actual");
    const result = evaluateWorkbook(await reloadedSnapshot(wb));
    const f = finding(result, "NAME_MISSING")!;
    expect(f.ref).toEqual({ field: "budget.basic.actual", cell: "'预算执行'!D4" });
    expect(f.message).toContain("Budget_Basic_Actual");
    expect(f.message).toContain("'预算执行'!D4");
    expect(result.total).toBe(99);
    expect(result.rates.basicCompletion.display).toBe("100%");
  });

  it("#REF! in a name and in a formula: REF_ERROR each", async () => {
    const wb = await buildAndReload(sampleInput());
    const dn = wb.definedNames as unknown as { unparsed: Array<{ name: string; text: string }> };
    wb.definedNames.model = wb.definedNames.model.filter((n) => n.name !== "Rate_PublicControl");
    dn.unparsed = [...(dn.unparsed ?? []), { name: "Rate_PublicControl", text: "'预算执行'!#REF!" }];
    const layout = indicatorLayout(1);
    const address = cellAddress(layout.firstRow, layout.col("computedScore"));
    wb.getWorksheet(SHEET)!.getCell(address).value = { formula: "#REF!*2" } as ExcelJS.CellFormulaValue;
    const read = readEvaluation(await reloadedSnapshot(wb));
    const refs = read.findings.filter((f) => f.code === "REF_ERROR");
    expect(refs.map((f) => f.ref.field)).toEqual(expect.arrayContaining(["rate.publicControl", "indicators.computedScore"]));
    expect(refs.find((f) => f.ref.field === "indicators.computedScore")!.ref.cell).toBe(`'${SHEET}'!${address}`);
  });

  it("a merged cell in the table: TABLE_MERGED_CELL at its top-left", async () => {
    const wb = await buildAndReload(sampleInput());
    const layout = indicatorLayout(1);
    const row = layout.firstRow + 1;
    const range = `${cellAddress(row, layout.col("override.reason"))}:${cellAddress(row, layout.col("explanation"))}`;
    wb.getWorksheet(SHEET)!.mergeCells(range);
    const read = readEvaluation(await reloadedSnapshot(wb));
    const f = finding(read, "TABLE_MERGED_CELL")!;
    expect(f.ref.cell).toBe(`'${SHEET}'!${range.split(":")[0]}`);
  });

  it("text in number cells: TEXT_IN_NUMBER_CELL; the engine still parses 561.09万元", async () => {
    const input = sampleInput();
    const wb = await buildAndReload(input);
    wb.getWorksheet("预算执行")!.getCell("D4").value = "561.09万元";
    const layout = indicatorLayout(1);
    const weight = cellAddress(layout.firstRow + 3, layout.col("weight"));
    wb.getWorksheet(SHEET)!.getCell(weight).value = "5分";
    const result = evaluateWorkbook(await reloadedSnapshot(wb));
    const texts = result.findings.filter((f) => f.code === "TEXT_IN_NUMBER_CELL");
    expect(texts.map((f) => f.ref.cell).sort()).toEqual([`'${SHEET}'!${weight}`, "'预算执行'!D4"].sort());
    expect(texts[0]!.message).toMatch(/是文字，表内公式无法计算/);
    expect(result.total).toBe(99);
    expect(result.rates.basicCompletion.value).toBe(1);
  });

  it("a date in an amount cell (formatted as a date, as Excel does when 2023/12/31 is typed): DATE_IN_AMOUNT, computed as Excel does", async () => {
    const wb = await buildAndReload(sampleInput());
    // What Excel stores when 2023/12/31 is typed: the serial, with a date format.
    const budgetSheet = wb.getWorksheet("预算执行")!;
    budgetSheet.getCell("D4").value = 45291;
    budgetSheet.getCell("D4").style = { ...budgetSheet.getCell("D4").style, numFmt: "yyyy/m/d" };
    const layout = indicatorLayout(1);
    const weightAddress = cellAddress(layout.firstRow, layout.col("weight"));
    const indicatorSheet = wb.getWorksheet(SHEET)!;
    indicatorSheet.getCell(weightAddress).value = 5; // "1/5" typed: 5 January to Excel
    indicatorSheet.getCell(weightAddress).style = { ...indicatorSheet.getCell(weightAddress).style, numFmt: "m/d" };
    const buffer = await writeXlsxBuffer(wb);
    // Both file readers (exceljs for --out and repair, the light one for evaluate) must say the same.
    for (const snapshot of [snapshotFromExcelJs(await loadBuffer(buffer)), await snapshotFromXlsxBytes(new Uint8Array(buffer))]) {
      const result = evaluateWorkbook(snapshot);
      const dates = result.findings.filter((f) => f.code === "DATE_IN_AMOUNT");
      expect(dates.map((f) => f.ref.cell)).toEqual(["'预算执行'!D4", `'${SHEET}'!${weightAddress}`]);
      expect(dates[0]!.message).toBe("'预算执行'!D4（基本支出实际支出）是日期2023年12月31日（单元格格式为日期），表内公式按其序号45291计算。请改填金额（万元），并把单元格格式设为数值。");
      expect(dates[1]!.message).toContain("是日期1900年1月5日（单元格格式为日期），表内公式按其序号5计算。请改填数字");
      // Not called text, nor unreadable: it is a number to Excel's formulas, and to the engine.
      expect(result.findings.filter((f) => f.ref.cell === "'预算执行'!D4").map((f) => f.code)).not.toContain("TEXT_IN_NUMBER_CELL");
      expect(result.findings.map((f) => f.code)).not.toContain("INPUT_UNREADABLE");
      expect(result.indicators[0]!.weight).toBe(5);
      const basic = sampleInput().budget.basic;
      expect(result.rates.basicCompletion.value).toBeCloseTo(45291 / Number(basic.adjusted), 9);
    }
  });

  it("bad choices and a profile name that is not in the list", async () => {
    const wb = await buildAndReload(sampleInput());
    const layout = indicatorLayout(1);
    wb.getWorksheet(SHEET)!.getCell(cellAddress(layout.firstRow, layout.col("level1"))).value = "产出";
    wb.getWorksheet("评分规则")!.getCell(FIELD_CELLS.get("rule.profile")!.address).value = "浙江";
    const result = evaluateWorkbook(await reloadedSnapshot(wb));
    expect(finding(result, "INVALID_CHOICE")!.ref.cell).toBe(`'${SHEET}'!A${layout.firstRow}`);
    expect(finding(result, "RULE_PROFILE_UNKNOWN")!.ref.cell).toBe("'评分规则'!B3");
    expect(result.indicators).toHaveLength(sampleInput().indicators.length - 1);
  });

  it("a workbook that is not ours: a typed error naming what is missing", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").getCell("A1").value = "预算";
    expect(() => readEvaluation(snapshotFromExcelJs(wb))).toThrow(TemplateNotRecognizedError);
    expect(() => readEvaluation(snapshotFromExcelJs(wb))).toThrow(/JIXIAO_TEMPLATE_VERSION/);
  });

  it("random damage never throws", async () => {
    const wb = await buildAndReload(sampleInput());
    const snap = await reloadedSnapshot(wb);
    let rnd = 7;
    const next = () => (rnd = (rnd * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 40; trial++) {
      const damaged = structuredClone(snap);
      for (let k = 0; k < 15; k++) {
        const s = damaged.sheets[Math.floor(next() * damaged.sheets.length)]!;
        const r = Math.floor(next() * s.values.length);
        const row = s.values[r];
        if (!row) continue;
        const c = Math.floor(next() * row.length);
        const v = [9, "", "#REF!", "文字", true, -1][Math.floor(next() * 6)]!;
        row[c] = v;
        s.formulas[r]![c] = next() < 0.3 ? "=#REF!+1" : v;
      }
      if (next() < 0.5) damaged.names.splice(Math.floor(next() * damaged.names.length), 3);
      if (next() < 0.3) damaged.tables[0]!.headers[2] = "改过的标题";
      expect(() => evaluateWorkbook(damaged)).not.toThrow();
    }
  });
});

describe("修复模板", () => {
  function inputCells(wb: ExcelJS.Workbook): Map<string, unknown> {
    // Every cell the plan styles as input, on every sheet: none may change.
    const plan = planWorkbook(sampleInput());
    const out = new Map<string, unknown>();
    for (const s of plan.sheets) {
      for (const c of s.cells) {
        if (c.style !== "input") continue;
        const v = wb.getWorksheet(s.name)!.getCell(c.address).value;
        out.set(`${s.name}!${c.address}`, JSON.stringify(v));
      }
    }
    return out;
  }

  it("restores formulas, names, merges and settings; every input cell identical; result equals the JSON path", async () => {
    const input = sampleInput();
    const wb = await buildAndReload(input);
    const before = inputCells(wb);
    const ws = wb.getWorksheet(SHEET)!;
    const layout = indicatorLayout(1);
    ws.getCell(cellAddress(layout.firstRow + 6, layout.col("score"))).value = 9;
    ws.getCell(FIELD_CELLS.get("total")!.address).value = 100;
    ws.getCell(cellAddress(layout.firstRow + 2, layout.col("applicableWeight"))).value = null;
    const sref = `${cellAddress(layout.firstRow + 1, layout.col("computedScore"))}:${cellAddress(layout.firstRow + 1, layout.col("score"))}`;
    ws.mergeCells(sref);
    wb.definedNames.model = wb.definedNames.model.filter((n) => !["Budget_Basic_Actual", "Rule_Profile", "List_Tiers"].includes(n.name));
    (ws as unknown as { sheetProtection: unknown }).sheetProtection = null;
    (ws as unknown as { dataValidations: { model: object } }).dataValidations.model = {};
    const damaged = readEvaluation(await reloadedSnapshot(wb));
    expect(damaged.formulaIssues.length).toBeGreaterThanOrEqual(6);

    const reloaded = await buildAndReloadFrom(wb);
    const plan = repairXlsx(reloaded);
    expect(plan.fixed.length).toBe(damaged.formulaIssues.length);
    const fixed = await buildAndReloadFrom(reloaded);
    const after = readEvaluation(snapshotFromExcelJs(fixed));
    expect(after.findings).toEqual([]);
    expect(comparable(evaluateWorkbook(snapshotFromExcelJs(fixed)))).toEqual(comparable(evaluateJson(input)));
    expect(inputCells(fixed)).toEqual(before);
    const fws = fixed.getWorksheet(SHEET)!;
    expect((fws as unknown as { sheetProtection: { sheet: boolean; insertRows: boolean } }).sheetProtection).toMatchObject({ sheet: true, insertRows: true });
    const validations = (fws as unknown as { dataValidations: { model: Record<string, { type: string }> } }).dataValidations.model;
    expect(validations[`${colLetters(layout.col("level1"))}${layout.firstRow}`]?.type).toBe("list");
  });

  it("repairs a workbook whose table grew: the new row gets its formulas", async () => {
    const input = sampleInput();
    const wb = await buildAndReload(input);
    const { ws, model } = tableOf(wb);
    // A row typed below the table and the table stretched over it (Excel's auto-expansion), without formulas.
    const row = parseRange(model.tableRef).bottom + 1;
    const values = rowValues(SHORTFALL).map((v) => (typeof v === "object" && v !== null && "formula" in v ? null : v));
    values.forEach((v, j) => {
      ws.getCell(row, j + 1).value = v;
    });
    setTableRows(model, +1);
    const before = readEvaluation(await reloadedSnapshot(wb));
    expect(before.formulaIssues.filter((f) => f.code === "FORMULA_MISSING")).toHaveLength(3);
    const reloaded = await buildAndReloadFrom(wb);
    repairXlsx(reloaded);
    const result = evaluateWorkbook(await reloadedSnapshot(reloaded));
    expect(comparable(result)).toEqual(comparable(evaluateJson(withIndicators(input, [...input.indicators, SHORTFALL]))));
  });
});

async function buildAndReloadFrom(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const { loadBuffer } = await import("./helpers");
  const { writeXlsxBuffer } = await import("../../src/template");
  return loadBuffer(await writeXlsxBuffer(wb));
}
