import { expect, test } from "vitest";
import { measureRoundTrips } from "./bench-scenarios";

test("with the real output sheets: 1 round trip per typed cell, ≤ 2 for a paste, only changed cells written", async () => {
  const f = await measureRoundTrips();
  expect(f.singleCellEdit).toBe(1);
  expect(f.paste1000).toBeLessThanOrEqual(2);
  // 基本支出实际 500: its rates and shares change the 自评报告 paragraphs that cite them, the stored
  // checksum, and nothing else; 自评表 rows are formulas and are not rewritten.
  expect(f.cellsWrittenSingleCellEdit).toBeGreaterThan(0);
  expect(f.cellsWrittenSingleCellEdit).toBeLessThan(20);
}, 180_000);
