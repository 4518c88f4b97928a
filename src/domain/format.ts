import { excelRound } from "./rounding";

/**
 * Number formats of the report: amounts in 万元 with 2 decimals, rates in % with 2 decimals
 * (exactly 100% is written "100%", as the reference does), scores without trailing zeros.
 * All rounding is Excel's ROUND, never toFixed on a raw double.
 */

/** 561.09 → "561.09"; 38.4 → "38.40"; 1234.5 → "1234.50" (reports do not group thousands). */
export function formatAmount(value: number): string {
  return fixed2(excelRound(value, 2));
}

/** 0.94679 → "94.68%"; 1 → "100%"; 0.9 → "90.00%". */
export function formatRate(value: number): string {
  const pct = excelRound(value * 100, 2);
  if (pct === 100) return "100%";
  return `${fixed2(pct)}%`;
}

/** 9 → "9"; 4.5 → "4.5"; 4.987 → "4.99". */
export function formatScore(value: number): string {
  return trimZeros(fixed2(excelRound(value, 2)));
}

/** A quantity with its unit: (0.9, "%") → "90%"; (30, "次") → "30次"; (0.7773, "%") → "77.73%". */
export function formatQuantity(value: number, unit: string): string {
  if (unit === "%") return `${trimZeros(fixed2(excelRound(value * 100, 2)))}%`;
  if (unit === "‰") return `${trimZeros(fixed2(excelRound(value * 1000, 2)))}‰`;
  return `${trimZeros(fixed2(excelRound(value, 2)))}${unit}`;
}

/** Excel's day 0 of the 1900 date system (serial 1 is 1900-01-01, with Lotus's 1900-02-29 counted). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** An Excel date serial as Excel shows the date: 45291 → "2023年12月31日"; 5 → "1900年1月5日"; 60 → "1900年2月29日". */
export function formatDateSerial(serial: number): string {
  const day = Math.floor(serial);
  if (day === 60) return "1900年2月29日"; // Lotus's leap day, kept by Excel
  // Before it, Excel's days are one later than the calendar's from the same epoch.
  const d = new Date(EXCEL_EPOCH_MS + (day < 60 ? day + 1 : day) * DAY_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** The Excel serial of a UTC instant (1900 date system): Date.UTC(2023, 11, 31) → 45291. */
export function dateSerialOf(ms: number): number {
  return Math.round(((ms - EXCEL_EPOCH_MS) / DAY_MS) * 1e6) / 1e6;
}

/** Fixed two decimals of a value that is already rounded to 2 places (exact in decimal). */
function fixed2(rounded: number): string {
  const negative = rounded < 0;
  const cents = Math.round(Math.abs(rounded) * 100); // exact: |rounded| has at most 2 decimals
  const whole = Math.floor(cents / 100);
  const frac = String(cents % 100).padStart(2, "0");
  return `${negative && cents !== 0 ? "-" : ""}${whole}.${frac}`;
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** Excel number formats for the same figures, used by every workbook builder. */
export const EXCEL_FORMATS = {
  amount: "#,##0.00",
  rate: "0.00%",
  score: "0.00",
  count: "0",
  year: "0",
} as const;
