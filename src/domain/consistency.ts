import type { EvaluationResult } from "./engine";
import { finding, type Finding } from "./findings-types";
import { formatAmount, formatQuantity, formatRate, formatScore } from "./format";
import { LEVEL_NAME, RATE_LABELS, type LevelId } from "./formulas";
import type { EvaluationInput, RateId } from "./model";
import {
  contextOfKey,
  dataValue,
  fieldLabel,
  indicatorKeys,
  type TextContext,
  type TextSubject,
} from "./narrative-data";
import { toHalfWidth } from "./parse";
import { excelRound } from "./rounding";

/**
 * Checks the figures written in free text against the data: every amount (…万元), percentage (…%)
 * and score (…分) is attributed to a data figure by the label words before it ("年初预算数",
 * "完成预算安排的", "占基本支出的", "预算执行率", "分值"…) and the subject of its sentence or section
 * ("基本支出", "项目支出", "人员经费"…), then compared at display precision (2 decimals). A figure whose
 * label cannot be read with confidence is left alone: a false alarm in a report costs the
 * accountant more than a missed one the table check catches anyway.
 */

export type { TextContext } from "./narrative-data";

export interface CheckTextOptions {
  /** Where the text sits (a paragraph of section 二（一）, an indicator…); headings inside the text update it. */
  context?: TextContext;
}

export interface TextMismatch {
  /** "value": the figure is not the data's; "conflict": it is, but the same figure is different elsewhere. */
  kind: "value" | "conflict";
  /** The field the text claims ("rate.projectCompletion", "budget.publicExpense"…). */
  field: string;
  /** Chinese name of that figure. */
  label: string;
  /** The figure as written, e.g. "1009%". */
  written: string;
  /** The data's figure in display form, e.g. "100%"; "（无数据）" when the data has none. */
  expected: string;
  /** Position of the written figure in the text. */
  offset: number;
  length: number;
  /** The sentence it is in, for messages. */
  sentence: string;
  /** For conflicts: the other field and its value. */
  conflictWith?: { field: string; label: string; value: string };
}

type Unit = "万元" | "%" | "分";
type Measure =
  | "initial"
  | "adjusted"
  | "actual"
  | "budget"
  | "completion"
  | "share"
  | "control"
  | "target"
  | "indicatorActual"
  | "weight"
  | "applicable"
  | "score"
  | "deduction"
  | "total"
  | "changeUp"
  | "changeDown";

interface LabelDef {
  re: RegExp;
  unit: Unit;
  measure?: Measure;
  /** A label that names the figure by itself ("预算执行率"). */
  field?: string;
}

/** Figures that are one real-world number entered twice: the text must use one value for both. */
const ALIAS_GROUPS: readonly (readonly string[])[] = [["budget.publicExpense", "budget.publicControl.actual"]];

const RATE_FIELD = (id: RateId) => `rate.${id}`;

const LABELS: readonly LabelDef[] = [
  // amounts
  { re: /年初预算(?:数|安排)?/g, unit: "万元", measure: "initial" },
  { re: /全年预算(?:数|安排)?|调整后预算数?/g, unit: "万元", measure: "adjusted" },
  { re: /预算数|预算/g, unit: "万元", measure: "budget" },
  { re: /实际支出|全年执行数|执行数|实际执行|实际使用|决算数|支出/g, unit: "万元", measure: "actual" },
  { re: /预算安排公用经费(?:总额)?/g, unit: "万元", field: "budget.publicControl.budget" },
  { re: /结转结余(?:资金|数)?/g, unit: "万元", field: "budget.carryover" },
  // rates named by themselves (the engine's own labels first, then the usual wordings)
  ...(Object.keys(RATE_LABELS) as RateId[]).map(
    (id): LabelDef => ({ re: new RegExp(escapeRe(RATE_LABELS[id]).replace(/[“”]/g, "[“”\"]?"), "g"), unit: "%", field: RATE_FIELD(id) }),
  ),
  { re: /预算执行率/g, unit: "%", field: "rate.execution" },
  { re: /公用经费控制率/g, unit: "%", field: "rate.publicControl" },
  { re: /在职人员控制率|人员控制率/g, unit: "%", field: "rate.staffControl" },
  { re: /[“"]?三公[”"]?经费控制率/g, unit: "%", field: "rate.threePublicControl" },
  { re: /结转结余率/g, unit: "%", field: "rate.carryover" },
  { re: /政府采购执行率/g, unit: "%", field: "rate.procurement" },
  { re: /预算调整率/g, unit: "%", field: "rate.adjustment" },
  // rates that need the sentence's subject
  { re: /完成预算安排的|完成全年预算的|完成预算的|完成率|执行率/g, unit: "%", measure: "completion" },
  // year on year ("三公经费较上年下降10%"): the direction word carries the sign
  { re: /(?:较上年(?:同期)?|比上年|同比)(?:下降|减少|降低|压减|缩减)(?:了)?/g, unit: "%", measure: "changeDown" },
  { re: /(?:较上年(?:同期)?|比上年|同比)(?:增长|增加|上升|提高)(?:了)?/g, unit: "%", measure: "changeUp" },
  { re: /占基本支出的?(?:比例|比重)?|占比/g, unit: "%", measure: "share" },
  { re: /控制率/g, unit: "%", measure: "control" },
  // indicator figures
  { re: /年度指标值|指标值|目标值/g, unit: "%", measure: "target" },
  { re: /实际完成值|完成值|实际值/g, unit: "%", measure: "indicatorActual" },
  // scores
  { re: /适用分值/g, unit: "分", measure: "applicable" },
  { re: /分值/g, unit: "分", measure: "weight" },
  { re: /总分|绩效得分|自评得分|综合得分|自评总分/g, unit: "分", measure: "total" },
  { re: /得分|得/g, unit: "分", measure: "score" },
  { re: /扣减|扣/g, unit: "分", measure: "deduction" },
];

const SUBJECTS: ReadonlyArray<[RegExp, TextSubject | "publicBare"]> = [
  [/基本支出/g, "basic"],
  [/项目支出|项目/g, "project"],
  [/政府性基金(?:预算支出)?/g, "govFund"],
  [/国有资本经营(?:预算支出)?/g, "stateCapital"],
  [/财政拨款/g, "fiscal"],
  [/人员经费/g, "personnel"],
  [/日常公用经费/g, "publicExpense"],
  [/预算安排公用经费|公用经费控制率/g, "publicControl"],
  [/公用经费/g, "publicBare"],
  [/[“"]?三公[”"]?经费/g, "threePublic"],
  [/政府采购/g, "procurement"],
  [/结转结余/g, "carryover"],
  [/在职人员|编制/g, "staff"],
];

/** Words that may stand between a label and its figure ("预算安排公用经费总额38.4万元", "执行率为95%"). */
const FILLER = /^(?:\s|为|是|达到|达|约|总额|合计|共计|总计|累计|共|计|[:：≥≤<>=])*$/;
/** Scores must follow their label directly ("得9分"): "分" is too common a character otherwise. */
const SCORE_FILLER = /^[\s:：]*$/;

const FIGURE = /(?<![\d.,])(-?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万元|%|分(?![钟之]))/g;
const SENTENCE_END = /[。！？!?\n]/;

const AMOUNT_LINES = new Set<TextSubject>(["basic", "project", "govFund", "stateCapital", "fiscal"]);

interface Claim {
  /** The data figure compared (may be a derived id such as level.output.deduction). */
  valueId: string;
  /** −1 where the words carry the sign ("下降10%" is −10 %). */
  sign?: -1;
  /** A figure the unit may leave out (上年数): without it the sentence cannot be checked, which is no finding. */
  optional?: boolean;
  /** The field a finding points at. */
  field: string;
  label: string;
  unit: Unit;
  /** How the data's figure is displayed in a message. */
  display: (v: number) => string;
}

export function checkTextAgainstData(
  text: string,
  input: EvaluationInput,
  result: EvaluationResult,
  opts: CheckTextOptions = {},
): TextMismatch[] {
  const out: TextMismatch[] = [];
  // Same length as the original (one code unit per character), so offsets stay valid.
  const half = toHalfWidth(text);
  let ctx: TextContext = { ...(opts.context ?? {}) };
  // An indicator given by the caller (from the paragraph's key) holds even if the text misnames it.
  const pinned = typeof opts.context?.indicator === "number" ? opts.context.indicator : undefined;
  let lineStart = 0;
  for (const line of half.split("\n")) {
    ctx = contextOfLine(line, ctx, input, pinned);
    checkLine(line, lineStart, ctx, input, result, out, text);
    lineStart += line.length + 1;
  }
  return out;
}

/** Checks every paragraph of a report with the context its key gives; returns findings naming the paragraph. */
export function checkReportParagraphs(
  paragraphs: ReadonlyArray<{ key: string; text: string }>,
  input: EvaluationInput,
  result: EvaluationResult,
): Finding[] {
  const keys = indicatorKeys(input);
  return paragraphs.flatMap((p) =>
    checkTextAgainstData(p.text, input, result, { context: contextOfKey(p.key, input, keys) }).map((m) =>
      mismatchToFinding(m, p.key),
    ),
  );
}

/** The Finding form of a mismatch (code TEXT_FIGURE_MISMATCH, severity error). */
export function mismatchToFinding(m: TextMismatch, paragraphKey?: string): Finding {
  const where = paragraphKey ? `（段落 ${paragraphKey}）` : "";
  const message =
    m.kind === "value"
      ? `报告文字${where}中${m.label}写作“${m.written}”，数据为“${m.expected}”。请改为数据中的数字，或核对数据。原句：${shorten(m.sentence)}`
      : `报告文字${where}中${m.label}写作“${m.written}”，与该项数据一致，但同一数字在${m.conflictWith?.label}中为“${m.conflictWith?.value}”，前后不一致。请以决算数为准统一数据。原句：${shorten(m.sentence)}`;
  return finding("TEXT_FIGURE_MISMATCH", message, m.field);
}

// ---- context from headings inside the text --------------------------------------------------------

const CN_NUM = "[一二三四五六七八九十]+";
const H1 = new RegExp(`^\\s*${CN_NUM}、`);
const H2 = new RegExp(`^\\s*[（(]${CN_NUM}[）)]`);

function contextOfLine(rawLine: string, ctx: TextContext, input: EvaluationInput, pinned?: number): TextContext {
  const line = rawLine.trim();
  if (H1.test(line)) {
    const head = line.slice(0, 20);
    if (/政府性基金/.test(head)) return { subject: "govFund" };
    if (/国有资本/.test(head)) return { subject: "stateCapital" };
    if (/绩效情况/.test(head)) return { total: true };
    return {};
  }
  const h2 = H2.exec(line);
  if (h2) {
    const head = line.slice(h2[0].length, h2[0].length + 12);
    if (/^基本支出/.test(head)) return { subject: "basic" };
    if (/^项目支出/.test(head)) return { subject: "project" };
    if (/^预算执行率/.test(head)) return { level: "execution", subject: "fiscal" };
    if (/^产出指标/.test(head)) return { level: "output" };
    if (/^效益指标/.test(head)) return { level: "effect" };
    if (/^满意度指标/.test(head)) return { level: "satisfaction" };
    return ctx;
  }
  // An indicator line: "1、督查工作，年度指标值：…" (or, as in the reference, without its number).
  const numbered = /^\s*\d+[、.．]\s*/.exec(line);
  if (ctx.level && ctx.level !== "execution" && (numbered || /年度指标值/.test(line))) {
    const rest = numbered ? line.slice(numbered[0].length) : line;
    const name = rest.split(/[，,]/)[0]!.trim();
    if (pinned !== undefined) {
      if (input.indicators[pinned]?.name.trim() === name) return { level: ctx.level, indicator: pinned };
      const other = findIndicator(name, ctx.level, input, false);
      return { level: ctx.level, indicator: other === "unknown" ? pinned : other };
    }
    return { level: ctx.level, indicator: findIndicator(name, ctx.level, input, true) };
  }
  return ctx;
}

function findIndicator(name: string, level: LevelId, input: EvaluationInput, guess: boolean): number | "unknown" {
  const inLevel = input.indicators.flatMap((ind, i) => (LEVEL_NAME[level] === ind.level1 ? [i] : []));
  const exact = inLevel.filter((i) => input.indicators[i]!.name.trim() === name);
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1) return "unknown"; // two indicators of that name: which one is not ours to guess
  // A level with a single indicator: the line can only be about it (the reference misspells its name).
  return guess && inLevel.length === 1 ? inLevel[0]! : "unknown";
}

// ---- one line ---------------------------------------------------------------------------------------

function checkLine(
  line: string,
  lineStart: number,
  ctx: TextContext,
  input: EvaluationInput,
  result: EvaluationResult,
  out: TextMismatch[],
  original: string,
) {
  let prevEnd = 0;
  for (const m of line.matchAll(FIGURE)) {
    const start = m.index;
    const end = start + m[0].length;
    const unit = m[4] as Unit;
    const sentenceStart = lastSentenceStart(line, start);
    const windowStart = Math.max(prevEnd, sentenceStart);
    prevEnd = end;
    const window = line.slice(windowStart, start);
    if (/分别/.test(window)) continue; // "A、B分别为x、y": positions, not labels, tell which is which
    const claim = resolve(line, sentenceStart, windowStart, start, unit, ctx, input, result);
    if (!claim) continue;
    const writtenNumber = (claim.sign ?? 1) * Number(`${m[1]}${m[2]!.replace(/,/g, "")}${m[3] ?? ""}`);
    const data = dataValue(claim.valueId, input, result);
    if (data === null && claim.optional) continue;
    const writtenText = original.slice(lineStart + start, lineStart + end);
    const sentence = sentenceAround(original, lineStart + sentenceStart);
    const base = { field: claim.field, label: claim.label, written: writtenText, offset: lineStart + start, length: end - start, sentence };
    if (data === null) {
      out.push({ kind: "value", ...base, expected: "（无数据）" });
      continue;
    }
    const scale = claim.unit === "%" ? 100 : 1;
    if (excelRound(writtenNumber, 2) !== excelRound(data * scale, 2)) {
      out.push({ kind: "value", ...base, expected: claim.display(data) });
      continue;
    }
    const group = ALIAS_GROUPS.find((g) => g.includes(claim.valueId));
    if (!group) continue;
    for (const other of group) {
      if (other === claim.valueId) continue;
      const v = dataValue(other, input, result);
      if (v !== null && excelRound(v, 2) !== excelRound(data, 2)) {
        out.push({
          kind: "conflict",
          ...base,
          expected: claim.display(data),
          conflictWith: { field: other, label: fieldLabel(other), value: `${formatAmount(v)}万元` },
        });
        break;
      }
    }
  }
}

function lastSentenceStart(line: string, before: number): number {
  for (let i = before - 1; i >= 0; i--) if (SENTENCE_END.test(line[i]!)) return i + 1;
  return 0;
}

function sentenceAround(text: string, start: number): string {
  let end = start;
  while (end < text.length && !SENTENCE_END.test(text[end]!)) end++;
  return text.slice(start, Math.min(text.length, end + 1)).trim();
}

interface Found {
  start: number;
  end: number;
}

/** The match ending last before `limit` (ties: the longest), searching text[from, limit). */
function lastMatch(line: string, from: number, limit: number, re: RegExp): Found | null {
  const slice = line.slice(from, limit);
  let best: Found | null = null;
  for (const m of slice.matchAll(re)) {
    const f = { start: from + m.index, end: from + m.index + m[0].length };
    if (!best || f.end > best.end || (f.end === best.end && f.start < best.start)) best = f;
  }
  return best;
}

function resolve(
  line: string,
  sentenceStart: number,
  windowStart: number,
  figureStart: number,
  unit: Unit,
  ctx: TextContext,
  input: EvaluationInput,
  result: EvaluationResult,
): Claim | null {
  let best: { def: LabelDef; found: Found } | null = null;
  for (const def of LABELS) {
    if (def.unit !== unit) continue;
    const found = lastMatch(line, windowStart, figureStart, def.re);
    if (!found) continue;
    if (
      !best ||
      found.end > best.found.end ||
      (found.end === best.found.end && found.end - found.start > best.found.end - best.found.start)
    ) {
      best = { def, found };
    }
  }
  if (!best) return null;
  const gap = line.slice(best.found.end, figureStart);
  if (!(unit === "分" ? SCORE_FILLER : FILLER).test(gap)) return null;
  if (best.def.field) return claimFor(best.def.field, input, result);
  const measure = best.def.measure!;

  if (unit === "分") return scoreClaim(measure, ctx, result);
  if (measure === "target" || measure === "indicatorActual") {
    if (typeof ctx.indicator !== "number") return null;
    const r = result.indicators[ctx.indicator];
    if (!r || r.unit !== "%" || r.kind === "定性") return null;
    const key = measure === "target" ? "target" : "actual";
    return {
      valueId: `indicators[${ctx.indicator}].${key}`,
      field: `indicators[${ctx.indicator}].${key}`,
      label: `指标“${r.name}”的${measure === "target" ? "年度指标值" : "实际完成值"}`,
      unit,
      display: (v) => formatQuantity(v, "%"),
    };
  }
  const subject = subjectOf(line, sentenceStart, best.found.start, ctx);
  if (!subject) return null;
  if (measure === "changeUp" || measure === "changeDown") return changeClaim(subject, measure, result);
  const field = unit === "万元" ? amountField(subject, measure) : rateField(subject, measure);
  return field ? claimFor(field, input, result) : null;
}

function subjectOf(line: string, sentenceStart: number, labelStart: number, ctx: TextContext): TextSubject | null {
  let best: { s: TextSubject | "publicBare"; f: Found } | null = null;
  for (const [re, s] of SUBJECTS) {
    const f = lastMatch(line, sentenceStart, labelStart, re);
    if (!f) continue;
    if (!best || f.end > best.f.end || (f.end === best.f.end && f.end - f.start > best.f.end - best.f.start)) best = { s, f };
  }
  if (best) {
    if (best.s !== "publicBare") return best.s;
    return ctx.subject === "publicControl" ? "publicControl" : "publicExpense";
  }
  // Without a subject of its own, a figure belongs to its section's budget line — but not inside an
  // indicator's text, where "实际支出" may be about anything.
  if (ctx.indicator !== undefined) return null;
  return ctx.subject ?? null;
}

function amountField(s: TextSubject, m: Measure): string | null {
  if (AMOUNT_LINES.has(s)) return m === "initial" || m === "adjusted" || m === "actual" ? `budget.${s}.${m}` : null;
  switch (s) {
    case "personnel":
      return m === "actual" ? "budget.personnel" : null;
    case "publicExpense":
      return m === "actual" ? "budget.publicExpense" : null;
    case "publicControl":
      return m === "actual" ? "budget.publicControl.actual" : "budget.publicControl.budget";
    case "threePublic":
      return m === "actual" ? "budget.threePublic.actual" : "budget.threePublic.budget";
    case "procurement":
      return m === "actual" ? "budget.procurement.actual" : "budget.procurement.planned";
    case "carryover":
      return "budget.carryover";
    default:
      return null;
  }
}

function rateField(s: TextSubject, m: Measure): string | null {
  if (m === "completion") {
    const map: Partial<Record<TextSubject, RateId>> = {
      basic: "basicCompletion",
      project: "projectCompletion",
      govFund: "govFundCompletion",
      stateCapital: "stateCapitalCompletion",
      fiscal: "fiscalCompletion",
      procurement: "procurement",
    };
    return map[s] ? RATE_FIELD(map[s]!) : null;
  }
  if (m === "share") return s === "personnel" ? "rate.personnelShare" : s === "publicExpense" ? "rate.publicShare" : null;
  if (m === "control") {
    const map: Partial<Record<TextSubject, RateId>> = {
      publicControl: "publicControl",
      publicExpense: "publicControl",
      threePublic: "threePublicControl",
      staff: "staffControl",
    };
    return map[s] ? RATE_FIELD(map[s]!) : null;
  }
  return null;
}

/** A year-on-year change of the figures that have a 上年数: 三公经费 and 财政拨款支出. */
function changeClaim(subject: TextSubject, measure: "changeUp" | "changeDown", result: EvaluationResult): Claim | null {
  const id: RateId | null = subject === "threePublic" ? "threePublicChange" : subject === "fiscal" ? "fiscalChange" : null;
  if (!id) return null;
  return {
    valueId: RATE_FIELD(id),
    field: RATE_FIELD(id),
    label: result.rates[id]?.label ?? RATE_LABELS[id],
    unit: "%",
    ...(measure === "changeDown" ? { sign: -1 as const } : {}),
    optional: true,
    display: (v) => (v < 0 ? `下降${formatRate(-v)}` : v > 0 ? `增长${formatRate(v)}` : "持平"),
  };
}

function claimFor(field: string, input: EvaluationInput, result: EvaluationResult): Claim {
  if (field.startsWith("rate.")) {
    const id = field.slice(5) as RateId;
    return { valueId: field, field, label: result.rates[id]?.label ?? RATE_LABELS[id], unit: "%", display: formatRate };
  }
  void input;
  return { valueId: field, field, label: fieldLabel(field), unit: "万元", display: (v) => `${formatAmount(v)}万元` };
}

function scoreClaim(measure: Measure, ctx: TextContext, result: EvaluationResult): Claim | null {
  const score = (valueId: string, field: string, label: string): Claim => ({
    valueId,
    field,
    label,
    unit: "分",
    display: (v) => `${formatScore(v)}分`,
  });
  if (measure === "total" || (ctx.total && measure === "score")) return score("total", "total", "部门整体支出绩效得分");
  if (typeof ctx.indicator === "number") {
    const i = ctx.indicator;
    const name = result.indicators[i]?.name ?? "";
    switch (measure) {
      case "weight":
        return score(`indicators[${i}].weight`, `indicators[${i}].weight`, `指标“${name}”的分值`);
      case "score":
        return score(`indicators[${i}].score`, `indicators[${i}].score`, `指标“${name}”的得分`);
      case "deduction":
        return score(`indicators[${i}].deduction`, `indicators[${i}].score`, `指标“${name}”的扣分`);
      default:
        return null;
    }
  }
  if (ctx.indicator === "unknown" || !ctx.level) return null;
  const level = ctx.level;
  const name = LEVEL_NAME[level];
  if (level === "execution") {
    switch (measure) {
      case "weight":
      case "applicable":
        return score("rule.weight.execution", "execution.score", `${name}分值`);
      case "score":
        return score("execution.score", "execution.score", `${name}得分`);
      case "deduction":
        return score("level.execution.deduction", "execution.score", `${name}扣分`);
      default:
        return null;
    }
  }
  switch (measure) {
    case "weight":
      return score(`level.${level}.weight`, `level.${level}.score`, `${name}分值`);
    case "applicable":
      return score(`level.${level}.applicableWeight`, `level.${level}.score`, `${name}适用分值`);
    case "score":
      return score(`level.${level}.score`, `level.${level}.score`, `${name}得分`);
    case "deduction":
      return score(`level.${level}.deduction`, `level.${level}.score`, `${name}扣分`);
    default:
      return null;
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function shorten(s: string): string {
  return s.length > 60 ? `${s.slice(0, 58)}…` : s;
}
