import { beforeEach, describe, expect, test } from "vitest";
import sample from "../../assets/samples/reference-2023.json";
import { evaluationInputSchema } from "../../src/domain";
import { LiveSession } from "../../src/app/session";
import { OUTPUT_SHEETS } from "../../src/template/outputs";
import { FIELD_CELLS, SELF_REPORT_LAYOUT, SHEETS } from "../../src/template/core";
import { MemoryWorkbook } from "../../src/workbook/memory-port";
import { debounceFired, settleSession } from "../support/settle";

const input = evaluationInputSchema.parse(sample);
const reportSheet = SHEETS.find((s) => s.key === "selfReport")!.name;

function cellOf(field: string) {
  const c = FIELD_CELLS.get(field)!;
  return { sheet: SHEETS.find((s) => s.key === c.sheet)!.name, address: c.address };
}

const settle = (session: LiveSession) => settleSession(session);

describe("the live session over the in-memory workbook", () => {
  let wb: MemoryWorkbook;
  let session: LiveSession;

  beforeEach(async () => {
    wb = new MemoryWorkbook();
    session = new LiveSession(wb, OUTPUT_SHEETS, { host: "preview", sample: input, debounceMs: 10 });
    await session.start();
  });

  test("an empty workbook is not bound; 新建自评工作簿 with the sample binds and evaluates it", async () => {
    expect(session.store.get().binding).toBe("absent");
    await session.createWorkbook({ withSample: true });
    const s = session.store.get();
    expect(s.binding).toBe("bound");
    expect(s.result?.total).toBe(99);
    expect(s.narrative.length).toBeGreaterThan(20);
    expect(s.error).toBeUndefined();
  });

  test("a single-cell edit costs one round trip (the write) and writes only changed outputs", async () => {
    await session.createWorkbook({ withSample: true });
    await settle(session);
    const before = { ...wb.stats };
    const at = cellOf("budget.publicExpense");
    wb.userEdit(at.sheet, at.address, 29.85);
    await settle(session);
    expect(wb.stats.reads - before.reads).toBe(0);
    expect(wb.stats.writes - before.writes).toBe(1);
    const written = wb.stats.cellsWritten - before.cellsWritten;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(10);
    expect(session.store.get().result?.findings.map((f) => f.code)).not.toContain("PUBLIC_EXPENSE_MISMATCH");
  });

  test("the add-in's own writes do not trigger another recompute", async () => {
    await session.createWorkbook({ withSample: true });
    await settle(session);
    const n = session.recomputes;
    const at = cellOf("budget.basic.initial");
    wb.userEdit(at.sheet, at.address, 455);
    await settle(session);
    await settle(session);
    expect(session.recomputes).toBe(n + 1);
  });

  test("a remote change causes no writes", async () => {
    await session.createWorkbook({ withSample: true });
    await settle(session);
    const before = { ...wb.stats };
    const at = cellOf("budget.basic.initial");
    wb.remoteEdit(at.sheet, at.address, 400);
    await settle(session);
    expect(wb.stats.writes).toBe(before.writes);
  });

  test("a 1,000-cell paste is one recompute of at most 2 round trips", async () => {
    await session.createWorkbook({ withSample: true });
    await settle(session);
    const n = session.recomputes;
    const before = { ...wb.stats };
    const values = Array.from({ length: 100 }, () => Array.from({ length: 10 }, () => "x"));
    wb.userPaste("问题与措施", "H1", values);
    await settle(session);
    expect(session.recomputes).toBe(n + 1);
    expect(wb.stats.reads - before.reads + (wb.stats.writes - before.writes)).toBeLessThanOrEqual(2);
  });

  test("100 quick edits: at most 3 recomputes, and the outputs match the final inputs", async () => {
    await session.createWorkbook({ withSample: true });
    await settle(session);
    const n = session.recomputes;
    const at = cellOf("unit.staff.actual");
    for (let i = 1; i <= 100; i++) wb.userEdit(at.sheet, at.address, i);
    await settle(session);
    expect(session.recomputes - n).toBeLessThanOrEqual(3);
    expect(session.store.get().narrative.some((p) => p.text.includes("在职人员100人"))).toBe(true);
  });

  test("an edit arriving during a recompute is applied by the next one", async () => {
    await session.createWorkbook({ withSample: true });
    await settle(session);
    const at = cellOf("unit.staff.actual");
    wb.userEdit(at.sheet, at.address, 30);
    await debounceFired(session); // the first recompute is queued or running
    wb.userEdit(at.sheet, at.address, 31);
    await settle(session);
    expect(session.store.get().narrative.some((p) => p.text.includes("在职人员31人"))).toBe(true);
  });

  test("a hand-edited paragraph survives recomputes and is marked", async () => {
    await session.createWorkbook({ withSample: true });
    await settle(session);
    const rowOf = session.store.get().narrative.findIndex((p) => p.key === "s6.problems.1") + SELF_REPORT_LAYOUT.firstRow;
    expect(rowOf).toBeGreaterThan(SELF_REPORT_LAYOUT.firstRow);
    wb.userEdit(reportSheet, `${SELF_REPORT_LAYOUT.columns.text}${rowOf}`, "我们自己写的问题分析。");
    await settle(session);
    const p = session.store.get().narrative.find((x) => x.key === "s6.problems.1");
    expect(p?.text).toBe("我们自己写的问题分析。");
    expect(p?.status).toBe("已手动修改");
  });

  test("failures become a Chinese message, never an unhandled rejection", async () => {
    await session.createWorkbook({ withSample: true });
    await expect(session.createWorkbook({ withSample: true })).rejects.toThrow();
    expect(session.store.get().error?.message).toMatch(/^新建自评工作簿失败：/);
    await expect(session.selectCell("not a cell")).rejects.toThrow();
    expect(session.store.get().error?.message).toContain("无法识别的单元格地址");
  });

  test("clicking a finding's cell selects it", async () => {
    await session.createWorkbook({ withSample: true });
    const cell = session.store.get().result!.findings[0]!.ref.cell!;
    expect(cell).toMatch(/^'.+'!\$?[A-Z]+\$?\d+$/);
    await session.selectCell(cell);
    expect(wb.selection).toBe(cell.replace(/\$/g, ""));
  });
});
