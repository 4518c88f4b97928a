import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { BUILTIN_PROFILES, DEFAULT_PROFILE, evaluate, expectedLevelWeights, findProfile, type EvaluationInput, type RuleProfile } from "../../src/domain";
import { baseInput, ind, scoreAndFindings, scoreOf, withProfile } from "./builders";
import { anyInput } from "../support/arbitraries";
import { generateReport } from "../../src/domain/narrative";

/**
 * One table per rule primitive (docs/rules.md), at its boundaries. Every primitive is a parameter of the
 * profile; the same figures are checked in LibreOffice by tests/template/libreoffice.test.ts.
 */

const P101 = findProfile("cz2021-101")!;
const HENAN = findProfile("henan2022")!;
const PROVINCE = findProfile("province2022")!;
const HUNAN = findProfile("hunan2018")!;

/** The sample unit with 财政拨款 actual = rate × 全年预算数 (150). */
function withExecution(rate: number, patch: (i: EvaluationInput) => void = () => {}): EvaluationInput {
  const input = baseInput();
  input.budget.fiscal.actual = Math.round(150 * rate * 1e6) / 1e6;
  input.budget.lowExecutionReason = "年末项目未完成支付。";
  patch(input);
  return input;
}
const execScore = (rate: number, profile: RuleProfile) => evaluate(withExecution(rate), { profile }).execution.score;

describe("执行率 in bands (财预〔2021〕101号: 100% → 10, 80–100% → 7, 60–80% → 5, < 60% → 0)", () => {
  test.each([
    [1, 10],
    [1.05, 10],
    [0.9999, 7],
    [0.8, 7],
    [0.7999, 5],
    [0.6, 5],
    [0.5999, 0],
    [0, 0],
  ])("rate %s → %s", (rate, want) => {
    expect(execScore(rate, P101)).toBe(want);
  });
});

describe("执行率 step deductions (湖南 2018: −2 per whole 5% below 100%)", () => {
  test.each([
    [1, 10],
    [0.97, 10],
    [0.9501, 10],
    [0.95, 8],
    [0.9, 6], // (1 − 0.9)/0.05 is 1.9999999999999996 in binary: two steps, not one
    [0.8999, 6],
    [0.85, 4],
    [0.8, 2],
    [0.75, 0],
    [0.1, 0],
  ])("rate %s → %s", (rate, want) => {
    expect(execScore(rate, HUNAN)).toBe(want);
  });
  test("the step and the points are parameters", () => {
    const p = withProfile((x) => {
      x.execution.mode = "阶梯扣分";
      x.execSteps = { size: 0.1, points: 1 };
    });
    expect(execScore(0.85, p)).toBe(9);
    expect(execScore(0.8, p)).toBe(8);
  });
});

describe("quantitative threshold (101号: completion < 60% → 0; else (rate − 60%)/(1 − 60%) × w)", () => {
  test.each([
    // A, B, score of 10
    [100, 100, 10],
    [100, 130, 10],
    [100, 80, 5],
    [100, 60, 0],
    [100, 59.99, 0],
    [100, 90, 7.5],
    [100, 99, 9.75],
    [0, 0, 10],
  ])("正向 A=%s B=%s → %s", (A, B, want) => {
    expect(scoreOf({ kind: "正向", target: A, actual: B, deviationReason: "x" }, P101)).toBe(want);
  });
  test.each([
    // 反向 completion is 1 − (B − A)/A (linear form): B = 120 → 80% → 5
    [100, 100, 10],
    [100, 120, 5],
    [100, 140, 0],
  ])("反向 A=%s B=%s → %s", (A, B, want) => {
    expect(scoreOf({ kind: "反向", target: A, actual: B, deviationReason: "x" }, P101)).toBe(want);
  });
  test("the default profile keeps the proportional rule: 80% → 8", () => {
    expect(scoreOf({ kind: "正向", target: 100, actual: 80, deviationReason: "x" })).toBe(8);
  });
});

describe("满意度 bands (101号: ≥ 90% → 10, 80–90 → 8, 60–80 → 5, < 60 → 0)", () => {
  const sat = (actual: number | string, profile: RuleProfile) => {
    const input = baseInput();
    input.indicators[2] = ind({ level1: "满意度指标", level2: "服务对象满意度指标", name: "满意度", target: 0.95, actual, weight: 10, deviationReason: "x" });
    return evaluate(input, { profile }).indicators[2]!.score;
  };
  test.each([
    [1, 10],
    [0.9, 10],
    ["89.99%", 8],
    [0.8, 8],
    [0.7999, 5],
    [0.6, 5],
    [0.5999, 0],
  ])("actual %s → %s", (actual, want) => {
    expect(sat(actual, P101)).toBe(want);
  });
  test("without bands the same 85% against a 95% target is 85/95 of 10", () => {
    expect(sat(0.85, DEFAULT_PROFILE)).toBe(8.95);
  });
  test("bands apply to 满意度指标 only: an 产出 indicator at 85% keeps the threshold rule", () => {
    expect(scoreOf({ target: 1, actual: 0.85, deviationReason: "x" }, P101)).toBe(6.25);
  });
});

describe("over-completion: 偏离 penalty (≥ 130% → −2) and the review flag (≥ 120%)", () => {
  test.each([
    [100, 129.99, 10],
    [100, 130, 8],
    [100, 500, 8],
    [0, 10, 10], // no target to be 30% above
  ])("A=%s B=%s → %s", (A, B, want) => {
    expect(scoreOf({ target: A, actual: B, deviationReason: "目标偏低" }, PROVINCE)).toBe(want);
  });
  test("a weight below the penalty gives 0, never a negative score", () => {
    expect(scoreOf({ target: 100, actual: 200, weight: 1, deviationReason: "x" }, PROVINCE)).toBe(0);
  });
  test("反向 and 等于 are not penalized; the default profile only flags", () => {
    expect(scoreOf({ kind: "等于", target: 100, actual: 200 }, PROVINCE)).toBe(10);
    const flagged = scoreAndFindings({ target: 100, actual: 130 });
    expect(flagged.score).toBe(10);
    expect(flagged.findings.map((f) => f.code)).toContain("TARGET_OVERSHOOT");
  });
});

describe("total capped by 执行率 (70–80% → ≤ 89; 60–70 → ≤ 79; < 60 → ≤ 69; < 50 → ≤ 59)", () => {
  test.each([
    [1, 100],
    [0.8, 98],
    [0.7999, 89],
    [0.7, 89],
    [0.6999, 79],
    [0.6, 79],
    [0.5999, 69],
    [0.5, 69],
    [0.4999, 59],
  ])("rate %s → total %s", (rate, want) => {
    // Indicators all met: the total is 90 + the 执行率 score (rate × 10), then capped.
    expect(evaluate(withExecution(rate), { profile: PROVINCE }).total).toBe(want);
  });
  test("a cap never raises a total, and a blank 执行率 caps nothing", () => {
    expect(evaluate(withExecution(0.3), { profile: PROVINCE }).total).toBe(59);
    const blank = withExecution(1, (i) => (i.budget.fiscal.adjusted = 0));
    expect(evaluate(blank, { profile: PROVINCE }).computed["total.cap"]).toBe(100);
  });
});

describe("成本 as a 一级 level (101号: 成本20/产出40/效益20/满意度10 + 执行率10)", () => {
  const levels101 = (withCost: boolean, withSatisfaction: boolean): EvaluationInput => {
    const w = expectedLevelWeights(P101, { cost: withCost, satisfaction: withSatisfaction });
    const list = [
      ind({ level1: "产出指标", level2: "数量指标", name: "产出", weight: w.output }),
      ind({ level1: "效益指标", level2: "社会效益指标", name: "效益", weight: w.effect }),
    ];
    if (withSatisfaction) list.push(ind({ level1: "满意度指标", level2: "服务对象满意度指标", name: "满意度", target: 0.9, actual: 0.95, weight: w.satisfaction }));
    if (withCost) list.push(ind({ level1: "成本指标", level2: "经济成本指标", name: "成本", kind: "反向", target: 100, actual: 90, weight: w.cost }));
    return baseInput({ indicators: list });
  };
  test.each([
    // with 成本, with 满意度 → expected weights output/effect/satisfaction/cost
    [true, true, [40, 20, 10, 20]],
    [false, true, [50, 30, 10, 0]],
    [true, false, [40, 30, 0, 20]],
    [false, false, [50, 40, 0, 0]],
  ])("成本 %s, 满意度 %s → 产出/效益/满意度/成本 %j; full marks are 100 and no weight finding", (cost, satisfaction, want) => {
    const w = expectedLevelWeights(P101, { cost, satisfaction });
    expect([w.output, w.effect, w.satisfaction, w.cost]).toEqual(want);
    const r = evaluate(levels101(cost, satisfaction), { profile: P101 });
    expect(r.total).toBe(100);
    expect(r.findings.filter((f) => f.code === "WEIGHTS_LEVEL_MISMATCH" || f.code === "PROFILE_WEIGHTS_NOT_100")).toEqual([]);
  });
  test("the 成本 level is listed only where the profile has one or the table uses it", () => {
    expect(evaluate(baseInput()).levels.map((l) => l.id)).toEqual(["execution", "output", "effect", "satisfaction"]);
    expect(evaluate(levels101(true, true), { profile: P101 }).levels.map((l) => l.id)).toContain("cost");
    const r = evaluate(levels101(true, true), { profile: DEFAULT_PROFILE });
    // Under 财预〔2020〕10号 成本 is a 二级 of 产出: a 一级 成本指标 does not fit the weights.
    expect(r.findings.map((f) => f.ref.field)).toContain("level.cost.weight");
  });
  test("河南 2022 is the 101号 layout with 成本 first", () => {
    expect(HENAN.cost).toEqual({ weight: 20, first: true });
    expect(evaluate(levels101(true, true), { profile: HENAN }).total).toBe(100);
  });
});

describe("profiles are data: built only from primitives", () => {
  test("every builtin profile is valid against the schema and differs from the default only in parameters", async () => {
    const { ruleProfileSchema } = await import("../../src/domain");
    for (const p of BUILTIN_PROFILES) expect(ruleProfileSchema.safeParse(p).success, p.id).toBe(true);
    expect(BUILTIN_PROFILES.map((p) => p.id)).toEqual(["cz2020", "hubei", "jiangxi", "legacy2017", "cz2021-101", "henan2022", "province2022", "hunan2018"]);
  });
});

describe("for random inputs under every builtin profile", () => {
  test("every score ≤ its weight, execution ≤ its weight, and with weights as the profile wants the total is in 0–100", () => {
    fc.assert(
      fc.property(anyInput, fc.constantFrom(...BUILTIN_PROFILES), (input, profile) => {
        const r = evaluate(input, { profile });
        for (const i of r.indicators) {
          expect(i.score).toBeGreaterThanOrEqual(0);
          expect(i.score).toBeLessThanOrEqual(Math.max(0, i.weight) + 1e-9);
        }
        expect(r.execution.score).toBeGreaterThanOrEqual(0);
        expect(r.execution.score).toBeLessThanOrEqual(profile.weights.execution + 1e-9);
        // The same scores, with weights scaled to the profile's level weights: total within 0–100.
        const uses = (l: string) => input.indicators.some((x) => x.level1 === l);
        const want = expectedLevelWeights(profile, { cost: uses("成本指标"), satisfaction: uses("满意度指标") });
        const key = { 产出指标: "output", 效益指标: "effect", 满意度指标: "satisfaction", 成本指标: "cost" } as const;
        const fitted = structuredClone(input);
        for (const name of Object.keys(key) as Array<keyof typeof key>) {
          const rows = fitted.indicators.filter((x) => x.level1 === name);
          rows.forEach((x) => (x.weight = want[key[name]] / rows.length));
        }
        const total = evaluate(fitted, { profile }).total;
        expect(total).toBeGreaterThanOrEqual(0);
        expect(total).toBeLessThanOrEqual(100 + 1e-9);
      }),
      { numRuns: 800 },
    );
  });
});

describe("the report follows the profile's levels", () => {
  const headings = (input: EvaluationInput, profile: RuleProfile) =>
    generateReport(input, evaluate(input, { profile })).paragraphs
      .filter((p) => p.key.startsWith("s5.") && p.level === "h2")
      .map((p) => p.text.replace(/（分值.*$/, ""));
  const withCost = () =>
    baseInput({
      indicators: [
        ind({ level1: "产出指标", level2: "数量指标", name: "产出", weight: 40 }),
        ind({ level1: "效益指标", level2: "社会效益指标", name: "效益", weight: 20 }),
        ind({ level1: "满意度指标", level2: "服务对象满意度指标", name: "满意度", target: 0.9, actual: 0.95, weight: 10 }),
        ind({ level1: "成本指标", level2: "经济成本指标", name: "成本", kind: "反向", target: 100, actual: 90, weight: 20 }),
      ],
    });
  test("财预〔2020〕10号: no 成本 section", () => {
    expect(headings(baseInput(), DEFAULT_PROFILE)).toEqual(["（一）预算执行率", "（二）产出指标", "（三）效益指标", "（四）满意度指标"]);
  });
  test("101号: 成本 after 产出; 河南 2022: 成本 first", () => {
    expect(headings(withCost(), P101)).toEqual(["（一）预算执行率", "（二）产出指标", "（三）成本指标", "（四）效益指标", "（五）满意度指标"]);
    expect(headings(withCost(), HENAN)).toEqual(["（一）预算执行率", "（二）成本指标", "（三）产出指标", "（四）效益指标", "（五）满意度指标"]);
  });
});
