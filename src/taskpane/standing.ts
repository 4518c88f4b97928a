import type { EvaluationResult } from "../domain/engine";
import type { Finding, Severity } from "../domain/findings-types";
import { excelRound } from "../domain/rounding";

/**
 * What the score card must say before the figures: whether the total can be reported as it stands.
 * Pure; derived only from the evaluation result (its findings, already linked to their root causes by
 * the use case, and its computed and overridden scores).
 */

/** A score typed over the rule's own (调整得分), with the rule's value beside it. */
export interface Adjustment {
  /** "execution" or "indicator:<index>". */
  key: string;
  /** 预算执行率, or the indicator's name. */
  name: string;
  score: number;
  computed: number;
  reason: string;
  /**
   * The data moved under a hand-set score: the domain says so (OVERRIDE_STALE, from the rule's score the
   * workbook recorded when the adjustment was typed), or, for a workbook without that record, the kept
   * score is above what the rule gives now (an adjustment is normally made downwards, with a reason).
   */
  stale: boolean;
}

export type Standing =
  /** No error, no adjustment: the total is what the rules give. */
  | { kind: "ready" }
  /** Errors: the total and the grade are not to be trusted yet. */
  | { kind: "errors"; errors: number; firstCause: Finding }
  /** No error, but scores typed by hand. */
  | { kind: "adjusted" };

export interface ScoreStanding {
  standing: Standing;
  counts: Record<Severity, number>;
  adjustments: Adjustment[];
  /** The total the rules alone would give (without the adjustments); undefined when there is none. */
  computedTotal?: number;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

const causeKey = (code: string, field: string) => `${code}|${field}`;

/** How many findings follow from each root cause (by code and field, as `Finding.cause` names it). */
export function dependents(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) {
    if (!f.cause) continue;
    const key = causeKey(f.cause.code, f.cause.field);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The number of findings that follow from `f`. */
export function dependentsOf(f: Finding, counts: Map<string, number>): number {
  return counts.get(causeKey(f.code, f.ref.field)) ?? 0;
}

/**
 * The findings in the order to fix them: the use case's order (errors first, root causes before their
 * knock-ons), and within a severity the root causes that explain most other findings first. Stable.
 */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  const counts = dependents(findings);
  const order = { error: 0, warning: 1, info: 2 } as const;
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        order[a.f.severity] - order[b.f.severity] ||
        Number(Boolean(a.f.cause)) - Number(Boolean(b.f.cause)) ||
        dependentsOf(b.f, counts) - dependentsOf(a.f, counts) ||
        a.i - b.i,
    )
    .map((x) => x.f);
}

/** The first thing to fix: the error that is the root cause of most others, else the first error. */
export function firstRootCause(findings: readonly Finding[]): Finding | undefined {
  const errors = rankFindings(findings).filter((f) => f.severity === "error");
  return errors.find((f) => !f.cause) ?? errors[0];
}

const differs = (a: number, b: number) => excelRound(a, 2) !== excelRound(b, 2);

export function adjustmentsOf(result: EvaluationResult): Adjustment[] {
  const out: Adjustment[] = [];
  const staleFields = new Set(result.findings.filter((f) => f.code === "OVERRIDE_STALE").map((f) => f.ref.field));
  const ex = result.execution;
  if (ex.override !== null && differs(ex.score, ex.computedScore)) {
    out.push({
      key: "execution",
      name: "预算执行率",
      score: ex.score,
      computed: ex.computedScore,
      reason: ex.reason,
      stale: staleFields.has("execution.override.score") || ex.score > ex.computedScore,
    });
  }
  for (const ind of result.indicators) {
    if (ind.notApplicable || !differs(ind.score, ind.computedScore)) continue;
    out.push({
      key: `indicator:${ind.index}`,
      name: ind.name || `第${ind.index + 1}个指标`,
      score: ind.score,
      computed: ind.computedScore,
      reason: ind.reason,
      stale: staleFields.has(`indicators[${ind.index}].override.score`) || ind.score > ind.computedScore,
    });
  }
  return out;
}

/** The total as the rules alone give it: the adjustments taken back, scaled like the workbook's total. */
function computedTotalOf(result: EvaluationResult, adjustments: readonly Adjustment[]): number | undefined {
  const raw = result.computed["total.raw"];
  const applicable = result.computed["total.applicableWeight"];
  const full = result.computed["total.fullWeight"];
  if (typeof raw !== "number") return undefined;
  const ruleRaw = raw + adjustments.reduce((n, a) => n + (a.computed - a.score), 0);
  const scaled = typeof applicable === "number" && typeof full === "number" && applicable < full && applicable > 0;
  return excelRound(scaled ? (ruleRaw / applicable) * 100 : ruleRaw, 2);
}

export function scoreStanding(result: EvaluationResult): ScoreStanding {
  const counts = countBySeverity(result.findings);
  const adjustments = adjustmentsOf(result);
  const firstCause = firstRootCause(result.findings);
  const standing: Standing =
    counts.error > 0 && firstCause
      ? { kind: "errors", errors: counts.error, firstCause }
      : adjustments.length > 0
        ? { kind: "adjusted" }
        : { kind: "ready" };
  const computedTotal = adjustments.length > 0 ? computedTotalOf(result, adjustments) : undefined;
  return { standing, counts, adjustments, ...(computedTotal !== undefined ? { computedTotal } : {}) };
}
