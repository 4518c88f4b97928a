import { describe, expect, it } from "vitest";
import { evaluateInput } from "../../src/app/evaluate-workbook";
import { evaluate } from "../../src/domain";
import { generateReport } from "../../src/domain/narrative";
import { projectsSample } from "../support/projects";

/** The department report's project section is written from the 项目自评汇总 figures. */

describe("the department report names its project evaluations", () => {
  it("how many projects, their money, the average score: after （二）项目支出情况", () => {
    const input = projectsSample();
    const report = generateReport(input, evaluate(input));
    const keys = report.paragraphs.map((p) => p.key);
    const i = keys.indexOf("s2.project.evaluations");
    expect(i).toBe(keys.indexOf("s2.project") + 1);
    expect(report.paragraphs[i]!.text).toBe(
      "2023年度对3个项目开展了绩效自评，涉及项目资金预算305.65万元，执行305.65万元，资金执行比例为100%；项目平均得分99.33分。各项目自评得分均在90分以上。",
    );
  });

  it("projects below 90 and 80 with their main deviation reasons; no false figure alarm when the projects differ from 项目支出", () => {
    const input = projectsSample();
    const p = input.projects![1]!;
    p.indicators[0]!.actual = 1500; // 1500 of 3000 件 → 7.5 of 15
    p.indicators[0]!.deviationReason = "系统迁移延误整理进度；下一步增配人员";
    p.indicators[1]!.actual = 6; // 6 of 12 万页 → 7.5 of 15, no reason given
    const result = evaluate(input);
    expect(result.projects[1]!.total).toBe(85);
    const text = generateReport(input, result).paragraphs.find((x) => x.key === "s2.project.evaluations")!.text;
    expect(text).toContain("得分低于90分的项目1个：“档案经费”85分，主要是“文书档案整理归档”：系统迁移延误整理进度；下一步增配人员。");
    expect(text).toContain("另有1个扣分指标尚未说明偏差原因。");
    input.projects![0]!.funds.total.adjusted = 250; // the projects no longer add up to 项目支出 305.65
    input.projects![0]!.funds.fiscal!.adjusted = 250;
    const evaluation = evaluateInput(input);
    expect(evaluation.result.findings.filter((f) => f.code === "TEXT_FIGURE_MISMATCH")).toEqual([]);
  });

  it("no projects, no paragraph", () => {
    const input = projectsSample();
    delete input.projects;
    expect(generateReport(input, evaluate(input)).paragraphs.some((x) => x.key === "s2.project.evaluations")).toBe(false);
  });
});
