import Decimal from "decimal.js";

/**
 * Excel's ROUND: decimal half away from zero on the number as Excel shows it.
 * Excel keeps 15 significant digits, so 1.005 (stored as 1.00499999…) rounds to 1.01 there;
 * we reproduce that by reading the double at 15 significant digits before rounding.
 */
export function excelRound(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const fast = roundFarFromTie(value, digits);
  if (fast !== null) return fast;
  const d = new Decimal(value.toPrecision(15));
  // `|| 0` turns -0 into 0: Excel has no negative zero.
  if (digits >= 0) return d.toDecimalPlaces(digits, Decimal.ROUND_HALF_UP).toNumber() || 0;
  const scale = new Decimal(10).pow(-digits);
  return d.div(scale).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).mul(scale).toNumber() || 0;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

/**
 * The common case without a decimal object: when the scaled value is nowhere near a half, the binary
 * representation error cannot change the outcome, and k / 10^d is the same double Decimal returns.
 * Only values within a hair of a tie (1.005, 2.675 …) take the decimal path. Hand-written because
 * rounding runs for every score and rate on every keystroke; decimal.js stays the authority on ties.
 */
function roundFarFromTie(value: number, digits: number): number | null {
  const scale = POW10[digits];
  if (scale === undefined) return null;
  const scaled = Math.abs(value) * scale;
  if (scaled >= 1e12) return null;
  const floor = Math.floor(scaled);
  const frac = scaled - floor;
  if (Math.abs(frac - 0.5) <= 1e-6) return null;
  const rounded = (frac > 0.5 ? floor + 1 : floor) / scale;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
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
