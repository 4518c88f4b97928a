import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Evaluator, RATE_IDS, evaluate, type EvaluationInput, type Indicator } from "../../src/domain";
import { largeInput } from "../support/large-input";
import { anyBudgetLine, anyIndicator, anyInput } from "../support/arbitraries";
import { randomRuns } from "../support/long-run";

/**
 * The Evaluator recomputes after an edit only what depends on the edited cells. Whatever the edits, its
 * result must be the one a full evaluation of the edited input gives.
 */

/** An indicator, sometimes with its 实际完成值 linked to a computed rate (a row cell that reads a scalar). */
const editedIndicator: fc.Arbitrary<Indicator> = fc
  .tuple(anyIndicator, fc.option(fc.constantFrom(...RATE_IDS), { nil: undefined }))
  .map(([ind, actualFrom]) => (actualFrom && ind.kind !== "定性" ? { ...ind, actualFrom } : ind));

type Edit =
  | { kind: "indicator"; at: number; indicator: Indicator }
  | { kind: "weight"; at: number; weight: number }
  | { kind: "fiscal"; line: EvaluationInput["budget"]["fiscal"] };

const anyEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("indicator" as const), at: fc.nat(), indicator: editedIndicator }),
  fc.record({ kind: fc.constant("weight" as const), at: fc.nat(), weight: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ kind: fc.constant("fiscal" as const), line: anyBudgetLine as fc.Arbitrary<EvaluationInput["budget"]["fiscal"]> }),
);

function apply(ev: Evaluator, edit: Edit): void {
  const current = ev.current;
  const n = current.indicators.length;
  if (edit.kind === "fiscal") {
    ev.update({ ...current, budget: { ...current.budget, fiscal: edit.line } });
  } else if (n > 0) {
    const at = edit.at % n;
    const indicator = edit.kind === "indicator" ? edit.indicator : { ...current.indicators[at]!, weight: edit.weight };
    ev.setIndicator(at, indicator);
  }
}

describe("incremental recomputation (Evaluator)", () => {
  test("random edit sequences give the same result incrementally as from scratch", () => {
    fc.assert(
      fc.property(anyInput, fc.array(anyEdit, { minLength: 1, maxLength: 8 }), (input, edits) => {
        const ev = new Evaluator(input);
        expect(ev.result()).toEqual(evaluate(input));
        for (const edit of edits) {
          apply(ev, edit);
          // Asking only for the figures first (as the bench does) must not leave anything stale either.
          expect(ev.figures()).toEqual(evaluate(ev.current).computed);
          expect(ev.result()).toEqual(evaluate(ev.current));
        }
      }),
      { numRuns: randomRuns(150, 2000) },
    );
  });

  test("an edit to one indicator of 500 recomputes that row, not the others", () => {
    const input = largeInput(500);
    const ev = new Evaluator(input);
    const first = ev.result();
    ev.setIndicator(7, { ...input.indicators[7]!, weight: input.indicators[7]!.weight + 1 });
    const second = ev.result();
    // Untouched rows keep their (cached) results; the edited row and the totals change.
    expect(second.indicators[8]).toBe(first.indicators[8]);
    expect(second.indicators[7]).not.toBe(first.indicators[7]);
    expect(second.indicators[7]!.weight).toBe(input.indicators[7]!.weight + 1);
    expect(second).toEqual(evaluate(ev.current));
    // The caller's input is never modified.
    expect(input.indicators[7]!.weight).toBe(first.indicators[7]!.weight);
  });
});
