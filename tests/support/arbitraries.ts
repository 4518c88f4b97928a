import fc from "fast-check";
import type { EvaluationInput, Indicator } from "../../src/domain";
import { BUILTIN_PROFILES, LEVEL1_NAMES, LEVEL2_BY_LEVEL1 } from "../../src/domain";

/** Amounts in 万元 with two decimals, as they come out of a 决算 report. */
const amount = fc.integer({ min: 0, max: 5_000_000 }).map((cents) => cents / 100);
const smallNumber = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 100_000 }).map((x) => x / 100),
  fc.double({ min: -5, max: 1000, noNaN: true, noDefaultInfinity: true }),
);
const text = fc.constantFrom("按要求完成", "完成", "部分完成", "=SUM(A1)", "+86 123", "-", "@home", "");

/** One indicator row, messy values included. */
export const anyIndicator: fc.Arbitrary<Indicator> = fc
  .record({
    level1: fc.constantFrom(...LEVEL1_NAMES),
    name: fc.string({ minLength: 0, maxLength: 8 }),
    kind: fc.constantFrom("正向", "反向", "等于", "定性" as const),
    target: fc.oneof(smallNumber, text, fc.constant(null)),
    actual: fc.oneof(smallNumber, text, fc.constant(null)),
    weight: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.double({ min: -1, max: 30, noNaN: true, noDefaultInfinity: true })),
    tier: fc.option(fc.constantFrom("达成年度指标", "部分达成并具有一定效果", "未达成且效果较差", "别的"), { nil: undefined }),
    qualitativeScore: fc.option(fc.double({ min: -2, max: 40, noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
    override: fc.option(
      fc.record({
        score: fc.double({ min: -5, max: 40, noNaN: true, noDefaultInfinity: true }),
        reason: fc.option(fc.constantFrom("原因", ""), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    deviationReason: fc.option(fc.constantFrom("偏差原因", ""), { nil: undefined }),
    notApplicable: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map((r) => ({ ...r, level2: LEVEL2_BY_LEVEL1[r.level1][0]! }));

/** One budget line (年初预算数, 全年预算数, 全年执行数). */
export const anyBudgetLine = fc.record({
  initial: fc.oneof(amount, fc.constant(null)),
  adjusted: fc.oneof(amount, fc.constant(0)),
  actual: fc.oneof(amount, fc.constant("12.3万元"), fc.constant("abc")),
});

/** Any input the schema accepts, including messy values: the engine must never throw on these. */
export const anyInput: fc.Arbitrary<EvaluationInput> = fc.record({
  profile: fc.oneof(fc.constantFrom(...BUILTIN_PROFILES.map((p) => p.id)), fc.constant("unknown")),
  unit: fc.record({ name: fc.string(), year: fc.integer({ min: 2000, max: 2100 }) }),
  budget: fc.record({
    basic: anyBudgetLine,
    personnel: fc.oneof(amount, fc.constant(null)),
    publicExpense: fc.oneof(amount, fc.constant(null)),
    project: anyBudgetLine,
    fiscal: anyBudgetLine,
    publicControl: fc.record({ budget: amount, actual: amount }),
  }),
  execution: fc.record({
    override: fc.option(
      fc.record({ score: fc.double({ min: -5, max: 30, noNaN: true, noDefaultInfinity: true }), reason: fc.constant("x") }),
      { nil: undefined },
    ),
  }),
  indicators: fc.array(anyIndicator, { minLength: 0, maxLength: 25 }),
}) as fc.Arbitrary<EvaluationInput>;
