import { HyperFormula, type RawCellContent } from "hyperformula";
import { Computation } from "../../src/domain/compute";
import type { Value } from "../../src/domain/expr";
import { toExcel, type ExcelRefResolver, type Expr } from "../../src/domain/expr";
import { SCALAR_SPECS, ROW_SPECS } from "../../src/domain/formulas";
import type { EvaluationInput, RuleProfile } from "../../src/domain/model";
import { normalize } from "../../src/domain/normalize";
import { SCALAR_INPUTS } from "../../src/domain/fields";
import { RULE_PARAMS } from "../../src/domain/profiles";
import { colLetters } from "../../src/template/addr";
import { TABLE_COLUMNS, asFieldId, nameOf } from "../../src/template/fields";
import { chooseProfile } from "../../src/template/plan";
import { FIELD_NAMES } from "../../src/template/spec";

/**
 * The template's formulas in HyperFormula (GPL: tests and benchmarks only). Scalars live in column B of a
 * "Scalars" sheet, each reachable by its defined name as a named expression; the indicator rows are plain
 * A1 ranges of an "Ind" sheet (HyperFormula has no Excel tables, so the same SCALAR_SPECS/ROW_SPECS are
 * printed by toExcel with an A1 resolver instead of structured references). The benchmark times
 * `recompute()` for 500 indicators against the engine.
 */

const SCALARS = "Scalars";
const IND = "Ind";

export interface HyperFormulaSheet {
  hf: HyperFormula;
  rows: number;
  /** A computed scalar's value, by field id ("total", "rate.execution"). */
  scalar(id: string): Value;
  /** A row's computed value (0-based indicator index, column id). */
  row(index: number, id: string): Value;
  /** Full rebuild and recalculation; returns milliseconds. */
  recompute(): number;
  /** Changes one indicator weight (every level and the total depend on it); returns milliseconds. */
  changeWeight(index: number, weight: number): number;
  destroy(): void;
}

function plain(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return String((v as { value?: unknown }).value ?? v);
}

export function buildHyperFormulaSheet(input: EvaluationInput, profileOverride?: RuleProfile): HyperFormulaSheet {
  const profile = profileOverride ?? chooseProfile(input).profile;
  const normalized = normalize(input, profile);
  const n = Math.max(1, input.indicators.length);
  const colOf = new Map(TABLE_COLUMNS.map((c, j) => [c.id, j + 1]));

  // Scalars: inputs and rule parameters as values, computed figures as formulas.
  const ids = [...SCALAR_INPUTS.map((f) => f.id), ...RULE_PARAMS.map((p) => p.id), ...SCALAR_SPECS.map((s) => s.id)].filter((id) => FIELD_NAMES[id]);
  const rowOfScalar = new Map<string, number>(ids.map((id, i) => [id, i + 1]));
  const resolver = (row: number): ExcelRefResolver => ({
    ref: (id) => nameOf(asFieldId(id)),
    col: (id) => `$${colLetters(colOf.get(id)!)}${row}`,
    colRange: (id) => `${IND}!$${colLetters(colOf.get(id)!)}$2:$${colLetters(colOf.get(id)!)}$${n + 1}`,
  });
  const computed = new Map<string, Expr>(SCALAR_SPECS.map((s) => [s.id, s.expr]));
  const scalarSheet: RawCellContent[][] = ids.map((id) => {
    const expr = computed.get(id);
    if (expr) return [id, `=${toExcel(expr, resolver(0))}`];
    const v = normalized.cells.scalars.get(id);
    return [id, v === undefined || v === null || typeof v === "object" ? null : v];
  });

  const rowFormulas = new Map(ROW_SPECS.map((s) => [s.id, s.expr]));
  const indSheet: RawCellContent[][] = [TABLE_COLUMNS.map((c) => c.label)];
  for (let i = 0; i < n; i++) {
    const cells = normalized.cells.rows[i] ?? new Map();
    indSheet.push(
      TABLE_COLUMNS.map((c) => {
        const expr = rowFormulas.get(c.id);
        if (expr) return `=${toExcel(expr, resolver(i + 2))}`;
        const v = cells.get(c.id);
        if (v === undefined || v === null) return null;
        if (typeof v === "object" && "link" in v) return `=${nameOf(v.link)}`;
        return typeof v === "object" ? null : (v as RawCellContent);
      }),
    );
  }

  const namedExpressions = ids.map((id) => ({ name: nameOf(id), expression: `=${SCALARS}!$B$${rowOfScalar.get(id)}` }));
  const hf = HyperFormula.buildFromSheets({ [SCALARS]: scalarSheet, [IND]: indSheet }, { licenseKey: "gpl-v3" }, namedExpressions);
  const sheet = (name: string) => hf.getSheetId(name)!;
  return {
    hf,
    rows: n,
    scalar: (id) => plain(hf.getCellValue({ sheet: sheet(SCALARS), row: rowOfScalar.get(id)! - 1, col: 1 })),
    row: (index, id) => plain(hf.getCellValue({ sheet: sheet(IND), row: index + 1, col: colOf.get(id)! - 1 })),
    recompute: () => {
      const t0 = performance.now();
      hf.rebuildAndRecalculate();
      return performance.now() - t0;
    },
    changeWeight: (index, weight) => {
      const t0 = performance.now();
      hf.setCellContents({ sheet: sheet(IND), row: index + 1, col: colOf.get("weight")! - 1 }, [[weight]]);
      return performance.now() - t0;
    },
    destroy: () => hf.destroy(),
  };
}

/** The engine's values for the same cells, for comparison. */
export function engineValues(input: EvaluationInput, profileOverride?: RuleProfile): Computation {
  const profile = profileOverride ?? chooseProfile(input).profile;
  return new Computation(normalize(input, profile).cells);
}
