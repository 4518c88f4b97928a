import { ABS, IF, ROUND, add, lt, mul, num, ref, str, sub, sumCol, type Expr } from "./expr";
import { SCALAR_INPUTS } from "./fields";

/**
 * A checksum of every figure the report's text is made of. The add-in stores its value beside the
 * generated text; the 自评报告 sheet recomputes it with a native formula, so a supervisor without the
 * add-in sees at once that inputs changed after the text was written. Figures only: a changed
 * explanation text does not change it (Excel has no portable hash of text).
 */

// Not the add-in's own bookkeeping: the score an override replaced is written on the first evaluation,
// and would otherwise mark a brand-new report as out of date.
const NUMERIC = SCALAR_INPUTS.filter((f) => !f.bookkeeping && (f.type === "amount" || f.type === "count" || f.type === "score" || f.type === "year"));

/** Distinct weights, so that two figures trading places changes the sum. */
const terms: Expr[] = [
  ...NUMERIC.map((f, i) => mul(ref(f.id), num(i + 1))),
  mul(sumCol("weight"), num(101)),
  mul(sumCol("target"), num(103)),
  mul(sumCol("actual"), num(107)),
  mul(sumCol("score"), num(109)),
  mul(ref("total"), num(113)),
];

export const FRESHNESS_ID = "narrative.checksum";

export const FRESHNESS_EXPR: Expr = ROUND(
  terms.reduce((a, b) => add(a, b)),
  4,
);

/** The sheet's verdict, given the checksum stored when the text was generated. */
export const VERDICT_FRESH = "报告文字与当前数据一致";
export const VERDICT_STALE = "注意：报告生成后数据已修改，文字中的数字可能已过时。请在加载项中重新生成，或核对文字。";

export function freshnessVerdict(stored: Expr): Expr {
  return IF(lt(ABS(sub(FRESHNESS_EXPR, stored)), num(0.001)), str(VERDICT_FRESH), str(VERDICT_STALE));
}
