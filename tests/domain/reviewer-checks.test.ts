import { describe, expect, test } from "vitest";
import { evaluate, type EvaluationInput } from "../../src/domain";
import { sampleInput } from "../template/helpers";
import { baseInput, ind, scoreAndFindings } from "./builders";

/**
 * Issue 12: the checks a 财政局 reviewer applies, and the false alarms removed, each on a table like the
 * published ones quoted in the issue (the reference report's figures where it has them).
 */

const codes = (input: EvaluationInput) => evaluate(input).findings.map((f) => f.code);
const find = (input: EvaluationInput, code: string) => evaluate(input).findings.filter((f) => f.code === code);

describe("checks added", () => {
  test("问题/措施 that say only “无” are not an answer", () => {
    const input = sampleInput();
    input.problems = ["无"];
    input.measures = ["暂无。"];
    const f = evaluate(input).findings;
    expect(f.find((x) => x.code === "PROBLEMS_MISSING")!.message).toContain("只写了“无”");
    expect(f.find((x) => x.code === "MEASURES_MISSING")!.message).toContain("只写了“无”");
  });

  test("template instruction text left in place: “结合自评情况…（200字以内）”", () => {
    const input = sampleInput();
    input.problems = ["结合自评情况，分析存在的问题及原因（200字以内）"];
    expect(find(input, "TEMPLATE_TEXT_LEFT").map((f) => f.ref.field)).toContain("problems[0]");
  });

  test("budget raised during the year from 0 (年初 0 → 全年 3.36) without a 预算调整 reason", () => {
    const input = baseInput();
    input.budget.govFund = { initial: 0, adjusted: 3.36, actual: 3.36 };
    input.budget.fiscal = { initial: 150, adjusted: 153.36, actual: 153.36 };
    // The fiscal rate shows the change here; with a 0 initial total only the line shows it:
    input.budget.basic.initial = 0;
    input.budget.project.initial = 0;
    input.budget.fiscal.initial = 0;
    const f = find(input, "BUDGET_ADJUSTED_NO_REASON");
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("年初预算数为0");
    input.budget.adjustmentReason = "年中追加政府性基金预算。";
    expect(codes(input)).not.toContain("BUDGET_ADJUSTED_NO_REASON");
  });

  test("spending against a zero budget (305.65 spent, 0 budgeted) points at that line", () => {
    const input = sampleInput();
    input.budget.project.adjusted = 0;
    const f = find(input, "SPENT_WITHOUT_BUDGET");
    expect(f.map((x) => x.ref.field)).toEqual(["budget.project.adjusted"]);
    expect(f[0]!.message).toContain("305.65");
  });

  test("a date typed into an amount cell (45,291 万元) is called a date", () => {
    const input = sampleInput();
    input.budget.basic.actual = 45291;
    const f = find(input, "DATE_IN_AMOUNT");
    expect(f.map((x) => x.ref.field)).toEqual(["budget.basic.actual"]);
    expect(f[0]!.message).toContain("2023年12月31日");
    // A large amount that is not out of line with its row is no date.
    const big = sampleInput();
    big.budget.basic = { initial: 45000, adjusted: 45291, actual: 45291 };
    expect(codes(big)).not.toContain("DATE_IN_AMOUNT");
  });

  test("malformed target “≥100百分比”: scored as 100% and flagged", () => {
    const r = scoreAndFindings({ target: "≥100百分比", actual: "98%", deviationReason: "个别未完成" });
    expect(r.score).toBe(9.8);
    expect(r.findings.find((f) => f.code === "UNIT_MALFORMED")?.ref.field).toBe("indicators[0].target");
  });

  test("满意度 of 100% with no survey evidence; with 问卷 noted it passes", () => {
    const input = sampleInput();
    const i = input.indicators.findIndex((x) => x.level1 === "满意度指标");
    input.indicators[i] = { ...input.indicators[i]!, actual: "100%" };
    expect(find(input, "SATISFACTION_NO_EVIDENCE").map((f) => f.ref.field)).toEqual([`indicators[${i}].explanation`]);
    input.indicators[i] = { ...input.indicators[i]!, explanation: "发放问卷120份，收回118份。" };
    expect(codes(input)).not.toContain("SATISFACTION_NO_EVIDENCE");
  });

  test("a positive indicator with target 0 given full marks", () => {
    const r = scoreAndFindings({ kind: "正向", target: 0, actual: 0 });
    expect(r.score).toBe(10);
    expect(r.findings.find((f) => f.code === "TARGET_ZERO_FULL_MARKS")?.ref.field).toBe("indicators[0].target");
  });

  test("an N/A indicator that keeps a score", () => {
    const input = baseInput();
    input.indicators.push(ind({ name: "培训人次", notApplicable: true, explanation: "本年度未安排培训。", override: { score: 5, reason: "x" }, weight: 0 }));
    expect(find(input, "NA_KEEPS_SCORE").map((f) => f.ref.field)).toEqual(["indicators[3].override.score"]);
  });
});

describe("false alarms removed", () => {
  test("“100” in the value column with “%” in the unit column is 100%, not 10000% (no PERCENT_SCALE)", () => {
    const r = scoreAndFindings({ target: 100, actual: 95, unit: "%", deviationReason: "个别事项未办结" });
    expect(r.score).toBe(9.5);
    const f = r.findings.map((x) => x.code);
    expect(f).not.toContain("PERCENT_SCALE");
    expect(f).toContain("PERCENT_POINTS_READ");
    expect(r.result.indicators[0]!.targetText).toBe("≥100%");
    expect(r.result.indicators[0]!.actualText).toBe("95%");
    // The template's own fractions keep their meaning: 0.9 | % is 90%.
    expect(scoreAndFindings({ target: 0.9, actual: 0.9, unit: "%" }).result.indicators[0]!.targetText).toBe("≥90%");
  });

  test("a blank 全年预算数 (a form without that column) is not a −100% adjustment", () => {
    const input = sampleInput();
    delete input.budget.fiscal.adjusted;
    const r = evaluate(input);
    expect(r.rates.adjustment.value).toBeNull();
    expect(r.findings.map((f) => f.code)).not.toContain("BUDGET_ADJUSTED_NO_REASON");
  });

  test("FISCAL_SUM_MISMATCH is not raised when the sub-lines are blank (unknown) rather than 0", () => {
    const input = sampleInput();
    input.budget.basic = { initial: null, adjusted: null, actual: null };
    input.budget.project = { initial: null, adjusted: null, actual: null };
    expect(codes(input)).not.toContain("FISCAL_SUM_MISMATCH");
    // A real mismatch is still one.
    const wrong = sampleInput();
    wrong.budget.fiscal.actual = 866.75;
    expect(codes(wrong)).toContain("FISCAL_SUM_MISMATCH");
  });

  test("“未填写” is not said of a cell that holds text: the finding says what is wrong with it", () => {
    const input = sampleInput();
    input.budget.basic.actual = "见决算表";
    const f = evaluate(input).findings.filter((x) => x.ref.field === "budget.basic.actual");
    expect(f.map((x) => x.code)).toEqual(["INPUT_UNREADABLE"]);
    expect(f[0]!.message).toContain("见决算表");
  });
});

describe("typed figures and 上年数", () => {
  test("a typed 执行率 that disagrees with the data: the form says 99.27%, the data gives 100%", () => {
    const input = sampleInput();
    input.execution = { ...input.execution, typedRate: "99.27%" };
    const f = find(input, "TYPED_FIGURE_MISMATCH");
    expect(f.map((x) => x.ref.field)).toEqual(["execution.typedRate"]);
    expect(f[0]!.message).toContain("99.27%");
    expect(f[0]!.message).toContain("100%");
    for (const same of ["100%", 1, 100]) {
      input.execution = { ...input.execution, typedRate: same };
      expect(codes(input), String(same)).not.toContain("TYPED_FIGURE_MISMATCH");
    }
  });

  test("a typed score that disagrees: 10 typed, 9 after the override", () => {
    const input = sampleInput();
    input.execution = { ...input.execution, typedScore: 10 };
    expect(find(input, "TYPED_FIGURE_MISMATCH").map((x) => x.ref.field)).toEqual(["execution.typedScore"]);
    input.execution = { ...input.execution, typedScore: 9 };
    expect(codes(input)).not.toContain("TYPED_FIGURE_MISMATCH");
  });

  test("上年数 give the year-on-year rates; without them the rates are not applicable", () => {
    const input = sampleInput();
    expect(evaluate(input).rates.threePublicChange.value).toBeNull();
    input.budget.threePublic = { budget: 5, actual: 3.6 };
    input.budget.priorYear = { threePublic: 4, fiscalActual: 800 };
    const r = evaluate(input);
    expect(r.rates.threePublicChange.display).toBe("-10.00%");
    expect(r.rates.fiscalChange.display).toBe("8.34%");
  });
});
