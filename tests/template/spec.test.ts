import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  EXCEL_FORMATS,
  INDICATOR_COLUMNS,
  LIST_INPUTS,
  RULE_PARAMS,
  ROW_SPECS,
  SCALAR_INPUTS,
  SCALAR_SPECS,
  toExcel,
  type Expr,
} from "../../src/domain";
import {
  COMPUTED_FILL,
  FIELD_CELLS,
  FIELD_NAMES,
  INPUT_FILL,
  LIST_TABLES,
  SHEETS,
  STRUCTURED_RESOLVER,
  TABLE_COLUMNS,
  TEMPLATE_VERSION,
  VERSION_NAME,
  buildXlsx,
  fieldInfo,
  indicatorLayout,
  planWorkbook,
  readEvaluation,
  snapshotFromExcelJs,
  type CellPlan,
  type WorkbookPlan,
} from "../../src/template";
import { cellAddress } from "../../src/template/addr";
import { applyExcelJsPatches } from "../../src/template/exceljs-patches";
import { buildAndReload, expectTrickyTextsAsText, loadBuffer, sampleInput } from "./helpers";

/** The spec is complete and consistent, and what the builder writes follows it. */

const ASCII_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LOOKS_LIKE_REF = /^([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*)$/;

function cellsOf(plan: WorkbookPlan): Map<string, CellPlan & { sheet: string }> {
  const out = new Map<string, CellPlan & { sheet: string }>();
  for (const s of plan.sheets) for (const c of s.cells) out.set(`${s.name}!${c.address}`, { ...c, sheet: s.name });
  return out;
}

describe("the spec", () => {
  it("places every input, computed figure and rule parameter exactly once, with a defined name", () => {
    const ids = [...SCALAR_INPUTS.map((f) => f.id), ...SCALAR_SPECS.map((s) => s.id), ...RULE_PARAMS.map((p) => p.id)];
    for (const id of ids) {
      expect(FIELD_CELLS.get(id), id).toBeDefined();
      expect(FIELD_NAMES[id], id).toBeDefined();
    }
    expect(FIELD_NAMES.total).toBe("TotalScore");
    expect(FIELD_NAMES.grade).toBe("Grade");
    expect(FIELD_NAMES["template.version"]).toBe(VERSION_NAME);
    for (const l of LIST_INPUTS) expect(LIST_TABLES.some((t) => t.id === l.id), l.id).toBe(true);
    expect(TABLE_COLUMNS.map((c) => c.id)).toEqual(INDICATOR_COLUMNS.map((c) => c.id));
  });

  it("names are ASCII, unique (Excel compares them case-insensitively) and never look like cell references", () => {
    const names = Object.values(FIELD_NAMES);
    for (const n of names) {
      expect(n, n).toMatch(ASCII_NAME);
      expect(LOOKS_LIKE_REF.test(n), n).toBe(false);
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });

  it("labels come from the domain registries", () => {
    const plan = planWorkbook(sampleInput());
    const cells = cellsOf(plan);
    for (const spec of SHEETS) {
      for (const c of spec.cells) {
        if (!("labelOf" in c)) continue;
        expect(cells.get(`${spec.name}!${c.at}`)?.value).toBe(fieldInfo(c.labelOf).label);
      }
    }
    const sheet = plan.sheets.find((s) => s.key === "indicators")!;
    const header = indicatorLayout(1).headerRow;
    expect(sheet.cells.filter((c) => c.address.endsWith(String(header)) && c.style === "header").map((c) => c.value)).toEqual(
      expect.arrayContaining(INDICATOR_COLUMNS.map((c) => c.label)),
    );
  });

  it("every formula cell's text is toExcel of its SCALAR_SPECS/ROW_SPECS definition", () => {
    const plan = planWorkbook(sampleInput());
    const specs = new Map<string, Expr>(SCALAR_SPECS.map((s) => [s.id, s.expr]));
    let scalars = 0;
    for (const s of plan.sheets) {
      for (const c of s.cells) {
        if (c.formula === undefined || !c.field || !specs.has(c.field)) continue;
        expect(c.formula).toBe(toExcel(specs.get(c.field)!, STRUCTURED_RESOLVER));
        scalars++;
      }
    }
    expect(scalars).toBe(SCALAR_SPECS.length);
    const table = plan.sheets.find((s) => s.key === "indicators")!.tables[0]!;
    for (const r of ROW_SPECS) expect(table.columns.find((c) => c.id === r.id)!.formula).toBe(toExcel(r.expr, STRUCTURED_RESOLVER));
  });

  it("no cell address is written by hand outside spec.ts", () => {
    const dir = join(__dirname, "..", "..", "src", "template");
    const literal = /(["'`])\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?\1/;
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".ts") && x !== "spec.ts")) {
      const code = readFileSync(join(dir, f), "utf8")
        .split("\n")
        .filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l));
      for (const line of code) expect(literal.test(line), `${f}: ${line.trim()}`).toBe(false);
    }
  });
});

describe("the built workbook", () => {
  it("input cells are light yellow and unlocked, computed cells light green and locked; formats from EXCEL_FORMATS", async () => {
    const plan = planWorkbook(sampleInput());
    const wb = await buildAndReload(sampleInput());
    const check = (sheet: string, address: string) => wb.getWorksheet(sheet)!.getCell(address);
    const amount = FIELD_CELLS.get("budget.basic.actual")!;
    const c = check("预算执行", amount.address);
    expect((c.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(`FF${INPUT_FILL}`);
    expect(c.protection?.locked).toBe(false);
    expect(c.numFmt).toBe(EXCEL_FORMATS.amount);
    const rate = check("预算执行", FIELD_CELLS.get("rate.execution")!.address);
    expect((rate.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(`FF${COMPUTED_FILL}`);
    expect(rate.protection?.locked).not.toBe(false);
    expect(rate.numFmt).toBe(EXCEL_FORMATS.rate);
    for (const s of plan.sheets) {
      for (const cell of s.cells) {
        if (cell.formula !== undefined && cell.style !== "input") expect(plan.styles[cell.style].locked, `${s.name}!${cell.address}`).toBe(true);
        if (cell.style === "input") expect(cell.formula === undefined || cell.formula.startsWith("Rate_"), `${s.name}!${cell.address}`).toBe(true);
      }
    }
  });

  it("protection without password on sheets with formulas; A4, fit to width, footer, repeated titles; full calc on load", async () => {
    const plan = planWorkbook(sampleInput());
    const wb = await buildAndReload(sampleInput());
    for (const s of plan.sheets) {
      const ws = wb.getWorksheet(s.name)!;
      const prot = (ws as unknown as { sheetProtection: Record<string, unknown> | null }).sheetProtection;
      const hasFormulas = s.cells.some((c) => c.formula !== undefined);
      // The output sheets stay open: the add-in rewrites their rows, and rewrites any cell typed over.
      const output = s.key === "selfTable" || s.key === "selfReport";
      if (hasFormulas && !output) expect(prot?.sheet, s.name).toBe(true);
      if (prot) expect(prot.hashValue, s.name).toBeUndefined();
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.fitToWidth).toBe(1);
      expect(ws.headerFooter.oddFooter).toBe("&C第 &P 页，共 &N 页");
    }
    const ind = wb.getWorksheet("绩效指标")!;
    expect(ind.pageSetup.orientation).toBe("landscape");
    const header = indicatorLayout(1).headerRow;
    expect(ind.pageSetup.printTitlesRow).toBe(`${header}:${header}`);
    expect((ind as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection).toMatchObject({ insertRows: true, deleteRows: true, sort: true, autoFilter: true });
    // exceljs does not read calcPr back: check the workbook as built.
    expect(buildXlsx(plan).calcProperties.fullCalcOnLoad).toBe(true);
  });

  it("carries the version marker: a defined name on a cell holding 1.0, and the keywords", async () => {
    const wb = await buildAndReload();
    const name = wb.definedNames.model.find((n) => n.name === VERSION_NAME)!;
    expect(name.ranges).toEqual([`'填表说明'!$B$2`]);
    expect(wb.getWorksheet("填表说明")!.getCell("B2").value).toBe(TEMPLATE_VERSION);
    expect(wb.keywords).toContain(TEMPLATE_VERSION);
  });

  it("the indicators are an Excel table with calculated columns and dropdowns on every row", async () => {
    const wb = await buildAndReload(sampleInput());
    const t = wb.getWorksheet("绩效指标")!.getTable("Indicators") as unknown as { table: { tableRef: string; columns: Array<{ name: string; calculatedColumnFormula?: string }> } };
    const rows = sampleInput().indicators.length;
    const layout = indicatorLayout(rows);
    expect(t.table.tableRef).toBe(`${cellAddress(layout.headerRow, layout.firstCol)}:${cellAddress(layout.lastRow, layout.lastCol)}`);
    expect(t.table.columns.filter((c) => c.calculatedColumnFormula).map((c) => c.name)).toEqual(["计算得分", "得分", "适用分值"]);
    const validations = (wb.getWorksheet("绩效指标") as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    const at = (id: string, row: number) => validations[cellAddress(row, layout.col(id))];
    for (const row of [layout.firstRow, layout.lastRow]) {
      expect(at("level1", row)?.formulae).toEqual(["List_Level1"]);
      expect(at("level2", row)?.formulae).toEqual(["List_Level2"]);
      expect(at("kind", row)?.formulae).toEqual(["List_Kinds"]);
      expect(at("tier", row)?.formulae).toEqual(["List_Tiers"]);
      expect(at("notApplicable", row)?.formulae).toEqual(["List_YesNo"]);
      expect(at("qualitativeScore", row)?.type).toBe("decimal");
    }
    const rules = (wb.getWorksheet("评分规则") as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    expect(rules[FIELD_CELLS.get("rule.profile")!.address]?.formulae).toEqual(["Rule_ProfileNames"]);
  });

  it("text is text: an indicator named =SUM(A1) and a reason +86 123 never become formulas", async () => {
    const input = sampleInput();
    input.indicators[0] = { ...input.indicators[0]!, name: "=SUM(A1)", deviationReason: "+86 123", explanation: "@全体 -5" };
    input.unit.name = "=HYPERLINK(\"http://x\")";
    const wb = await buildAndReload(input);
    expectTrickyTextsAsText(wb, input.indicators.length);
    expect(wb.getWorksheet("基本情况")!.getCell(FIELD_CELLS.get("unit.name")!.address).type).toBe(ExcelJS.ValueType.String);
    const read = readEvaluation(snapshotFromExcelJs(wb));
    expect(read.input.indicators[0]!.name).toBe("=SUM(A1)");
    expect(read.input.unit.name).toBe("=HYPERLINK(\"http://x\")");
  });
});

describe("exceljs patches", () => {
  it("calculatedColumnFormula survives write → read → write, and later columns are not lost", async () => {
    applyExcelJsPatches();
    const wb = await buildAndReload(sampleInput());
    const again = await loadBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
    const t = again.getWorksheet("绩效指标")!.getTable("Indicators") as unknown as { table: { columns: Array<{ name: string; calculatedColumnFormula?: string }> } };
    expect(t.table.columns).toHaveLength(INDICATOR_COLUMNS.length);
    // The last computed column (input columns appended after it, such as 调整时的规则得分, have no formula).
    expect(t.table.columns.find((c) => c.name === "适用分值")!.calculatedColumnFormula).toMatch(/^IF\(Indicators\[\[#This Row\],\[不适用\]\]="是"/);
  });

  it("a defined name that is not a range (#REF!) is kept on read and written back", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("S").getCell("A1").value = 1;
    wb.definedNames.add("'S'!$A$1", "Good");
    (wb.definedNames as unknown as { unparsed: unknown[] }).unparsed = [{ name: "Broken", text: "#REF!" }];
    const back = await loadBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(snapshotFromExcelJs(back).names).toEqual(expect.arrayContaining([{ name: "Broken", formula: "=#REF!" }, { name: "Good", formula: "=S!$A$1" }]));
    const twice = await loadBuffer(Buffer.from(await back.xlsx.writeBuffer()));
    expect(snapshotFromExcelJs(twice).names.map((n) => n.name).sort()).toEqual(["Broken", "Good"]);
  });

  it("the empty template reads back as an empty evaluation without findings from the reader", async () => {
    const wb = buildXlsx(planWorkbook());
    const read = readEvaluation(snapshotFromExcelJs(wb));
    expect(read.input.indicators).toEqual([]);
    expect(read.findings.map((f) => f.code)).toEqual(["REQUIRED_MISSING"]);
  });
});
