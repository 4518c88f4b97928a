import { Computation, asNumber } from "./compute";
import { indicatorResult, type IndicatorResult, type LevelResult } from "./engine";
import { ExcelError, IF, ROUND, add, compile, countRows, div, eq, num, ref, str, type Compiled, type Expr, type Value } from "./expr";
import type { FieldType } from "./fields";
import { checkIndicatorTable } from "./findings";
import { finding, type Finding, type FindingCode } from "./findings-types";
import { LEVEL_NAME, SCORE_SPECS, levelIdsFor, ratio, type ComputedSpec } from "./formulas";
import { formatAmount, formatQuantity, formatRate, formatScore } from "./format";
import type { ProjectInput, RuleProfile } from "./model";
import { PROJECT_FUND_ROWS, type ProjectFundRow } from "./vocabulary";
import { normalizeIndicators, type NormalizedIndicator } from "./normalize";
import { parseAmount, parseCount } from "./parse";
import { profileToParams, withPrimitives } from "./profiles";
import { MONEY_EPSILON, excelRound } from "./rounding";
import { isStale, staleExecutionMessage } from "./stale-override";

/**
 * The project-level form, 项目支出绩效自评表 (财预〔2020〕10号 附1), as data over the department's
 * machinery: the same indicator rows, the same scoring specs (SCORE_SPECS: 执行率 score, level sums,
 * total, grade) and the same rule profile; only the 执行率 comes from the project's 年度资金总额.
 * Field ids are local to a project ("funds.total.actual"); projectFieldId makes them global
 * ("projects[2].funds.total.actual"), which is how findings and cells name them.
 */

export const projectFieldId = (project: number, local: string) => `projects[${project}].${local}`;

export const PROJECT_FUND_LABEL: Record<ProjectFundRow, string> = {
  total: "年度资金总额",
  fiscal: "其中：当年财政拨款",
  carryover: "上年结转资金",
  other: "其他资金",
};
export const PROJECT_FUND_COLUMNS = [
  ["initial", "年初预算数"],
  ["adjusted", "全年预算数"],
  ["actual", "全年执行数"],
] as const;
export type ProjectFundColumn = (typeof PROJECT_FUND_COLUMNS)[number][0];

export interface ProjectFieldSpec {
  id: string;
  label: string;
  type: FieldType;
  required?: boolean;
  /** Written by the add-in for its own bookkeeping (the score an override replaced); absent from older sheets. */
  bookkeeping?: true;
  get(p: ProjectInput): unknown;
}

const fundFields = (row: ProjectFundRow): ProjectFieldSpec[] =>
  PROJECT_FUND_COLUMNS.map(([col, label]) => ({
    id: `funds.${row}.${col}`,
    label: `${PROJECT_FUND_LABEL[row].replace("其中：", "")}${label}`,
    type: "amount" as const,
    required: row === "total" && col !== "initial",
    get: (p: ProjectInput) => p.funds[row]?.[col],
  }));

/** Every input of the project form, by local id. */
export const PROJECT_INPUTS: readonly ProjectFieldSpec[] = [
  { id: "name", label: "项目名称", type: "text", required: true, get: (p) => p.name },
  { id: "supervisor", label: "主管部门", type: "text", get: (p) => p.supervisor },
  { id: "implementer", label: "实施单位", type: "text", get: (p) => p.implementer },
  { id: "year", label: "评价年度", type: "year", get: (p) => p.year },
  ...PROJECT_FUND_ROWS.flatMap(fundFields),
  { id: "goals.expected", label: "年度总体目标（预期目标）", type: "longText", get: (p) => p.goals?.expected },
  { id: "goals.achieved", label: "年度总体目标（实际完成情况）", type: "longText", get: (p) => p.goals?.achieved },
  { id: "lowExecutionReason", label: "执行率未达100%的原因", type: "longText", get: (p) => p.lowExecutionReason },
  { id: "execution.override.score", label: "执行率调整得分", type: "score", get: (p) => p.execution?.override?.score },
  { id: "execution.override.reason", label: "执行率调整理由", type: "longText", get: (p) => p.execution?.override?.reason },
  {
    id: "execution.override.replaced",
    label: "执行率调整时的规则得分",
    type: "score",
    bookkeeping: true,
    get: (p) => p.execution?.override?.replaced,
  },
];

const fund = (row: ProjectFundRow, col: ProjectFundColumn) => ref(`funds.${row}.${col}`);

/** The project's computed figures: its rates, then the department's scoring specs unchanged. */
export const PROJECT_SCALAR_SPECS: readonly ComputedSpec[] = [
  {
    id: "rate.execution",
    label: "执行率",
    format: "rate",
    expr: ratio(
      fund("total", "actual"),
      IF(eq(ref("rule.exec.denominator"), str("年初预算数")), fund("total", "initial"), fund("total", "adjusted")),
    ),
  },
  ...(["fiscal", "carryover", "other"] as const).map(
    (row): ComputedSpec => ({
      id: `rate.${row}`,
      label: `${PROJECT_FUND_LABEL[row].replace("其中：", "")}执行率`,
      format: "rate",
      expr: ratio(fund(row, "actual"), fund(row, "adjusted")),
    }),
  ),
  ...SCORE_SPECS,
  {
    id: "deductions.count",
    label: "扣分指标数",
    format: "score",
    expr: countRows({ col: "score", op: "<", than: { col: "applicableWeight" } }),
  },
  {
    id: "deductions.unexplained",
    label: "扣分未说明原因的指标数",
    format: "score",
    expr: countRows(
      { col: "score", op: "<", than: { col: "applicableWeight" } },
      { col: "deviationReason", op: "=", than: { value: "" } },
      { col: "override.reason", op: "=", than: { value: "" } },
    ),
  },
];

const COMPILED = new Map<string, Compiled>(PROJECT_SCALAR_SPECS.map((s) => [s.id, compile(s.expr)]));

export function projectLabel(local: string): string {
  return PROJECT_INPUTS.find((f) => f.id === local)?.label ?? PROJECT_SCALAR_SPECS.find((s) => s.id === local)?.label ?? local;
}

// ---- evaluation -------------------------------------------------------------------------------------

export interface ProjectFundResult {
  label: string;
  initial: number | null;
  adjusted: number | null;
  actual: number | null;
  /** 全年执行数 ÷ 全年预算数; null when not applicable. */
  rate: number | null;
}

/** A project's indicator, with its manual override and the computed score that override replaced. */
export interface ProjectIndicatorResult extends IndicatorResult {
  /** 调整得分 as typed (null: none). */
  override: number | null;
  /** The computed score the override replaced, as stored with it (null: no override, or none stored yet). */
  replaced: number | null;
}

export interface ProjectResult {
  index: number;
  name: string;
  supervisor: string;
  implementer: string;
  year: number | null;
  total: number;
  grade: string;
  levels: LevelResult[];
  funds: Record<ProjectFundRow, ProjectFundResult>;
  execution: {
    rate: number | null;
    weight: number;
    computedScore: number;
    score: number;
    override: number | null;
    reason: string;
    /** The computed score the override replaced, as stored with it (null: no override, or none stored yet). */
    replaced: number | null;
  };
  indicators: ProjectIndicatorResult[];
  goals: { expected: string; achieved: string };
  /** Why the 执行率 is below 100% ("" when not given). */
  lowExecutionReason: string;
  /** Indicators that lost points, and those of them without a 偏差原因 or adjustment reason. */
  deductions: { count: number; unexplained: number };
  /** Every computed figure by local id, as the project sheet's formulas must show it. */
  computed: Record<string, number | string | null>;
}

const NUMERIC: ReadonlySet<FieldType> = new Set(["amount", "count", "year", "score"]);

export function evaluateProject(
  project: ProjectInput,
  index: number,
  profile: RuleProfile,
  defaultYear: number | null,
  params: ReadonlyMap<string, Value> = profileToParams(profile),
): { result: ProjectResult; findings: Finding[] } {
  const local: Finding[] = [];
  const scalars = new Map<string, Value>();
  for (const f of PROJECT_INPUTS) {
    const raw = f.get(project);
    if (raw === undefined || raw === null || (typeof raw === "string" ? raw.trim() === "" : String(raw).trim() === "")) continue;
    if (!NUMERIC.has(f.type)) {
      scalars.set(f.id, String(raw));
      continue;
    }
    const parsed = f.type === "amount" ? parseAmount(raw) : parseCount(raw);
    if (parsed.error) local.push(finding("INPUT_UNREADABLE", `“${f.label}”的“${String(raw)}”无法识别：${parsed.error}。请填写数字。`, f.id));
    if (parsed.value !== null) scalars.set(f.id, parsed.value);
  }
  const { rows, indicators: normalized } = normalizeIndicators(project.indicators, local);
  const comp = new Computation({ scalars, params, rows }, COMPILED);

  const computed: Record<string, number | string | null> = {};
  for (const spec of PROJECT_SCALAR_SPECS) computed[spec.id] = plain(comp.scalar(spec.id));
  const num = (id: string) => asNumber(comp.scalar(id)) ?? 0;
  const levels: LevelResult[] = levelIdsFor(profile, project.indicators).map((id) => {
    const execution = id === "execution";
    const weight = execution ? profile.weights.execution : num(`level.${id}.weight`);
    const applicableWeight = execution ? profile.weights.execution : num(`level.${id}.applicableWeight`);
    const score = execution ? num("execution.score") : num(`level.${id}.score`);
    return { id, name: LEVEL_NAME[id], weight, applicableWeight, score, deduction: excelRound(applicableWeight - score, 2) || 0 };
  });
  const indicators = project.indicators.map(
    (ind, i): ProjectIndicatorResult =>
      indicatorResult(ind, normalized[i]!, comp, i, {
        override: typeof ind.override?.score === "number" ? ind.override.score : null,
        replaced: storedReplaced(ind.override),
      }),
  );
  const amount = (id: string) => asNumber(scalars.get(id) ?? null);
  const funds = Object.fromEntries(
    PROJECT_FUND_ROWS.map((row) => [
      row,
      {
        label: PROJECT_FUND_LABEL[row],
        initial: amount(`funds.${row}.initial`),
        adjusted: amount(`funds.${row}.adjusted`),
        actual: amount(`funds.${row}.actual`),
        rate: row === "total" ? asNumber(comp.scalar("rate.execution")) : asNumber(comp.scalar(`rate.${row}`)),
      },
    ]),
  ) as Record<ProjectFundRow, ProjectFundResult>;
  const override = project.execution?.override?.score;
  const result: ProjectResult = {
    index,
    name: project.name.trim(),
    supervisor: project.supervisor?.trim() ?? "",
    implementer: project.implementer?.trim() ?? "",
    year: project.year ?? defaultYear,
    total: num("total"),
    grade: String(computed.grade ?? ""),
    levels,
    funds,
    execution: {
      rate: asNumber(comp.scalar("rate.execution")),
      weight: profile.weights.execution,
      computedScore: num("execution.computedScore"),
      score: num("execution.score"),
      override: typeof override === "number" ? override : null,
      reason: project.execution?.override?.reason?.trim() ?? "",
      replaced: storedReplaced(project.execution?.override),
    },
    indicators,
    goals: { expected: project.goals?.expected?.trim() ?? "", achieved: project.goals?.achieved?.trim() ?? "" },
    lowExecutionReason: String(scalars.get("lowExecutionReason") ?? "").trim(),
    deductions: { count: num("deductions.count"), unexplained: num("deductions.unexplained") },
    computed,
  };
  local.push(...checkProject(project, result, normalized, profile, scalars));
  // Every finding in `local` was made above for this project: named as the project's in place, not copied.
  const prefix = `项目“${result.name || `第${index + 1}个`}”：`;
  for (const f of local) {
    f.ref.field = projectFieldId(index, f.ref.field);
    f.message = prefix + f.message;
  }
  return { result, findings: local };
}

/** The score stored with an override as the one it replaced (an override the model holds has a score). */
function storedReplaced(override: { replaced?: number } | undefined): number | null {
  return typeof override?.replaced === "number" ? override.replaced : null;
}

/** Every project of an input, plus the checks across projects (duplicate names). */
export function evaluateProjects(
  projects: readonly ProjectInput[],
  profile: RuleProfile,
  defaultYear: number | null,
): { results: ProjectResult[]; findings: Finding[] } {
  const results: ProjectResult[] = [];
  const findings: Finding[] = [];
  const seen = new Map<string, number>();
  // Filled in once for all tables: the checks read the primitives of the profile for every project.
  const full = withPrimitives(profile);
  const params = profileToParams(full);
  projects.forEach((p, i) => {
    const one = evaluateProject(p, i, full, defaultYear, params);
    results.push(one.result);
    findings.push(...one.findings);
    const name = one.result.name;
    const first = seen.get(name);
    if (name && first !== undefined) {
      findings.push(
        finding("PROJECT_NAME_DUPLICATE", `项目名称“${name}”出现了两次（第${first + 1}个和第${i + 1}个项目表）。每个项目只填一张自评表，请合并或改正名称。`, projectFieldId(i, "name")),
      );
    } else if (name) seen.set(name, i);
  });
  return { results, findings };
}

// ---- 项目自评汇总 -----------------------------------------------------------------------------------

/**
 * The roll-up over `count` projects: sums of the projects' own figures by their global ids
 * ("projects[2].total"), so the workbook's 汇总 formulas add the projects' names and the engine the same.
 */
export function projectSummarySpecs(count: number): ComputedSpec[] {
  const sum = (local: string): Expr =>
    count === 0 ? num(0) : Array.from({ length: count }, (_, i) => ref(projectFieldId(i, local))).reduce((a, b) => add(a, b));
  return [
    { id: "summary.budget", label: "项目全年预算数合计", format: "amount", expr: sum("funds.total.adjusted") },
    { id: "summary.actual", label: "项目全年执行数合计", format: "amount", expr: sum("funds.total.actual") },
    { id: "summary.rate", label: "项目总体执行率", format: "rate", expr: ratio(ref("summary.actual"), ref("summary.budget")) },
    {
      id: "summary.average",
      label: "项目平均得分",
      format: "score",
      expr: count === 0 ? str("") : ROUND(div(sum("total"), count), 2),
    },
    { id: "summary.deductions", label: "扣分指标数合计", format: "score", expr: sum("deductions.count") },
    { id: "summary.unexplained", label: "未说明原因的扣分指标数合计", format: "score", expr: sum("deductions.unexplained") },
  ];
}

export interface ProjectSummary {
  count: number;
  budget: number;
  actual: number;
  rate: number | null;
  average: number | null;
  deductions: number;
  unexplained: number;
}

/** The 汇总 figures of evaluated projects, computed from the same specs as the sheet's formulas. */
export function summarizeProjects(results: readonly ProjectResult[]): ProjectSummary {
  const values = projectSummaryValues(results);
  const n = (id: string) => asNumber(values.get(id) ?? null);
  return {
    count: results.length,
    budget: n("summary.budget") ?? 0,
    actual: n("summary.actual") ?? 0,
    rate: n("summary.rate"),
    average: n("summary.average"),
    deductions: n("summary.deductions") ?? 0,
    unexplained: n("summary.unexplained") ?? 0,
  };
}

/** Every summary figure by id, as the 汇总 sheet's formulas compute it. */
export function projectSummaryValues(results: readonly ProjectResult[]): Map<string, Value> {
  const specs = projectSummarySpecs(results.length);
  const compiled = new Map(specs.map((s) => [s.id, compile(s.expr)]));
  const memo = new Map<string, Value>();
  const PROJECT_REF = /^projects\[(\d+)\]\.(.+)$/;
  const ctx = {
    scalar(id: string): Value {
      if (memo.has(id)) return memo.get(id)!;
      let v: Value = null;
      const f = compiled.get(id);
      if (f) v = f(ctx);
      else {
        const m = PROJECT_REF.exec(id);
        const p = m ? results[Number(m[1])] : undefined;
        if (p && m) v = projectFigure(p, m[2]!);
      }
      memo.set(id, v);
      return v;
    },
    cell: (): Value => new ExcelError("#REF!"),
    column: (): readonly Value[] => [],
  };
  for (const s of specs) ctx.scalar(s.id);
  return new Map(specs.map((s) => [s.id, memo.get(s.id) ?? null]));
}

/** A project's figure by local id, as its sheet holds it (a blank input cell reads as 0 in a sum). */
export function projectFigure(p: ProjectResult, local: string): Value {
  if (local in p.computed) return p.computed[local] ?? "";
  const fund = /^funds\.(total|fiscal|carryover|other)\.(initial|adjusted|actual)$/.exec(local);
  if (fund) return p.funds[fund[1] as ProjectFundRow][fund[2] as ProjectFundColumn] ?? 0;
  // A link to an empty input cell is 0 in Excel.
  if (local === "name") return p.name || 0;
  return null;
}

// ---- checks of the project form ------------------------------------------------------------------

function checkProject(
  project: ProjectInput,
  result: ProjectResult,
  normalized: readonly NormalizedIndicator[],
  profile: RuleProfile,
  scalars: ReadonlyMap<string, Value>,
): Finding[] {
  const out: Finding[] = [];
  const add = (code: FindingCode, message: string, field: string) => out.push(finding(code, message, field));
  const amount = (id: string): number | null => {
    const v = scalars.get(id);
    return typeof v === "number" ? v : null;
  };

  if (!project.name.trim()) add("PROJECT_NAME_MISSING", "项目名称未填写。", "name");
  for (const f of PROJECT_INPUTS) {
    if (f.required && f.id !== "name" && !scalars.has(f.id)) {
      add("REQUIRED_MISSING", `“${f.label}”未填写。这是必填项，请按项目决算数据填写。`, f.id);
    }
  }
  if (project.indicators.length === 0) add("NO_INDICATORS", "没有任何绩效指标。请在项目表的绩效指标中填写产出、效益、满意度指标。", "indicators");

  // 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金, column by column.
  for (const [col, label] of PROJECT_FUND_COLUMNS) {
    const total = amount(`funds.total.${col}`);
    const parts = (["fiscal", "carryover", "other"] as const).map((row) => amount(`funds.${row}.${col}`));
    if (total === null || parts.every((p) => p === null)) continue;
    // Amounts are in cents: the double sum rounded to cents is exact (no decimal objects per project).
    const sum = excelRound((parts[0] ?? 0) + (parts[1] ?? 0) + (parts[2] ?? 0), 2);
    if (Math.abs(sum - total) > MONEY_EPSILON) {
      add(
        "PROJECT_FUND_SUM_MISMATCH", `年度资金总额${label}${formatAmount(total)}万元，不等于当年财政拨款、上年结转资金、其他资金之和${formatAmount(sum)}万元（相差${formatAmount(total - sum)}万元）。`,
        `funds.total.${col}`,
      );
    }
  }
  for (const row of PROJECT_FUND_ROWS) {
    const adjusted = amount(`funds.${row}.adjusted`);
    const actual = amount(`funds.${row}.actual`);
    if (adjusted !== null && actual !== null && actual - adjusted > MONEY_EPSILON) {
      add(
        "PROJECT_OVER_BUDGET", `${PROJECT_FUND_LABEL[row].replace("其中：", "")}全年执行数${formatAmount(actual)}万元超过全年预算数${formatAmount(adjusted)}万元。请核对。`,
        `funds.${row}.actual`,
      );
    }
  }

  const { execution } = result;
  const reason = String(scalars.get("lowExecutionReason") ?? "").trim() || execution.reason;
  if (execution.rate === null) {
    add("PROJECT_EXECUTION_RATE_NA", "年度资金总额的全年预算数为0或未填写，无法计算执行率。", "funds.total.adjusted");
  } else if (excelRound(execution.rate, 4) < 1 && !reason) {
    add(
      "PROJECT_EXECUTION_NO_REASON", `执行率为${formatRate(execution.rate)}，未达到100%（执行率得${formatScore(execution.score)}分），但没有说明原因。请填写“执行率未达100%的原因”。`,
      "lowExecutionReason",
    );
  }
  if (execution.override !== null && execution.override < execution.computedScore && !execution.reason) {
    add(
      "EXECUTION_DEDUCTION_NO_REASON", `执行率按规则计得${formatScore(execution.computedScore)}分，调整为${formatScore(execution.override)}分，但没有写调整理由。`,
      "execution.override.reason",
    );
  }
  // The data moved under the override since it was typed (the department's rule: domain/stale-override.ts).
  if (execution.override !== null && isStale(execution.replaced, execution.computedScore)) {
    add("OVERRIDE_STALE", staleExecutionMessage("执行率", execution.override, execution.replaced!, execution.computedScore), "execution.override.score");
  }

  // The department's indicator and weight checks, on this project's table.
  out.push(
    ...checkIndicatorTable({ input: project, profile, normalized, indicators: result.indicators, levels: result.levels }).filter(
      (f) => f.code !== "PROFILE_WEIGHTS_NOT_100",
    ),
  );
  // Weights are whole or half points: a plain sum, compared with a tolerance (no decimal objects on the hot path).
  let weightSum = profile.weights.execution;
  for (const i of project.indicators) weightSum += i.weight;
  weightSum = excelRound(weightSum, 6);
  if (project.indicators.length > 0 && Math.abs(weightSum - 100) > 1e-6) {
    add("PROJECT_WEIGHTS_NOT_100", `执行率分值${formatScore(profile.weights.execution)}与各指标分值合计为${formatScore(weightSum)}分，应为100分。`, "indicators");
  }

  const spent = amount("funds.total.actual");
  result.indicators.forEach((ind, i) => {
    const field = (c: string) => `indicators[${i}].${c}`;
    if (ind.notApplicable) return;
    const override = project.indicators[i]!.override?.score;
    if (ind.kind !== "定性" && typeof override === "number" && ind.computedScore >= ind.weight && ind.score < ind.weight) {
      add(
        "MET_BUT_DEDUCTED", `指标“${ind.name}”已达到年度指标值（${ind.targetText}，实际${ind.actualText}），却被扣${formatScore(ind.weight - ind.score)}分。请核对调整得分。`,
        field("override.score"),
      );
    }
    // 成本指标 in money can never exceed what the whole project spent.
    const inWan = ind.unit === "万元" ? 1 : ind.unit === "元" ? 1e-4 : null;
    if (ind.level2 === "成本指标" && inWan !== null && ind.actualValue !== null && spent !== null && ind.actualValue * inWan - spent > MONEY_EPSILON) {
      add(
        "COST_EXCEEDS_SPENDING", `成本指标“${ind.name}”实际完成值${formatQuantity(ind.actualValue, ind.unit)}超过项目全年执行数${formatAmount(spent)}万元，二者矛盾。请核对金额或计量单位。`,
        field("actual"),
      );
    }
  });
  return out;
}

function plain(v: Value): number | string | null {
  if (v === null || v instanceof ExcelError) return v === null ? null : v.code;
  if (typeof v === "boolean") return v ? 1 : 0;
  return v === "" ? null : v;
}
