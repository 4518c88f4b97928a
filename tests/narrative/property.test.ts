import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, evaluationInputSchema } from "../../src/domain";
import { checkReportParagraphs, checkTextAgainstData } from "../../src/domain/consistency";
import { generateReport, PLACEHOLDER_PATTERN } from "../../src/domain/narrative";
import { contextOfKey } from "../../src/domain/narrative-data";
import { mergeNarrative, toStored } from "../../src/domain/narrative-merge";
import { excelRound } from "../../src/domain/rounding";
import { amountOf } from "../../src/domain/narrative-data";
import { arbInput, makeInput } from "./generate";

describe("generated text against the data, for random valid inputs", () => {
  it("passes the free-text check with zero mismatches when the data agree with themselves", () => {
    fc.assert(
      fc.property(arbInput({ consistentPublicExpense: true }), (input) => {
        expect(evaluationInputSchema.safeParse(input).success).toBe(true);
        const result = evaluate(input);
        const { paragraphs } = generateReport(input, result);
        expect(checkReportParagraphs(paragraphs, input, result)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("otherwise only reports the 日常公用经费 conflict, and only when the two figures differ", () => {
    fc.assert(
      fc.property(arbInput(), (input) => {
        const result = evaluate(input);
        const { paragraphs } = generateReport(input, result);
        const mismatches = paragraphs.flatMap((p) => checkTextAgainstData(p.text, input, result, { context: contextOfKey(p.key, input) }));
        expect(mismatches.filter((m) => m.kind === "value")).toEqual([]);
        if (mismatches.length > 0) {
          const a = amountOf(input, "budget.publicExpense");
          const b = amountOf(input, "budget.publicControl.actual");
          expect(a !== null && b !== null && excelRound(a, 2) !== excelRound(b, 2)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("lists every placeholder it writes, with a finding each, and writes no 'undefined'", () => {
    fc.assert(
      fc.property(arbInput(), (input) => {
        const { paragraphs, findings } = generateReport(input, evaluate(input));
        let count = 0;
        for (const p of paragraphs) {
          expect(p.placeholders).toEqual(p.text.match(PLACEHOLDER_PATTERN) ?? []);
          expect(p.text).not.toMatch(/undefined|NaN|null|\[object/);
          count += p.placeholders.length;
        }
        expect(findings.filter((f) => f.code === "NARRATIVE_PLACEHOLDER" || f.code === "NARRATIVE_REQUIRED_MISSING")).toHaveLength(count);
        expect(new Set(paragraphs.map((p) => p.key)).size).toBe(paragraphs.length);
      }),
      { numRuns: 200 },
    );
  });

  it("regenerating over an unedited report is the fresh report, all 自动", () => {
    fc.assert(
      fc.property(arbInput(), arbInput(), (a, b) => {
        const ra = evaluate(a);
        const rb = evaluate(b);
        const fresh = generateReport(b, rb).paragraphs;
        const merged = mergeNarrative(toStored(generateReport(a, ra).paragraphs), fresh, b, rb);
        expect(merged).toEqual(toStored(fresh));
      }),
      { numRuns: 100 },
    );
  });
});

describe("a 500-indicator input", () => {
  it("generates and passes the check", () => {
    const input = makeInput(500);
    expect(evaluationInputSchema.safeParse(input).success).toBe(true);
    const result = evaluate(input);
    const t0 = performance.now();
    const { paragraphs } = generateReport(input, result);
    const ms = performance.now() - t0;
    expect(paragraphs.filter((p) => /^s5\.\w+\.i:/.test(p.key))).toHaveLength(500);
    expect(checkReportParagraphs(paragraphs, input, result)).toEqual([]);
    expect(ms).toBeLessThan(1000);
  });
});
