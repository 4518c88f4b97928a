import Decimal from "decimal.js";

/**
 * Excel's ROUND: decimal half away from zero on the number as Excel shows it.
 * Excel keeps 15 significant digits, so 1.005 (stored as 1.00499999…) rounds to 1.01 there;
 * we reproduce that by reading the double at 15 significant digits before rounding.
 */
export function excelRound(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const d = new Decimal(value.toPrecision(15));
  if (digits >= 0) return d.toDecimalPlaces(digits, Decimal.ROUND_HALF_UP).toNumber();
  const scale = new Decimal(10).pow(-digits);
  return d.div(scale).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).mul(scale).toNumber();
}

/** Equality of two figures as they would be displayed at `digits` decimals. */
export function sameAtDigits(a: number, b: number, digits = 2): boolean {
  return excelRound(a, digits) === excelRound(b, digits);
}

/** Tolerance used when comparing sums of money typed in 万元 with 2 decimals. */
export const MONEY_EPSILON = 0.005;

/** Decimal sum, so that 454.99 + 279.04 is exactly 734.03 (plain doubles give 734.0300000000001). */
export function decimalSum(values: readonly number[]): number {
  return values.reduce((acc, v) => acc.plus(new Decimal(v.toPrecision(15))), new Decimal(0)).toNumber();
}
