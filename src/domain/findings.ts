import type { EvaluationResult, IndicatorResult, LevelResult, RateResult } from "./engine";
import type { Value } from "./expr";
import { SCALAR_INPUTS, indicatorFieldId } from "./fields";
import { finding, type Finding, type FindingCode } from "./findings-types";
import { formatAmount, formatDateSerial, formatRate, formatScore } from "./format";
import type { EvaluationInput, RuleProfile } from "./model";
import { LEVEL2_BY_LEVEL1, type RateId } from "./vocabulary";
import type { NormalizedIndicator } from "./normalize";
import { expectedLevelWeights, withPrimitives } from "./profiles";
import { PERCENT_POINTS_ABOVE, parseQuantity } from "./parse";
import { MONEY_EPSILON, decimalSum, excelRound } from "./rounding";
import { isStale, staleExecutionMessage } from "./stale-override";

/**
 * What a reviewer at the 财政局 checks, checked first (domain.md §5). Each finding has a stable
 * code, a severity and a Chinese message that says what is wrong and what to do.
 */

export interface CheckContext {
  input: EvaluationInput;
  profile: RuleProfile;
  scalars: ReadonlyMap<string, Value>;
  normalized: readonly NormalizedIndicator[];
  rates: Record<RateId, RateResult>;
  execution: EvaluationResult["execution"];
  indicators: readonly IndicatorResult[];
  levels: readonly LevelResult[];
}

/** Leftover template instructions and placeholders that must not reach a submitted report. */
const PLACEHOLDER = /【请填写|请填写|请在此|示例[:：]|XX单位|××|＊＊|\{\{|\}\}|结合自评情况|[（(]\s*\d+\s*字以内\s*[)）]/;
/** A 问题/措施 entry that says nothing: "无", "暂无", a dash. */
const EMPTY_ENTRY = /^(无|暂无|没有|无。|暂无。|—+|-+|\/|／)?$/;

export function runChecks(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const add: Add = (code, message, field) => out.push(finding(code, message, field));
  const amount = (id: string): number | null => {
    const v = ctx.scalars.get(id);
    return typeof v === "number" ? v : null;
  };
  const text = (id: string): string => {
    const v = ctx.scalars.get(id);
    return typeof v === "string" ? v.trim() : "";
  };

  checkRequired(ctx, add);
  checkMoney(ctx, add, amount, text);
  checkExecution(ctx, add, text);
  checkIndicators(ctx, add);
  checkWeights(ctx, add);
  checkPlaceholders(ctx, add);
  return out;
}

type Add = (code: FindingCode, message: string, field: string) => void;

/** What the indicator-table checks read: the department's table, or a project's (domain/project.ts). */
export type TableCheckContext = Pick<CheckContext, "profile" | "normalized" | "indicators" | "levels"> & {
  input: Pick<EvaluationInput, "indicators">;
};

/** The indicator and weight checks of one indicator table; field ids are relative to the table. */
export function checkIndicatorTable(ctx: TableCheckContext): Finding[] {
  const out: Finding[] = [];
  const add: Add = (code, message, field) => out.push(finding(code, message, field));
  checkIndicators(ctx, add);
  checkWeights(ctx, add);
  return out;
}

function checkRequired(ctx: CheckContext, add: Add) {
  for (const f of SCALAR_INPUTS) {
    if (!f.required) continue;
    const v = ctx.scalars.get(f.id);
    const raw = f.get(ctx.input);
    // Something is there but unreadable ("见决算表"): INPUT_UNREADABLE says what is wrong, not "未填写".
    const typed = raw !== undefined && raw !== null && String(raw).trim() !== "";
    if ((v === undefined || v === null || v === "") && !typed) {
      add("REQUIRED_MISSING", `“${f.label}”未填写。这是必填项，请按决算数据填写。`, f.id);
    }
  }
  if (ctx.input.indicators.length === 0) {
    add("NO_INDICATORS", "没有任何绩效指标。请在“绩效指标”表中填写产出、效益、满意度指标。", "indicators");
  }
  const said = (list: readonly string[] | undefined) => (list ?? []).filter((p) => !EMPTY_ENTRY.test(p.trim()));
  const onlyNone = (list: readonly string[] | undefined) => (list ?? []).some((p) => p.trim() !== "");
  if (said(ctx.input.problems).length === 0) {
    add(
      "PROBLEMS_MISSING",
      onlyNone(ctx.input.problems)
        ? "“存在的问题及原因分析”只写了“无”。评审不认可“无”：即使满分也应说明不足及原因。"
        : "“存在的问题及原因分析”为空。自评报告第六部分需要填写，即使满分也应说明不足。",
      "problems",
    );
  }
  if (said(ctx.input.measures).length === 0) {
    add(
      "MEASURES_MISSING",
      onlyNone(ctx.input.measures) ? "“下一步改进措施”只写了“无”。请写出针对所列问题的具体措施。" : "“下一步改进措施”为空。自评报告第七部分需要填写。",
      "measures",
    );
  }
}

function checkMoney(ctx: CheckContext, add: Add, amount: (id: string) => number | null, text: (id: string) => string) {
  for (const f of SCALAR_INPUTS) {
    if (f.type !== "amount") continue;
    const v = amount(f.id);
    if (v !== null && v < 0) add("AMOUNT_NEGATIVE", `“${f.label}”为负数（${formatAmount(v)}万元）。请核对决算数据。`, f.id);
  }

  // 基本 + 项目 (+ 基金 + 国资) = 财政拨款合计, in each of the three columns.
  const columns = [
    ["initial", "年初预算数"],
    ["adjusted", "全年预算数"],
    ["actual", "实际支出"],
  ] as const;
  for (const [col, label] of columns) {
    const total = amount(`budget.fiscal.${col}`);
    if (total === null) continue;
    // Blank sub-lines are unknown, not 0 (a form that gives only the 合计): no sum to compare with.
    if (amount(`budget.basic.${col}`) === null || amount(`budget.project.${col}`) === null) continue;
    const parts = ["basic", "project", "govFund", "stateCapital"].map((k) => amount(`budget.${k}.${col}`) ?? 0);
    const sum = decimalSum(parts);
    if (Math.abs(sum - total) > MONEY_EPSILON) {
      add(
        "FISCAL_SUM_MISMATCH", `财政拨款合计${label}${formatAmount(total)}万元，不等于基本支出、项目支出、政府性基金和国有资本经营支出之和${formatAmount(sum)}万元（相差${formatAmount(total - sum)}万元）。请核对合计数或分项数。`,
        `budget.fiscal.${col}`,
      );
    }
  }

  const basic = amount("budget.basic.actual");
  const personnel = amount("budget.personnel");
  const publicExp = amount("budget.publicExpense");
  if (basic !== null && personnel !== null && publicExp !== null) {
    const sum = decimalSum([personnel, publicExp]);
    if (Math.abs(sum - basic) > MONEY_EPSILON) {
      add(
        "BASIC_SPLIT_MISMATCH", `人员经费${formatAmount(personnel)}万元与日常公用经费${formatAmount(publicExp)}万元之和为${formatAmount(sum)}万元，不等于基本支出实际数${formatAmount(basic)}万元。两项之和应等于基本支出，请核对。`,
        "budget.personnel",
      );
    }
    const ps = ctx.rates.personnelShare.value;
    const qs = ctx.rates.publicShare.value;
    if (ps !== null && qs !== null) {
      const shown = excelRound(excelRound(ps * 100, 2) + excelRound(qs * 100, 2), 2);
      if (shown !== 100) {
        const offData = Math.abs(sum - basic) > MONEY_EPSILON;
        add(
          "SHARES_NOT_100",
          `人员经费占比${formatRate(ps)}与日常公用经费占比${formatRate(qs)}合计为${shown.toFixed(2)}%，不是100%。${
            offData ? "两项金额之和与基本支出不符，请先核对金额。" : "这是两位小数舍入造成的，报告中请调整其中一项的尾数，使两者合计为100%。"
          }`,
          "budget.publicExpense",
        );
      }
      if (ps > 1 || qs > 1) {
        add("SHARE_OVER_100", "人员经费或日常公用经费超过了基本支出，占比不可能超过100%。请核对金额。", "budget.personnel");
      }
    }
  }

  const controlActual = amount("budget.publicControl.actual");
  if (publicExp !== null && controlActual !== null && Math.abs(publicExp - controlActual) > MONEY_EPSILON) {
    const rateWith = (v: number) => {
      const b = amount("budget.publicControl.budget");
      return b ? `（按${formatAmount(v)}万元计，控制率为${formatRate(v / b)}）` : "";
    };
    add(
      "PUBLIC_EXPENSE_MISMATCH", `日常公用经费在“基本支出”中为${formatAmount(publicExp)}万元${rateWith(publicExp)}，在“公用经费控制率”中为${formatAmount(controlActual)}万元${rateWith(controlActual)}。同一数字前后不一致，请以决算数为准统一。`,
      "budget.publicControl.actual",
    );
  }

  const overBudget: Array<[RateId, string]> = [
    ["basicCompletion", "budget.basic.actual"],
    ["projectCompletion", "budget.project.actual"],
    ["govFundCompletion", "budget.govFund.actual"],
    ["stateCapitalCompletion", "budget.stateCapital.actual"],
    ["fiscalCompletion", "budget.fiscal.actual"],
  ];
  for (const [rate, field] of overBudget) {
    const r = ctx.rates[rate];
    if (r.value !== null && excelRound(r.value, 4) > 1) {
      add(
        "RATE_OVER_100", `${r.label}为${r.display}，超过100%：实际支出大于全年预算数。请核对实际支出和全年预算数（调整后预算）。`,
        field,
      );
    }
  }
  const control = ctx.rates.publicControl;
  if (control.value !== null && excelRound(control.value, 4) > 1) {
    add("PUBLIC_CONTROL_OVER_100", `公用经费控制率为${control.display}，超过100%，公用经费超支。请在报告中说明原因。`, "budget.publicControl.actual");
  }
  const staff = ctx.rates.staffControl;
  if (staff.value !== null && excelRound(staff.value, 4) > 1) {
    add("STAFF_OVER_AUTHORIZED", `在职人数超过编制数（在职人员控制率${staff.display}）。请核对或说明。`, "unit.staff.actual");
  }

  const lines = [
    ["basic", "基本支出"],
    ["project", "项目支出"],
    ["govFund", "政府性基金预算支出"],
    ["stateCapital", "国有资本经营预算支出"],
    ["fiscal", "财政拨款合计"],
  ] as const;
  for (const [key, label] of lines) {
    const adjusted = amount(`budget.${key}.adjusted`);
    const actual = amount(`budget.${key}.actual`);
    if (adjusted === 0 && actual !== null && actual > MONEY_EPSILON) {
      add(
        "SPENT_WITHOUT_BUDGET", `${label}全年预算数为0，实际支出却有${formatAmount(actual)}万元，执行率无法计算。请核对该行的全年预算数（调整后预算）或实际支出。`,
        `budget.${key}.adjusted`,
      );
    }
  }
  checkDates(ctx, add, amount);

  const raised = lines.find(([key]) => {
    const initial = amount(`budget.${key}.initial`);
    const adjusted = amount(`budget.${key}.adjusted`);
    return initial === 0 && adjusted !== null && adjusted > MONEY_EPSILON;
  });
  const adj = ctx.rates.adjustment.value;
  if ((adj === null || Math.abs(adj) <= 1e-9) && raised && !text("budget.adjustmentReason")) {
    const [key, label] = raised;
    add(
      "BUDGET_ADJUSTED_NO_REASON", `${label}年初预算数为0，全年预算数为${formatAmount(amount(`budget.${key}.adjusted`)!)}万元（年中追加预算），但没有填写“预算调整说明”。请说明追加的原因。`,
      "budget.adjustmentReason",
    );
  }
  if (adj !== null && Math.abs(adj) > 1e-9 && !text("budget.adjustmentReason")) {
    add(
      "BUDGET_ADJUSTED_NO_REASON", `年中预算调整率为${formatRate(adj)}（全年预算数与年初预算数不同），但没有填写“预算调整说明”。评审会要求说明调整原因，请补充。`,
      "budget.adjustmentReason",
    );
  }
}

/** Excel's date serials of 2000-01-01 … 2050-12-31: an amount there, far from the rest of its line, is a date. */
const DATE_SERIALS = { min: 36526, max: 55153 };

/**
 * A date typed into an amount cell reaches the engine as its serial number (2023-12-31 → 45291): an
 * integer in the range of recent dates, twenty times larger than another figure of the same line.
 */
function checkDates(ctx: CheckContext, add: Add, amount: (id: string) => number | null) {
  for (const key of ["basic", "project", "govFund", "stateCapital", "fiscal"]) {
    const ids = ["initial", "adjusted", "actual"].map((c) => `budget.${key}.${c}`);
    const values = ids.map(amount);
    ids.forEach((id, j) => {
      const v = values[j];
      if (v === null || v === undefined || !Number.isInteger(v) || v < DATE_SERIALS.min || v > DATE_SERIALS.max) return;
      const others = values.filter((x, k) => k !== j && x !== null && x > 0) as number[];
      if (others.length === 0 || !others.some((x) => x * 20 < v)) return;
      const label = SCALAR_INPUTS.find((f) => f.id === id)?.label ?? id;
      add(
        "DATE_IN_AMOUNT", `“${label}”为${formatAmount(v)}万元，与同一行其他金额相差悬殊：这是日期${formatDateSerial(v)}按序号读出的数字。请改填金额（万元），并把单元格格式设为数值。`,
        id,
      );
    });
  }
}

function checkExecution(ctx: CheckContext, add: Add, text: (id: string) => string) {
  const { execution, profile } = ctx;
  const rate = execution.rate;
  if (rate !== null && rate < profile.execution.lowThreshold && !text("budget.lowExecutionReason")) {
    add(
      "LOW_EXECUTION_NO_REASON", `预算执行率为${formatRate(rate)}，低于${formatRate(profile.execution.lowThreshold)}，但没有填写“预算执行率偏低说明”。请说明未执行的原因。`,
      "budget.lowExecutionReason",
    );
  }
  // A rate or score typed on the form beside the computed one (the published form says 99.27%, the data 100%).
  const typedRate = parseQuantity(ctx.input.execution?.typedRate);
  if (typedRate.value !== null && rate !== null) {
    const typed = typedRate.unit === "%" || Math.abs(typedRate.value) <= PERCENT_POINTS_ABOVE ? typedRate.value : typedRate.value / 100;
    if (excelRound(typed * 100, 2) !== excelRound(rate * 100, 2)) {
      add(
        "TYPED_FIGURE_MISMATCH", `报表填报的预算执行率为${formatRate(typed)}，按数据计算为${formatRate(rate)}（全年执行数÷${ctx.profile.execution.denominator}）。请改为计算值，或核对金额。`,
        "execution.typedRate",
      );
    }
  }
  const typedScore = ctx.input.execution?.typedScore;
  if (typeof typedScore === "number" && excelRound(typedScore, 2) !== excelRound(execution.score, 2)) {
    add(
      "TYPED_FIGURE_MISMATCH", `报表填报的预算执行率得分为${formatScore(typedScore)}分，按评分规则和调整得分为${formatScore(execution.score)}分。请改为计算值，或说明差异。`,
      "execution.typedScore",
    );
  }
  if (rate === null) {
    add("EXECUTION_RATE_NA", "财政拨款全年预算数为0或未填写，无法计算预算执行率。请填写财政拨款合计。", "budget.fiscal.adjusted");
  }
  if (execution.override === null) return;
  const field = "execution.override.score";
  if (execution.override > execution.weight || execution.override < 0) {
    add(
      "SCORE_ABOVE_WEIGHT", `预算执行率调整得分${formatScore(execution.override)}不在0至分值${formatScore(execution.weight)}之间，已按${formatScore(execution.score)}计。请改正。`,
      field,
    );
  }
  if (execution.override < execution.computedScore && !execution.reason) {
    add(
      "EXECUTION_DEDUCTION_NO_REASON", `预算执行率按规则计得${formatScore(execution.computedScore)}分，调整为${formatScore(execution.override)}分（扣${formatScore(execution.weight - execution.score)}分），但没有写扣分原因。请在“预算执行率调整理由”中说明（如年中预算调整）。`,
      "execution.override.reason",
    );
  }
  const replaced = ctx.input.execution?.override?.replaced;
  if (isStale(replaced, execution.computedScore)) {
    add("OVERRIDE_STALE", staleExecutionMessage("预算执行率", execution.override, replaced!, execution.computedScore), field);
  }
  if (execution.override > execution.computedScore) {
    add(
      "OVERRIDE_ABOVE_COMPUTED", `预算执行率调整得分${formatScore(execution.override)}高于按规则计算的${formatScore(execution.computedScore)}分。请确认依据。`,
      field,
    );
  }
}

function checkIndicators(ctx: TableCheckContext, add: Add) {
  const seen = new Map<string, number>();
  ctx.input.indicators.forEach((ind, i) => {
    const res = ctx.indicators[i]!;
    const norm = ctx.normalized[i]!;
    const f = (c: string) => indicatorFieldId(i, c);
    const who = `指标“${ind.name || `第${i + 1}行`}”`;

    if (!ind.name.trim()) add("REQUIRED_MISSING", `第${i + 1}个指标没有名称（三级指标）。请填写。`, f("name"));
    const dup = seen.get(ind.name.trim());
    if (ind.name.trim() && dup !== undefined) {
      add("DUPLICATE_INDICATOR", `${who}出现了两次（第${dup + 1}行和第${i + 1}行）。请合并或改名。`, f("name"));
    }
    seen.set(ind.name.trim(), i);
    if (!LEVEL2_BY_LEVEL1[ind.level1].includes(ind.level2.trim())) {
      add(
        "LEVEL2_UNKNOWN", `${who}的二级指标“${ind.level2}”不是${ind.level1}下的标准二级指标（${LEVEL2_BY_LEVEL1[ind.level1].join("、")}）。`,
        f("level2"),
      );
    }
    if (!(ind.weight > 0)) {
      add("WEIGHT_INVALID", `${who}的分值为${ind.weight}，分值应为正数。`, f("weight"));
    }
    if (ind.notApplicable) {
      if (!res.reason && !ind.explanation?.trim()) {
        add("NA_NO_REASON", `${who}标为不适用，但没有说明理由。请在“偏差原因”或“完成情况说明”中说明。`, f("notApplicable"));
      }
      const kept = typeof ind.override?.score === "number" ? "override.score" : typeof ind.qualitativeScore === "number" ? "qualitativeScore" : null;
      if (kept) {
        const v = kept === "override.score" ? ind.override!.score : ind.qualitativeScore!;
        add(
          "NA_KEEPS_SCORE", `${who}标为不适用，却仍填有${kept === "override.score" ? "调整得分" : "定性得分"}${formatScore(v)}分（不计入总分）。请清空该得分，或取消“不适用”。`,
          f(kept),
        );
      }
      return;
    }

    if (ind.kind === "定性") checkQualitative(ctx, add, i, who);
    else checkQuantitative(ctx, add, i, who, norm);

    const override = ind.override?.score;
    if (typeof override === "number") {
      const replaced = ind.override?.replaced;
      if (isStale(replaced, res.computedScore)) {
        add(
          "OVERRIDE_STALE", `${who}的调整得分${formatScore(override)}分是在按规则计${formatScore(replaced!)}分时填写的，数据变化后按规则计${formatScore(res.computedScore)}分，调整得分未随之改变。请重新确认调整得分及理由，或清空调整得分。`,
          f("override.score"),
        );
      }
      if (override > ind.weight || override < 0) {
        add("SCORE_ABOVE_WEIGHT", `${who}的调整得分${formatScore(override)}不在0至分值${formatScore(ind.weight)}之间，已按${formatScore(res.score)}计。请改正。`, f("override.score"));
      }
      if (override < res.computedScore && !ind.override?.reason?.trim()) {
        add(
          "OVERRIDE_BELOW_COMPUTED_NO_REASON", `${who}按规则计得${formatScore(res.computedScore)}分，人工调整为${formatScore(override)}分，但没有写调整理由。请填写“调整理由”。`,
          f("override.reason"),
        );
      }
      if (override > res.computedScore && ind.kind !== "定性") {
        const unmet = res.computedScore < ind.weight && res.score >= ind.weight;
        add(
          unmet ? "FULL_MARKS_UNMET" : "OVERRIDE_ABOVE_COMPUTED",
          unmet
            ? `${who}未达到年度指标值（${res.targetText}，实际${res.actualText}），按规则得${formatScore(res.computedScore)}分，却人工调整为满分。未完成的指标不应得满分。`
            : `${who}人工调整得分${formatScore(override)}高于按规则计算的${formatScore(res.computedScore)}分。请确认依据。`,
          f("override.score"),
        );
      }
    }
    if (res.score < ind.weight && ind.weight > 0 && !res.reason) {
      add(
        "SCORE_BELOW_WEIGHT_NO_REASON", `${who}得${formatScore(res.score)}分，扣${formatScore(ind.weight - res.score)}分，但没有填写偏差原因。扣分必须说明原因，否则评审不予认可。`,
        f("deviationReason"),
      );
    }
  });
}

function checkQualitative(ctx: TableCheckContext, add: Add, i: number, who: string) {
  const ind = ctx.input.indicators[i]!;
  const f = (c: string) => indicatorFieldId(i, c);
  const tierLabel = ind.tier?.trim() ?? "";
  if (!tierLabel) {
    add("QUAL_TIER_MISSING", `${who}是定性指标，但没有选择定性档次。请在“定性档次”中选择（${ctx.profile.tiers.map((t) => t.label).join("/")}）。`, f("tier"));
    return;
  }
  const tier = ctx.profile.tiers.find((t) => t.label === tierLabel);
  if (!tier) {
    add("QUAL_TIER_UNKNOWN", `${who}的定性档次“${tierLabel}”不在当前评分规则中。请从下拉列表选择。`, f("tier"));
    return;
  }
  const score = ind.qualitativeScore;
  const lo = excelRound(tier.min * ind.weight, 2);
  const hi = excelRound(tier.max * ind.weight, 2);
  if (typeof score !== "number") {
    add(
      "QUAL_SCORE_SUGGESTED", `${who}未填写定性得分，按档次“${tier.label}”的建议比例计${formatScore(ctx.indicators[i]!.computedScore)}分。请确认或填写该档次范围内的得分（${formatScore(lo)}–${formatScore(hi)}分）。`,
      f("qualitativeScore"),
    );
    return;
  }
  // Tiers are [min, max) except the top one, which includes its max.
  const top = tier.max >= 1;
  const inside = score >= lo - 1e-9 && (top ? score <= hi + 1e-9 : score < hi - 1e-9);
  if (!inside) {
    add(
      "QUAL_SCORE_OUT_OF_TIER", `${who}选择了“${tier.label}”，该档次得分应在${formatScore(lo)}–${formatScore(hi)}分${top ? "" : "（不含上限）"}之间，填写的${formatScore(score)}分不在范围内。请调整得分或档次。`,
      f("qualitativeScore"),
    );
  }
}

function checkQuantitative(ctx: TableCheckContext, add: Add, i: number, who: string, norm: NormalizedIndicator) {
  const ind = ctx.input.indicators[i]!;
  const res = ctx.indicators[i]!;
  const f = (c: string) => indicatorFieldId(i, c);
  if (res.targetValue === null && !norm.target.error) {
    add("REQUIRED_MISSING", `${who}是定量指标，年度指标值未填写。请填写数字。`, f("target"));
  }
  if (res.actualValue === null && !norm.actual.error) {
    add("REQUIRED_MISSING", `${who}是定量指标，实际完成值未填写。请填写数字。`, f("actual"));
  }
  for (const [key, v] of [
    ["target", res.targetValue],
    ["actual", res.actualValue],
  ] as const) {
    if (res.unit === "%" && v !== null && Math.abs(v) > 10) {
      add(
        "PERCENT_SCALE", `${who}的计量单位是%，但${key === "target" ? "年度指标值" : "实际完成值"}为${v}（即${formatRate(v)}）。百分数请填写为“90%”或0.9。`,
        f(key),
      );
    }
  }
  for (const [key, parsed] of [
    ["target", norm.target],
    ["actual", norm.actual],
  ] as const) {
    if (parsed.percentPoints) {
      add(
        "PERCENT_POINTS_READ", `${who}的${key === "target" ? "年度指标值" : "实际完成值"}填的是${parsed.percentPoints}，计量单位是“%”，按${parsed.percentPoints}%计。`,
        f(key),
      );
    }
  }
  const typedUnit = [ind.unit, typeof ind.target === "string" ? ind.target : "", typeof ind.actual === "string" ? ind.actual : ""].join(" ");
  if (/百分比|百分之|百分数/.test(typedUnit)) {
    add(
      "UNIT_MALFORMED", `${who}的年度指标值或计量单位写作“${String(/百分比|百分之|百分数/.test(String(ind.target ?? "")) ? ind.target : (ind.unit ?? ind.actual))}”，不是规范写法，已按百分数计。请写成“≥100%”，或把“%”填在计量单位列。`,
      f(/百分比|百分之|百分数/.test(String(ind.target ?? "")) ? "target" : /百分比|百分之|百分数/.test(ind.unit ?? "") ? "unit" : "actual"),
    );
  }
  const A = res.targetValue;
  const B = res.actualValue;
  if (ind.kind === "正向" && A === 0 && B !== null && res.score >= ind.weight && ind.weight > 0) {
    add(
      "TARGET_ZERO_FULL_MARKS", `${who}是正向指标，年度指标值为0，实际完成值${res.actualText}，按规则任何结果都得满分${formatScore(ind.weight)}分。年度指标值可能漏填，请填写实际目标。`,
      f("target"),
    );
  }
  if (ind.level1 === "满意度指标" && B !== null && res.unit === "%" && B >= 1 - 1e-9) {
    const evidence = [ind.explanation, ind.deviationReason, ind.override?.reason].join(" ");
    if (!/问卷|调查|调研|测评|样本|抽样|回访|评议|座谈|访谈|份/.test(evidence)) {
      add(
        "SATISFACTION_NO_EVIDENCE", `${who}的实际完成值为${res.actualText}，但没有说明满意度调查的方式和样本。评审对100%满意度会要求调查依据，请在“完成情况说明”中写明（如发放问卷多少份、收回多少份）。`,
        f("explanation"),
      );
    }
  }
  if (ind.kind === "正向" && A !== null && B !== null && A > 0 && B >= ctx.profile.overshootFactor * A) {
    add(
      "TARGET_OVERSHOOT", `${who}实际完成值${res.actualText}达到年度指标值${res.targetText}的${formatRate(B / A)}，超过${formatRate(ctx.profile.overshootFactor)}。年度指标可能定得偏低，请复核目标设置。`,
      f("actual"),
    );
  }
}

function checkWeights(ctx: TableCheckContext, add: Add) {
  const p = withPrimitives(ctx.profile);
  const w = p.weights;
  const sums = [w.execution + w.output + w.effect + w.satisfaction + p.cost.weight];
  if (p.cost.weight > 0) sums.push(w.execution + p.withoutCost.output + p.withoutCost.effect + w.satisfaction);
  const off = sums.find((sum) => Math.abs(sum - 100) > 1e-9);
  if (off !== undefined) {
    add("PROFILE_WEIGHTS_NOT_100", `评分规则中一级指标分值合计为${formatScore(off)}分，应为100分。请修改评分规则。`, "profile");
  }
  const uses = (level1: string) => ctx.input.indicators.some((i) => i.level1 === level1);
  const expected: Record<string, number> = expectedLevelWeights(ctx.profile, { cost: uses("成本指标"), satisfaction: uses("满意度指标") });
  for (const level of ctx.levels) {
    if (level.id === "execution") continue;
    const want = expected[level.id] ?? 0;
    if (Math.abs(level.weight - want) > 1e-9) {
      const moved =
        level.id === "effect" && !uses("满意度指标") && p.satisfactionToEffect ? "（未设满意度指标，其分值计入效益指标）" : "";
      add(
        "WEIGHTS_LEVEL_MISMATCH", `${level.name}下各三级指标分值合计为${formatScore(level.weight)}分，应为${formatScore(want)}分（${ctx.profile.name}${moved}）。请调整各指标分值。`,
        `level.${level.id}.weight`,
      );
    }
  }
}

function checkPlaceholders(ctx: CheckContext, add: Add) {
  for (const f of SCALAR_INPUTS) {
    const v = ctx.scalars.get(f.id);
    if (typeof v === "string" && PLACEHOLDER.test(v)) {
      add("TEMPLATE_TEXT_LEFT", `“${f.label}”中还留有模板提示文字（“${v.slice(0, 20)}”）。请替换为实际内容。`, f.id);
    }
  }
  ctx.input.indicators.forEach((ind, i) => {
    for (const key of ["name", "deviationReason", "explanation"] as const) {
      const v = ind[key];
      if (typeof v === "string" && PLACEHOLDER.test(v)) {
        add("TEMPLATE_TEXT_LEFT", `指标“${ind.name}”中还留有模板提示文字。请替换为实际内容。`, indicatorFieldId(i, key));
      }
    }
  });
  for (const [id, list] of [
    ["problems", ctx.input.problems ?? []],
    ["measures", ctx.input.measures ?? []],
    ["unit.functions", ctx.input.unit.functions ?? []],
  ] as const) {
    list.forEach((v, i) => {
      if (PLACEHOLDER.test(v)) add("TEMPLATE_TEXT_LEFT", "报告文字中还留有模板提示文字。请替换为实际内容。", `${id}[${i}]`);
    });
  }
}
