import { describe, expect, it } from "vitest";
import sampleV1 from "../../assets/samples/reference-2023.json";
import { evaluate, evaluationInputSchema, findProfile, type EvaluationInput, type ProjectInput } from "../../src/domain";
import { decimalSum } from "../../src/domain/rounding";
import { projectsOnly, projectsSample, sampleProject } from "../support/projects";

/**
 * The project form (项目支出绩效自评表) is scored by the department's own specs and profile: same
 * indicator rows, same 执行率 score, same level sums, total and grade; only the money is the project's.
 */

function withProject(p: ProjectInput): EvaluationInput {
  return projectsOnly([p]);
}

function codes(input: EvaluationInput): string[] {
  return evaluate(input).findings.map((f) => `${f.code} ${f.ref.field}`);
}

describe("project input model", () => {
  it("schema version 2 adds projects; a version-1 input still loads and has none", () => {
    const v1 = evaluationInputSchema.parse(sampleV1);
    expect(v1.schemaVersion).toBe(1);
    expect(evaluate(v1).projects).toEqual([]);
    expect(projectsSample().projects).toHaveLength(3);
    expect(() => evaluationInputSchema.parse({ ...sampleV1, schemaVersion: 3 })).toThrow();
  });

  it("the reference's three projects add up to its 项目支出 279.04 / 305.65 / 305.65 万元", () => {
    const input = projectsSample();
    const sum = (k: "initial" | "adjusted" | "actual") => decimalSum(input.projects!.map((p) => Number(p.funds.total[k])));
    expect([sum("initial"), sum("adjusted"), sum("actual")]).toEqual([279.04, 305.65, 305.65]);
    expect(input.projects!.map((p) => p.name)).toEqual(["各部门经费", "档案经费", "目标管理考核及调研经费"]);
  });
});

describe("project scoring", () => {
  it("scores each project: 执行率 10 + 产出 50 + 效益 30 + 满意度 10; a missed quantity loses its share", () => {
    const r = evaluate(projectsSample());
    expect(r.total).toBe(99); // the department is untouched
    expect(r.projects.map((p) => [p.name, p.total, p.grade])).toEqual([
      ["各部门经费", 100, "优"],
      ["档案经费", 100, "优"],
      ["目标管理考核及调研经费", 98, "优"],
    ]);
    const third = r.projects[2]!;
    expect(third.indicators[1]!.score).toBe(8); // 8 of 10 reports → 8/10 × 10
    expect(third.levels.map((l) => l.score)).toEqual([10, 48, 30, 10]);
    expect(r.findings.filter((f) => f.ref.field.startsWith("projects"))).toEqual([]);
  });

  it("uses the same rule profile: Jiangxi bands score 执行率 95% as 7, legacy2017 divides by 年初预算数", () => {
    const p = sampleProject(0);
    p.funds.total = { initial: 100, adjusted: 200, actual: 190 };
    p.funds.fiscal = { initial: 100, adjusted: 200, actual: 190 };
    p.lowExecutionReason = "部分采购合同跨年支付";
    const jiangxi = evaluate({ ...withProject(p), profile: "jiangxi" }).projects[0]!;
    expect(jiangxi.execution.rate).toBeCloseTo(0.95, 10);
    expect(jiangxi.execution.score).toBe(7);
    const legacy = evaluate({ ...withProject(p), profile: "legacy2017" }).projects[0]!;
    expect(legacy.execution.rate).toBeCloseTo(1.9, 10);
    expect(legacy.execution.score).toBe(10);
    const hubei = evaluate({ ...withProject(p), profile: findProfile("hubei")! }).projects[0]!;
    expect(hubei.execution.weight).toBe(20);
    expect(hubei.execution.score).toBe(19);
  });

  it("a file of project tables only checks no department form", () => {
    const r = evaluate(projectsOnly([sampleProject(0), sampleProject(1)]));
    expect(r.hasDepartment).toBe(false);
    expect(r.findings).toEqual([]);
    expect(r.projects.map((p) => p.total)).toEqual([100, 100]);
    expect(evaluate(projectsSample()).hasDepartment).toBe(true);
  });
});

describe("checks of the project form", () => {
  it("年度资金总额 ≠ the sum of its 其中 rows", () => {
    const p = sampleProject(1);
    p.funds.total.adjusted = 40;
    expect(codes(withProject(p))).toContain("PROJECT_FUND_SUM_MISMATCH projects[0].funds.total.adjusted");
  });

  it("全年执行数 > 全年预算数", () => {
    const p = sampleProject(0);
    p.funds.total.actual = 200;
    p.funds.fiscal!.actual = 200;
    expect(codes(withProject(p))).toEqual(expect.arrayContaining(["PROJECT_OVER_BUDGET projects[0].funds.total.actual", "PROJECT_OVER_BUDGET projects[0].funds.fiscal.actual"]));
  });

  it("执行率 below 100% with no reason, and not once the reason is there", () => {
    const p = sampleProject(0);
    p.funds.total.actual = 180;
    p.funds.fiscal!.actual = 180;
    const found = evaluate(withProject(p)).findings.find((f) => f.code === "PROJECT_EXECUTION_NO_REASON")!;
    expect(found.ref.field).toBe("projects[0].lowExecutionReason");
    expect(found.message).toContain("各部门经费");
    expect(found.message).toContain("91.63%");
    p.lowExecutionReason = "年末两笔款项跨年支付";
    expect(codes(withProject(p)).some((c) => c.startsWith("PROJECT_EXECUTION_NO_REASON"))).toBe(false);
  });

  it("分值 not summing to 100, and per level against the profile", () => {
    const p = sampleProject(0);
    p.indicators[0]!.weight = 20;
    expect(codes(withProject(p))).toEqual(
      expect.arrayContaining(["PROJECT_WEIGHTS_NOT_100 projects[0].indicators", "WEIGHTS_LEVEL_MISMATCH projects[0].level.output.weight"]),
    );
  });

  it("得分 > 分值 (an override above the weight) and a deduction without its 偏差原因", () => {
    const p = sampleProject(2);
    p.indicators[0]!.override = { score: 20, reason: "加分" };
    delete p.indicators[1]!.deviationReason;
    expect(codes(withProject(p))).toEqual(
      expect.arrayContaining(["SCORE_ABOVE_WEIGHT projects[0].indicators[0].override.score", "SCORE_BELOW_WEIGHT_NO_REASON projects[0].indicators[1].deviationReason"]),
    );
  });

  it("a target met with points taken off, and one missed with full points", () => {
    const p = sampleProject(2);
    p.indicators[0]!.override = { score: 12, reason: "酌情扣分" };
    p.indicators[1]!.override = { score: 10, reason: "领导认可" };
    expect(codes(withProject(p))).toEqual(
      expect.arrayContaining(["MET_BUT_DEDUCTED projects[0].indicators[0].override.score", "FULL_MARKS_UNMET projects[0].indicators[1].override.score"]),
    );
  });

  it("a 成本 indicator whose actual contradicts the 全年执行数", () => {
    const p = sampleProject(1);
    p.indicators[4]!.actual = 52;
    p.indicators[4]!.target = 60;
    expect(codes(withProject(p))).toContain("COST_EXCEEDS_SPENDING projects[0].indicators[4].actual");
    p.indicators[4]!.unit = "元";
    p.indicators[4]!.actual = 382000;
    expect(codes(withProject(p)).some((c) => c.startsWith("COST_EXCEEDS_SPENDING"))).toBe(false);
  });

  it("duplicate project names and a project without a name", () => {
    const twice = projectsOnly([sampleProject(0), sampleProject(0), { ...sampleProject(1), name: " " }]);
    expect(codes(twice)).toEqual(expect.arrayContaining(["PROJECT_NAME_DUPLICATE projects[1].name", "PROJECT_NAME_MISSING projects[2].name"]));
  });
});
