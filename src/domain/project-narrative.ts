import type { EvaluationResult } from "./engine";
import { formatAmount, formatRate, formatScore } from "./format";
import type { EvaluationInput } from "./model";
import type { ReportParagraph } from "./narrative";
import { projectFieldId, summarizeProjects, type ProjectResult } from "./project";
import { isStale, staleSentence } from "./stale-override";

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

// ---- one project's 项目支出绩效自评报告 ---------------------------------------------------------------

const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

function money(v: number | null): string {
  return v === null ? "【请填写】" : `${formatAmount(v)}万元`;
}

/**
 * A short report per project (项目基本情况, 绩效目标完成情况, 偏差原因及改进措施); keys are "p<i>.…" so a
 * project's paragraphs stay apart from the department's and from each other.
 */
export function projectReport(p: ProjectResult, year: number | null): ReportParagraph[] {
  const out: ReportParagraph[] = [];
  const k = (key: string) => `p${p.index}.${key}`;
  const id = (local: string) => projectFieldId(p.index, local);
  const para = (key: string, level: ReportParagraph["level"], text: string, sources: string[] = []) =>
    out.push({ key: k(key), level, text, sources, placeholders: [...text.matchAll(/【请填写[^】]*】/g)].map((m) => m[0]) });
  const name = p.name || `项目${p.index + 1}`;
  const y = p.year ?? year;
  para("title", "title", `${y ? `${y}年度` : ""}${name}项目支出绩效自评报告`);

  para("s1.h", "h1", "一、项目基本情况");
  const who = [p.supervisor && `主管部门为${p.supervisor}`, p.implementer && `实施单位为${p.implementer}`].filter(Boolean).join("，");
  const f = p.funds;
  const parts = (["fiscal", "carryover", "other"] as const)
    .filter((row) => (f[row].adjusted ?? 0) !== 0)
    .map((row) => `${f[row].label.replace("其中：", "")}${money(f[row].adjusted)}`);
  let money1 = `${y ? `${y}年` : ""}项目资金年初预算数${money(f.total.initial)}，全年预算数${money(f.total.adjusted)}`;
  if (parts.length) money1 += `（其中${parts.join("，")}）`;
  money1 += `，全年执行数${money(f.total.actual)}`;
  if (p.execution.rate !== null) money1 += `，执行率${formatRate(p.execution.rate)}`;
  para("s1.money", "body", `${who ? `${name}${who}。` : ""}${money1}。`, [id("funds.total.initial"), id("funds.total.adjusted"), id("funds.total.actual"), id("rate.execution")]);
  para("s1.goal", "body", `年度总体目标：${p.goals.expected || "【请填写年度总体目标】"}`, [id("goals.expected")]);

  para("s2.h", "h1", "二、绩效目标完成情况");
  const levels = p.levels
    .filter((l) => l.applicableWeight > 0)
    .map((l) => `${l.name}${formatScore(l.applicableWeight)}分，得${formatScore(l.score)}分`)
    .join("；");
  let total = `项目自评得分${formatScore(p.total)}分，评价等级为“${p.grade}”。其中${levels}。`;
  const ex = p.execution;
  if (ex.override !== null && isStale(ex.replaced, ex.computedScore)) total += staleSentence(ex.override, ex.replaced!, ex.computedScore, "执行率得分");
  para("s2.total", "body", total, [id("total"), id("grade")]);
  if (p.goals.achieved) para("s2.achieved", "body", `总体完成情况：${p.goals.achieved}`, [id("goals.achieved")]);
  p.indicators.forEach((ind, i) => {
    let text = ind.notApplicable
      ? `（${i + 1}）${ind.name}：本年度不适用。`
      : `（${i + 1}）${ind.name}，年度指标值：${ind.targetText}，实际完成值：${ind.actualText}，分值${formatScore(ind.weight)}分，得分${formatScore(ind.score)}分。`;
    if (!ind.notApplicable && ind.override !== null && isStale(ind.replaced, ind.computedScore)) {
      text += staleSentence(ind.override, ind.replaced!, ind.computedScore);
    }
    para(`s2.i:${ind.name}:${i}`, "body", text, [id(`indicators[${i}].score`)]);
  });

  para("s3.h", "h1", "三、偏差原因及改进措施");
  const deducted = p.indicators.filter((i) => !i.notApplicable && i.deduction > 0);
  const lines: string[] = [];
  if (p.execution.rate !== null && p.execution.score < p.execution.weight) {
    lines.push(`执行率${formatRate(p.execution.rate)}，扣${formatScore(p.execution.weight - p.execution.score)}分：${p.lowExecutionReason || p.execution.reason || "【请填写执行率未达100%的原因】"}`);
  }
  for (const ind of deducted) {
    lines.push(`“${ind.name}”扣${formatScore(ind.deduction)}分：${ind.reason || "【请填写扣分原因】"}`);
  }
  if (lines.length === 0) para("s3.none", "body", "各项绩效指标均已完成年度目标，无偏差。");
  else lines.forEach((l, i) => para(`s3.${i}`, "body", `${NUMERALS[i] ?? String(i + 1)}是${l.replace(/([^。；])$/, "$1。")}`));
  return out;
}
