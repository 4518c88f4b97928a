import { describe, expect, test } from "vitest";
import { evaluate, type ProjectInput } from "../../src/domain";
import { projectReport } from "../../src/domain/project-narrative";
import { projectsOnly, sampleProject } from "../support/projects";

/**
 * Issue 12 on the project form: a project's 执行率 or indicator override keeps the computed score it
 * replaced; when the data under it changes, the override is stale (OVERRIDE_STALE at its field) and the
 * project's report says so, in the department's words.
 */

/** 各部门经费 (196.45 万元, 100% executed) with its 执行率 set by hand to 9 when the rule gave 10. */
function overridden(replaced?: number): ProjectInput {
  const p = sampleProject(0);
  p.execution = { override: { score: 9, reason: "年中追加预算较多", ...(replaced !== undefined ? { replaced } : {}) } };
  return p;
}

/** Spending lowered to 160 of 196.45 万元 (81.45%): the rule now gives 8.14. */
function lowered(p: ProjectInput): ProjectInput {
  p.funds.total.actual = 160;
  p.funds.fiscal!.actual = 160;
  p.lowExecutionReason = "部分采购延至次年";
  return p;
}

const stale = (p: ProjectInput) => evaluate(projectsOnly([p])).findings.filter((f) => f.code === "OVERRIDE_STALE");

describe("stale manual overrides on a project form", () => {
  test("the 执行率 override made when the rule gave 10 is not stale while the data stays", () => {
    const r = evaluate(projectsOnly([overridden(10)]));
    expect(r.projects[0]!.execution.computedScore).toBe(10);
    expect(r.projects[0]!.execution.score).toBe(9);
    expect(r.findings.map((f) => f.code)).not.toContain("OVERRIDE_STALE");
  });

  test("spending lowered: the rule gives 8.14, the override 9 is stale at the project's override field, and its report says so", () => {
    const input = projectsOnly([lowered(overridden(10))]);
    const r = evaluate(input);
    const p = r.projects[0]!;
    expect(p.execution.rate).toBeCloseTo(160 / 196.45, 10);
    expect(p.execution.computedScore).toBe(8.14);
    expect(p.execution.score).toBe(9);
    const found = r.findings.filter((f) => f.code === "OVERRIDE_STALE");
    expect(found).toHaveLength(1);
    expect(found[0]!.ref.field).toBe("projects[0].execution.override.score");
    expect(found[0]!.severity).toBe("warning");
    expect(found[0]!.message).toBe(
      "项目“各部门经费”：执行率调整得分9分是在按规则计10分时填写的，数据变化后按规则计8.14分，调整得分仍为9分。请重新确认调整得分及理由，或清空调整得分。",
    );
    const total = projectReport(p, 2023).find((x) => x.key === "p0.s2.total")!.text;
    expect(total).toContain("（注：执行率得分为人工调整得分9分，调整时按评分规则计10分；数据变化后按评分规则计8.14分，该调整得分尚待重新确认。）");
  });

  test("an indicator override: stale when its computed score moves, not before, and the indicator's line says so", () => {
    const p = sampleProject(0);
    const i = p.indicators.findIndex((x) => x.name === "区委领导及各部门满意度");
    p.indicators[i] = { ...p.indicators[i]!, override: { score: 9, reason: "抽样偏少", replaced: 10 } };
    expect(stale(p)).toEqual([]);
    const line = (q: ProjectInput) => projectReport(evaluate(projectsOnly([q])).projects[0]!, 2023).find((x) => x.key.startsWith(`p0.s2.i:区委领导及各部门满意度`))!.text;
    expect(line(p)).not.toContain("尚待重新确认");

    p.indicators[i] = { ...p.indicators[i]!, actual: "81%" };
    const found = stale(p);
    expect(found.map((f) => f.ref.field)).toEqual([`projects[0].indicators[${i}].override.score`]);
    expect(found[0]!.message).toContain("指标“区委领导及各部门满意度”的调整得分9分是在按规则计10分时填写的，数据变化后按规则计9分");
    expect(line(p)).toContain("（注：上述得分为人工调整得分9分，调整时按评分规则计10分；数据变化后按评分规则计9分，该调整得分尚待重新确认。）");
  });

  test("an override without a stored score is never called stale (sheets from before project template 1.1)", () => {
    const input = projectsOnly([lowered(overridden())]);
    const r = evaluate(input);
    expect(r.projects[0]!.execution.computedScore).toBe(8.14);
    expect(r.projects[0]!.execution.replaced).toBeNull();
    expect(r.findings.map((f) => f.code)).not.toContain("OVERRIDE_STALE");
    expect(projectReport(r.projects[0]!, 2023).map((x) => x.text).join("")).not.toContain("尚待重新确认");
  });

  test("the department and a project use the one rule: a difference below a cent of a point is not stale", () => {
    const p = overridden(10.004);
    expect(stale(p)).toEqual([]);
    expect(stale(overridden(9.99))).toHaveLength(1);
  });
});
