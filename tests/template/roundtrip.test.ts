import { describe, expect, it } from "vitest";
import { readEvaluation, snapshotFromExcelJs } from "../../src/template";
import { evaluateJson, evaluateWorkbook } from "../support/evaluate";
import { BUILTIN_PROFILES } from "../../src/domain";
import { randomRuns } from "../support/long-run";
import { randomInput } from "./generators";
import { buildAndReload, comparable, sampleInput } from "./helpers";

describe("JSON → workbook → evaluate equals JSON → evaluate", () => {
  it("the reference sample: 99 分, 优, same findings, each with its cell", async () => {
    const input = sampleInput();
    const wb = await buildAndReload(input);
    const result = evaluateWorkbook(snapshotFromExcelJs(wb));
    expect(comparable(result)).toEqual(comparable(evaluateJson(input)));
    expect(result.total).toBe(99);
    expect(result.grade).toBe("优");
    for (const f of result.findings) expect(f.ref.cell, f.code).toMatch(/^'[^']+'!\$?[A-Z]+\$?\d+$/);
    const mismatch = result.findings.find((f) => f.code === "PUBLIC_EXPENSE_MISMATCH")!;
    expect(mismatch.ref.cell).toBe("'预算执行'!C15");
  });

  it("the reader adds no finding of its own for a workbook it built", async () => {
    const read = readEvaluation(snapshotFromExcelJs(await buildAndReload(sampleInput())));
    expect(read.findings).toEqual([]);
    expect(read.formulaIssues).toEqual([]);
  });

  // 24 seeds under npm test (every builtin profile among them, asserted below), 120 under test:long.
  const seeds = randomRuns(24, 120);
  it(`${seeds} random inputs (all kinds, profiles, overrides, N/A rows)`, async () => {
    const profiles = new Set<string>();
    for (let seed = 1; seed <= seeds; seed++) {
      const input = randomInput(seed);
      if (typeof input.profile === "string") profiles.add(input.profile);
      const wb = await buildAndReload(input);
      const snap = snapshotFromExcelJs(wb);
      const read = readEvaluation(snap);
      expect(read.findings, `seed ${seed}`).toEqual([]);
      expect(comparable(evaluateWorkbook(snap)), `seed ${seed}`).toEqual(comparable(evaluateJson(input)));
    }
    expect([...profiles].sort()).toEqual(BUILTIN_PROFILES.map((p) => p.id).sort());
  });
});
