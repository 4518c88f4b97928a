import { describe, expect, it } from "vitest";
import sample from "../../assets/samples/reference-2023.json";
import { evaluate, evaluationInputSchema } from "../../src/domain";
import { checkReportParagraphs, checkTextAgainstData, mismatchToFinding } from "../../src/domain/consistency";
import { REF_BASIC, REF_CONTROL, REF_FISCAL, REF_PROJECT, REFERENCE_SECTIONS_2_TO_5 } from "./reference-text";

const input = evaluationInputSchema.parse(sample);
const result = evaluate(input);
const check = (text: string, context?: Parameters<typeof checkTextAgainstData>[3]) =>
  checkTextAgainstData(text, input, result, context);

describe("the reference report's own text against its data", () => {
  const found = check(REFERENCE_SECTIONS_2_TO_5);

  it("flags exactly the 1009% and the 29.86/29.85 pair", () => {
    expect(found.map((m) => [m.kind, m.written, m.field])).toEqual([
      ["conflict", "29.86万元", "budget.publicExpense"],
      ["value", "1009%", "rate.projectCompletion"],
      ["conflict", "29.85万元", "budget.publicControl.actual"],
    ]);
  });

  it("says what the data are for the 1009%", () => {
    const m = found.find((x) => x.written === "1009%")!;
    expect(m.expected).toBe("100%");
    expect(m.label).toBe("项目支出完成率");
    expect(REFERENCE_SECTIONS_2_TO_5.slice(m.offset, m.offset + m.length)).toBe("1009%");
    expect(m.sentence).toContain("完成预算安排的1009%");
  });

  it("reports both places of the 日常公用经费, each naming the other figure", () => {
    const a = found.find((x) => x.written === "29.86万元")!;
    const b = found.find((x) => x.written === "29.85万元")!;
    expect(a.conflictWith).toEqual({ field: "budget.publicControl.actual", label: "实际公用经费（控制率口径）", value: "29.85万元" });
    expect(b.conflictWith).toEqual({ field: "budget.publicExpense", label: "日常公用经费支出", value: "29.86万元" });
    expect(b.sentence).toBe(REF_CONTROL);
  });

  it("does not flag the correct figures", () => {
    const flagged = found.map((m) => m.written);
    for (const ok of ["454.99万元", "561.09万元", "94.68%", "5.32%", "734.03万元", "866.74万元", "100%", "38.4万元", "77.73%", "531.23万元", "279.04万元", "305.65万元", "99分", "9分", "1分"]) {
      expect(flagged).not.toContain(ok);
    }
  });

  it("turns mismatches into TEXT_FIGURE_MISMATCH errors", () => {
    const f = mismatchToFinding(found.find((x) => x.written === "1009%")!, "s2.project");
    expect(f).toMatchObject({ code: "TEXT_FIGURE_MISMATCH", severity: "error", ref: { field: "rate.projectCompletion" } });
    expect(f.message).toContain("写作“1009%”，数据为“100%”");
  });
});

describe("single paragraphs with their section as context", () => {
  it("the project paragraph", () => {
    expect(check(REF_PROJECT, { context: { subject: "project" } }).map((m) => m.written)).toEqual(["1009%"]);
  });

  it("the basic paragraph and the 财政拨款 sentence", () => {
    expect(check(REF_BASIC, { context: { subject: "basic" } }).map((m) => m.kind)).toEqual(["conflict"]);
    expect(check(REF_FISCAL, { context: { level: "execution", subject: "fiscal" } })).toEqual([]);
  });

  it("a figure that belongs to another section is read by its own subject", () => {
    // In the basic paragraph, a sentence that names 项目支出 is about the project line.
    expect(check("项目支出全年预算数305.65万元。", { context: { subject: "basic" } })).toEqual([]);
    expect(check("项目支出全年预算数561.09万元。", { context: { subject: "basic" } })[0]).toMatchObject({
      field: "budget.project.adjusted",
      expected: "305.65万元",
    });
    // Without a subject of its own, the section's line is meant.
    expect(check("全年预算数305.65万元。", { context: { subject: "basic" } })[0]).toMatchObject({ field: "budget.basic.adjusted" });
  });

  it("compares at two decimals, not at the written precision", () => {
    expect(check("人员经费支出531.2万元。")[0]).toMatchObject({ kind: "value", expected: "531.23万元" });
    expect(check("人员经费占基本支出的94.7%。")[0]).toMatchObject({ kind: "value", expected: "94.68%" });
    expect(check("人员经费占基本支出的94.68%。")).toEqual([]);
    expect(check("公用经费控制率77.76%。")[0]).toMatchObject({ expected: "77.73%" });
  });

  it("reads full-width digits and thousands separators", () => {
    expect(check("人员经费支出５３１．２３万元，占基本支出的９４．６８％。")).toEqual([]);
    expect(check("财政拨款全年预算数1,866.74万元。")[0]).toMatchObject({ expected: "866.74万元", written: "1,866.74万元" });
  });

  it("leaves figures without a readable label alone", () => {
    expect(check("全年办理交办函70余件，按时办结回复率100%。较上年增长15.5%。")).toEqual([]);
    expect(check("预算执行率较上年提高3%。")).toEqual([]);
    expect(check("基本支出年初预算数、全年预算数分别为454.99万元、561.09万元。")).toEqual([]);
  });

  it("scores in headings, indicator lines and the total", () => {
    expect(check("（一）预算执行率（分值10分，得10分，未扣分）")[0]).toMatchObject({ field: "execution.score", expected: "9分" });
    expect(check("部门整体支出绩效得分98分", { context: { total: true } })[0]).toMatchObject({ field: "total", expected: "99分" });
    const line = "7、公用经费控制率，年度指标值：≤100%，实际完成值：77.76%，分值5分，得分4分。";
    expect(check(line, { context: { level: "output" } }).map((m) => [m.field, m.expected])).toEqual([
      ["indicators[6].actual", "77.73%"],
      ["indicators[6].score", "5分"],
    ]);
  });

  it("says when the data have no such figure", () => {
    expect(check("“三公”经费控制率50.00%。")[0]).toMatchObject({ kind: "value", expected: "（无数据）", field: "rate.threePublicControl" });
  });
});

describe("checkReportParagraphs", () => {
  it("uses each paragraph's key for its context and names the paragraph", () => {
    const findings = checkReportParagraphs([{ key: "s2.project", text: REF_PROJECT }], input, result);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain("段落 s2.project");
  });
});

describe("year-on-year sentences against the 上年数", () => {
  // A unit that gave its prior-year figures: 三公经费 3.6 against 4 (−10 %), 财政拨款支出 866.74 against 800 (+8.34 %).
  const withPrior = evaluationInputSchema.parse(structuredClone(sample));
  withPrior.budget.threePublic = { budget: 5, actual: 3.6 };
  withPrior.budget.priorYear = { threePublic: 4, fiscalActual: 800 };
  const priorResult = evaluate(withPrior);
  const checkPrior = (text: string) => checkTextAgainstData(text, withPrior, priorResult);

  it("a right statement passes, whichever wording the direction takes", () => {
    expect(checkPrior("“三公”经费支出3.6万元，较上年下降10%。")).toEqual([]);
    expect(checkPrior("三公经费同比减少10.00%。")).toEqual([]);
    expect(checkPrior("财政拨款支出866.74万元，比上年增长8.34%。")).toEqual([]);
  });

  it("a wrong figure or a wrong direction is flagged at the figure, with the data's change", () => {
    const wrong = checkPrior("“三公”经费支出3.6万元，较上年下降12%。");
    expect(wrong.map((m) => [m.field, m.written, m.expected])).toEqual([["rate.threePublicChange", "12%", "下降10.00%"]]);
    const direction = checkPrior("财政拨款支出较上年下降8.34%。");
    expect(direction.map((m) => [m.field, m.written, m.expected])).toEqual([["rate.fiscalChange", "8.34%", "增长8.34%"]]);
  });

  it("without 上年数 the sentence cannot be checked and is not flagged; other subjects are left alone", () => {
    expect(check("“三公”经费较上年下降12%。")).toEqual([]);
    expect(checkPrior("人员经费较上年增长5%。")).toEqual([]);
  });
});
