import {
  AND,
  IF,
  ISNUMBER,
  MAX,
  MIN,
  N,
  OR,
  ABS,
  ROUND,
  ROUNDDOWN,
  add,
  col,
  div,
  eq,
  ge,
  gt,
  le,
  lt,
  mul,
  ref,
  str,
  sub,
  sumCol,
  sumIf,
  type Expr,
} from "./expr";
import { LEVEL1_NAMES, type Level1Name, type RateId } from "./vocabulary";
import { PERCENT_POINTS_ABOVE } from "./parse";

/**
 * The definitions of every computed figure. The workbook writes them as native formulas and the
 * engine evaluates them; both come from here.
 */

export interface ComputedSpec<Id extends string = string> {
  id: Id;
  label: string;
  format: "rate" | "amount" | "score" | "text";
  expr: Expr;
}

/** The id of a computed figure of the department form (a named cell of the workbook). */
export type ComputedFieldId =
  | `rate.${RateId}`
  | "execution.computedScore"
  | "execution.score"
  | `level.${Exclude<LevelId, "execution">}.${"score" | "weight" | "applicableWeight"}`
  | "total.raw"
  | "total.cap"
  | "total.fullWeight"
  | "total.applicableWeight"
  | "total"
  | "grade";

/**
 * A rate; a zero or blank denominator, or a blank numerator, means "not applicable" and yields ""
 * (never #DIV/0!, and never a 0% for a figure nobody entered).
 */
export const ratio = (numerator: Expr, denominator: Expr): Expr =>
  IF(OR(eq(denominator, 0), eq(numerator, str(""))), str(""), div(numerator, denominator));

export const RATE_LABELS: Record<RateId, string> = {
  basicCompletion: "基本支出完成率",
  projectCompletion: "项目支出完成率",
  govFundCompletion: "政府性基金预算支出完成率",
  stateCapitalCompletion: "国有资本经营预算支出完成率",
  fiscalCompletion: "财政拨款支出完成率",
  execution: "预算执行率",
  personnelShare: "人员经费占基本支出比例",
  publicShare: "日常公用经费占基本支出比例",
  publicControl: "公用经费控制率",
  adjustment: "预算调整率",
  staffControl: "在职人员控制率",
  threePublicControl: "“三公”经费控制率",
  carryover: "结转结余率",
  procurement: "政府采购执行率",
  threePublicChange: "“三公”经费同比变动率",
  fiscalChange: "财政拨款支出同比变动率",
};

const RATE_EXPRS: Record<RateId, Expr> = {
  basicCompletion: ratio(ref("budget.basic.actual"), ref("budget.basic.adjusted")),
  projectCompletion: ratio(ref("budget.project.actual"), ref("budget.project.adjusted")),
  govFundCompletion: ratio(ref("budget.govFund.actual"), ref("budget.govFund.adjusted")),
  stateCapitalCompletion: ratio(ref("budget.stateCapital.actual"), ref("budget.stateCapital.adjusted")),
  fiscalCompletion: ratio(ref("budget.fiscal.actual"), ref("budget.fiscal.adjusted")),
  execution: ratio(
    ref("budget.fiscal.actual"),
    IF(eq(ref("rule.exec.denominator"), str("年初预算数")), ref("budget.fiscal.initial"), ref("budget.fiscal.adjusted")),
  ),
  personnelShare: ratio(ref("budget.personnel"), ref("budget.basic.actual")),
  publicShare: ratio(ref("budget.publicExpense"), ref("budget.basic.actual")),
  publicControl: ratio(ref("budget.publicControl.actual"), ref("budget.publicControl.budget")),
  // A blank 全年预算数 (a form without that column) is unknown, not a −100% adjustment.
  adjustment: IF(
    OR(eq(ref("budget.fiscal.initial"), 0), eq(ref("budget.fiscal.adjusted"), str(""))),
    str(""),
    div(sub(ref("budget.fiscal.adjusted"), ref("budget.fiscal.initial")), ref("budget.fiscal.initial")),
  ),
  staffControl: ratio(ref("unit.staff.actual"), ref("unit.staff.authorized")),
  threePublicControl: ratio(ref("budget.threePublic.actual"), ref("budget.threePublic.budget")),
  carryover: ratio(ref("budget.carryover"), ref("budget.fiscal.adjusted")),
  procurement: ratio(ref("budget.procurement.actual"), ref("budget.procurement.planned")),
  // Year on year: (本年 − 上年) ÷ 上年; a blank or zero 上年数 is not applicable.
  threePublicChange: IF(
    OR(eq(ref("budget.priorYear.threePublic"), 0), eq(ref("budget.threePublic.actual"), str(""))),
    str(""),
    div(sub(ref("budget.threePublic.actual"), ref("budget.priorYear.threePublic")), ref("budget.priorYear.threePublic")),
  ),
  fiscalChange: IF(
    OR(eq(ref("budget.priorYear.fiscalActual"), 0), eq(ref("budget.fiscal.actual"), str(""))),
    str(""),
    div(sub(ref("budget.fiscal.actual"), ref("budget.priorYear.fiscalActual")), ref("budget.priorYear.fiscalActual")),
  ),
};

export const rateFieldId = <R extends RateId>(id: R) => `rate.${id}` as const;

// ---- 预算执行率 score ---------------------------------------------------------------------------

const execRate = ref("rate.execution");
const execWeight = N(ref("rule.weight.execution"));
const band = (n: 1 | 2 | 3) => ref(`rule.exec.band${n}.min`);
const share = (n: 1 | 2 | 3 | 4) => ref(`rule.exec.band${n}.share`);

const execLinear = mul(MIN(execRate, 1), execWeight);
/** 阶梯扣分: `points` off per whole `size` below 100% (ROUND first: (1−0.9)/0.05 is 1.9999999999999996 in binary). */
const stepSize = N(ref("rule.exec.step.size"));
const execSteps = IF(
  gt(stepSize, 0),
  MAX(0, sub(execWeight, mul(ROUNDDOWN(ROUND(div(sub(1, MIN(execRate, 1)), stepSize), 9), 0), N(ref("rule.exec.step.points"))))),
  execLinear,
);
const execBands = mul(
  IF(ge(execRate, band(1)), share(1), IF(ge(execRate, band(2)), share(2), IF(ge(execRate, band(3)), share(3), share(4)))),
  execWeight,
);
/** A score is kept inside [0, weight] (0 for a negative weight); a finding reports one that was outside. */
const clampToWeight = (score: Expr, weight: Expr) => MAX(0, MIN(weight, ROUND(score, 2)));

const EXECUTION_SPECS: ComputedSpec<ComputedFieldId>[] = [
  {
    id: "execution.computedScore",
    label: "预算执行率计算得分",
    format: "score",
    expr: IF(
      eq(execRate, str("")),
      0,
      ROUND(IF(eq(ref("rule.exec.mode"), str("分档")), execBands, IF(eq(ref("rule.exec.mode"), str("阶梯扣分")), execSteps, execLinear)), 2),
    ),
  },
  {
    id: "execution.score",
    label: "预算执行率得分",
    format: "score",
    expr: IF(
      ISNUMBER(ref("execution.override.score")),
      clampToWeight(ref("execution.override.score"), execWeight),
      ref("execution.computedScore"),
    ),
  },
];

// ---- indicator rows -----------------------------------------------------------------------------

/** A plain number beside a "%" unit above PERCENT_POINTS_ABOVE is in percentage points ("100" | "%" is 100%). */
const percentAware = (c: "target" | "actual") =>
  IF(AND(eq(col("unit"), str("%")), gt(ABS(N(col(c))), PERCENT_POINTS_ABOVE)), div(col(c), 100), col(c));
const A = percentAware("target");
const B = percentAware("actual");
const W = N(col("weight"));
const notApplicable = eq(col("notApplicable"), str("是"));

/** 正向 (≥): met → 1; else B/A (the completion rate the score is a share of). */
const positive = IF(ge(B, A), 1, IF(le(A, 0), 0, MAX(0, div(B, A))));
/** 反向 (≤): met → 1; else A/B (older central form) or linear to zero at 2A. */
const reverse = IF(
  le(A, 0),
  IF(le(B, 0), 1, 0),
  IF(le(B, A), 1, IF(eq(ref("rule.reverse.mode"), str("比值")), div(A, B), MAX(0, sub(1, div(sub(B, A), A))))),
);
/**
 * 等于 (=): a zero target is met only by zero; otherwise as 正向. Written so that `positive` appears once:
 * every copy of a sub-expression is repeated in the cell's formula text, and Excel refuses formulas longer
 * than 8,192 characters (tests/template/formula-length.test.ts).
 */
const completion = IF(
  eq(col("kind"), str("反向")),
  reverse,
  IF(AND(eq(col("kind"), str("等于")), eq(A, 0)), IF(le(B, 0), 1, 0), positive),
);
/**
 * 阈值 (财预〔2021〕101号): completion below the threshold scores 0, then linear from it to full at 100%.
 * Completion is within 0–1, so without the 阈值 rule (threshold 0) this is the completion itself, and
 * with it one clamped line; a threshold of 100% counts as 99.9999% (no division by zero).
 */
const threshold = IF(eq(ref("rule.quant.mode"), str("阈值")), MIN(N(ref("rule.quant.threshold")), 0.999999), 0);
const completionShare = MAX(0, MIN(1, div(sub(completion, threshold), sub(1, threshold))));
const satBand = (n: 1 | 2 | 3) => ref(`rule.sat.band${n}.min`);
const satShare = (n: 1 | 2 | 3 | 4) => ref(`rule.sat.band${n}.share`);
/** 满意度 in bands of the actual satisfaction (101号: ≥90% → 1, 80–90% → 0.8, 60–80% → 0.5, below → 0). */
const satisfactionShare = IF(
  ge(B, satBand(1)),
  satShare(1),
  IF(ge(B, satBand(2)), satShare(2), IF(ge(B, satBand(3)), satShare(3), satShare(4))),
);
const rowShare = IF(
  AND(eq(ref("rule.sat.mode"), str("分档")), eq(col("level1"), str("满意度指标"))),
  satisfactionShare,
  completionShare,
);
/** 偏离: a 正向 actual ≥ factor × target loses a fixed number of points (0 = off). */
const penaltyPoints = N(ref("rule.overshoot.penaltyPoints"));
const overshootPenalty = IF(
  AND(gt(penaltyPoints, 0), eq(col("kind"), str("正向")), gt(A, 0), ge(B, mul(N(ref("rule.overshoot.penaltyFactor")), A))),
  penaltyPoints,
  0,
);
const tierSuggestion = IF(
  eq(col("tier"), ref("rule.tier1.label")),
  ref("rule.tier1.suggest"),
  IF(
    eq(col("tier"), ref("rule.tier2.label")),
    ref("rule.tier2.suggest"),
    IF(eq(col("tier"), ref("rule.tier3.label")), ref("rule.tier3.suggest"), 0),
  ),
);
/** 定性: the unit's score inside its tier; without one, the profile's suggestion for the tier. */
const qualitative = IF(ISNUMBER(col("qualitativeScore")), col("qualitativeScore"), mul(tierSuggestion, W));
/**
 * Scored only when both values are numbers, asked of the cells themselves: ISNUMBER of an IF whose branch
 * is a blank cell differs between spreadsheet programs (LibreOffice passes the blank on, our engine and an
 * Excel cell show 0), and a blank 实际完成值 must never score.
 */
const quantitative = IF(AND(ISNUMBER(col("target")), ISNUMBER(col("actual"))), sub(mul(rowShare, W), overshootPenalty), 0);

export const ROW_SPECS: readonly ComputedSpec[] = [
  {
    id: "computedScore",
    label: "计算得分",
    format: "score",
    expr: IF(notApplicable, 0, clampToWeight(IF(eq(col("kind"), str("定性")), qualitative, quantitative), W)),
  },
  {
    id: "score",
    label: "得分",
    format: "score",
    expr: IF(
      notApplicable,
      0,
      IF(ISNUMBER(col("override.score")), clampToWeight(col("override.score"), W), col("computedScore")),
    ),
  },
  { id: "applicableWeight", label: "适用分值", format: "score", expr: IF(notApplicable, 0, W) },
];

// ---- levels, total, grade -----------------------------------------------------------------------

export const LEVEL_IDS = ["execution", "output", "effect", "satisfaction", "cost"] as const;
export type LevelId = (typeof LEVEL_IDS)[number];
export const LEVEL_NAME: Record<LevelId, string> = {
  execution: "预算执行率",
  output: "产出指标",
  effect: "效益指标",
  satisfaction: "满意度指标",
  cost: "成本指标",
};
/**
 * The levels a result lists: 成本指标 only where the profile has a 成本 level or the table uses it, so a
 * 财预〔2020〕10号 evaluation keeps its four levels.
 */
export function levelIdsFor(profile: { cost?: { weight: number } }, indicators: ReadonlyArray<{ level1: string }>): LevelId[] {
  const cost = (profile.cost?.weight ?? 0) > 0 || indicators.some((i) => i.level1 === "成本指标");
  return LEVEL_IDS.filter((id) => id !== "cost" || cost);
}

export const LEVEL_OF_LEVEL1: Record<Level1Name, Exclude<LevelId, "execution">> = {
  产出指标: "output",
  效益指标: "effect",
  满意度指标: "satisfaction",
  成本指标: "cost",
};

const levelSpecs = LEVEL1_NAMES.flatMap((name): ComputedSpec<ComputedFieldId>[] => {
  const id = LEVEL_OF_LEVEL1[name];
  return [
    { id: `level.${id}.score`, label: `${name}得分`, format: "score", expr: ROUND(sumIf("level1", name, "score"), 2) },
    { id: `level.${id}.weight`, label: `${name}分值合计`, format: "score", expr: sumIf("level1", name, "weight") },
    {
      id: `level.${id}.applicableWeight`,
      label: `${name}适用分值`,
      format: "score",
      expr: sumIf("level1", name, "applicableWeight"),
    },
  ];
});

const grade = (n: 1 | 2 | 3 | 4, part: "label" | "min") => ref(`rule.grade${n}.${part}`);
const total = ref("total");

const TOTAL_SPECS: ComputedSpec<ComputedFieldId>[] = [
  {
    id: "total.raw",
    label: "得分合计",
    format: "score",
    expr: add(
      add(add(add(ref("execution.score"), ref("level.output.score")), ref("level.effect.score")), ref("level.satisfaction.score")),
      ref("level.cost.score"),
    ),
  },
  {
    id: "total.cap",
    label: "总分上限（按执行率）",
    format: "score",
    // Each cap applies below its 执行率; the lowest applicable one wins. A blank rate (not applicable) caps nothing.
    expr: MIN(
      ...([1, 2, 3, 4] as const).map((n) =>
        IF(AND(ISNUMBER(execRate), lt(execRate, ref(`rule.cap${n}.below`))), N(ref(`rule.cap${n}.max`)), 100),
      ),
    ),
  },
  { id: "total.fullWeight", label: "分值合计", format: "score", expr: add(execWeight, sumCol("weight")) },
  { id: "total.applicableWeight", label: "适用分值合计", format: "score", expr: add(execWeight, sumCol("applicableWeight")) },
  {
    id: "total",
    label: "自评总分",
    format: "score",
    expr: IF(
      AND(
        eq(ref("rule.na.rescale"), str("是")),
        lt(ref("total.applicableWeight"), ref("total.fullWeight")),
        gt(ref("total.applicableWeight"), 0),
      ),
      MIN(ROUND(mul(div(ref("total.raw"), ref("total.applicableWeight")), 100), 2), ref("total.cap")),
      MIN(ROUND(ref("total.raw"), 2), ref("total.cap")),
    ),
  },
  {
    id: "grade",
    label: "评价等级",
    format: "text",
    expr: IF(
      ge(total, grade(1, "min")),
      grade(1, "label"),
      IF(ge(total, grade(2, "min")), grade(2, "label"), IF(ge(total, grade(3, "min")), grade(3, "label"), grade(4, "label"))),
    ),
  },
];

/** Every computed scalar, in an order where each depends only on earlier ones or on inputs. */
export const SCALAR_SPECS: readonly ComputedSpec<ComputedFieldId>[] = [
  ...(Object.keys(RATE_EXPRS) as RateId[]).map(
    (id): ComputedSpec<ComputedFieldId> => ({ id: rateFieldId(id), label: RATE_LABELS[id], format: "rate", expr: RATE_EXPRS[id] }),
  ),
  ...EXECUTION_SPECS,
  ...levelSpecs,
  ...TOTAL_SPECS,
];

/**
 * The scoring figures that follow from a 执行率 (`rate.execution`) and an indicator table: execution
 * score, level sums, total and grade. The department and every project share them, so a change to
 * the rules applies to both.
 */
export const SCORE_SPECS: readonly ComputedSpec<ComputedFieldId>[] = [...EXECUTION_SPECS, ...levelSpecs, ...TOTAL_SPECS];
