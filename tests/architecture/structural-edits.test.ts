/**
 * Users insert and delete rows anywhere. Every cell the product reads or repairs is found by its defined
 * name or table column, so a row inserted above or inside any block of any sheet changes no input the
 * reader sees, raises no false "typed-over formula", and 修复模板 settles in one run (a second repair
 * finds nothing to fix). Run on the Excel fake through the real Office.js adapter, which moves cells,
 * names and formulas as Excel does.
 */
import { describe, expect, test } from "vitest";
import { OUTPUT_SHEETS, readEvaluation, repairPlan, SHEETS, type SheetKey } from "../../src/template";
import { parseRange } from "../../src/template/addr";
import { fakeExcel, portFor, sessionOver, settle } from "../excel/helpers";
import type { FakeExcel } from "../fakes/excel-fake";

/** The first row of each run of consecutive rows the spec lays out on a sheet, and the row after it. */
function blockRows(key: SheetKey): number[] {
  const rows = [...new Set(SHEETS.find((s) => s.key === key)!.cells.map((c) => parseRange(c.at).top))].sort((a, b) => a - b);
  const starts = rows.filter((r, i) => i === 0 || rows[i - 1] !== r - 1);
  return [...new Set(starts.flatMap((r) => [r, r + 1]))].filter((r) => r > 1);
}

async function shiftRow(fake: FakeExcel, sheet: string, row: number, kind: "insert" | "delete"): Promise<void> {
  await fake.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem(sheet);
    ws.protection.unprotect();
    const range = ws.getRange(`${row}:${row}`);
    if (kind === "insert") range.insert("Down");
    else range.delete("Up");
    await ctx.sync();
  });
}

describe("rows inserted above and inside every block of every sheet", () => {
  test("no input changes, no false damage, and 修复模板 reaches a fixed point in one run", async () => {
    const fake = fakeExcel("1.14");
    const port = portFor(fake);
    const session = sessionOver(port, OUTPUT_SHEETS);
    await session.start();
    await session.createWorkbook({ withSample: true });
    await settle(fake, session);
    const before = readEvaluation(await port.read());
    expect(before.formulaIssues).toEqual([]);
    let checked = 0;

    for (const spec of SHEETS) {
      for (const row of blockRows(spec.key)) {
        const where = `${spec.name} row ${row}`;
        await shiftRow(fake, spec.name, row, "insert");
        await session.recompute();
        await settle(fake, session);
        const afterInsert = readEvaluation(await port.read());
        expect(afterInsert.input, `${where}: inputs as read`).toEqual(before.input);
        expect(afterInsert.formulaIssues.map((f) => `${f.code} ${f.ref.cell}`), `${where}: false damage`).toEqual([]);

        await session.repair();
        await settle(fake, session);
        const second = repairPlan(await port.read());
        expect(second.fixed, `${where}: a second repair still finds`).toEqual([]);
        expect(second.read.input, `${where}: inputs after repair`).toEqual(before.input);

        await shiftRow(fake, spec.name, row, "delete");
        await session.recompute();
        await settle(fake, session);
        expect(readEvaluation(await port.read()).input, `${where}: inputs after the row is deleted again`).toEqual(before.input);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(session.store.get().result?.total).toBe(99);
  }, 240_000);
});
