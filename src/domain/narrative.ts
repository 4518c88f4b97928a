import { projectEvaluationParagraphs } from "./project-narrative";
import type { EvaluationResult, IndicatorResult } from "./engine";
import { finding, type Finding } from "./findings-types";
import { isStale, staleSentence } from "./stale-override";
import { findProfile } from "./profiles";
import { formatAmount, formatScore } from "./format";
import { RATE_LABELS } from "./formulas";
import type { EvaluationInput, RateId } from "./model";
import { amountOf, clean, countOf, fieldLabel, indicatorKeys, indicatorsByLevel } from "./narrative-data";
import { decimalSum } from "./rounding";

/**
 * The 自评报告 written from the data, in the reference report's structure and register
 * (domain.md §2): every figure comes from the input or the engine's result and is formatted by
 * format.ts; every free text is the unit's own, verbatim. Where a required text is missing the
 * paragraph shows a visible 【请填写…】 placeholder and a NARRATIVE_PLACEHOLDER finding says where to
 * fill it — the generator never makes up a fact.
 *
 * Deliberate differences from the reference: amounts always have two decimals (the reference writes
 * "38.4万元"; we write "38.40万元"), 二级 headings use full-width brackets "（一）…（分值10分，…）"
 * throughout (the reference mixes "(一)" and "（二）"), and a deduction always says why.
 */

export type ParagraphLevel = "title" | "h1" | "h2" | "h3" | "body";

export interface ReportParagraph {
  /** Stable across regenerations: "s2.basic", "s5.output.i:督查工作"… (see narrative-data.ts). */
  key: string;
  level: ParagraphLevel;
  text: string;
  /** Field ids of every figure in the text ("budget.basic.initial", "rate.basicCompletion"…). */
  sources: string[];
  /** The placeholders left in the text ("【请填写扣分原因】"). */
  placeholders: string[];
}

export interface NarrativeOutput {
  paragraphs: ReportParagraph[];
  findings: Finding[];
}

/** Every placeholder the generator writes matches this. */
export const PLACEHOLDER_PATTERN = /【请填写[^】]*】/g;
export const PLACEHOLDER_REASON = "【请填写扣分原因】";

const BASIC_DEFINITION =
  "基本支出是保障机构正常运转、完成日常工作任务而发生的各项支出，包括用于在职和离退休人员基本工资、津贴补贴等人员经费以及办公费、印刷费、水电费、办公设备购置等日常公用经费。";
const PROJECT_DEFINITION = "项目支出是单位为完成特定行政工作任务或事业发展目标而发生的支出。";

const CN_DIGITS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1 → 一, 10 → 十, 14 → 十四, 21 → 二十一 (enough for numbered items in a report). */
export function chineseNumeral(n: number): string {
  if (n <= 0 || !Number.isInteger(n) || n >= 100) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 0) return CN_DIGITS[ones]!;
  return `${tens === 1 ? "" : CN_DIGITS[tens]}十${CN_DIGITS[ones]}`;
}

/** Ends a user's text with a full stop unless it already ends a sentence. */
function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  return /[。！？!?…；;：:]["”’）)]*$/.test(t) ? t : `${t}。`;
}

/** A numbered list item typed with its own number ("（一）负责…", "1、…") loses it: we number. */
function stripEnumerator(text: string): string {
  return text.replace(/^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])\s*/, "").trim();
}

class Paragraph {
  text = "";
  readonly sources = new Set<string>();
  readonly placeholders: string[] = [];
  constructor(
    readonly key: string,
    readonly level: ParagraphLevel,
  ) {}
  add(...parts: string[]): this {
    this.text += parts.join("");
    return this;
  }
  src(...ids: string[]): this {
    for (const id of ids) this.sources.add(id);
    return this;
  }
}

class Writer {
  readonly paragraphs: ReportParagraph[] = [];
  readonly findings: Finding[] = [];
  readonly year: number;
  readonly self: string;

  constructor(
    readonly input: EvaluationInput,
    readonly result: EvaluationResult,
  ) {
    this.year = input.unit.year;
    this.self = clean(input.unit.shortName) || "我单位";
  }

  para(key: string, level: ParagraphLevel, build: (p: Paragraph) => void): void {
    const p = new Paragraph(key, level);
    build(p);
    this.paragraphs.push({ key, level, text: p.text, sources: [...p.sources], placeholders: p.placeholders });
  }

  heading(key: string, level: ParagraphLevel, text: string): void {
    this.para(key, level, (p) => p.add(text));
  }

  /** A visible gap in the text plus a finding that says which input fills it. */
  /** `needed`: the report cannot be handed in without it (a figure, a score's reason), an error. */
  placeholder(p: Paragraph, text: string, field: string, what: string, needed = false): string {
    p.placeholders.push(text);
    this.findings.push(
      finding(
        needed ? "NARRATIVE_REQUIRED_MISSING" : "NARRATIVE_PLACEHOLDER",
        `自评报告中“${what}”尚待填写（报告中显示为${text}）。请填写“${fieldLabel(field) === field ? what : fieldLabel(field)}”后重新生成报告。`,
        field,
      ),
    );
    return text;
  }

  /** "454.99万元", or a placeholder naming the missing figure. */
  amount(p: Paragraph, id: string): string {
    const v = amountOf(this.input, id);
    if (v === null) return this.placeholder(p, `【请填写${fieldLabel(id)}】`, id, fieldLabel(id), true);
    p.src(id);
    return `${formatAmount(v)}万元`;
  }

  /** The rate's display ("94.68%"), or null when not applicable. */
  rate(p: Paragraph, id: RateId): string | null {
    const r = this.result.rates[id];
    if (r.value === null) return null;
    p.src(`rate.${id}`);
    return r.display;
  }

  count(p: Paragraph, id: string): string | null {
    const v = countOf(this.input, id);
    if (v === null) return null;
    p.src(id);
    return String(v);
  }

  /** True when a budget line has no figure other than zero: the report says "无". */
  lineIsEmpty(line: "project" | "govFund" | "stateCapital"): boolean {
    return (["initial", "adjusted", "actual"] as const).every((c) => {
      const v = amountOf(this.input, `budget.${line}.${c}`);
      return v === null || v === 0;
    });
  }
}

export function generateReport(input: EvaluationInput, result: EvaluationResult): NarrativeOutput {
  const w = new Writer(input, result);
  const { year, self } = w;
  const name = clean(input.unit.name);

  // The unit's full name once, in the title; the text calls it by its 自称 ("我办") from then on.
  w.heading("title", "title", `${name}${year}年度部门整体支出绩效自评报告`);
  w.para("intro", "body", (p) =>
    p.add(
      `根据《中华人民共和国预算法》有关“各级政府、各部门、各单位应当对预算支出情况开展绩效评价”的规定，结合实际情况，${self}对${year}年度部门整体支出进行了绩效自评，现报告如下：`,
    ),
  );

  basicInformation(w);
  generalBudget(w);
  // The projects' own evaluations follow （二）项目支出情况 (project-narrative.ts).
  w.paragraphs.push(...projectEvaluationParagraphs(input, result));
  otherBudget(w, "s3", "三、政府性基金预算支出情况", "govFund", "政府性基金预算支出", "govFundCompletion");
  otherBudget(w, "s4", "四、国有资本经营预算支出情况", "stateCapital", "国有资本经营预算支出", "stateCapitalCompletion");
  performance(w);
  listSection(w, "s6", "六、存在的问题及原因分析", "problems", input.problems, "【请填写存在的问题及原因分析】", "存在的问题及原因分析");
  listSection(w, "s7", "七、下一步改进措施", "measures", input.measures, "【请填写下一步改进措施】", "下一步改进措施");

  return { paragraphs: w.paragraphs, findings: w.findings };
}

// ---- 一、基本情况 -------------------------------------------------------------------------------------

function basicInformation(w: Writer) {
  const { input, year, self } = w;
  w.heading("s1", "h1", "一、基本情况");
  // GB/T 9704 numbering throughout: 一、 （一） 1. （1）
  w.heading("s1.1", "h2", "（一）部门基本情况");
  const functions = (input.unit.functions ?? []).map(stripEnumerator).filter(Boolean);
  if (functions.length === 0) {
    w.para("s1.functions", "body", (p) => p.add(w.placeholder(p, "【请填写部门职能职责】", "unit.functions", "部门职能职责")));
  }
  functions.forEach((f, i) => w.para(`s1.functions.${i + 1}`, "body", (p) => p.add(`${i + 1}.`, sentence(f))));

  w.heading("s1.2", "h2", "（二）机构设置及决算单位构成");
  w.para("s1.orgs", "body", (p) => {
    const orgs = clean(input.unit.internalOrgs).replace(/[。；;]$/, "");
    const subs = clean(input.unit.subordinateUnits).replace(/[。；;]$/, "");
    p.add("1.内设机构设置。", `${self}内设机构包括：`);
    p.add(orgs || w.placeholder(p, "【请填写内设机构设置】", "unit.internalOrgs", "内设机构设置"), "。");
    if (subs) p.add(`下属单位：${subs}。`);
  });
  w.para("s1.budgetUnits", "body", (p) => {
    const units = clean(input.unit.budgetUnits).replace(/[。；;]$/, "");
    p.add("2.决算单位构成。", `${self}${year}年部门决算公开单位构成为`);
    p.add(units || w.placeholder(p, "【请填写决算单位构成】", "unit.budgetUnits", "决算单位构成"), "。");
  });

  w.heading("s1.3", "h2", "（三）人员情况");
  w.para("s1.staff", "body", (p) => {
    const staff = w.count(p, "unit.staff.actual");
    p.add(`${year}年12月31日止${self}在职人员`);
    p.add(staff ?? w.placeholder(p, "【请填写在职人数】", "unit.staff.actual", "在职人数", true), "人。");
    const extra: string[] = [];
    const authorized = w.count(p, "unit.staff.authorized");
    if (authorized !== null) extra.push(`核定编制数${authorized}人`);
    const retired = w.count(p, "unit.staff.retired");
    if (retired !== null) extra.push(`退休人员${retired}人`);
    const control = w.rate(p, "staffControl");
    if (control !== null) extra.push(`在职人员控制率${control}`);
    if (extra.length) p.add(extra.join("，"), "。");
  });
}

// ---- 二、一般公共预算支出情况 -----------------------------------------------------------------------------

function generalBudget(w: Writer) {
  const { input, year } = w;
  w.heading("s2", "h1", "二、一般公共预算支出情况");
  w.heading("s2.basic.h", "h2", "（一）基本支出情况");
  w.para("s2.basic", "body", (p) => {
    p.add(BASIC_DEFINITION);
    p.add(`${year}年基本支出年初预算数${w.amount(p, "budget.basic.initial")}`);
    p.add(`，全年预算安排${w.amount(p, "budget.basic.adjusted")}`);
    p.add(`，实际支出${w.amount(p, "budget.basic.actual")}`);
    const completion = w.rate(p, "basicCompletion");
    if (completion) p.add(`，完成预算安排的${completion}`);
    p.add("。");
    p.add(`人员经费支出${w.amount(p, "budget.personnel")}`);
    const ps = w.rate(p, "personnelShare");
    if (ps) p.add(`，占基本支出的${ps}`);
    p.add(`；日常公用经费支出${w.amount(p, "budget.publicExpense")}`);
    const qs = w.rate(p, "publicShare");
    if (qs) p.add(`，占基本支出的${qs}`);
    p.add("。");
  });
  // The 公用经费控制率 is stated where an indicator uses it; otherwise here, next to the 公用经费.
  const linked = input.indicators.some((ind) => ind.actualFrom === "publicControl" && !ind.notApplicable);
  if (!linked && w.result.rates.publicControl.value !== null) {
    w.para("s2.publicControl", "body", (p) => p.add(linkedRateSentence(w, p, "publicControl")!));
  }

  w.heading("s2.project.h", "h2", "（二）项目支出情况");
  w.para("s2.project", "body", (p) => {
    p.add(PROJECT_DEFINITION);
    // The unit's own description goes first: "无专项预算安排" after the figures would read as a contradiction.
    const description = clean(input.budget.projectDescription);
    if (description) p.add(sentence(description));
    if (w.lineIsEmpty("project")) {
      p.add(`${year}年度无项目支出。`);
    } else {
      p.add(`${year}年${/无专项/.test(description) ? "其他项目" : "项目支出"}年初预算安排${w.amount(p, "budget.project.initial")}`);
      p.add(`，全年预算数${w.amount(p, "budget.project.adjusted")}`);
      p.add(`，实际支出${w.amount(p, "budget.project.actual")}`);
      const completion = w.rate(p, "projectCompletion");
      if (completion) p.add(`，完成预算安排的${completion}`);
      p.add("。");
    }
  });
}

// ---- 三、四 -------------------------------------------------------------------------------------------

function otherBudget(
  w: Writer,
  key: "s3" | "s4",
  title: string,
  line: "govFund" | "stateCapital",
  what: string,
  rate: RateId,
) {
  w.heading(key, "h1", title);
  w.para(`${key}.body`, "body", (p) => {
    if (w.lineIsEmpty(line)) {
      p.add(`${w.year}年度无${what}。`);
      return;
    }
    p.add(`${w.year}年度${what}年初预算数${w.amount(p, `budget.${line}.initial`)}`);
    p.add(`，全年预算数${w.amount(p, `budget.${line}.adjusted`)}`);
    p.add(`，实际支出${w.amount(p, `budget.${line}.actual`)}`);
    const completion = w.rate(p, rate);
    if (completion) p.add(`，完成预算安排的${completion}`);
    p.add("。");
  });
}

// ---- 五、部门整体支出绩效情况 ------------------------------------------------------------------------------

function scoreHeading(weight: number, applicable: number, score: number, deduction: number): string {
  const parts = [`分值${formatScore(weight)}分`];
  if (applicable < weight) parts.push(`适用分值${formatScore(applicable)}分`);
  parts.push(`得${formatScore(score)}分`, deduction > 0 ? `扣${formatScore(deduction)}分` : "未扣分");
  return `（${parts.join("，")}）`;
}

function performance(w: Writer) {
  const { input, result } = w;
  w.heading("s5", "h1", "五、部门整体支出绩效情况");
  w.para("s5.overview", "body", (p) => {
    const overview = clean(input.unit.overview);
    if (overview) p.add(sentence(overview));
    p.src("total", "grade");
    p.add(
      `根据部门整体支出绩效评价指标，部门整体支出绩效得分${formatScore(result.total)}分`,
      result.grade ? `，评价等级为“${result.grade}”` : "",
      "，具体情况如下：",
    );
  });

  const exec = result.execution;
  const execLevel = result.levels.find((l) => l.id === "execution")!;
  w.para("s5.execution.h", "h2", (p) =>
    p
      .src("rule.weight.execution", "execution.score")
      .add("（一）预算执行率", scoreHeading(exec.weight, exec.weight, exec.score, execLevel.deduction)),
  );
  w.para("s5.execution", "body", (p) => executionBody(w, p, execLevel.deduction));

  const keys = indicatorKeys(input);
  const profile = typeof input.profile === "object" ? input.profile : findProfile(result.profile.id);
  indicatorsByLevel(input, result.levels.map((l) => l.id), profile?.cost?.first === true).forEach(({ level, name, indices }, li) => {
    const cn = chineseNumeral(li + 2);
    const lr = result.levels.find((l) => l.id === level)!;
    if (indices.length === 0) {
      w.heading(`s5.${level}.h`, "h2", `（${cn}）${name}`);
      w.para(`s5.${level}.none`, "body", (p) => p.add(`本年度未设置${name}。`));
      return;
    }
    w.para(`s5.${level}.h`, "h2", (p) =>
      p
        .src(`level.${level}.weight`, `level.${level}.score`)
        .add(`（${cn}）${name}`, scoreHeading(lr.weight, lr.applicableWeight, lr.score, lr.deduction)),
    );
    indices.forEach((i, k) => {
      w.para(keys.line[i]!, "body", (p) => indicatorLine(w, p, i, k + 1));
      const note = new Paragraph(keys.note[i]!, "body");
      indicatorNote(w, note, i);
      if (note.text) {
        w.paragraphs.push({ key: note.key, level: "body", text: note.text, sources: [...note.sources], placeholders: note.placeholders });
      }
    });
  });
}

function executionBody(w: Writer, p: Paragraph, deduction: number) {
  const { input, result } = w;
  const exec = result.execution;
  p.add(`财政拨款年初预算数${w.amount(p, "budget.fiscal.initial")}`);
  p.add(`，全年预算数${w.amount(p, "budget.fiscal.adjusted")}`);
  p.add(`，全年执行数${w.amount(p, "budget.fiscal.actual")}`);
  const rate = w.rate(p, "execution");
  p.add(rate ? `，预算执行率${rate}。` : "，预算执行率无法计算（财政拨款全年预算数为0或未填写）。");

  const adjustment = result.rates.adjustment;
  if (adjustment.value !== null && Math.abs(adjustment.value) > 1e-9) {
    p.src("rate.adjustment");
    const reason = clean(input.budget.adjustmentReason);
    const initial = amountOf(input, "budget.fiscal.initial");
    const adjusted = amountOf(input, "budget.fiscal.adjusted");
    const change = initial !== null && adjusted !== null ? `${formatAmount(Math.abs(decimalSum([adjusted, -initial])))}万元` : "";
    // The deduction below may give the same reason: say it once, there.
    const deductionReason = deduction > 0 && exec.override !== null && exec.override < exec.computedScore ? exec.reason : "";
    const repeated = reason !== "" && bare(deductionReason).includes(bare(reason));
    p.add(`全年预算数较年初预算数${adjustment.value > 0 ? "调增" : "调减"}${change}，预算调整率${adjustment.display}`);
    if (repeated) p.add("。");
    else p.add("，调整原因：", reason ? sentence(reason) : `${w.placeholder(p, "【请填写预算调整原因】", "budget.adjustmentReason", "预算调整原因")}。`);
  }
  const low = clean(input.budget.lowExecutionReason);
  if (low) p.add(`预算执行率偏低的原因：${sentence(low)}`);
  else if (result.findings.some((f) => f.code === "LOW_EXECUTION_NO_REASON")) {
    p.add(`预算执行率偏低的原因：${w.placeholder(p, "【请填写预算执行率偏低原因】", "budget.lowExecutionReason", "预算执行率偏低原因")}。`);
  }

  if (deduction > 0) {
    let reason: string;
    // A manual score is explained by its own reason, not by the rule it replaced (the rule may give more or less).
    if (exec.override !== null && exec.override !== exec.computedScore) {
      reason = exec.reason
        ? sentence(exec.reason)
        : `${w.placeholder(p, PLACEHOLDER_REASON, "execution.override.reason", "预算执行率扣分原因", true)}。`;
    } else {
      // The rule itself took the points off: the rate is the reason.
      reason = `预算执行率${rate ? `为${rate}` : "无法计算"}，按评分规则计${formatScore(exec.computedScore)}分。${exec.reason ? sentence(exec.reason) : ""}`;
    }
    p.src("execution.score");
    p.add(`扣${formatScore(deduction)}分，原因：${reason}`);
  }
  const replaced = input.execution?.override?.replaced;
  if (exec.override !== null && isStale(replaced, exec.computedScore)) {
    p.add(staleSentence(exec.override, replaced!, exec.computedScore));
  }
}

/** Text without punctuation or spaces, to tell whether one sentence repeats another. */
function bare(text: string): string {
  return text.replace(/[\s，,。．.、；;：:！!？?“”"'‘’（）()]/g, "");
}

function indicatorLine(w: Writer, p: Paragraph, i: number, ordinal: number) {
  const ind = w.input.indicators[i]!;
  const r: IndicatorResult = w.result.indicators[i]!;
  const f = (c: string) => `indicators[${i}].${c}`;
  const name = ind.name.trim() || w.placeholder(p, "【请填写指标名称】", f("name"), `第${i + 1}个指标的名称`, true);
  p.add(`${ordinal}.${name}，`);
  p.src(f("weight"));
  if (r.notApplicable) {
    p.add(`本年度不适用，分值${formatScore(r.weight)}分，不计分。`);
    const why = r.reason || clean(ind.explanation);
    p.add(
      "原因：",
      why ? sentence(why) : `${w.placeholder(p, "【请填写不适用原因】", f("deviationReason"), `指标“${name}”不适用的原因`)}。`,
    );
    return;
  }
  const quantitative = ind.kind !== "定性";
  if (quantitative && r.targetValue !== null) p.src(f("target"));
  if (quantitative && r.actualValue !== null) p.src(ind.actualFrom ? `rate.${ind.actualFrom}` : f("actual"));
  const target = r.targetText || w.placeholder(p, "【请填写年度指标值】", f("target"), `指标“${name}”的年度指标值`, true);
  const actual = r.actualText || w.placeholder(p, "【请填写实际完成值】", f("actual"), `指标“${name}”的实际完成值`, true);
  p.src(f("score"));
  p.add(`年度指标值：${target}，实际完成值：${actual}，分值${formatScore(r.weight)}分，得分${formatScore(r.score)}分。`);
  if (r.deduction > 0) {
    p.add(
      `扣${formatScore(r.deduction)}分，原因：`,
      r.reason
        ? sentence(r.reason)
        : `${w.placeholder(p, PLACEHOLDER_REASON, f("deviationReason"), `指标“${name}”的扣分原因`, true)}。`,
    );
  }
  const override = ind.override?.score;
  if (typeof override === "number" && isStale(ind.override?.replaced, r.computedScore)) {
    p.add(staleSentence(override, ind.override!.replaced!, r.computedScore));
  }
}

function indicatorNote(w: Writer, p: Paragraph, i: number) {
  const ind = w.input.indicators[i]!;
  if (ind.notApplicable && !w.result.indicators[i]!.reason) return; // its explanation was the reason
  if (ind.actualFrom) {
    const s = linkedRateSentence(w, p, ind.actualFrom);
    if (s) p.add(s);
  }
  const explanation = clean(ind.explanation);
  if (explanation) p.add(sentence(explanation));
}

/** The sentence that states a rate an indicator's 实际完成值 is taken from, with its parts. */
function linkedRateSentence(w: Writer, p: Paragraph, id: RateId): string | null {
  const r = w.result.rates[id];
  if (r.value === null) return null;
  const { year } = w;
  const rate = w.rate(p, id)!;
  switch (id) {
    case "publicControl":
      return `${year}年预算安排公用经费总额${w.amount(p, "budget.publicControl.budget")}，实际支出${w.amount(p, "budget.publicControl.actual")}，公用经费控制率${rate}。`;
    case "threePublicControl":
      return `${year}年“三公”经费预算数${w.amount(p, "budget.threePublic.budget")}，实际支出${w.amount(p, "budget.threePublic.actual")}，“三公”经费控制率${rate}。`;
    case "procurement":
      return `${year}年政府采购预算${w.amount(p, "budget.procurement.planned")}，实际执行${w.amount(p, "budget.procurement.actual")}，政府采购执行率${rate}。`;
    case "carryover":
      return `${year}年末结转结余${w.amount(p, "budget.carryover")}，结转结余率${rate}。`;
    case "staffControl":
      return `${year}年末核定编制数${w.count(p, "unit.staff.authorized")}人，在职人员${w.count(p, "unit.staff.actual")}人，在职人员控制率${rate}。`;
    default:
      return `${RATE_LABELS[id]}${rate}。`;
  }
}

// ---- 六、七 -------------------------------------------------------------------------------------------

function listSection(
  w: Writer,
  key: "s6" | "s7",
  title: string,
  field: "problems" | "measures",
  items: readonly string[] | undefined,
  placeholder: string,
  what: string,
) {
  w.heading(key, "h1", title);
  const list = (items ?? []).map((t) => t.trim()).filter(Boolean);
  if (list.length === 0) {
    w.para(`${key}.${field}`, "body", (p) => p.add(w.placeholder(p, placeholder, field, what)));
    return;
  }
  list.forEach((t, i) => w.para(`${key}.${field}.${i + 1}`, "body", (p) => p.add(sentence(t))));
}
