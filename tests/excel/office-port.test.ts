import { evaluateReadResult as evaluateRead } from "../support/evaluate";
import { describe, expect, test, vi } from "vitest";
import { OfficePortError } from "../../src/excel/office-port";
import {
  INDICATOR_TABLE,
  NUMBER_FORMATS,
  SHEETS,
  TABLE_COLUMNS,
  TEMPLATE_VERSION,
  TemplateNotRecognizedError,
  VERSION_NAME,
  planWorkbook,
  readEvaluation,
  repairPlan,
} from "../../src/template/core";
import type { WorkbookEvent } from "../../src/workbook/port";
import { colLetters, parseRange } from "../../src/template/addr";
import type { FakeExcel } from "../fakes/excel-fake";
import { largeInput } from "../support/large-input";
import { cellOf, fakeExcel, inputCells, portFor, reportSheet, sampleInput, sheetName } from "./helpers";

const selfTable = sheetName("selfTable");
const budget = sheetName("budget");
const indicators = sheetName("indicators");

async function withTemplate(api = "1.14") {
  const fake = fakeExcel(api);
  const port = portFor(fake);
  const input = sampleInput();
  await port.applyPlan(planWorkbook(input));
  fake.resetStats();
  return { fake, port, input };
}

/** The user (not the add-in) protects or unprotects a sheet, as from the 审阅 tab. */
async function userProtect(fake: FakeExcel, sheet: string, on: boolean): Promise<void> {
  await fake.run(async (ctx) => {
    const p = ctx.workbook.worksheets.getItem(sheet).protection;
    if (on) p.protect();
    else p.unprotect();
    await ctx.sync();
  });
}

describe("applyPlan: the template inserted through Office.js", () => {
  test("every sheet, name, table, validation and lock is there; the reader recognises it; total 99 in both engines", async () => {
    const fake = fakeExcel("1.14");
    const port = portFor(fake);
    const input = sampleInput();
    input.indicators[0]!.name = "=SUM(A1)";
    input.indicators[0]!.deviationReason = "+86 123";
    const plan = planWorkbook(input);
    await port.applyPlan(plan);

    // Five round trips: the name check, the template, print setup (before protection: a protected
    // sheet may refuse it), protection, and the document properties (no undo) in a batch of their own.
    expect(fake.stats.syncs).toBe(5);
    expect(fake.stats.roundTrips).toBe(5);
    expect(fake.sheetNames()).toEqual(["Sheet1", ...SHEETS.map((s) => s.name)]);
    const names = new Set(fake.definedNames().map((n) => n.name));
    for (const n of plan.names) expect(names.has(n.name), n.name).toBe(true);
    expect(fake.definedNames().find((n) => n.name === VERSION_NAME)?.type).toBe("Range");
    expect(fake.tables().map((t) => t.name).sort()).toEqual(plan.sheets.flatMap((s) => s.tables.map((t) => t.name)).sort());
    expect(fake.getValidation(budget, cellOf("budget.basic.actual").address).type).toBe("Decimal");
    expect(fake.getValidation(indicators, "A12").type).toBe("List");
    expect(fake.isProtected(budget)).toBe(true);
    expect(fake.isProtected(sheetName("basic"))).toBe(false);
    const input0 = fake.getFormat(budget, cellOf("budget.basic.actual").address);
    expect(input0).toMatchObject({ fill: "#FFF2CC", locked: false, numberFormat: "#,##0.00", fontName: "宋体" });
    expect(fake.getFormat(budget, cellOf("rate.basicCompletion").address)).toMatchObject({ fill: "#E2EFDA", locked: true });
    expect(fake.getFormat(budget, "A1")).toMatchObject({ bold: true, fontSize: 14 });
    // 11 characters → (11 × 7 + 5) px × 0.75 = 61.5 pt.
    expect(fake.getFormat(indicators, "A1").columnWidth).toBe(61.5);
    // ExcelApi 1.14 has every feature the template uses: nothing left out.
    expect(port.lastSkipped).toEqual([]);

    // Excel's own formulas (the fake's engine) agree with the add-in's engine.
    expect(fake.getValue(cellOf("total").sheet, cellOf("total").address)).toBe(99);
    const read = readEvaluation(await port.read());
    expect(read.version).toBe(TEMPLATE_VERSION);
    expect(read.formulaIssues).toEqual([]);
    expect(read.input.unit).toMatchObject({ name: input.unit.name, year: input.unit.year });
    expect(read.input.budget.basic).toEqual(input.budget.basic);
    expect(read.input.indicators.map((i) => i.name)).toEqual(input.indicators.map((i) => i.name));
    expect(evaluateRead(read).total).toBe(99);

    // Typed text stays text: neither a formula nor a number.
    expect(read.input.indicators[0]!.name).toBe("=SUM(A1)");
    expect(read.input.indicators[0]!.deviationReason).toBe("+86 123");
    expect(fake.getValue(indicators, "C12")).toBe("=SUM(A1)");
    // A link formula inside an input column (实际完成值 from a budget rate) went in as a formula.
    const linked = input.indicators.findIndex((i) => i.actualFrom);
    expect(fake.getFormula(indicators, `G${12 + linked}`)).toMatch(/^=Rate_/);
    // The guide's step numbers "1"…"9" are strings in the plan: they stay strings.
    expect(fake.getValue(sheetName("guide"), "A11")).toBe("1");
    expect(fake.getValue(sheetName("guide"), cellOf("template.version").address)).toBe(TEMPLATE_VERSION);
  });

  test("ExcelApi 1.20: the template goes in whole, without mergeUndoGroup (protect has no undo and would throw UndoNotSupported)", async () => {
    // https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-undo-capabilities: an API
    // without undo inside a merged group throws UndoNotSupported; WorksheetProtection.protect is one.
    const fake = fakeExcel("1.20");
    const port = portFor(fake);
    await port.applyPlan(planWorkbook(sampleInput()));
    expect(fake.sheetNames()).toEqual(["Sheet1", ...SHEETS.map((s) => s.name)]);
    expect(fake.isProtected(budget)).toBe(true);
    expect(port.lastSkipped).toEqual([]);
  });

  test("a workbook that already has a template sheet is refused in Chinese, and left as it was", async () => {
    const fake = fakeExcel("1.14", { sheets: ["Sheet1", budget] });
    await expect(portFor(fake).applyPlan(planWorkbook())).rejects.toThrow(/工作表“预算执行”已存在/);
    expect(fake.sheetNames()).toEqual(["Sheet1", budget]);
  });

  test("a template too large for one request goes in parts; a refused part takes the whole template away again", async () => {
    // 700 indicators are three requests: two synced while the template is queued, the last by applyPlan.
    const fake = fakeExcel("1.14");
    // Round trips: 1 the name check, 2 the template's first part (its sheets and grids), 3 its second part: refused.
    fake.failRoundTrip(3);
    await expect(portFor(fake).applyPlan(planWorkbook(largeInput(700)))).rejects.toThrow(/Injected failure/);
    expect(fake.sheetNames()).toEqual(["Sheet1"]);
    expect(fake.definedNames()).toEqual([]);
  });
});

describe("read", () => {
  test("one round trip on the template", async () => {
    const { fake, port } = await withTemplate();
    const snapshot = await port.read();
    expect(fake.stats.roundTrips).toBe(1);
    expect(fake.stats.syncs).toBe(1);
    expect(snapshot.sheets.map((s) => s.name)).toEqual(SHEETS.map((s) => s.name));
    // The table's columns are the spec's (18 before the override's replaced score was appended).
    const lastColumn = colLetters(TABLE_COLUMNS.length);
    expect(snapshot.tables.find((t) => t.name === INDICATOR_TABLE.name)).toMatchObject({ sheet: indicators, address: `A11:${lastColumn}25` });
    expect(snapshot.names.find((n) => n.name === VERSION_NAME)?.formula).toMatch(/^='?填表说明'?!\$B\$2$/);
  });

  test("two round trips when the user renamed a template sheet; the reader follows the names", async () => {
    const { fake, port, input } = await withTemplate();
    fake.userRenameSheet(budget, "预算");
    const snapshot = await port.read();
    expect(fake.stats.roundTrips).toBe(2);
    expect(snapshot.sheets.map((s) => s.name)).toContain("预算");
    const read = readEvaluation(snapshot);
    expect(read.sheets.budget).toBe("预算");
    expect(read.findings.map((f) => f.code)).toEqual(["SHEET_RENAMED"]);
    expect(read.input.budget.basic).toEqual(input.budget.basic);
    expect(evaluateRead(read).total).toBe(99);
  });

  test("an empty workbook reads as nothing, and is not a template", async () => {
    const fake = fakeExcel("1.14");
    const snapshot = await portFor(fake).read();
    expect(fake.stats.roundTrips).toBe(1);
    expect(snapshot).toMatchObject({ names: [], sheets: [], tables: [] });
    expect(() => readEvaluation(snapshot)).toThrow(TemplateNotRecognizedError);
  });
});

describe("write", () => {
  test("n cells on two sheets: one round trip, exactly those cells, strings as text", async () => {
    const { fake, port } = await withTemplate();
    const texts = ["=SUM(A1)", "+86 123", "001", "1/2", "TRUE", "12:30", "普通文字"];
    const cells = [
      ...texts.map((value, i) => ({ sheet: reportSheet, address: `AB${3 + i}`, value })),
      { sheet: reportSheet, address: "AC3", value: 12.5 },
      { sheet: selfTable, address: "AB3", value: "总分" },
      { sheet: selfTable, address: "AC3", formula: "=TotalScore" },
    ];
    await port.write(cells);
    expect(fake.stats.roundTrips).toBe(1);
    expect(fake.stats.cellsWritten).toBe(cells.length);
    const written = fake.stats.writes.filter((w) => w.kind === "values" || w.kind === "formulas").map((w) => `${w.sheet}!${w.address}`);
    expect(written.sort()).toEqual(cells.map((c) => `${c.sheet}!${c.address}`).sort());
    texts.forEach((t, i) => expect(fake.getValue(reportSheet, `AB${3 + i}`)).toBe(t));
    expect(fake.getValue(reportSheet, "AC3")).toBe(12.5);
    expect(fake.getValue(selfTable, "AC3")).toBe(99);
    expect(fake.getFormat(reportSheet, "AB9").numberFormat).toBe("General");

    fake.resetStats();
    await port.write([]);
    expect(fake.stats.roundTrips).toBe(0);
  });

  test("waits while the user is typing in a cell (delayForCellEdit) instead of failing", async () => {
    const { fake, port } = await withTemplate();
    fake.setUserTyping(true);
    let done = false;
    const pending = port.write([{ sheet: reportSheet, address: "AB3", value: "x" }]).then(() => (done = true));
    await vi.waitFor(() => expect(fake.waitingForCellEdit()).toBe(true), { timeout: 20_000, interval: 2 });
    expect(done).toBe(false);
    fake.setUserTyping(false);
    await pending;
    expect(fake.getValue(reportSheet, "AB3")).toBe("x");
  });

  test("an output sheet is written through its own (password-free) protection and protected again", async () => {
    const { fake, port } = await withTemplate();
    await port.write([{ sheet: reportSheet, address: "C4", value: "段落" }]);
    expect(fake.getValue(reportSheet, "C4")).toBe("段落");
    await fake.run(async (ctx) => {
      const p = ctx.workbook.worksheets.getItem(reportSheet).protection.load("protected");
      await ctx.sync();
      expect(p.protected).toBe(true);
    });
  });

  test("a sheet protected with a password, or missing, fails with a Chinese message naming it", async () => {
    const { fake, port } = await withTemplate();
    await fake.run(async (ctx) => {
      const p = ctx.workbook.worksheets.getItem(reportSheet).protection;
      p.unprotect();
      p.protect({}, "secret");
      await ctx.sync();
    });
    const protectedWrite = port.write([{ sheet: reportSheet, address: "AB3", value: "x" }]);
    await expect(protectedWrite).rejects.toThrow(OfficePortError);
    await expect(protectedWrite).rejects.toThrow(/工作表“自评报告”受保护/);
    fake.userDeleteSheet(selfTable);
    await expect(port.write([{ sheet: selfTable, address: "AB3", value: "x" }])).rejects.toThrow(/找不到工作表“自评表”/);
  });
});

describe("applyRepair", () => {
  test("restores a typed-over formula, a deleted name and the marker; never writes an input cell", async () => {
    const { fake, port } = await withTemplate();
    const rate = cellOf("rate.basicCompletion");
    const formula = fake.getFormula(rate.sheet, rate.address);
    await userProtect(fake, budget, false);
    await fake.userEdit(rate.sheet, rate.address, 0.5);
    await fake.run(async (ctx) => {
      ctx.workbook.names.getItem("Budget_Basic_Actual").delete();
      await ctx.sync();
    });
    fake.setCell(sheetName("guide"), cellOf("template.version").address, "0.9");
    const before = readEvaluation(await port.read());
    expect(before.formulaIssues.map((f) => f.code).sort()).toEqual(["FORMULA_OVERWRITTEN", "NAME_MISSING", "TEMPLATE_VERSION_MISMATCH"]);

    const plan = repairPlan(await port.read());
    fake.resetStats();
    await port.applyRepair(plan);
    // A lookup (which names exist, where the calculated columns are), the repair, print setup, then
    // protection (after print: a protected sheet may refuse page setup).
    expect(fake.stats.roundTrips).toBe(4);
    const after = readEvaluation(await port.read());
    expect(after.formulaIssues).toEqual([]);
    expect(fake.getFormula(rate.sheet, rate.address)).toBe(formula);
    expect(fake.isProtected(budget)).toBe(true);
    expect(fake.getValue(sheetName("guide"), cellOf("template.version").address)).toBe(TEMPLATE_VERSION);
    expect(evaluateRead(after).total).toBe(99);

    const inputs = inputCells(25);
    const touched = fake.stats.writes.filter((w) => w.kind === "values" || w.kind === "formulas" || w.kind === "clear");
    for (const w of touched) {
      const hit = inputs.find((i) => i.sheet === w.sheet && covers(w.address, i.address));
      expect(hit, `${w.sheet}!${w.address}`).toBeUndefined();
    }
  });
  test("writes each cell of a calculated column once: the column's formula and the cells' number format", async () => {
    const { fake, port } = await withTemplate();
    const table = fake.tables().find((t) => t.name === INDICATOR_TABLE.name)!;
    const body = parseRange(table.address.split("!").pop()!);
    const first = body.top + 1;
    const columns = TABLE_COLUMNS.filter((c) => !c.input).map((c) => ({ ...c, letter: colLetters(body.left + TABLE_COLUMNS.indexOf(c)) }));
    const score = columns.find((c) => c.id === "score")!;
    const formula = fake.getFormula(indicators, `${score.letter}${first}`);
    // Damage: a figure typed over a score, another score's number format changed.
    await userProtect(fake, indicators, false);
    await fake.userEdit(indicators, `${score.letter}${first + 1}`, 88);
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(indicators).getRange(`${score.letter}${first + 2}`).numberFormat = [["0.0000"]];
      await ctx.sync();
    });

    const plan = repairPlan(await port.read());
    fake.resetStats();
    await port.applyRepair(plan);
    expect(fake.stats.roundTrips).toBe(4);
    for (const c of columns) {
      for (let row = first; row <= body.bottom; row++) {
        const cell = `${c.letter}${row}`;
        const formulaWrites = fake.stats.writes.filter((w) => w.sheet === indicators && w.kind === "formulas" && covers(w.address, cell));
        expect(formulaWrites, `${c.label} ${cell}`).toHaveLength(1);
        expect(fake.getFormat(indicators, cell).numberFormat, cell).toBe(NUMBER_FORMATS[c.kind]);
      }
    }
    expect(fake.getFormula(indicators, `${score.letter}${first + 1}`)).toBe(formula);
    expect(readEvaluation(await port.read()).formulaIssues).toEqual([]);
  });
});

function covers(range: string, cell: string): boolean {
  const [a, b = a] = range.split(":");
  const pos = (s: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(s)!;
    return { col: [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0), row: Number(m[2]) };
  };
  const p = pos(a!);
  const q = pos(b!);
  const c = pos(cell);
  return c.row >= p.row && c.row <= q.row && c.col >= p.col && c.col <= q.col;
}

test("applyRepair on a sheet protected with a password fails in Chinese", async () => {
  const { fake, port } = await withTemplate();
  const plan = repairPlan(await port.read());
  await fake.run(async (ctx) => {
    const p = ctx.workbook.worksheets.getItem(budget).protection;
    p.unprotect();
    p.protect({}, "secret");
    await ctx.sync();
  });
  await expect(port.applyRepair(plan)).rejects.toThrow(/工作表受保护（可能设置了密码），无法修复模板/);
});

describe("select", () => {
  test("activates the sheet and selects the cell; bad addresses and missing sheets fail in Chinese", async () => {
    const { fake, port } = await withTemplate();
    await port.select("'预算执行'!$D$7");
    expect(fake.activeSheetName()).toBe(budget);
    expect(fake.selectedAddress()).toBe(`${budget}!D7`);
    await expect(port.select("not a cell")).rejects.toThrow("无法识别的单元格地址");
    await expect(port.select("'不存在'!A1")).rejects.toThrow(/找不到工作表“不存在”/);
  });
});

describe("subscribe", () => {
  async function listening(api: string, platform?: string, webDropdownFallbackMs = 60) {
    const fake = fakeExcel(api);
    const port = portFor(fake, platform ? { platform, webDropdownFallbackMs } : {});
    const events: WorkbookEvent[] = [];
    const stop = await port.subscribe((e) => events.push(e));
    await port.applyPlan(planWorkbook(sampleInput()));
    await fake.flushEvents();
    events.length = 0;
    fake.resetStats();
    return { fake, port, events, stop };
  }
  const at = cellOf("budget.basic.actual");

  test("ExcelApi 1.14: one registration; before/after; the add-in's own writes are marked; remote is remote", async () => {
    const { fake, port, events, stop } = await listening("1.14");
    expect(fake.handlerCount()).toBe(2);
    await fake.userEdit(at.sheet, at.address, 500);
    await port.write([{ sheet: reportSheet, address: "AB3", value: "x" }]);
    await fake.flushEvents();
    await fake.userEdit(at.sheet, at.address, 501, { source: "Remote" });
    await fake.userSelect(budget, "B5");
    expect(events).toEqual([
      { kind: "changed", sheet: budget, address: at.address, source: "local", byThisAddin: false, before: 561.09, after: 500, changeType: "RangeEdited" },
      { kind: "changed", sheet: reportSheet, address: "AB3", source: "local", byThisAddin: true, before: "", after: "x", changeType: "RangeEdited" },
      { kind: "changed", sheet: budget, address: at.address, source: "remote", byThisAddin: false, before: 500, after: 501, changeType: "RangeEdited" },
      { kind: "selection", sheet: budget, address: "B5" },
    ]);
    // A translated event costs no round trip (the sheet name comes from the cache).
    expect(fake.stats.roundTrips).toBe(1);
    await stop();
    expect(fake.handlerCount()).toBe(0);
  });

  test("ExcelApi 1.12: the host cannot tell who wrote (byThisAddin null); a paste has no before/after", async () => {
    const { fake, events, stop } = await listening("1.12");
    await fake.userEdit(at.sheet, at.address, 500);
    await fake.userPaste(sheetName("issues"), "A4", [["a"], ["b"]]);
    expect(events).toEqual([
      { kind: "changed", sheet: budget, address: at.address, source: "local", byThisAddin: null, before: 561.09, after: 500, changeType: "RangeEdited" },
      { kind: "changed", sheet: sheetName("issues"), address: "A4:A5", source: "local", byThisAddin: null, changeType: "RangeEdited" },
    ]);
    await stop();
  });

  test("ExcelApi 1.8: per-sheet registration, extended to the template's sheets when it is inserted", async () => {
    const { fake, events, stop } = await listening("1.8");
    expect(fake.handlerCount()).toBe(2 * (1 + SHEETS.length));
    await fake.userEdit(at.sheet, at.address, 500);
    expect(events).toEqual([{ kind: "changed", sheet: budget, address: at.address, source: "local", byThisAddin: null, changeType: "RangeEdited" }]);
    await stop();
    expect(fake.handlerCount()).toBe(0);
  });

  test("a sheet the cache does not know yet is looked up once", async () => {
    const { fake, events, stop } = await listening("1.14");
    fake.addSheet("新表");
    await fake.userEdit("新表", "A1", 1);
    expect(events).toEqual([{ kind: "changed", sheet: "新表", address: "A1", source: "local", byThisAddin: false, before: "", after: 1, changeType: "RangeEdited" }]);
    expect(fake.stats.roundTrips).toBe(1);
    await stop();
  });

  test("Excel on the web: leaving a cell reports it as changed, at most once per interval", async () => {
    // A 1 s interval: the "not yet" check below runs within milliseconds, far inside it even on a busy machine.
    const { fake, events, stop } = await listening("1.14", "OfficeOnline", 1000);
    const changes = () => events.filter((e) => e.kind === "changed");
    await fake.userSelect(indicators, "I12");
    await fake.userSelect(indicators, "I13");
    await vi.waitFor(() => expect(changes()).toHaveLength(1), { timeout: 20_000, interval: 2 });
    expect(changes()).toEqual([{ kind: "changed", sheet: indicators, address: "I12", source: "local", byThisAddin: false }]);
    const firstAt = Date.now();
    await fake.userSelect(indicators, "I14");
    await fake.userSelect(indicators, "I15");
    await fake.flushEvents();
    expect(changes()).toHaveLength(1);
    await vi.waitFor(() => expect(changes()).toHaveLength(2), { timeout: 20_000, interval: 10 });
    expect(Date.now() - firstAt).toBeGreaterThanOrEqual(990);
    expect(changes()[1]).toMatchObject({ address: "I14" });
    await stop();
  });

  test("not on the desktop", async () => {
    const { fake, events, stop } = await listening("1.14", "PC");
    await fake.userSelect(indicators, "I12");
    await fake.userSelect(indicators, "I13");
    // On the web the first fallback fires at once (a zero-delay timer); flushEvents lets such a timer run.
    await fake.flushEvents();
    expect(events.filter((e) => e.kind === "changed")).toEqual([]);
    await stop();
  });
});

describe("capabilities", () => {
  test("each feature is checked against its requirement set", () => {
    const old = portFor(fakeExcel("1.8")).caps.report();
    const latest = portFor(fakeExcel("1.20")).caps.report();
    expect(old.filter((f) => f.available).map((f) => f.id)).toEqual(["validation"]);
    expect(latest.every((f) => f.available)).toBe(true);
  });
});
