import { INDICATOR_COLUMNS, LIST_INPUTS, SCALAR_INPUTS } from "../domain/fields";
import { FINDING_CATALOGUE, isFindingCode } from "../domain/finding-catalogue";
import { formatScore } from "../domain/format";
import { excelRound } from "../domain/rounding";
import type { Finding } from "../domain/findings-types";
import type { Indicator } from "../domain/model";
import type { Evaluation } from "./evaluate-workbook";

/**
 * What changed between two versions of a unit's evaluation, in the reviewer's terms: inputs (field,
 * old → new), scores and grade by level and indicator, findings added and resolved, report paragraphs
 * (edited by hand or regenerated). Both sides come from the one use case, so a difference here is a
 * difference the add-in itself would show.
 */

export type ChangeCategory = "填报数据" | "绩效指标" | "得分" | "检查发现" | "报告段落";

export interface Change {
  category: ChangeCategory;
  /** What changed, in words: a field's label, an indicator's name, a finding's title, a paragraph. */
  item: string;
  /** The kind of change: 修改, 新增, 删除, 新出现, 已解决, 手动修改, 重新生成. */
  kind: string;
  before: string;
  after: string;
  /** Where to look in the new version (a cell), when known. */
  cell?: string;
}

const shown = (v: unknown): string => {
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return v.join("；");
  return String(v).trim();
};

function inputChanges(a: Evaluation, b: Evaluation): Change[] {
  const out: Change[] = [];
  for (const f of SCALAR_INPUTS) {
    const before = shown(f.get(a.read.input));
    const after = shown(f.get(b.read.input));
    if (before !== after) out.push({ category: "填报数据", item: f.label, kind: "修改", before, after, ...cellOf(b, f.id) });
  }
  for (const l of LIST_INPUTS) {
    const before = l.get(a.read.input);
    const after = l.get(b.read.input);
    for (const item of after.filter((x) => !before.includes(x))) out.push({ category: "填报数据", item: l.label, kind: "新增", before: "", after: item });
    for (const item of before.filter((x) => !after.includes(x))) out.push({ category: "填报数据", item: l.label, kind: "删除", before: item, after: "" });
  }
  return out;
}

function cellOf(e: Evaluation, field: string): { cell?: string } {
  const cell = e.read.cellOf(field);
  return cell ? { cell } : {};
}

/** Indicators are matched by 一级指标 + name, so moving a row is not a change. */
const indicatorKey = (i: Indicator) => `${shown(i.level1)}|${shown(i.name)}`;

/** A target or actual as the form shows it: 0.9 with unit % is "90%". */
function indicatorValue(ind: Indicator, id: string, v: unknown): string {
  if ((id === "target" || id === "actual") && typeof v === "number") {
    const unit = shown(ind.unit);
    return unit === "%" ? `${excelRound(v * 100, 2)}%` : `${v}${unit}`;
  }
  return shown(v);
}

function indicatorChanges(a: Evaluation, b: Evaluation): Change[] {
  const out: Change[] = [];
  const before = new Map(a.read.input.indicators.map((x, i) => [indicatorKey(x), { x, i }]));
  const after = new Map(b.read.input.indicators.map((x, i) => [indicatorKey(x), { x, i }]));
  for (const [key, n] of after) {
    const o = before.get(key);
    const name = shown(n.x.name);
    if (!o) {
      out.push({ category: "绩效指标", item: name, kind: "新增", before: "", after: `${shown(n.x.level1)}，分值 ${shown(n.x.weight)}`, ...cellOf(b, `indicators[${n.i}].name`) });
      continue;
    }
    for (const c of INDICATOR_COLUMNS) {
      if (!c.input || !c.get) continue;
      const was = indicatorValue(o.x, c.id, c.get(o.x));
      const now = indicatorValue(n.x, c.id, c.get(n.x));
      if (was !== now) out.push({ category: "绩效指标", item: `${name}：${c.label}`, kind: "修改", before: was, after: now, ...cellOf(b, `indicators[${n.i}].${c.id}`) });
    }
  }
  for (const [key, o] of before) {
    if (!after.has(key)) out.push({ category: "绩效指标", item: shown(o.x.name), kind: "删除", before: `${shown(o.x.level1)}，分值 ${shown(o.x.weight)}`, after: "" });
  }
  return out;
}

function scoreChanges(a: Evaluation, b: Evaluation): Change[] {
  const out: Change[] = [];
  const ra = a.result;
  const rb = b.result;
  if (ra.profile.id !== rb.profile.id) out.push({ category: "得分", item: "评分规则", kind: "修改", before: ra.profile.name, after: rb.profile.name });
  if (ra.total !== rb.total) out.push({ category: "得分", item: "自评总分", kind: "修改", before: formatScore(ra.total), after: formatScore(rb.total) });
  if (ra.grade !== rb.grade) out.push({ category: "得分", item: "评价等级", kind: "修改", before: ra.grade, after: rb.grade });
  for (const l of rb.levels) {
    const o = ra.levels.find((x) => x.id === l.id);
    if (o && o.score !== l.score) out.push({ category: "得分", item: l.name, kind: "修改", before: formatScore(o.score), after: formatScore(l.score) });
  }
  const before = new Map(ra.indicators.map((x) => [`${x.level1}|${x.name}`, x]));
  for (const x of rb.indicators) {
    const o = before.get(`${x.level1}|${x.name}`);
    if (o && o.score !== x.score) {
      out.push({ category: "得分", item: `${x.name}（${x.level1}）`, kind: "修改", before: formatScore(o.score), after: formatScore(x.score), ...cellOf(b, `indicators[${x.index}].name`) });
    }
  }
  return out;
}

const findingTitle = (f: Finding) => (isFindingCode(f.code) ? FINDING_CATALOGUE[f.code].title : f.code);
const findingKey = (f: Finding) => `${f.code}|${f.ref.field}|${f.message}`;

function findingChanges(a: Evaluation, b: Evaluation): Change[] {
  const before = new Set(a.result.findings.map(findingKey));
  const after = new Set(b.result.findings.map(findingKey));
  const added = b.result.findings.filter((f) => !before.has(findingKey(f)));
  const resolved = a.result.findings.filter((f) => !after.has(findingKey(f)));
  return [
    ...added.map((f): Change => ({ category: "检查发现", item: findingTitle(f), kind: "新出现", before: "", after: f.message, ...(f.ref.cell ? { cell: f.ref.cell } : {}) })),
    ...resolved.map((f): Change => ({ category: "检查发现", item: findingTitle(f), kind: "已解决", before: f.message, after: "" })),
  ];
}

function paragraphChanges(a: Evaluation, b: Evaluation): Change[] {
  const out: Change[] = [];
  const before = new Map(a.narrative.map((p) => [p.key, p]));
  const keys = new Set(b.narrative.map((p) => p.key));
  for (const p of b.narrative) {
    const o = before.get(p.key);
    if (o && o.text === p.text) continue;
    const kind = !o ? "新增" : p.status === "已手动修改" || p.status === "数据已变" ? "手动修改" : "重新生成";
    out.push({ category: "报告段落", item: p.text.slice(0, 20), kind, before: o?.text ?? "", after: p.text });
  }
  for (const o of a.narrative) if (!keys.has(o.key)) out.push({ category: "报告段落", item: o.text.slice(0, 20), kind: "删除", before: o.text, after: "" });
  return out;
}

export function compareEvaluations(before: Evaluation, after: Evaluation): Change[] {
  return [
    ...inputChanges(before, after),
    ...indicatorChanges(before, after),
    ...scoreChanges(before, after),
    ...findingChanges(before, after),
    ...paragraphChanges(before, after),
  ];
}
