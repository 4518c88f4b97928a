/**
 * A small subset of Excel number formats, shared by Range.text and TEXT().
 * Supported: General, "@", digit placeholders (0 # ?) with decimals, thousands
 * separators, %, literal text ("元", \x, _x), up to 4 sections (pos;neg;zero;text),
 * [Color]/[$¥-804] brackets (ignored / symbol kept), simple dates (yyyy m d h mm ss).
 * Rounding is half away from zero on the decimal representation, as Excel does.
 */
import Decimal from "decimal.js";

/** Excel serial 0 = 1899-12-30 (with the 1900 leap-year bug folded in for serials >= 61). */
export function serialToDate(serial: number): { y: number; m: number; d: number; hh: number; mm: number; ss: number } {
  const ms = Math.round((serial - 25569) * 86400_000);
  const dt = new Date(ms);
  return {
    y: dt.getUTCFullYear(),
    m: dt.getUTCMonth() + 1,
    d: dt.getUTCDate(),
    hh: dt.getUTCHours(),
    mm: dt.getUTCMinutes(),
    ss: dt.getUTCSeconds(),
  };
}

export function dateToSerial(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / 86400_000 + 25569;
}

/** Rounds half away from zero at `digits` decimals, after trimming binary noise to 15 significant digits. */
export function roundHalfAway(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const d = new Decimal(x.toPrecision(15));
  if (digits >= 0) return d.toDecimalPlaces(digits, Decimal.ROUND_HALF_UP).toNumber();
  const f = new Decimal(10).pow(-digits);
  return d.div(f).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).mul(f).toNumber();
}

/** Number → text the way Excel's General format and text coercion show it (≤ 15 significant digits). */
export function generalNumber(x: number, maxSig = 15): string {
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (abs >= 1e21 || abs < 1e-9) {
    const [mant, exp] = x.toExponential(Math.min(maxSig, 15) - 1).split("e");
    const m = mant!.includes(".") ? mant!.replace(/0+$/, "").replace(/\.$/, "") : mant!;
    const e = Number(exp);
    return `${m}E${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  const s = new Decimal(x.toPrecision(maxSig)).toFixed();
  return s;
}

/** General format in a cell: Excel shows at most ~11 characters; we use 10 significant digits. */
export function generalCellText(x: number): string {
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e11 || abs < 1e-9)) {
    const [mant, exp] = x.toExponential(5).split("e");
    const m = mant!.replace(/0+$/, "").replace(/\.$/, "");
    const e = Number(exp);
    return `${m}E${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return generalNumber(x, 10);
}

function splitSections(fmt: string): string[] {
  const out: string[] = [];
  let cur = "";
  let inQuote = false;
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!;
    if (ch === '"') inQuote = !inQuote;
    if (ch === "\\" && !inQuote) {
      cur += ch + (fmt[i + 1] ?? "");
      i++;
      continue;
    }
    if (ch === ";" && !inQuote) {
      out.push(cur);
      cur = "";
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

type Piece = { lit: string } | { code: string };

function tokenize(section: string): Piece[] {
  const out: Piece[] = [];
  for (let i = 0; i < section.length; i++) {
    const ch = section[i]!;
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      const stop = end < 0 ? section.length : end;
      out.push({ lit: section.slice(i + 1, stop) });
      i = stop;
    } else if (ch === "\\") {
      out.push({ lit: section[i + 1] ?? "" });
      i++;
    } else if (ch === "_") {
      out.push({ lit: " " });
      i++;
    } else if (ch === "*") {
      i++;
    } else if (ch === "[") {
      const end = section.indexOf("]", i);
      const inner = section.slice(i + 1, end < 0 ? section.length : end);
      const cur = /^\$([^-]*)/.exec(inner);
      if (cur) out.push({ lit: cur[1]! });
      i = end < 0 ? section.length : end;
    } else {
      out.push({ code: ch });
    }
  }
  return out;
}

function isDateFormat(pieces: Piece[]): boolean {
  return pieces.some((p) => "code" in p && /[ydhs]/i.test(p.code));
}

function formatDate(x: number, pieces: Piece[]): string {
  const t = serialToDate(x);
  const codes: string[] = [];
  // Merge consecutive identical code letters ("yyyy", "mm").
  const merged: Piece[] = [];
  for (const p of pieces) {
    const last = merged[merged.length - 1];
    if ("code" in p && last && "code" in last && last.code[0]!.toLowerCase() === p.code.toLowerCase() && /[ymdhs]/i.test(p.code)) {
      last.code += p.code;
    } else merged.push("code" in p ? { code: p.code } : p);
  }
  let out = "";
  let sawHour = false;
  for (let i = 0; i < merged.length; i++) {
    const p = merged[i]!;
    if ("lit" in p) {
      out += p.lit;
      continue;
    }
    const c = p.code.toLowerCase();
    codes.push(c);
    if (c.startsWith("y")) out += c.length <= 2 ? String(t.y % 100).padStart(2, "0") : String(t.y);
    else if (c.startsWith("m")) {
      const next = merged.slice(i + 1).find((q) => "code" in q && /[a-z]/i.test(q.code));
      const isMinute = sawHour || (next !== undefined && "code" in next && next.code.toLowerCase().startsWith("s"));
      const v = isMinute ? t.mm : t.m;
      out += c.length >= 2 ? String(v).padStart(2, "0") : String(v);
    } else if (c.startsWith("d")) out += c.length >= 2 ? String(t.d).padStart(2, "0") : String(t.d);
    else if (c.startsWith("h")) {
      sawHour = true;
      out += c.length >= 2 ? String(t.hh).padStart(2, "0") : String(t.hh);
    } else if (c.startsWith("s")) out += c.length >= 2 ? String(t.ss).padStart(2, "0") : String(t.ss);
    else out += p.code;
  }
  return out;
}

function formatNumberSection(x: number, pieces: Piece[], withSign: boolean): string {
  const codes = pieces.filter((p): p is { code: string } => "code" in p).map((p) => p.code);
  const percent = codes.filter((c) => c === "%").length;
  // Split at the decimal point among placeholder codes.
  let seenDot = false;
  let intDigits = 0;
  let fracDigits = 0;
  let fracOptional = 0;
  let thousands = false;
  let firstPh = -1;
  let lastPh = -1;
  pieces.forEach((p, i) => {
    if (!("code" in p)) return;
    if (p.code === ".") {
      seenDot = true;
      if (firstPh < 0) firstPh = i;
      lastPh = i;
      return;
    }
    if (p.code === "," && !seenDot) {
      thousands = true;
      return;
    }
    if (p.code === "0" || p.code === "#" || p.code === "?") {
      if (firstPh < 0) firstPh = i;
      lastPh = i;
      if (seenDot) {
        fracDigits++;
        if (p.code !== "0") fracOptional++;
      } else if (p.code === "0") intDigits++;
    }
  });
  let v = Math.abs(x) * Math.pow(100, percent);
  if (firstPh < 0) {
    // No placeholders: only literals.
    return (withSign && x < 0 ? "-" : "") + pieces.map((p) => ("lit" in p ? p.lit : p.code === "%" ? "%" : p.code)).join("");
  }
  v = roundHalfAway(v, fracDigits);
  let fixed = new Decimal(v.toPrecision(15)).toFixed(fracDigits);
  let [ip, fp] = fixed.split(".") as [string, string | undefined];
  if (fp !== undefined && fracOptional > 0) {
    let trim = 0;
    while (trim < fracOptional && fp.endsWith("0")) {
      fp = fp.slice(0, -1);
      trim++;
    }
  }
  if (ip === "0" && intDigits === 0) ip = "";
  if (ip.length < intDigits) ip = ip.padStart(intDigits, "0");
  if (thousands) ip = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  let numText = ip;
  if (seenDot) numText += "." + (fp ?? "");
  if (seenDot && (fp ?? "") === "" && fracDigits === fracOptional && fracDigits > 0) numText = ip + ".";
  let out = "";
  let emitted = false;
  pieces.forEach((p, i) => {
    if (i >= firstPh && i <= lastPh) {
      if (!emitted) {
        out += numText;
        emitted = true;
      }
      if ("lit" in p) out += "";
      return;
    }
    if ("lit" in p) out += p.lit;
    else if (p.code === "%") out += "%";
    else if (p.code === ",") out += "";
    else out += p.code;
  });
  fixed = out;
  const isZero = Number(v) === 0;
  return (withSign && x < 0 && !isZero ? "-" : "") + fixed;
}

/** Formats a number with an Excel number format (see the module comment for the subset). */
export function formatNumber(x: number, fmt: string): string {
  if (fmt === "" || /^general$/i.test(fmt)) return generalCellText(x);
  const sections = splitSections(fmt);
  let section = sections[0]!;
  let withSign = true;
  if (x < 0 && sections.length >= 2) {
    section = sections[1]!;
    withSign = false;
  } else if (x === 0 && sections.length >= 3) {
    section = sections[2]!;
  }
  if (/^general$/i.test(section.trim())) return (withSign ? "" : "") + generalCellText(withSign ? x : Math.abs(x));
  if (section === "@") return generalCellText(x);
  const pieces = tokenize(section);
  if (isDateFormat(pieces)) return formatDate(x, pieces);
  return formatNumberSection(x, pieces, withSign);
}

/** Text values under a format: the 4th section (with @) applies, otherwise the text itself. */
export function formatText(s: string, fmt: string): string {
  const sections = splitSections(fmt);
  const sec = sections.length >= 4 ? sections[3]! : fmt === "@" ? "@" : null;
  if (sec === null) return s;
  return tokenize(sec)
    .map((p) => ("lit" in p ? p.lit : p.code === "@" ? s : p.code))
    .join("");
}
