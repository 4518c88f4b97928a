import { describe, expect, test, vi } from "vitest";
import type { LiveSession } from "../../src/app/session";
import type { OfficePort } from "../../src/excel/office-port";
import { FIELD_CELLS, SHEETS } from "../../src/template/core";
import type { FakeExcel } from "../fakes/excel-fake";
import { cellOf, fakeExcel, inputCells, portFor, reportSheet, sessionOver, settle, sheetName } from "./helpers";

/**
 * The live session (src/app/session.ts) over the real OfficePort over the Excel fake: what the user
 * does in Excel, what it costs in round trips, and what Excel's own formulas show afterwards.
 */

interface Live {
  fake: FakeExcel;
  port: OfficePort;
  session: LiveSession;
}

async function live(api: string, options: { latencyMs?: number } = {}): Promise<Live> {
  const fake = fakeExcel(api, options);
  const port = portFor(fake);
  const session = sessionOver(port);
  await session.start();
  expect(session.store.get().binding).toBe("absent");
  await session.createWorkbook({ withSample: true });
  await settle(fake, session);
  fake.resetStats();
  return { fake, port, session };
}

const budget = sheetName("budget");

/** Every computed field's cell in the fake equals the engine's figure. */
function excelAgreesWithEngine({ fake, session }: Live): string[] {
  const computed = session.store.get().result!.computed;
  const off: string[] = [];
  for (const [id, v] of Object.entries(computed)) {
    const c = FIELD_CELLS.get(id);
    if (!c) continue;
    const got = fake.getValue(SHEETS.find((s) => s.key === c.sheet)!.name, c.address);
    const same = v === null ? got === "" : typeof v === "number" && typeof got === "number" ? Math.abs(v - got) < 1e-9 : got === v;
    if (!same) off.push(`${id}: engine ${String(v)}, Excel ${String(got)}`);
  }
  return off;
}

describe.each(["1.7", "1.9", "1.12", "1.14", "1.20"])("the live session on Excel (ExcelApi %s)", (api) => {
  test("新建自评工作簿 binds and evaluates; Excel's formulas show the same figures", async () => {
    const l = await live(api);
    const s = l.session.store.get();
    expect(s.binding).toBe("bound");
    expect(s.result?.total).toBe(99);
    expect(s.error).toBeUndefined();
    expect(excelAgreesWithEngine(l)).toEqual([]);
  });

  test("a single-cell edit costs one sync (the write), no read; one recompute; Excel's rates and total follow", async () => {
    const l = await live(api);
    const { fake, session } = l;
    const n = session.recomputes;
    const actual = cellOf("budget.basic.actual");
    await fake.userEdit(actual.sheet, actual.address, 400);
    await settle(fake, session);
    // Below ExcelApi 1.9 an edit has no before/after values: a full read, then the write (the README's 2).
    const withDetails = api !== "1.7";
    expect(fake.stats.syncs).toBe(withDetails ? 1 : 2);
    expect(fake.stats.roundTrips).toBe(withDetails ? 1 : 2);
    if (withDetails) expect(fake.stats.reads).toEqual([]);
    expect(fake.stats.cellsWritten).toBeGreaterThan(0);
    expect(fake.stats.cellsWritten).toBeLessThan(10);
    // The add-in's own write events (triggerSource on 1.14, the expected-writes record on 1.12) recompute nothing.
    expect(session.recomputes).toBe(n + 1);
    const rate = cellOf("rate.basicCompletion");
    expect(fake.getValue(rate.sheet, rate.address)).toBeCloseTo(400 / 561.09, 4);

    fake.resetStats();
    const override = cellOf("execution.override.score");
    await fake.userEdit(override.sheet, override.address, 8);
    await settle(fake, session);
    expect(fake.stats.syncs).toBe(withDetails ? 1 : 2);
    expect(session.store.get().result?.total).toBe(98);
    expect(fake.getValue(cellOf("total").sheet, cellOf("total").address)).toBe(98);
    expect(excelAgreesWithEngine(l)).toEqual([]);
    expect(session.recomputes).toBe(n + 2);
  });

  test("a coauthor's change causes no writes", async () => {
    const { fake, session } = await live(api);
    const at = cellOf("budget.basic.initial");
    await fake.userEdit(at.sheet, at.address, 400, { source: "Remote" });
    await settle(fake, session);
    expect(fake.stats.cellsWritten).toBe(0);
    expect(fake.stats.roundTrips).toBe(0);
  });

  test("a 1,000-cell paste: one recompute, at most two syncs", async () => {
    const { fake, session } = await live(api);
    const n = session.recomputes;
    const values = Array.from({ length: 100 }, (_, r) => Array.from({ length: 10 }, (_, c) => `x${r}-${c}`));
    await fake.userPaste(sheetName("issues"), "H1", values);
    await settle(fake, session);
    expect(session.recomputes).toBe(n + 1);
    expect(fake.stats.syncs).toBeLessThanOrEqual(2);
  });

  test("100 quick edits: at most 3 recomputes, and the outputs match the last value", async () => {
    const { fake, session } = await live(api);
    const n = session.recomputes;
    const at = cellOf("unit.staff.actual");
    const edits: Promise<void>[] = [];
    for (let i = 1; i <= 100; i++) edits.push(fake.userEdit(at.sheet, at.address, i));
    await Promise.all(edits);
    await settle(fake, session);
    expect(session.recomputes - n).toBeLessThanOrEqual(3);
    const staff = session.store.get().narrative.find((p) => p.text.includes("在职人员"));
    expect(staff?.text).toContain("在职人员100人");
    const row = session.store.get().narrative.indexOf(staff!) + 3;
    expect(fake.getValue(reportSheet, `AB${row}`)).toBe(staff!.text);
  });
});

describe("the live session on Excel: timing", () => {
  test("an edit arriving while a recompute is writing is applied by the next one", async () => {
    const { fake, session } = await live("1.14", { latencyMs: 30 });
    const at = cellOf("unit.staff.actual");
    void fake.userEdit(at.sheet, at.address, 30);
    // The first recompute's write is in flight (30 ms round trip) when the second edit lands.
    await vi.waitFor(() => expect(fake.stats.syncs).toBe(1), { timeout: 20_000, interval: 1 });
    await fake.userEdit(at.sheet, at.address, 31);
    await settle(fake, session);
    const texts = session.store.get().narrative.map((p) => p.text);
    expect(texts.some((t) => t.includes("在职人员31人"))).toBe(true);
    const row = texts.findIndex((t) => t.includes("在职人员31人")) + 3;
    expect(fake.getValue(reportSheet, `AB${row}`)).toContain("在职人员31人");
  });

  test("while the user is typing in a cell the write waits (delayForCellEdit), then lands", async () => {
    const { fake, session } = await live("1.14");
    const at = cellOf("unit.staff.actual");
    fake.setUserTyping(true);
    await fake.userEdit(at.sheet, at.address, 42);
    await vi.waitFor(() => expect(fake.waitingForCellEdit()).toBe(true), { timeout: 20_000, interval: 2 });
    expect(fake.stats.cellsWritten).toBe(0);
    expect(session.store.get().error).toBeUndefined();
    fake.setUserTyping(false);
    await settle(fake, session);
    expect(fake.stats.cellsWritten).toBeGreaterThan(0);
    expect(session.store.get().narrative.some((p) => p.text.includes("在职人员42人"))).toBe(true);
  });
});

describe("the live session on Excel: a damaged workbook", () => {
  async function unprotect(fake: FakeExcel, sheet: string): Promise<void> {
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(sheet).protection.unprotect("secret");
      await ctx.sync();
    });
  }

  function assertNoInputWritten(fake: FakeExcel): void {
    const inputs = inputCells(25);
    for (const w of fake.stats.writes) {
      if (w.kind !== "values" && w.kind !== "formulas" && w.kind !== "clear") continue;
      const [a, b = a] = w.address.split(":");
      const hit = inputs.find((i) => i.sheet === w.sheet && (i.address === a || i.address === b || (a !== b && inRange(i.address, a!, b!))));
      expect(hit, `${w.sheet}!${w.address}`).toBeUndefined();
    }
  }

  test("text in a number cell is a finding pointing at the cell", async () => {
    const { fake, session } = await live("1.14");
    const at = cellOf("budget.basic.actual");
    // Pasted text passes data validation (typing it would be refused).
    await fake.userPaste(at.sheet, at.address, [["五百六十一"]]);
    await settle(fake, session);
    const f = session.store.get().result?.findings.find((x) => x.code === "TEXT_IN_NUMBER_CELL");
    expect(f?.ref.cell).toBe(`'${budget}'!${at.address}`);
    expect(session.store.get().error).toBeUndefined();
  });

  test("a value typed over a computed cell: damaged; 修复模板 restores the formula, never an input", async () => {
    const { fake, session } = await live("1.14");
    const rate = cellOf("rate.basicCompletion");
    const formula = fake.getFormula(rate.sheet, rate.address);
    // The guide tells people the protection has no password; someone removed it and typed over a rate.
    await unprotect(fake, budget);
    await fake.userEdit(rate.sheet, rate.address, 0.5);
    await settle(fake, session);
    expect(session.store.get().binding).toBe("damaged");
    const issue = session.store.get().result!.findings.find((f) => f.code === "FORMULA_OVERWRITTEN");
    expect(issue?.ref.cell).toBe(`'${budget}'!${rate.address}`);

    fake.resetStats();
    await session.repair();
    await settle(fake, session);
    expect(session.store.get().binding).toBe("bound");
    expect(fake.getFormula(rate.sheet, rate.address)).toBe(formula);
    expect(fake.isProtected(budget)).toBe(true);
    assertNoInputWritten(fake);
  });

  test("a deleted name: damaged after 立即重算; 修复模板 restores it, never an input", async () => {
    const { fake, session } = await live("1.12");
    await fake.run(async (ctx) => {
      ctx.workbook.names.getItem("Budget_Basic_Actual").delete();
      await ctx.sync();
    });
    await session.recompute();
    expect(session.store.get().binding).toBe("damaged");
    expect(session.store.get().result!.findings.map((f) => f.code)).toContain("NAME_MISSING");

    fake.resetStats();
    await session.repair();
    await settle(fake, session);
    expect(session.store.get().binding).toBe("bound");
    expect(fake.definedNames().find((n) => n.name === "Budget_Basic_Actual")?.formula).toMatch(/预算执行'?!\$D\$4$/);
    expect(session.store.get().result?.total).toBe(99);
    assertNoInputWritten(fake);
  });

  test("a deleted output sheet: a Chinese message naming it, no unhandled rejection", async () => {
    const { fake, session } = await live("1.14");
    fake.userDeleteSheet(reportSheet);
    const at = cellOf("unit.staff.actual");
    await fake.userEdit(at.sheet, at.address, 33);
    await settle(fake, session);
    expect(session.store.get().error?.message).toMatch(/找不到工作表“自评报告”/);
  });

  test("an output sheet protected with a password: a Chinese message, and the session keeps working once it is unprotected", async () => {
    const { fake, session } = await live("1.14");
    // The template protects the output sheets without a password and the add-in unprotects around its
    // writes; a password it does not know stops it.
    await fake.run(async (ctx) => {
      const p = ctx.workbook.worksheets.getItem(reportSheet).protection;
      p.unprotect();
      p.protect({}, "secret");
      await ctx.sync();
    });
    const at = cellOf("unit.staff.actual");
    await fake.userEdit(at.sheet, at.address, 34);
    await settle(fake, session);
    expect(session.store.get().error?.message).toMatch(/工作表“自评报告”受保护/);
    await unprotect(fake, reportSheet);
    await session.recompute();
    expect(session.store.get().error).toBeUndefined();
    expect(session.store.get().narrative.some((p) => p.text.includes("在职人员34人"))).toBe(true);
  });
});

function inRange(cell: string, a: string, b: string): boolean {
  const pos = (s: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(s)!;
    return { col: [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0), row: Number(m[2]) };
  };
  const c = pos(cell);
  const p = pos(a);
  const q = pos(b);
  return c.row >= p.row && c.row <= q.row && c.col >= p.col && c.col <= q.col;
}

describe("benchmark figures", () => {
  test("measureRoundTrips: one round trip per typed cell, two per paste", async () => {
    const { measureRoundTrips } = await import("./bench-scenarios");
    const f = await measureRoundTrips();
    expect(f.singleCellEdit).toBe(1);
    expect(f.paste1000).toBe(2);
    expect(f.cellsWrittenSingleCellEdit).toBeGreaterThan(0);
    expect(f.cellsWrittenSingleCellEdit).toBeLessThan(10);
    expect(f.recomputeMs).toBeGreaterThanOrEqual(0);
  });
});
