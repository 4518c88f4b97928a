import type { Value } from "./expr";
import type { CellInputs, RowCell } from "./compute";
import { INDICATOR_COLUMNS, SCALAR_INPUTS, indicatorFieldId, type FieldType } from "./fields";
import { finding, type Finding } from "./findings-types";
import type { EvaluationInput, IndicatorKind } from "./model";
import { PERCENT_POINTS_ABOVE, parseAmount, parseCount, parseQuantity, type ParsedQuantity } from "./parse";
import { profileToParams } from "./profiles";
import type { RuleProfile } from "./model";

/**
 * Turns the input model (values as typed) into the cell values the formulas read, exactly as the
 * workbook builder writes them, and reports every value that cannot be read.
 */

export interface NormalizedIndicator {
  index: number;
  kind: IndicatorKind;
  target: ParsedQuantity;
  actual: ParsedQuantity;
  /** The unit shown with the figures: the indicator's own, else the one typed with the target. */
  unit: string;
}

export interface Normalized {
  cells: CellInputs;
  indicators: NormalizedIndicator[];
  findings: Finding[];
  /** The findings about each indicator row (also in `findings`, after those about scalar inputs). */
  rowFindings: Finding[][];
}

const NUMERIC_TYPES: ReadonlySet<FieldType> = new Set(["amount", "count", "year", "score"]);
/** The indicator table's input columns with their getters, found once (hot path: every row of every table). */
const INPUT_COLUMNS = INDICATOR_COLUMNS.filter((c) => c.input && c.get).map((c) => ({ id: c.id, get: c.get! }));

export function normalize(input: EvaluationInput, profile: RuleProfile): Normalized {
  const findings: Finding[] = [];
  const scalars = normalizeScalars(input, profile, findings);
  const { rows, indicators, rowFindings } = normalizeIndicators(input.indicators, findings);
  return { cells: { scalars, rows }, indicators, findings, rowFindings };
}

/** The scalar cells: rule parameters and the form's scalar inputs, as the formulas read them. */
export function normalizeScalars(input: EvaluationInput, profile: RuleProfile, findings: Finding[]): Map<string, Value> {
  const scalars = new Map<string, Value>(profileToParams(profile));

  for (const field of SCALAR_INPUTS) {
    const raw = field.get(input);
    if (!NUMERIC_TYPES.has(field.type)) {
      if (raw !== undefined && raw !== null && String(raw).trim() !== "") scalars.set(field.id, String(raw));
      continue;
    }
    const parsed = field.type === "amount" ? parseAmount(raw) : parseCount(raw);
    if (parsed.error) {
      findings.push(finding("INPUT_UNREADABLE", `${field.label}“${String(raw)}”无法识别：${parsed.error}。请填写数字${field.type === "amount" ? "（单位万元，保留两位小数）" : ""}。`, field.id));
    }
    if (parsed.value !== null) scalars.set(field.id, parsed.value);
  }
  return scalars;
}

/**
 * The indicator table's cell values and parsed quantities, for the department's table or a project's;
 * findings name fields relative to the table ("indicators[2].target"). `first`: the index of the
 * list's first indicator in its table (to normalize one edited row).
 */
export function normalizeIndicators(
  list: EvaluationInput["indicators"],
  findings: Finding[],
  first = 0,
): { rows: Array<Map<string, RowCell>>; indicators: NormalizedIndicator[]; rowFindings: Finding[][] } {
  const indicators: NormalizedIndicator[] = [];
  const rowFindings: Finding[][] = [];
  const rows = list.map((ind, i) => {
    const index = first + i;
    const mark = findings.length;
    const row = new Map<string, RowCell>();
    for (const c of INPUT_COLUMNS) {
      const raw = c.get(ind);
      if (raw === undefined || raw === null || raw === "") continue;
      row.set(c.id, typeof raw === "number" || typeof raw === "string" ? raw : String(raw));
    }
    const rawTarget = parseQuantity(ind.target);
    const rawActual = parseQuantity(ind.actual);
    // The unit column as the builder writes it (plan.ts indicatorUnit): typed, else the one typed with a value.
    const unitColumn = ind.unit?.trim() || rawTarget.unit || rawActual.unit;
    if (unitColumn) row.set("unit", unitColumn);
    // "100" | "%" in two columns means 100%: the parsed figure says so; the cell keeps what was typed
    // and the row formula divides it the same way (formulas.ts), so the workbook agrees.
    const points = (q: ParsedQuantity): ParsedQuantity =>
      unitColumn === "%" && q.unit === "" && q.value !== null && Math.abs(q.value) > PERCENT_POINTS_ABOVE
        ? { ...q, value: q.value / 100, unit: "%", percentPoints: q.value }
        : q;
    const target = points(rawTarget);
    const actual = points(rawActual);
    const unit = ind.unit?.trim() || target.unit || actual.unit;
    if (ind.kind !== "定性") {
      for (const [key, parsed, rawValue] of [
        ["target", target, ind.target],
        ["actual", actual, ind.actual],
      ] as const) {
        if (key === "actual" && ind.actualFrom) continue;
        if (parsed.error) {
          findings.push(finding("INPUT_UNREADABLE", `指标“${ind.name}”的${key === "target" ? "年度指标值" : "实际完成值"}“${String(rawValue)}”不是数字：${parsed.error}。定量指标请填写数字，计量单位填在“计量单位”列。`, indicatorFieldId(index, key)));
        } else if (parsed.approximate) {
          findings.push(finding("VALUE_APPROXIMATE", `指标“${ind.name}”的${key === "target" ? "年度指标值" : "实际完成值"}“${String(rawValue)}”是约数，按 ${parsed.value} 计分；如有准确数字请填写准确数字。`, indicatorFieldId(index, key)));
        }
        // The formulas read numbers: the cell holds the parsed number, as the builder writes it.
        if (parsed.value !== null) row.set(key, parsed.percentPoints ?? parsed.value);
        else row.delete(key);
      }
      if (ind.actualFrom) row.set("actual", { link: `rate.${ind.actualFrom}` });
    }
    indicators.push({ index, kind: ind.kind, target, actual, unit });
    rowFindings.push(findings.slice(mark));
    return row;
  });

  return { rows, indicators, rowFindings };
}
