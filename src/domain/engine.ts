import { Computation, asNumber, type Invalidated } from "./compute";
import { ExcelError, compile, type Value } from "./expr";
import { FRESHNESS_EXPR, FRESHNESS_ID } from "./freshness";
import { runChecks } from "./findings";
import { SEVERITY_ORDER, finding, type Finding } from "./findings-types";
import { LEVEL_NAME, RATE_LABELS, ROW_SPECS, SCALAR_SPECS, levelIdsFor, rateFieldId, type LevelId } from "./formulas";
import { formatQuantity, formatRate } from "./format";
import { excelRound } from "./rounding";
import type { EvaluationInput, RuleProfile } from "./model";
import { RATE_IDS, type IndicatorKind, type RateId } from "./vocabulary";
import { normalize, normalizeIndicators, normalizeScalars, type NormalizedIndicator } from "./normalize";
import { SCALAR_INPUTS } from "./fields";
import { DEFAULT_PROFILE, findProfile } from "./profiles";
import { evaluateProjects, type ProjectResult } from "./project";

export interface RateResult {
  label: string;
  /** Unrounded; null when not applicable (zero or blank denominator). */
  value: number | null;
  /** "94.68%", "100%", or "不适用". */
  display: string;
}

export interface LevelResult {
  id: LevelId;
  name: string;
  weight: number;
  applicableWeight: number;
  score: number;
  deduction: number;
}

export interface IndicatorResult {
  index: number;
  level1: string;
  level2: string;
  name: string;
  kind: IndicatorKind;
  weight: number;
  targetValue: number | null;
  actualValue: number | null;
  /** "≥90%", "≤100%", or the qualitative text as typed. */
  targetText: string;
  actualText: string;
  unit: string;
  notApplicable: boolean;
  computedScore: number;
  score: number;
  deduction: number;
  /** 偏差原因, else the override's reason; "" when none. */
  reason: string;
}

export interface EvaluationResult {
  profile: { id: string; name: string };
  unit: { name: string; year: number };
  total: number;
  grade: string;
  levels: LevelResult[];
  rates: Record<RateId, RateResult>;
  execution: { rate: number | null; weight: number; computedScore: number; score: number; override: number | null; reason: string };
  indicators: IndicatorResult[];
  findings: Finding[];
  /** Every computed figure by field id, exactly as the workbook's formulas must show it. */
  computed: Record<string, number | string | null>;
  /** One 项目支出绩效自评表 per project, scored by the same profile; their findings are in `findings`. */
  projects: ProjectResult[];
  /** False for a file of project tables only: the department form is absent and not checked. */
  hasDepartment: boolean;
}

export interface EvaluateOptions {
  /** Overrides the profile named in the input (the workbook's 评分规则 sheet, for instance). */
  profile?: RuleProfile;
  /** Whether the department form is part of the input (default: see hasDepartmentData). */
  department?: boolean;
}

/**
 * A file of project tables only (a unit that files only 项目支出绩效自评表) has projects and no
 * department figures at all: no indicators and no budget amounts.
 */
export function hasDepartmentData(input: EvaluationInput): boolean {
  if (!input.projects?.length || input.indicators.length > 0) return true;
  const b = input.budget as Record<string, unknown> | undefined;
  const filled = (v: unknown): boolean =>
    v !== undefined && v !== null && v !== "" && (typeof v !== "object" || Object.values(v as object).some(filled));
  return b !== undefined && Object.values(b).some(filled);
}

const FRESHNESS = compile(FRESHNESS_EXPR);

export function resolveProfile(input: EvaluationInput, findings: Finding[]): RuleProfile {
  const p = input.profile;
  if (p === undefined) return DEFAULT_PROFILE;
  if (typeof p === "object") return p;
  const found = findProfile(p);
  if (found) return found;
  findings.push(finding("PROFILE_UNKNOWN", `评分规则“${p}”不存在，已按默认规则（${DEFAULT_PROFILE.name}）计算。请选择内置规则之一。`, "profile"));
  return DEFAULT_PROFILE;
}

export function evaluate(input: EvaluationInput, options: EvaluateOptions = {}): EvaluationResult {
  return new Evaluator(input, options).result();
}

/**
 * One evaluation kept alive across edits, as a spreadsheet keeps its cells: after an edit only the
 * figures that depend on the edited cells are recomputed (the edited indicator's row, the aggregates
 * over its columns and what reads them), not all rows. `result()` equals `evaluate()` of the edited
 * input, always (tests/domain/incremental.test.ts).
 */
export class Evaluator {
  private input: EvaluationInput;
  private readonly profile: RuleProfile;
  /** What resolving the profile said (an unknown profile name). */
  private readonly profileFindings: Finding[] = [];
  private scalarFindings: Finding[] = [];
  private readonly rowFindings: Finding[][];
  private readonly normalized: NormalizedIndicator[];
  private readonly comp: Computation;
  private readonly indicatorCache: Array<IndicatorResult | undefined>;
  private projects: { of: EvaluationInput["projects"]; year: number; value: ReturnType<typeof evaluateProjects> } | null = null;

  constructor(
    input: EvaluationInput,
    private readonly options: EvaluateOptions = {},
  ) {
    this.input = input;
    this.profile = options.profile ?? resolveProfile(input, this.profileFindings);
    const normalized = normalize(input, this.profile);
    const rowCount = normalized.rowFindings.reduce((n, f) => n + f.length, 0);
    this.scalarFindings = normalized.findings.slice(0, normalized.findings.length - rowCount);
    this.rowFindings = normalized.rowFindings;
    this.normalized = normalized.indicators;
    this.comp = new Computation(normalized.cells);
    this.indicatorCache = new Array<IndicatorResult | undefined>(input.indicators.length);
  }

  /** The input as edited so far. */
  get current(): EvaluationInput {
    return this.input;
  }

  /** Replaces one indicator (same table size); recomputes only what depends on its cells. */
  setIndicator(index: number, indicator: EvaluationInput["indicators"][number]): void {
    if (index < 0 || index >= this.input.indicators.length) throw new RangeError(`No indicator ${index}`);
    const indicators = this.input.indicators.slice();
    indicators[index] = indicator;
    this.input = { ...this.input, indicators };
    const findings: Finding[] = [];
    const one = normalizeIndicators([indicator], findings, index);
    this.rowFindings[index] = one.rowFindings[0]!;
    this.normalized[index] = one.indicators[0]!;
    this.indicatorCache[index] = undefined;
    this.forget(this.comp.setRow(index, one.rows[0]!));
  }

  /**
   * Moves to `next`, an edited version of the current input with the same number of indicators and the
   * same profile: indicators that are new objects are compared cell by cell, scalar inputs value by value.
   */
  update(next: EvaluationInput): void {
    if (next.indicators.length !== this.input.indicators.length) throw new RangeError("update: the number of indicators changed");
    if (this.options.profile === undefined && next.profile !== this.input.profile) throw new Error("update: the profile changed");
    const before = this.input;
    this.input = { ...next, indicators: before.indicators };
    next.indicators.forEach((ind, i) => {
      if (ind !== before.indicators[i]) this.setIndicator(i, ind);
    });
    this.input = next;
    const findings: Finding[] = [];
    const scalars = normalizeScalars(next, this.profile, findings);
    this.scalarFindings = findings;
    const ids = new Set([...scalars.keys(), ...SCALAR_INPUT_IDS]);
    for (const id of ids) this.forget(this.comp.setScalar(id, scalars.get(id) ?? null));
  }

  private forget(inv: Invalidated): void {
    if (inv.allRows) this.indicatorCache.fill(undefined);
    else for (const row of inv.rows) this.indicatorCache[row] = undefined;
  }

  /** Every computed figure by field id, as the workbook's formulas show it (what a spreadsheet recalculates). */
  figures(): Record<string, number | string | null> {
    const comp = this.comp;
    const computed: Record<string, number | string | null> = {};
    for (const spec of SCALAR_SPECS) computed[spec.id] = plain(comp.scalar(spec.id));
    computed[FRESHNESS_ID] = plain(FRESHNESS(comp));
    return computed;
  }

  /** The row figures of an indicator (computed columns), as the table's formulas show them. */
  rowFigures(index: number): Record<string, number | string | null> {
    return Object.fromEntries(ROW_SPECS.map((s) => [s.id, plain(this.comp.rowValue(index, s.id))]));
  }

  result(): EvaluationResult {
    const { input, profile, comp } = this;
    const findings: Finding[] = [...this.profileFindings, ...this.scalarFindings];
    for (const f of this.rowFindings) findings.push(...f);
    const computed = this.figures();

    const rates = Object.fromEntries(
      RATE_IDS.map((id) => {
        const value = asNumber(comp.scalar(rateFieldId(id)));
        return [id, { label: RATE_LABELS[id], value, display: value === null ? "不适用" : formatRate(value) }];
      }),
    ) as Record<RateId, RateResult>;

    const num = (id: string) => asNumber(comp.scalar(id)) ?? 0;
    const levels: LevelResult[] = levelIdsFor(profile, input.indicators).map((id) => {
      const weight = id === "execution" ? profile.weights.execution : num(`level.${id}.weight`);
      const applicableWeight = id === "execution" ? profile.weights.execution : num(`level.${id}.applicableWeight`);
      const score = id === "execution" ? num("execution.score") : num(`level.${id}.score`);
      return { id, name: LEVEL_NAME[id], weight, applicableWeight, score, deduction: roundCents(applicableWeight - score) };
    });

    const indicators = input.indicators.map(
      (ind, i) => (this.indicatorCache[i] ??= indicatorResult(ind, this.normalized[i]!, comp, i)),
    );

    const overrideScore = input.execution?.override?.score;
    const execution = {
      rate: rates.execution.value,
      weight: profile.weights.execution,
      computedScore: num("execution.computedScore"),
      score: num("execution.score"),
      override: typeof overrideScore === "number" ? overrideScore : null,
      reason: input.execution?.override?.reason?.trim() ?? "",
    };

    const hasDepartment = this.options.department ?? hasDepartmentData(input);
    if (hasDepartment) {
      const cells = { scalars: this.scalarCells(), normalized: this.normalized };
      findings.push(...runChecks({ input, profile, scalars: cells.scalars, normalized: cells.normalized, rates, execution, indicators, levels }));
    } else {
      // Only the project tables are there: what normalize said about the absent department form is noise.
      const kept = findings.filter((f) => f.ref.field === "profile");
      findings.splice(0, findings.length, ...kept);
    }
    const year = input.unit.year;
    if (!this.projects || this.projects.of !== input.projects || this.projects.year !== year) {
      this.projects = { of: input.projects, year, value: evaluateProjects(input.projects ?? [], profile, year || null) };
    }
    const projects = this.projects.value;
    findings.push(...projects.findings);
    findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);

    return {
      profile: { id: profile.id, name: profile.name },
      unit: { name: input.unit.name, year: input.unit.year },
      total: num("total"),
      grade: String(computed.grade ?? ""),
      levels,
      rates,
      execution,
      indicators,
      findings,
      computed,
      projects: projects.results,
      hasDepartment,
    };
  }

  private scalarCells(): ReadonlyMap<string, Value> {
    return this.comp.scalarInputs;
  }
}

const SCALAR_INPUT_IDS = SCALAR_INPUTS.map((f) => f.id);

/**
 * An indicator's result; `extra` (a project's override and replaced score) goes into the same object
 * literal, so that the object is made once, at its size.
 */
export function indicatorResult<Extra extends object = Record<never, never>>(
  ind: EvaluationInput["indicators"][number],
  norm: NormalizedIndicator,
  comp: Computation,
  index: number,
  extra?: Extra,
): IndicatorResult & Extra {
  const rowNum = (col: string) => asNumber(comp.rowValue(index, col)) ?? 0;
  const quantitative = ind.kind !== "定性";
  // A linked actual is the computed rate; a typed one as normalize read it ("100" | "%" is 100%).
  const actualValue = quantitative ? (ind.actualFrom ? asNumber(comp.rowValue(index, "actual")) : norm.actual.value) : null;
  const targetValue = quantitative ? norm.target.value : null;
  const unit = ind.actualFrom ? "%" : norm.unit;
  const symbol = ind.kind === "正向" ? "≥" : ind.kind === "反向" ? "≤" : "";
  const targetText =
    quantitative && targetValue !== null ? `${symbol}${formatQuantity(targetValue, unit)}` : textOf(ind.target);
  const actualText = quantitative && actualValue !== null ? formatQuantity(actualValue, unit) : textOf(ind.actual);
  const score = rowNum("score");
  const applicable = rowNum("applicableWeight");
  return {
    index,
    level1: ind.level1,
    level2: ind.level2,
    name: ind.name,
    kind: ind.kind,
    weight: ind.weight,
    targetValue,
    actualValue,
    targetText,
    actualText,
    unit,
    notApplicable: ind.notApplicable === true,
    computedScore: rowNum("computedScore"),
    score,
    deduction: roundCents(applicable - score),
    reason: (ind.deviationReason?.trim() || ind.override?.reason?.trim()) ?? "",
    ...(extra as Extra),
  };
}

function textOf(v: unknown): string {
  return v === undefined || v === null ? "" : String(v).trim();
}

function plain(v: Value): number | string | null {
  if (v === null || v instanceof ExcelError) return v === null ? null : v.code;
  if (typeof v === "boolean") return v ? 1 : 0;
  return v === "" ? null : v;
}

function roundCents(x: number): number {
  return excelRound(x, 2) || 0;
}

/** Ids of the per-row computed columns, for builders that lay out the indicator table. */
export const ROW_COMPUTED_IDS = ROW_SPECS.map((s) => s.id);
