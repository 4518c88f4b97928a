import { describe, expect, test } from "vitest";
import sample from "../../assets/samples/reference-2023.json";
import { evaluate, evaluationInputSchema, type EvaluationInput } from "../../src/domain";

const input = (): EvaluationInput => evaluationInputSchema.parse(structuredClone(sample));

describe("the reference report (湖南 2023) as sample data", () => {
  const result = evaluate(input());

  test.each([
    ["basicCompletion", "100%"],
    ["personnelShare", "94.68%"],
    ["publicShare", "5.32%"],
    ["projectCompletion", "100%"],
    ["execution", "100%"],
    ["publicControl", "77.73%"],
    ["adjustment", "18.08%"],
  ] as const)("rate %s is %s", (id, shown) => {
    expect(result.rates[id].display).toBe(shown);
  });

  test("scores 9 + 50 + 30 + 10 = 99, grade 优", () => {
    expect(result.levels.map((l) => [l.name, l.score])).toEqual([
      ["预算执行率", 9],
      ["产出指标", 50],
      ["效益指标", 30],
      ["满意度指标", 10],
    ]);
    expect(result.total).toBe(99);
    expect(result.grade).toBe("优");
    expect(result.execution.computedScore).toBe(10);
  });

  test("the 公用经费 actual differs between two places: 29.86 and 29.85", () => {
    const f = result.findings.find((x) => x.code === "PUBLIC_EXPENSE_MISMATCH");
    expect(f?.severity).toBe("error");
    expect(f?.message).toContain("29.86");
    expect(f?.message).toContain("29.85");
    expect(f?.message).toContain("77.76%");
    expect(f?.ref.field).toBe("budget.publicControl.actual");
  });

  test("the 财政拨款 totals are the sums of their parts (734.03 = 454.99 + 279.04)", () => {
    expect(result.findings.filter((f) => f.code === "FISCAL_SUM_MISMATCH")).toEqual([]);
  });

  test("the only error is the public-expense mismatch", () => {
    expect(result.findings.filter((f) => f.severity === "error").map((f) => f.code)).toEqual(["PUBLIC_EXPENSE_MISMATCH"]);
  });

  test("the 公用经费控制率 indicator takes its actual from the computed rate", () => {
    const ind = result.indicators.find((i) => i.name === "公用经费控制率");
    expect(ind?.actualText).toBe("77.73%");
    expect(ind?.targetText).toBe("≤100%");
    expect(ind?.score).toBe(5);
  });

  test("without the override's reason the 1-point deduction is reported", () => {
    const data = input();
    delete data.execution!.override!.reason;
    const r = evaluate(data);
    const f = r.findings.find((x) => x.code === "EXECUTION_DEDUCTION_NO_REASON");
    expect(f?.severity).toBe("error");
    expect(f?.message).toContain("扣1分");
    expect(r.total).toBe(99);
  });

  test("a typed 1009%-style slip in the data (actual 10 times the budget) is flagged", () => {
    const data = input();
    data.budget.project.actual = 3056.5;
    const r = evaluate(data);
    expect(r.rates.projectCompletion.display).toBe("1000.00%");
    expect(r.findings.map((f) => f.code)).toEqual(expect.arrayContaining(["RATE_OVER_100", "FISCAL_SUM_MISMATCH"]));
  });
});
