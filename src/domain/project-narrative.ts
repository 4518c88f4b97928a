import type { EvaluationResult } from "./engine";
import { formatAmount, formatRate, formatScore } from "./format";
import type { EvaluationInput } from "./model";
import type { ReportParagraph } from "./narrative";
import { projectFieldId, summarizeProjects, type ProjectResult } from "./project";

/**
 * The projects in words: the department report's paragraph on its project evaluations (from the
 * 项目自评汇总 figures), and each project's own short 项目支出绩效自评报告.
 */

/** A project's main deviation reason: that of the indicator that lost the most points. */
export function mainDeviation(p: ProjectResult): { indicator: string; reason: string } | null {
  const worst = [...p.indicators].filter((i) => i.deduction > 0).sort((a, b) => b.deduction - a.deduction)[0];
  return worst ? { indicator: worst.name, reason: worst.reason } : null;
}

function below(projects: readonly ProjectResult[], limit: number): ProjectResult[] {
  return projects.filter((p) => p.total < limit);
}

function scored(p: ProjectResult): string {
  const d = mainDeviation(p);
  const why = d ? `，主要是“${d.indicator}”${d.reason ? `：${d.reason.replace(/[。；;]+$/, "")}` : "扣分（偏差原因未填写）"}` : "";
  return `“${p.name || `项目${p.index + 1}`}”${formatScore(p.total)}分${why}`;
}

/** The department report's paragraph on the project evaluations, after （二）项目支出情况; none without projects. */
export function projectEvaluationParagraphs(input: EvaluationInput, result: EvaluationResult): ReportParagraph[] {
  const projects = result.projects;
  if (projects.length === 0) return [];
  const s = summarizeProjects(projects);
  const sources = ["summary.budget", "summary.actual", "summary.rate", "summary.average", ...projects.map((p) => projectFieldId(p.index, "total"))];
  let text = `${input.unit.year}年度对${projects.length}个项目开展了绩效自评，涉及项目资金预算${formatAmount(s.budget)}万元，执行${formatAmount(s.actual)}万元`;
  if (s.rate !== null) text += `，资金执行比例为${formatRate(s.rate)}`;
  text += `；项目平均得分${formatScore(s.average ?? 0)}分。`;
  const under90 = below(projects, 90);
  const under80 = below(projects, 80);
  if (under90.length === 0) text += "各项目自评得分均在90分以上。";
  else {
    text += `得分低于90分的项目${under90.length}个：${under90.map(scored).join("；")}。`;
    if (under80.length) text += `其中低于80分的${under80.length}个（${under80.map((p) => `“${p.name}”`).join("、")}），需重点整改。`;
  }
  if (s.unexplained > 0) text += `另有${s.unexplained}个扣分指标尚未说明偏差原因。`;
  return [{ key: "s2.project.evaluations", level: "body", text, sources, placeholders: [] }];
}
