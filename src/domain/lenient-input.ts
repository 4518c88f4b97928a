import { finding, type Finding } from "./findings-types";
import { INDICATOR_KINDS, LEVEL1_NAMES, evaluationInputSchema, type EvaluationInput } from "./model";
import { parseCount } from "./parse";

/**
 * Reads a JSON input as leniently as the workbook reader reads cells: a value of the wrong type where the
 * engine can still read it (a year "2023年", a 分值 "10分", TRUE in an amount, 是/否 as text) is kept or
 * converted with a finding naming the field, and an indicator whose 一级指标 or 指标性质 is not one of the
 * choices is left out with a finding, as its row in a workbook is. Only what the input model cannot hold
 * at all (a missing unit, indicators that are not a list, unknown keys) is refused.
 */

export interface LenientRead {
  /** The input, when the remaining problems are all of the kind above. */
  input?: EvaluationInput;
  findings: Finding[];
  /** What could not be read at all: "$.unit: 必填" lines, for the usage error. */
  refused: string[];
  /** For each indicator of the input, its index in the JSON file (indicators left out shift the rest). */
  indicatorOrigin: number[];
}

type Path = ReadonlyArray<PropertyKey>;

/** "indicators[3].weight" from a path. */
export function pathId(path: Path): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out;
}

const NUMBER_LEAVES = new Set(["year", "weight", "qualitativeScore", "score"]);
const TYPED_LEAVES = new Set(["initial", "adjusted", "actual", "target", "personnel", "publicExpense", "carryover", "budget", "planned", "authorized", "retired"]);
const TEXT_LEAVES = new Set(["name", "level2", "unit", "tier", "reason", "deviationReason", "explanation", "supervisor", "implementer", "shortName", "internalOrgs", "subordinateUnits", "budgetUnits", "overview", "expected", "achieved", "projectDescription", "adjustmentReason", "lowExecutionReason"]);

function parentOf(root: unknown, path: Path): Record<PropertyKey, unknown> | undefined {
  let at: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at !== null && typeof at === "object" ? (at as Record<PropertyKey, unknown>) : undefined;
}

const shown = (v: unknown) => (typeof v === "string" ? `“${v}”` : JSON.stringify(v));

export function readInputLeniently(data: unknown): LenientRead {
  const findings: Finding[] = [];
  const copy: unknown = structuredClone(data);
  const first = evaluationInputSchema.safeParse(copy);
  const indicators = (copy as { indicators?: unknown } | null)?.indicators;
  const count = Array.isArray(indicators) ? indicators.length : 0;
  if (first.success) return { input: first.data, findings, refused: [], indicatorOrigin: [...Array(count).keys()] };

  const dropped = new Set<number>();
  for (const issue of first.error.issues) {
    const path = issue.path;
    const key = path[path.length - 1];
    const parent = parentOf(copy, path);
    if (parent && path.length === 2 && path[0] === "unit" && key === "year" && parent[key] === undefined) {
      // As an empty 评价年度 cell: a finding, and the rest is still evaluated.
      parent[key] = 0;
      findings.push(finding("REQUIRED_MISSING", "“评价年度”未填写（unit.year）。这是必填项。", "unit.year"));
      continue;
    }
    if (!parent || (typeof key !== "string" && typeof key !== "number") || !(key in parent)) continue;
    const value = parent[key];
    const id = pathId(path);
    const inIndicator = path[0] === "indicators" && typeof path[1] === "number" && path.length === 3 ? path[1] : undefined;
    if (typeof key !== "string" || (value !== null && typeof value === "object")) continue;
    if ((key === "level1" || key === "kind") && inIndicator !== undefined) {
      const choices: readonly string[] = key === "level1" ? LEVEL1_NAMES : INDICATOR_KINDS;
      const label = key === "level1" ? "一级指标" : "指标性质";
      findings.push(finding("INVALID_CHOICE", `${id} 的${label}${shown(value)}不是可选值（${choices.join("、")}），该指标未计入评价。`, id));
      dropped.add(inIndicator);
    } else if (key === "notApplicable") {
      const text = String(value).trim();
      if (text === "是" || text.toLowerCase() === "true") parent[key] = true;
      else {
        delete parent[key];
        if (text !== "" && text !== "否" && text.toLowerCase() !== "false") {
          findings.push(finding("NA_CHOICE_INVALID", `${id}（不适用）应为 true 或 false（或“是”“否”），现为${shown(value)}，按“否”处理。`, id));
        }
      }
    } else if (NUMBER_LEAVES.has(key)) {
      const n = typeof value === "string" ? parseCount(value).value : null;
      if (n !== null) parent[key] = n;
      else if (key === "weight") parent[key] = 0;
      else delete parent[key];
      findings.push(
        finding("JSON_TYPE_MISMATCH", `${id} 应为数字，现为${shown(value)}${n !== null ? `，已按 ${n} 读取` : "，无法读取，按未填写处理"}。`, id),
      );
    } else if (TYPED_LEAVES.has(key)) {
      // A number or text as typed ("561.09万元"); a logical value is neither.
      delete parent[key];
      findings.push(finding("JSON_TYPE_MISMATCH", `${id} 应为数字或文字，现为${shown(value)}，按未填写处理。`, id));
    } else if (TEXT_LEAVES.has(key) && (typeof value === "number" || typeof value === "boolean")) {
      parent[key] = String(value);
    }
  }
  if (Array.isArray(indicators) && dropped.size) {
    (copy as { indicators: unknown[] }).indicators = indicators.filter((_, i) => !dropped.has(i));
  }
  const origin = [...Array(count).keys()].filter((i) => !dropped.has(i));
  const second = evaluationInputSchema.safeParse(copy);
  if (!second.success) {
    const refused = second.error.issues.map((i) => `  $${i.path.length ? `.${pathId(i.path)}` : ""}：${i.message}`);
    return { findings, refused, indicatorOrigin: origin };
  }
  return { input: second.data, findings, refused: [], indicatorOrigin: origin };
}

/** A finding of the evaluation, its indicator index turned back into the JSON file's. */
export function withOriginalIndicator(f: Finding, origin: readonly number[]): Finding {
  const remap = (field: string) => field.replace(/^indicators\[(\d+)\]/, (m, k: string) => (origin[Number(k)] !== undefined ? `indicators[${origin[Number(k)]}]` : m));
  const field = remap(f.ref.field);
  const message = f.message.replace(/indicators\[(\d+)\]/g, (m) => remap(m));
  return field === f.ref.field && message === f.message ? f : { ...f, message, ref: { ...f.ref, field }, ...(f.cause ? { cause: { ...f.cause, field: remap(f.cause.field) } } : {}) };
}
