/**
 * Values typed the way people type them: "≥90%", "30余次", "561.09万元", "1,234.56", full-width digits,
 * "—", blank. Parsing never throws; what cannot be read is reported to the caller as `error`.
 */

export type Comparator = ">=" | "<=" | "=" | ">" | "<";

export interface ParsedQuantity {
  /** The number, with percentages as fractions (90% → 0.9); null when blank or unreadable. */
  readonly value: number | null;
  /** The unit written after the number ("%", "次", "万元"…), or "" when none. */
  readonly unit: string;
  readonly comparator: Comparator | null;
  /** True when the text was blank or a dash: "no value given". */
  readonly blank: boolean;
  /** Set when there was text but no readable number. */
  readonly error?: string;
  /** "30余次" and "70余件" are approximations; the reader may want to say so. */
  readonly approximate: boolean;
  /** Set when a plain number next to a "%" unit column was read as percentage points ("100" → 100%). */
  readonly percentPoints?: number;
}

/**
 * A plain number whose unit column says "%" is in percentage points when it is above this: published
 * forms write "100" | "%" for 100%, while the template's own cells hold fractions (0.9, 1.2 for 120%).
 * The row formulas apply the same rule (formulas.ts), so the workbook and the engine agree.
 */
export const PERCENT_POINTS_ABOVE = 2;

const FULL_WIDTH_OFFSET = 0xfee0;
const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;

/** Full-width ASCII (０-９, ．, ％, ，, －, ＋) to half-width, and ideographic space to space. */
export function toHalfWidth(text: string): string {
  // Most text has none: returned as it is, not copied character by character.
  if (!FULL_WIDTH.test(text)) return text;
  let out = "";
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - FULL_WIDTH_OFFSET);
    else if (code === 0x3000) out += " ";
    else out += ch;
  }
  return out;
}

const BLANK_MARKS = new Set(["", "-", "—", "——", "–", "/", "无", "N/A", "n/a", "NA"]);

const COMPARATOR_PREFIXES: ReadonlyArray<[string, Comparator]> = [
  [">=", ">="],
  ["≥", ">="],
  ["大于等于", ">="],
  ["不低于", ">="],
  ["不少于", ">="],
  ["<=", "<="],
  ["≤", "<="],
  ["小于等于", "<="],
  ["不高于", "<="],
  ["不超过", "<="],
  ["=", "="],
  ["＝", "="],
  [">", ">"],
  ["<", "<"],
];

const NUMBER_PATTERN = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?/;

export function parseQuantity(input: unknown): ParsedQuantity {
  if (input === null || input === undefined) return blankQuantity();
  if (typeof input === "number") {
    return Number.isFinite(input)
      ? { value: input, unit: "", comparator: null, blank: false, approximate: false }
      : { ...blankQuantity(), blank: false, error: "不是有效数字" };
  }
  if (typeof input !== "string") return { ...blankQuantity(), blank: false, error: "不是数字或文本" };
  if (input.length > REMEMBERED_LENGTH) return parseQuantityText(input);
  let parsed = PARSED.get(input);
  if (parsed === undefined) {
    if (PARSED.size >= 4096) PARSED.clear();
    parsed = parseQuantityText(input);
    PARSED.set(input, parsed);
  }
  return parsed;
}

/**
 * The same few texts ("≥95%", "100%", "满意") fill every indicator table: each is read once and its
 * (read-only) reading handed out again. Up to 4,096 texts of up to 64 characters (a cell's description
 * of a qualitative result can run to 32,767: read anew, never kept).
 */
const PARSED = new Map<string, ParsedQuantity>();
const REMEMBERED_LENGTH = 64;

function parseQuantityText(input: string): ParsedQuantity {
  let text = toHalfWidth(input).trim().replace(/\s+/g, "");
  if (BLANK_MARKS.has(text)) return blankQuantity();
  let comparator: Comparator | null = null;
  for (const [prefix, comp] of COMPARATOR_PREFIXES) {
    if (text.startsWith(prefix)) {
      comparator = comp;
      text = text.slice(prefix.length);
      break;
    }
  }
  const match = NUMBER_PATTERN.exec(text);
  if (!match) {
    return { value: null, unit: "", comparator, blank: false, approximate: false, error: `“${input}”中没有可识别的数字` };
  }
  let value = Number(match[0].replace(/,/g, ""));
  let rest = text.slice(match[0].length);
  let approximate = false;
  if (/^(余|多|以上|左右)/.test(rest)) {
    approximate = true;
    rest = rest.replace(/^(余|多|以上|左右)/, "");
  }
  let unit = rest;
  if (unit.startsWith("%") || /^(百分比|百分数)/.test(unit)) {
    // "≥100百分比" is a malformed 100% (findings say so); read it as the percentage it means.
    value = value / 100;
    unit = "%";
  } else if (unit.startsWith("‰")) {
    value = value / 1000;
    unit = "‰";
  }
  return { value, unit, comparator, blank: false, approximate };
}

function blankQuantity(): ParsedQuantity {
  return { value: null, unit: "", comparator: null, blank: true, approximate: false };
}

export interface ParsedAmount {
  value: number | null;
  blank: boolean;
  error?: string;
}

/**
 * An amount in 万元. "561.09万元" and "561.09" are 561.09; "5,610,900元" is converted to 万元.
 */
export function parseAmount(input: unknown): ParsedAmount {
  const q = parseQuantity(input);
  if (q.blank) return { value: null, blank: true };
  if (q.value === null) return { value: null, blank: false, error: q.error ?? "不是有效金额" };
  switch (q.unit) {
    case "":
    case "万元":
    case "万":
      return { value: q.value, blank: false };
    case "元":
      return { value: q.value / 10000, blank: false };
    case "亿元":
      return { value: q.value * 10000, blank: false };
    default:
      return { value: null, blank: false, error: `金额单位“${q.unit}”无法识别，请填写以万元为单位的数字` };
  }
}

/** A count (人数 etc.): a non-negative number; "28人" is 28. */
export function parseCount(input: unknown): ParsedAmount {
  const q = parseQuantity(input);
  if (q.blank) return { value: null, blank: true };
  if (q.value === null) return { value: null, blank: false, error: q.error ?? "不是有效数字" };
  return { value: q.value, blank: false };
}

/** Text cell content: trims, and treats blank marks as empty. */
export function cleanText(input: unknown): string {
  if (input === null || input === undefined) return "";
  const text = String(input).trim();
  return text;
}
