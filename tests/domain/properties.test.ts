import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { evaluate, evaluationInputSchema, excelRound, findProfile, DEFAULT_PROFILE } from "../../src/domain";
import { anyInput } from "../support/arbitraries";
import { randomRuns } from "../support/long-run";

describe("for a thousand random inputs (ten thousand under test:long)", () => {
  test("the generated inputs are valid against the schema (so the properties speak of real inputs)", () => {
    fc.assert(fc.property(anyInput, (input) => evaluationInputSchema.safeParse(input).success), { numRuns: 300 });
  });

  test("the engine never throws; every score ≤ its weight; total = Σ levels or the N/A rescale; grade matches the bands", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const r = evaluate(input);
        const profile = typeof input.profile === "string" ? (findProfile(input.profile) ?? DEFAULT_PROFILE) : DEFAULT_PROFILE;
        for (const ind of r.indicators) {
          expect(ind.score).toBeGreaterThanOrEqual(0);
          expect(ind.score).toBeLessThanOrEqual(Math.max(0, ind.weight) + 1e-9);
          expect(ind.computedScore).toBeLessThanOrEqual(Math.max(0, ind.weight) + 1e-9);
        }
        expect(r.execution.score).toBeLessThanOrEqual(profile.weights.execution + 1e-9);
        const raw = excelRound(r.levels.reduce((s, l) => s + l.score, 0), 2);
        const full = r.levels.reduce((s, l) => s + l.weight, 0);
        const applicable = r.levels.reduce((s, l) => s + l.applicableWeight, 0);
        const rescaled = profile.naRescale && applicable < full && applicable > 0;
        // The profile's 执行率 cap (total capped at 89 below 80% …) applies last.
        const cap = Math.min(100, ...(profile.totalCaps ?? []).filter((c) => r.execution.rate !== null && r.execution.rate < c.below).map((c) => c.max));
        expect(r.total).toBeCloseTo(Math.min(cap, rescaled ? excelRound((raw / applicable) * 100, 2) : raw), 9);
        const band = profile.grades.find((g) => r.total >= g.min) ?? profile.grades[3]!;
        expect(r.grade).toBe(band.label);
        for (const f of r.findings) {
          expect(f.message.length).toBeGreaterThan(5);
          expect(["error", "warning", "info"]).toContain(f.severity);
        }
      }),
      // 1,000 under npm test, 10,000 under test:long; PROP_RUNS sets any other count.
      { numRuns: Number(process.env.PROP_RUNS ?? randomRuns(1000, 10_000)) },
    );
  });
});
