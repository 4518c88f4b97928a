import { describe, expect, it } from "vitest";
import { ROW_SPECS, SCALAR_SPECS, evaluate, type EvaluationInput, type Value } from "../../src/domain";
import { randomInput } from "./generators";
import { buildHyperFormulaSheet, engineValues } from "./hyperformula-sheet";

/** The benchmark's HyperFormula workbook computes the template's formulas exactly as the engine does. */

function withIndicators(seed: number, count: number): EvaluationInput {
  const base = randomInput(seed);
  const pool = Array.from({ length: 40 }, (_, k) => randomInput(seed * 100 + k).indicators).flat();
  return { ...base, indicators: pool.slice(0, count) };
}

function same(a: Value, b: Value): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return (a ?? "") === (b ?? "");
}

describe("HyperFormula sheet (benchmark) = engine", () => {
  it.each([3, 17, 42])("a 20-indicator input (seed %i): every scalar and every row's computed columns", (seed) => {
    const input = withIndicators(seed, 20);
    const sheet = buildHyperFormulaSheet(input);
    const engine = engineValues(input);
    try {
      for (const s of SCALAR_SPECS) expect(same(sheet.scalar(s.id), engine.scalar(s.id)), `${s.id}: ${sheet.scalar(s.id)} vs ${String(engine.scalar(s.id))}`).toBe(true);
      for (let i = 0; i < 20; i++) {
        for (const r of ROW_SPECS) expect(same(sheet.row(i, r.id), engine.rowValue(i, r.id)), `row ${i} ${r.id}`).toBe(true);
      }
      expect(sheet.scalar("total")).toBe(evaluate(input).total);
    } finally {
      sheet.destroy();
    }
  });

  it("500 indicators: recompute and a one-cell change, against the engine (timings logged)", () => {
    const input = withIndicators(7, 500);
    const sheet = buildHyperFormulaSheet(input);
    try {
      const recompute = sheet.recompute();
      const change = sheet.changeWeight(0, 3);
      const t0 = performance.now();
      const result = evaluate({ ...input, indicators: input.indicators.map((x, i) => (i === 0 ? { ...x, weight: 3 } : x)) });
      const engineMs = performance.now() - t0;
      expect(same(sheet.scalar("total"), result.total)).toBe(true);
      console.info(`500 indicators: HyperFormula recompute ${recompute.toFixed(1)} ms, change ${change.toFixed(1)} ms; engine evaluate ${engineMs.toFixed(1)} ms`);
    } finally {
      sheet.destroy();
    }
  });
});
