import { describe, expect, test } from "vitest";
import { BUILTIN_PROFILES, DEFAULT_PROFILE, evaluate, expectedLevelWeights, findProfile } from "../../src/domain";
import { baseInput, ind, scoreAndFindings, scoreOf, withProfile } from "./builders";

const linearReverse = DEFAULT_PROFILE;
const ratioReverse = withProfile((p) => (p.reverseMode = "比值"));

describe("正向 (≥)", () => {
  test.each([
    [100, 100, 10],
    [100, 120, 10],
    [100, 99, 9.9],
    [100, 0, 0],
    [3, 2, 6.67],
    [0, 0, 10],
    [0, 5, 10],
  ])("A=%s B=%s → %s of 10", (A, B, want) => {
    expect(scoreOf({ kind: "正向", target: A, actual: B })).toBe(want);
  });
  test("B ≥ 1.2·A is flagged for review; just below is not", () => {
    expect(scoreAndFindings({ target: 100, actual: 120 }).findings.map((f) => f.code)).toContain("TARGET_OVERSHOOT");
    expect(scoreAndFindings({ target: 100, actual: 119.99 }).findings.map((f) => f.code)).not.toContain("TARGET_OVERSHOOT");
  });
  test("percentages typed as text score on their values: ≥90% vs 90%", () => {
    expect(scoreOf({ target: "≥90%", actual: "90%" })).toBe(10);
    expect(scoreOf({ target: "≥90%", actual: "45%", deviationReason: "x" })).toBe(5);
  });
});

describe("反向 (≤)", () => {
  test.each([
    // A, B, linear-to-2A, ratio A/B
    [100, 100, 10, 10],
    [100, 50, 10, 10],
    [100, 150, 5, 6.67],
    [100, 199, 0.1, 5.03],
    [100, 200, 0, 5],
    [100, 300, 0, 3.33],
    [0, 0, 10, 10],
    [0, -1, 10, 10],
    [0, 0.01, 0, 0],
  ])("A=%s B=%s → linear %s, ratio %s", (A, B, lin, rat) => {
    expect(scoreOf({ kind: "反向", target: A, actual: B }, linearReverse)).toBe(lin);
    expect(scoreOf({ kind: "反向", target: A, actual: B }, ratioReverse)).toBe(rat);
  });
});

describe("等于 (=)", () => {
  test.each([
    [0, 0, 10],
    [0, 1, 0],
    [10, 10, 10],
    [10, 12, 10],
    [10, 8, 8],
  ])("A=%s B=%s → %s", (A, B, want) => {
    expect(scoreOf({ kind: "等于", target: A, actual: B })).toBe(want);
  });
});

describe("定性 tiers", () => {
  const q = (tier: string, qualitativeScore?: number) =>
    scoreAndFindings({ kind: "定性", target: "按要求完成", actual: "完成", tier, qualitativeScore, deviationReason: "原因" });

  test.each([
    ["达成年度指标", 8, true],
    ["达成年度指标", 10, true],
    ["达成年度指标", 7.99, false],
    ["部分达成并具有一定效果", 6, true],
    ["部分达成并具有一定效果", 7.99, true],
    ["部分达成并具有一定效果", 8, false],
    ["未达成且效果较差", 0, true],
    ["未达成且效果较差", 5.99, true],
    ["未达成且效果较差", 6, false],
  ])("%s with %s: inside the tier = %s", (tier, s, inside) => {
    const r = q(tier, s);
    expect(r.findings.some((f) => f.code === "QUAL_SCORE_OUT_OF_TIER")).toBe(!inside);
    expect(r.score).toBe(s);
  });

  test("the 2017 tiers are 100–80 / 80–50 / 50–0", () => {
    const legacy = findProfile("legacy2017")!;
    const r = scoreAndFindings(
      { kind: "定性", tier: "部分达成并具有一定效果", qualitativeScore: 5, deviationReason: "原因" },
      legacy,
    );
    expect(r.findings.some((f) => f.code === "QUAL_SCORE_OUT_OF_TIER")).toBe(false);
    const r2 = scoreAndFindings({ kind: "定性", tier: "部分达成并具有一定效果", qualitativeScore: 5, deviationReason: "原因" });
    expect(r2.findings.some((f) => f.code === "QUAL_SCORE_OUT_OF_TIER")).toBe(true);
  });

  test("without a score the tier's suggestion is used and said", () => {
    const r = q("部分达成并具有一定效果");
    expect(r.score).toBe(7);
    expect(r.findings.map((f) => f.code)).toContain("QUAL_SCORE_SUGGESTED");
  });

  test("no tier chosen is an error and scores 0", () => {
    const r = scoreAndFindings({ kind: "定性", tier: undefined, deviationReason: "x" });
    expect(r.score).toBe(0);
    expect(r.findings.map((f) => f.code)).toContain("QUAL_TIER_MISSING");
  });
});

describe("预算执行率", () => {
  const withRate = (actual: number, profile = DEFAULT_PROFILE, initial = 100) => {
    const input = baseInput({
      budget: {
        basic: { initial, adjusted: 100, actual },
        personnel: actual,
        publicExpense: 0,
        project: { initial: 0, adjusted: 0, actual: 0 },
        fiscal: { initial, adjusted: 100, actual },
        lowExecutionReason: "说明",
        adjustmentReason: "说明",
      },
    });
    return evaluate(input, { profile });
  };

  test.each([
    [100, 10],
    [99.5, 9.95],
    [49.88, 4.99],
    [90, 9],
  ])("linear: %s%% → %s (scored on the unrounded rate)", (actual, want) => {
    expect(withRate(actual).execution.score).toBe(want);
  });

  const jiangxi = findProfile("jiangxi")!;
  test.each([
    [100, 10],
    [99.99, 7],
    [80, 7],
    [79.99, 5],
    [60, 5],
    [59.99, 0],
  ])("Jiangxi bands: %s%% → %s", (actual, want) => {
    expect(withRate(actual, jiangxi).execution.score).toBe(want);
  });

  test("Hubei weighs it 20", () => {
    const hubei = findProfile("hubei")!;
    expect(withRate(95, hubei).execution.score).toBe(19);
  });

  test("old forms divide by 年初预算数", () => {
    const legacy = findProfile("legacy2017")!;
    const r = withRate(100, legacy, 125);
    expect(r.rates.execution.value).toBeCloseTo(0.8, 12);
    expect(r.execution.score).toBe(8);
  });

  test("exactly 90% needs no explanation; just below does", () => {
    const codes = (actual: number) => {
      const input = baseInput();
      input.budget.basic.actual = actual;
      input.budget.personnel = actual - 20;
      input.budget.fiscal.actual = actual + 50;
      input.budget.fiscal.adjusted = 150;
      return evaluate(input).findings.map((f) => f.code);
    };
    expect(codes(85)).not.toContain("LOW_EXECUTION_NO_REASON"); // 135/150 = 90%
    expect(codes(84.99)).toContain("LOW_EXECUTION_NO_REASON");
  });

  test("a zero budget is not applicable, not #DIV/0!", () => {
    const input = baseInput();
    input.budget.fiscal = { initial: 0, adjusted: 0, actual: 0 };
    const r = evaluate(input);
    expect(r.rates.execution.value).toBeNull();
    expect(r.rates.execution.display).toBe("不适用");
    expect(r.findings.map((f) => f.code)).toContain("EXECUTION_RATE_NA");
  });
});

describe("overrides, reasons and caps", () => {
  test("a score is never above its weight", () => {
    const r = scoreAndFindings({ override: { score: 12, reason: "x" } });
    expect(r.score).toBe(10);
    expect(r.findings.map((f) => f.code)).toContain("SCORE_ABOVE_WEIGHT");
  });
  test("a deduction needs a reason", () => {
    expect(scoreAndFindings({ actual: 80 }).findings.map((f) => f.code)).toContain("SCORE_BELOW_WEIGHT_NO_REASON");
    expect(scoreAndFindings({ actual: 80, deviationReason: "年中目标调整" }).findings.map((f) => f.code)).not.toContain(
      "SCORE_BELOW_WEIGHT_NO_REASON",
    );
  });
  test("an override below the computed score needs its own reason", () => {
    const r = scoreAndFindings({ override: { score: 8 }, deviationReason: "偏差" });
    expect(r.score).toBe(8);
    expect(r.findings.map((f) => f.code)).toContain("OVERRIDE_BELOW_COMPUTED_NO_REASON");
  });
  test("full marks on an unmet target is an error", () => {
    const r = scoreAndFindings({ actual: 80, override: { score: 10, reason: "领导认可" } });
    expect(r.findings.find((f) => f.code === "FULL_MARKS_UNMET")?.severity).toBe("error");
  });
});

describe("weights, N/A and grades", () => {
  test("weights that do not add up to the level's weight are reported", () => {
    const input = baseInput();
    input.indicators[0]!.weight = 45;
    const codes = evaluate(input).findings.map((f) => f.code);
    expect(codes).toContain("WEIGHTS_LEVEL_MISMATCH");
  });

  test("N/A indicators rescale the total: Σ得分 ÷ Σ适用分值 × 100", () => {
    const input = baseInput();
    input.indicators = [
      ind({ name: "A", weight: 25 }),
      ind({ name: "B", weight: 25, notApplicable: true, explanation: "本年度无此项工作" }),
      ind({ level1: "效益指标", level2: "社会效益指标", name: "C", weight: 30, actual: 50, deviationReason: "x" }),
      ind({ level1: "满意度指标", level2: "服务对象满意度指标", name: "D", weight: 10 }),
    ];
    const r = evaluate(input);
    // raw = 10 + 25 + 15 + 10 = 60 of 75 applicable → 80
    expect(r.total).toBe(80);
    const off = evaluate(input, { profile: withProfile((p) => (p.naRescale = false)) });
    expect(off.total).toBe(60);
  });

  test.each([
    [90, "优", "优"],
    [89.99, "良", "优"],
    [80, "良", "优"],
    [79.99, "中", "良"],
    [70, "中", "良"],
    [60, "中", "中"],
    [59.99, "差", "差"],
  ])("total %s → %s (90/80/60) and %s (80/70/60)", (total, g90, g80) => {
    const input = baseInput();
    // Exactly `total` points: the 产出 indicator scores total − 50 of its 50.
    const partial = total - 50;
    input.indicators[0]!.actual = (partial / 50) * 100;
    input.indicators[0]!.deviationReason = "x";
    expect(evaluate(input).total).toBe(total);
    expect(evaluate(input).grade).toBe(g90);
    expect(evaluate(input, { profile: findProfile("legacy2017")! }).grade).toBe(g80);
  });

  test("every builtin profile's weights add up to 100, with and without 成本 and 满意度 indicators", () => {
    for (const p of BUILTIN_PROFILES) {
      for (const cost of [true, false]) {
        for (const satisfaction of [true, false]) {
          const w = expectedLevelWeights(p, { cost, satisfaction });
          const hasCostLevel = (p.cost?.weight ?? 0) > 0;
          if (cost && !hasCostLevel) continue; // 成本 as a 一级 level does not exist in this profile
          expect(p.weights.execution + w.output + w.effect + w.satisfaction + w.cost, `${p.id} cost=${cost} sat=${satisfaction}`).toBe(100);
        }
      }
    }
  });
});

describe("money block checks", () => {
  test("a total that is not the sum of its rows", () => {
    const input = baseInput();
    input.budget.fiscal.adjusted = 151;
    const f = evaluate(input).findings.find((x) => x.code === "FISCAL_SUM_MISMATCH");
    expect(f?.ref.field).toBe("budget.fiscal.adjusted");
    expect(f?.message).toContain("151.00");
  });
  test("人员 + 公用 ≠ 基本支出, and the shares then do not add to 100%", () => {
    const input = baseInput();
    input.budget.personnel = 81;
    const codes = evaluate(input).findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(["BASIC_SPLIT_MISMATCH", "SHARES_NOT_100"]));
  });
  test("shares that only fail to add to 100.00% by rounding are a warning", () => {
    const input = baseInput();
    // 2469 / 20000 = 12.345% → 12.35%; 17531 / 20000 = 87.655% → 87.66%: shown, they add to 100.01%.
    input.budget.basic = { initial: 20000, adjusted: 20000, actual: 20000 };
    input.budget.personnel = 2469;
    input.budget.publicExpense = 17531;
    input.budget.fiscal = { initial: 20050, adjusted: 20050, actual: 20050 };
    const r = evaluate(input);
    const f = r.findings.find((x) => x.code === "SHARES_NOT_100");
    expect(f?.severity).toBe("warning");
    expect(f?.message).toContain("100.01%");
    expect(r.findings.map((x) => x.code)).not.toContain("BASIC_SPLIT_MISMATCH");
    // Thirds round to 33.33% + 66.67% = 100.00%: nothing to say.
    input.budget.basic = { initial: 3, adjusted: 3, actual: 3 };
    input.budget.personnel = 1;
    input.budget.publicExpense = 2;
    input.budget.fiscal = { initial: 53, adjusted: 53, actual: 53 };
    expect(evaluate(input).findings.map((x) => x.code)).not.toContain("SHARES_NOT_100");
  });
  test("unreadable amounts become findings, never exceptions", () => {
    const input = baseInput();
    input.budget.basic.actual = "一百万";
    const r = evaluate(input);
    const f = r.findings.find((x) => x.code === "INPUT_UNREADABLE");
    expect(f?.ref.field).toBe("budget.basic.actual");
    expect(f?.message).toContain("一百万");
  });
  test("leftover template text is reported", () => {
    const input = baseInput({ problems: ["【请填写存在的问题】"] });
    expect(evaluate(input).findings.map((f) => f.code)).toContain("TEMPLATE_TEXT_LEFT");
  });
});
