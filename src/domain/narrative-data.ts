import type { EvaluationResult } from "./engine";
import { SCALAR_INPUTS, type ScalarFieldSpec } from "./fields";
import { LEVEL_OF_LEVEL1, type LevelId } from "./formulas";
import type { EvaluationInput } from "./model";
import { LEVEL1_NAMES, type Level1Name, type RateId } from "./vocabulary";
import { parseAmount, parseCount } from "./parse";

/**
 * What the narrative, the free-text check and the merge share: reading input figures the way the
 * engine reads them (so "561.09万元" and 561.09 are the same figure everywhere), the stable paragraph
 * keys, and the mapping from a key to the data the paragraph talks about.
 */

const SPEC_BY_ID = new Map<string, ScalarFieldSpec>(SCALAR_INPUTS.map((s) => [s.id, s]));

export function fieldLabel(id: string): string {
  return SPEC_BY_ID.get(id)?.label ?? id;
}

/** An amount input in 万元 as the engine parses it; null when blank or unreadable. */
export function amountOf(input: EvaluationInput, id: string): number | null {
  const spec = SPEC_BY_ID.get(id);
  if (!spec) throw new Error(`Unknown field id ${id}`);
  return parseAmount(spec.get(input)).value;
}

/** A count input (人数) as the engine parses it. */
export function countOf(input: EvaluationInput, id: string): number | null {
  const spec = SPEC_BY_ID.get(id);
  if (!spec) throw new Error(`Unknown field id ${id}`);
  return parseCount(spec.get(input)).value;
}

/** Trimmed text, "" when blank. */
export function clean(text: unknown): string {
  return text === undefined || text === null ? "" : String(text).trim();
}

/**
 * Indicator indices grouped by level, in input order within a level. Levels in LEVEL1_NAMES order, only
 * those in `levels` (the result's: 成本 only where the profile or the table has it), 成本 first when the
 * profile says so (豫财效〔2022〕4号) and otherwise right after 产出 (财预〔2021〕101号).
 */
export function indicatorsByLevel(
  input: EvaluationInput,
  levels?: readonly LevelId[],
  costFirst = false,
): Array<{ level: Exclude<LevelId, "execution">; name: string; indices: number[] }> {
  const order: Level1Name[] = costFirst ? ["成本指标", "产出指标", "效益指标", "满意度指标"] : ["产出指标", "成本指标", "效益指标", "满意度指标"];
  return order
    .filter((name) => LEVEL1_NAMES.includes(name) && (!levels || levels.includes(LEVEL_OF_LEVEL1[name])))
    .map((name) => ({
      level: LEVEL_OF_LEVEL1[name],
      name,
      indices: input.indicators.flatMap((ind, i) => (ind.level1 === name ? [i] : [])),
    }));
}

/**
 * Paragraph keys of indicators. Keyed by name (not position) so that a hand-edited paragraph stays
 * with its indicator when another one is added or removed; a repeated name gets "~2", "~3".
 */
export function indicatorKeys(input: EvaluationInput): { line: string[]; note: string[] } {
  const seen = new Map<string, number>();
  const line: string[] = [];
  const note: string[] = [];
  input.indicators.forEach((ind) => {
    const level = LEVEL_OF_LEVEL1[ind.level1];
    const base = `${level}:${ind.name.trim()}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const id = `${ind.name.trim()}${n > 1 ? `~${n}` : ""}`;
    line.push(`s5.${level}.i:${id}`);
    note.push(`s5.${level}.n:${id}`);
  });
  return { line, note };
}

/** What a paragraph is about, for reading the figures in its text. */
export type TextSubject =
  | "basic"
  | "project"
  | "govFund"
  | "stateCapital"
  | "fiscal"
  | "personnel"
  | "publicExpense"
  | "publicControl"
  | "threePublic"
  | "procurement"
  | "carryover"
  | "staff";

export interface TextContext {
  /** The budget line a figure without its own subject belongs to (the section's topic). */
  subject?: TextSubject;
  /** The 一级指标 whose 分值/得分 the text states. */
  level?: LevelId;
  /** The indicator the text is about; "unknown" when it is an indicator line we cannot identify. */
  indicator?: number | "unknown";
  /** The text states the total score. */
  total?: boolean;
}

/**
 * The context of a generated paragraph, from its key. Pass `keys` (indicatorKeys(input)) when
 * looking up many paragraphs, so the indicator keys are computed once.
 */
export function contextOfKey(key: string, input: EvaluationInput, keys?: ReturnType<typeof indicatorKeys>): TextContext {
  if (key === "s2.basic") return { subject: "basic" };
  if (key === "s2.project") return { subject: "project" };
  if (key === "s2.publicControl") return { subject: "publicControl" };
  if (key === "s3.body") return { subject: "govFund" };
  if (key === "s4.body") return { subject: "stateCapital" };
  if (key === "s1.staff") return { subject: "staff" };
  if (key === "s5.overview") return { total: true };
  if (key === "s5.execution.h") return { level: "execution" };
  if (key === "s5.execution") return { level: "execution", subject: "fiscal" };
  const heading = /^s5\.(output|effect|satisfaction)\.(h|none)$/.exec(key);
  if (heading) return { level: heading[1] as LevelId };
  if (/^s5\.(output|effect|satisfaction)\.[in]:/.test(key)) {
    const k = keys ?? indicatorKeys(input);
    let index = k.line.indexOf(key);
    if (index < 0) index = k.note.indexOf(key);
    const level = key.split(".")[1] as LevelId;
    return { level, indicator: index < 0 ? "unknown" : index };
  }
  return {};
}

/** Rates an indicator's 实际完成值 may be taken from, and the sentence that states each. */
export const LINKED_RATE_ORDER: readonly RateId[] = [
  "publicControl",
  "threePublicControl",
  "staffControl",
  "procurement",
  "carryover",
];

/** The year's data a score or rate figure refers to, by field id; null when not available. */
export function dataValue(id: string, input: EvaluationInput, result: EvaluationResult): number | null {
  if (id.startsWith("rate.")) return result.rates[id.slice(5) as RateId]?.value ?? null;
  if (id === "total") return result.total;
  if (id === "execution.score") return result.execution.score;
  if (id === "rule.weight.execution") return result.execution.weight;
  const level = /^level\.(\w+)\.(weight|score|applicableWeight|deduction)$/.exec(id);
  if (level) {
    const l = result.levels.find((x) => x.id === level[1]);
    return l ? l[level[2] as "weight" | "score" | "applicableWeight" | "deduction"] : null;
  }
  const ind = /^indicators\[(\d+)\]\.(weight|score|deduction|target|actual)$/.exec(id);
  if (ind) {
    const r = result.indicators[Number(ind[1])];
    if (!r) return null;
    switch (ind[2]) {
      case "weight":
        return r.weight;
      case "score":
        return r.score;
      case "deduction":
        return r.deduction;
      case "target":
        return r.targetValue;
      default:
        return r.actualValue;
    }
  }
  if (id.startsWith("unit.staff.")) return countOf(input, id);
  return amountOf(input, id);
}
