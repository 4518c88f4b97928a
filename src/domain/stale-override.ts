import { formatScore } from "./format";
import { excelRound } from "./rounding";

/**
 * A manual 调整得分 stores, beside it, the computed score it replaced (`override.replaced`; the add-in writes
 * it when the override is first evaluated). When the computed score later differs, the override is stale:
 * OVERRIDE_STALE at the override's cell, and the report says so. One rule and one wording for the
 * department form and every project form.
 */

/** An override is stale when the computed score it replaced (stored with it) is no longer the computed score. */
export function isStale(replaced: number | null | undefined, computed: number): boolean {
  return typeof replaced === "number" && Math.abs(excelRound(replaced, 2) - excelRound(computed, 2)) > 1e-9;
}

/** OVERRIDE_STALE of a 执行率 override; `label` is the form's name for it (预算执行率, a project's 执行率). */
export function staleExecutionMessage(label: string, override: number, replaced: number, computed: number): string {
  return `${label}调整得分${formatScore(override)}分是在按规则计${formatScore(replaced)}分时填写的，数据变化后按规则计${formatScore(computed)}分，调整得分仍为${formatScore(override)}分。请重新确认调整得分及理由，或清空调整得分。`;
}

/**
 * The report never presents a stale override as if still meant: it says what changed under it.
 * `subject` names the score the sentence is about when the paragraph holds several.
 */
export function staleSentence(override: number, replaced: number, computed: number, subject = "上述得分"): string {
  return `（注：${subject}为人工调整得分${formatScore(override)}分，调整时按评分规则计${formatScore(replaced)}分；数据变化后按评分规则计${formatScore(computed)}分，该调整得分尚待重新确认。）`;
}
