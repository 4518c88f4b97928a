import type { SnapshotValue } from "../template/core";

/**
 * Showing and typing cell values the way Excel does, for the few number formats the template uses
 * ("#,##0.00", "0.00", "0", "0.00%", "General", "@" and the links' "fmt;-fmt;;@").
 */

/** The text a cell shows under `numFmt`. */
export function formatValue(value: SnapshotValue | null | undefined, numFmt = "General"): string {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value;
  const sections = numFmt.split(";");
  // A third section that is empty hides zeros (the links show a blank field as blank, not 0).
  if (value === 0 && sections.length >= 3) return formatNumber(0, sections[2]!);
  if (value < 0 && sections.length >= 2) return formatNumber(-value, sections[1]!);
  return formatNumber(value, sections[0]!);
}

function formatNumber(value: number, section: string): string {
  if (section === "") return "";
  if (section === "@" || section === "General") return general(value);
  const prefix = section.startsWith("-") ? "-" : "";
  const percent = section.includes("%");
  const decimals = /\.(0+)/.exec(section)?.[1]?.length ?? 0;
  const grouping = section.includes(",");
  const scaled = percent ? value * 100 : value;
  return `${prefix}${numberFormat(decimals, grouping).format(scaled)}${percent ? "%" : ""}`;
}

/** One Intl.NumberFormat per kind: making one costs far more than formatting with it, and the grid formats every cell. */
const NUMBER_FORMATS = new Map<string, Intl.NumberFormat>();
function numberFormat(decimals: number, grouping: boolean): Intl.NumberFormat {
  const key = `${decimals}${grouping ? "," : ""}`;
  let format = NUMBER_FORMATS.get(key);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: grouping });
    NUMBER_FORMATS.set(key, format);
  }
  return format;
}

/** Excel's General: at most 11 significant digits, no float noise (0.1 + 0.2 shows 0.3). */
function general(value: number): string {
  return String(Number(value.toPrecision(11)));
}

/** What the cell's editor shows: the value as one would type it again (a rate as "95%"). */
export function editText(value: SnapshotValue | null | undefined, numFmt = "General"): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    const first = numFmt.split(";")[0] ?? "";
    if (first.includes("%")) return `${Number((value * 100).toPrecision(15))}%`;
    return String(Number(value.toPrecision(15)));
  }
  return formatValue(value, numFmt);
}

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?%?$/;

/**
 * What typing `text` into a cell formatted `numFmt` stores: in a text cell ("@") always the text as typed;
 * elsewhere a number when it reads as one ("1,234.5", "90%", and in a percent cell "95" → 0.95 like Excel's
 * automatic percent entry), else the text. Clearing the entry gives "" (an empty cell).
 */
export function parseEntry(text: string, numFmt = "General"): SnapshotValue {
  if (text.trim() === "") return "";
  if (numFmt === "@") return text;
  const t = text.trim();
  if (!NUMBER.test(t) || !/\d/.test(t)) return text;
  const percentTyped = t.endsWith("%");
  const n = Number(t.replace(/[,%]/g, ""));
  if (!Number.isFinite(n)) return text;
  const percentCell = (numFmt.split(";")[0] ?? "").includes("%");
  // Excel's automatic percent entry: in a percent cell, numbers of 1 or more are read as percents.
  const value = percentTyped || (percentCell && Math.abs(n) >= 1) ? n / 100 : n;
  return Number(value.toPrecision(15));
}
