import { Computation, type RowInputs } from "../domain/compute";
import { ExcelError, toExcel, type ExcelRefResolver, type Value } from "../domain/expr";
import type { FieldType } from "../domain/fields";
import { LEVEL_IDS, LEVEL_NAME, ROW_SPECS } from "../domain/formulas";
import type { ProjectInput, RuleProfile } from "../domain/model";
import { normalizeIndicators } from "../domain/normalize";
import { parseAmount, parseCount } from "../domain/parse";
import { profileToParams, type RuleParamId } from "../domain/profiles";
import { PROJECT_INPUTS, PROJECT_SCALAR_SPECS, projectLabel } from "../domain/project";
import { compile } from "../domain/expr";
import { absolute, cellAddress, colLetters, colNumber, parseCell } from "./addr";
import { TABLE_COLUMNS, fieldInfo, isFieldId, nameOf, type TableColumnInfo } from "./fields";
import { indicatorInputValue, indicatorUnit, linkFormat, validationPlan, wrappedHeight, type CellPlan, type NamePlan, type SheetPlan } from "./plan";
import {
  COLUMN_VALIDATIONS,
  FIELD_NAMES,
  INDICATOR_TABLE,
  KIND_VALIDATIONS,
  NUMBER_FORMATS,
  PAGE,
  PROJECT_FIELD_NAMES,
  PROJECT_SHEET,
  PROJECT_TEMPLATE_VERSION,
  TITLE_CELL,
  type CellSpec,
  type ValidationSpec,
  type ValueKind,
} from "./spec";

/**
 * Plans one 项目支出绩效自评表 sheet from PROJECT_SHEET (spec.ts): cells, the project's defined names, its
 * indicator table with calculated columns, validations and print setup. Formulas come from the same
 * expression trees as the department's (domain/project.ts, formulas.ts), resolved to the project's names.
 */

export const projectPrefix = (n: number) => `${PROJECT_SHEET.namePrefix}${n}_`;
export const projectTableName = (n: number) => `${projectPrefix(n)}Indicators`;

/** The defined-name suffix of a project-local field. */
export function projectNameSuffix(id: string): string {
  const own = PROJECT_FIELD_NAMES[id] ?? (isFieldId(id) ? FIELD_NAMES[id] : undefined);
  if (own) return own;
  // A scoring figure the rules gained later (e.g. a new level) gets a name from its id.
  return id
    .split(".")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("_");
}

export const projectName = (n: number, id: string) => `${projectPrefix(n)}${projectNameSuffix(id)}`;

const isRule = (id: string): id is RuleParamId => id.startsWith("rule.");

function structuredName(label: string): string {
  return label.replace(/['[\]#]/g, "'$&");
}

/** Project formulas: the project's own names and table; rule parameters stay the workbook's (评分规则). */
export function projectResolver(n: number): ExcelRefResolver {
  const table = projectTableName(n);
  const label = (id: string) => structuredName(TABLE_COLUMNS.find((c) => c.id === id)!.label);
  return {
    ref: (id) => (isRule(id) ? nameOf(id) : projectName(n, id)),
    col: (id) => `${table}[[#This Row],[${label(id)}]]`,
    colRange: (id) => `${table}[${label(id)}]`,
  };
}

const SCALAR_EXPR = new Map(PROJECT_SCALAR_SPECS.map((s) => [s.id, s.expr]));
const ROW_EXPR = new Map(ROW_SPECS.map((s) => [s.id, s.expr]));

export function projectScalarFormula(n: number, id: string): string {
  const expr = SCALAR_EXPR.get(id);
  if (!expr) throw new Error(`No project formula for ${id}`);
  return toExcel(expr, projectResolver(n));
}

export function projectRowFormula(n: number, id: string): string {
  const expr = ROW_EXPR.get(id);
  if (!expr) throw new Error(`No row formula for ${id}`);
  return toExcel(expr, projectResolver(n));
}

export function projectLinkFormula(n: number, id: string): string {
  return isRule(id) ? nameOf(id) : projectName(n, id);
}

// ---- fields -----------------------------------------------------------------------------------------

const KIND_OF_INPUT: Record<FieldType, ValueKind> = {
  amount: "amount",
  count: "count",
  year: "year",
  score: "score",
  text: "text",
  longText: "longText",
  textList: "longText",
};
const KIND_OF_FORMAT = { rate: "rate", amount: "amount", score: "score", text: "text" } as const;

export interface ProjectFieldInfo {
  id: string;
  label: string;
  kind: ValueKind;
  role: "input" | "computed" | "marker" | "rule";
}

export function projectFieldInfo(id: string): ProjectFieldInfo {
  if (id === "template.version") return { id, label: "项目表版本", kind: "text", role: "marker" };
  if (isRule(id)) {
    const info = fieldInfo(id);
    return { id, label: info.label, kind: info.kind, role: "rule" };
  }
  if (id.startsWith("deductions.")) return { id, label: projectLabel(id), kind: "count", role: "computed" };
  const input = PROJECT_INPUTS.find((f) => f.id === id);
  if (input) return { id, label: input.label, kind: KIND_OF_INPUT[input.type], role: "input" };
  const spec = PROJECT_SCALAR_SPECS.find((s) => s.id === id);
  if (spec) return { id, label: spec.label, kind: KIND_OF_FORMAT[spec.format], role: "computed" };
  throw new Error(`Unknown project field ${id}`);
}

// ---- layout -----------------------------------------------------------------------------------------

/** The indicator table's columns in the project form's order. */
export const PROJECT_TABLE_COLUMNS: readonly TableColumnInfo[] = PROJECT_SHEET.table.columns.map((id, j) => {
  const c = TABLE_COLUMNS.find((x) => x.id === id);
  if (!c) throw new Error(`PROJECT_SHEET.table names unknown column ${id}`);
  const formWidth = PROJECT_SHEET.formWidths[j];
  return { ...c, width: formWidth ?? INDICATOR_TABLE.columns[id]!.width };
});

export interface ProjectLayout {
  headerRow: number;
  firstRow: number;
  lastRow: number;
  firstCol: number;
  lastCol: number;
  /** The 总分 row below the table. */
  footerRow: number;
  col(id: string): number;
}

export function projectLayout(rows: number): ProjectLayout {
  const h = parseCell(PROJECT_SHEET.table.header);
  const index = new Map(PROJECT_TABLE_COLUMNS.map((c, i) => [c.id, h.col + i]));
  const lastRow = h.row + Math.max(1, rows);
  return {
    headerRow: h.row,
    firstRow: h.row + 1,
    lastRow,
    firstCol: h.col,
    lastCol: h.col + PROJECT_TABLE_COLUMNS.length - 1,
    footerRow: lastRow + 1,
    col: (id) => {
      const c = index.get(id);
      if (c === undefined) throw new Error(`No project table column ${id}`);
      return c;
    },
  };
}

/** The level summary's cells (helpers): one row per level of the rules, then 合计, then 执行率计算得分. */
export function projectSummaryCells(): CellSpec<string>[] {
  const h = parseCell(PROJECT_SHEET.summary.header);
  const at = (row: number, j: number) => cellAddress(row, h.col + j);
  const cells: CellSpec<string>[] = PROJECT_SHEET.summary.labels.map((l, j) => ({ at: at(h.row, j), text: l, style: "header" as const }));
  LEVEL_IDS.forEach((id, i) => {
    const row = h.row + 1 + i;
    cells.push({ at: at(row, 0), text: LEVEL_NAME[id], style: "label" });
    if (id === "execution") {
      cells.push({ at: at(row, 1), link: "rule.weight.execution" }, { at: at(row, 2), link: "rule.weight.execution" }, { at: at(row, 3), link: "execution.score" });
    } else {
      cells.push({ at: at(row, 1), field: `level.${id}.weight` }, { at: at(row, 2), field: `level.${id}.applicableWeight` }, { at: at(row, 3), field: `level.${id}.score` });
    }
  });
  const total = h.row + 1 + LEVEL_IDS.length;
  cells.push(
    { at: at(total, 0), text: "合计", style: "label" },
    { at: at(total, 1), field: "total.fullWeight" },
    { at: at(total, 2), field: "total.applicableWeight" },
    { at: at(total, 3), field: "total.raw" },
    { at: at(total + 1, 0), labelOf: "execution.computedScore", style: "label" },
    { at: at(total + 1, 1), field: "execution.computedScore" },
    { at: at(total + 1, 2), labelOf: "total.cap", style: "label" },
    { at: at(total + 1, 3), field: "total.cap" },
    { at: at(total + 2, 0), labelOf: "deductions.count", style: "label" },
    { at: at(total + 2, 1), field: "deductions.count" },
    { at: at(total + 3, 0), labelOf: "deductions.unexplained", style: "label" },
    { at: at(total + 3, 1), field: "deductions.unexplained" },
  );
  return cells;
}

/** Every named cell of a project sheet at rows below the table for `rows` indicator rows. */
export function projectFieldCells(rows: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of [...PROJECT_SHEET.cells, ...projectSummaryCells()]) if ("field" in c) out.set(c.field, c.at);
  const layout = projectLayout(rows);
  for (const [id, col] of Object.entries(PROJECT_SHEET.footer.cols)) {
    if (id === "total.fullWeight") continue; // a display link there, the named cell is in the summary
    out.set(id, `${col}${layout.footerRow}`);
  }
  return out;
}

/** A sheet name for a project: its name, cleaned to Excel's rules and unique among `taken`. */
export function projectSheetName(name: string, n: number, taken: ReadonlySet<string>): string {
  const base = (name.replace(/[[\]:*?/\\']/g, "").trim() || `${PROJECT_SHEET.defaultSheetName}${n}`).slice(0, 28);
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let k = 2; ; k++) {
    const candidate = `${base.slice(0, 27)}(${k})`;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}

// ---- planning ---------------------------------------------------------------------------------------

export interface ProjectPlanOptions {
  /** The project's number: its names are Proj<n>_… and its table Proj<n>_Indicators. */
  number: number;
  sheetName: string;
  project?: ProjectInput;
  profile: RuleProfile;
  /** Blank indicator rows when there is no project, or after its indicators. */
  emptyRows?: number;
  extraRows?: number;
}

const NUMERIC: ReadonlySet<ValueKind> = new Set(["amount", "count", "year", "score"]);

function planValue(v: Value): CellPlan["result"] {
  return v instanceof ExcelError ? undefined : v;
}

const COMPILED = new Map(PROJECT_SCALAR_SPECS.map((s) => [s.id, compile(s.expr)]));

export function planProjectSheet(o: ProjectPlanOptions): { sheet: SheetPlan; names: NamePlan[] } {
  const n = o.number;
  const project = o.project;
  const scalars = new Map<string, Value>(profileToParams(o.profile));
  const inputValue = new Map<string, CellPlan["value"]>();
  for (const f of PROJECT_INPUTS) {
    const raw = project ? f.get(project) : undefined;
    if (raw === undefined || raw === null || String(raw).trim() === "") continue;
    const kind = KIND_OF_INPUT[f.type];
    if (NUMERIC.has(kind)) {
      const parsed = kind === "amount" ? parseAmount(raw) : parseCount(raw);
      if (parsed.value !== null) scalars.set(f.id, parsed.value);
      inputValue.set(f.id, parsed.value ?? String(raw));
    } else {
      scalars.set(f.id, String(raw));
      inputValue.set(f.id, String(raw));
    }
  }
  const indicators = project?.indicators ?? [];
  const rowCount = Math.max(1, project ? indicators.length + (o.extraRows ?? 0) : (o.emptyRows ?? PROJECT_SHEET.table.emptyRows));
  const rows: RowInputs[] = [...normalizeIndicators(indicators, []).rows];
  while (rows.length < rowCount) rows.push(new Map());
  const comp = new Computation({ scalars, rows }, COMPILED);
  const layout = projectLayout(rowCount);

  const sheet: SheetPlan = {
    key: "project",
    name: o.sheetName,
    columnWidths: PROJECT_TABLE_COLUMNS.map((c) => c.width),
    rowHeights: { ...PROJECT_SHEET.rowHeights },
    cells: [{ address: TITLE_CELL, style: "title", numFmt: "General", value: PROJECT_SHEET.title }],
    merges: [...PROJECT_SHEET.merges],
    tables: [],
    validations: [],
    // Unprotected: the table grows by inserted rows and the add-in writes nothing here but formulas.
    protection: null,
    print: {
      landscape: PROJECT_SHEET.landscape,
      paperSize: PAGE.paperSize,
      fitToWidth: 1,
      printTitleRows: `${layout.headerRow}:${layout.headerRow}`,
      area: `A1:${PROJECT_SHEET.printColumns.split(":")[1]}${layout.footerRow}`,
      footer: PAGE.footer,
      margins: { ...PAGE.margins },
    },
  };

  const names: NamePlan[] = [];
  const named = (id: string, address: string) => {
    const c = parseCell(address);
    names.push({ name: projectName(n, id), sheet: o.sheetName, ref: absolute(c.row, c.col), field: id });
  };
  const cellOf = (id: string, address: string): CellPlan => {
    const info = projectFieldInfo(id);
    if (info.role === "marker") return { address, style: "version", numFmt: "@", value: PROJECT_TEMPLATE_VERSION, field: id };
    if (info.role === "computed") {
      const result = planValue(comp.scalar(id));
      return {
        address,
        style: "computed",
        numFmt: info.kind === "text" ? "General" : NUMBER_FORMATS[info.kind],
        formula: projectScalarFormula(n, id),
        ...(result !== undefined ? { result } : {}),
        field: id,
      };
    }
    return { address, style: "input", numFmt: NUMBER_FORMATS[info.kind], value: inputValue.get(id) ?? null, field: id };
  };

  for (const cell of [...PROJECT_SHEET.cells, ...projectSummaryCells()]) {
    if ("text" in cell) sheet.cells.push({ address: cell.at, style: cell.style ?? "label", numFmt: "General", value: cell.text });
    else if ("labelOf" in cell) sheet.cells.push({ address: cell.at, style: cell.style ?? "label", numFmt: "General", value: projectLabel(cell.labelOf) });
    else if ("link" in cell) sheet.cells.push(linkCell(n, cell.link, cell.at, comp));
    else {
      sheet.cells.push(cellOf(cell.field, cell.at));
      named(cell.field, cell.at);
      const info = projectFieldInfo(cell.field);
      const v = KIND_VALIDATIONS[info.kind];
      if (v && info.role === "input") sheet.validations.push(validationPlan(cell.at, v.rule, v, info.label));
      if (info.kind === "longText") sheet.rowHeights[parseCell(cell.at).row] = Math.max(sheet.rowHeights[parseCell(cell.at).row] ?? 0, 30);
    }
  }

  // The indicator table.
  const table = projectTableName(n);
  sheet.tables.push({
    name: table,
    ref: `${cellAddress(layout.headerRow, layout.firstCol)}:${cellAddress(layout.lastRow, layout.lastCol)}`,
    columns: PROJECT_TABLE_COLUMNS.map((c) => ({ id: c.id, name: c.label, ...(c.input ? {} : { formula: projectRowFormula(n, c.id) }) })),
    theme: INDICATOR_TABLE.theme,
  });
  PROJECT_TABLE_COLUMNS.forEach((c, j) => {
    sheet.cells.push({ address: cellAddress(layout.headerRow, layout.firstCol + j), style: "header", numFmt: "General", value: c.label });
  });
  sheet.rowHeights[layout.headerRow] = 30;
  for (let i = 0; i < rowCount; i++) {
    const row = layout.firstRow + i;
    const ind = indicators[i];
    let height = 20;
    for (const c of PROJECT_TABLE_COLUMNS) {
      const address = cellAddress(row, layout.col(c.id));
      if (!c.input) {
        const result = planValue(comp.rowValue(i, c.id));
        sheet.cells.push({ address, style: "computed", numFmt: NUMBER_FORMATS[c.kind], formula: projectRowFormula(n, c.id), ...(result !== undefined ? { result } : {}) });
        continue;
      }
      const value = ind ? indicatorInputValue(ind, c.id) : null;
      let numFmt = c.kind === "number" ? "General" : NUMBER_FORMATS[c.kind];
      if ((c.id === "target" || c.id === "actual") && ind && indicatorUnit(ind) === "%" && typeof value === "number") numFmt = NUMBER_FORMATS.rate;
      sheet.cells.push({ address, style: "input", numFmt, value });
      if (typeof value === "string" && layout.col(c.id) <= colNumber("H")) height = Math.max(height, wrappedHeight(value, c.width));
    }
    sheet.rowHeights[row] = height;
  }
  for (const [id, v] of Object.entries(COLUMN_VALIDATIONS)) {
    const col = colLetters(layout.col(id));
    const rule: ValidationSpec =
      "formula2Column" in v.rule
        ? { type: v.rule.type, operator: v.rule.operator, formula1: v.rule.formula1, formula2: `$${colLetters(layout.col(v.rule.formula2Column))}${layout.firstRow}` }
        : v.rule;
    sheet.validations.push(validationPlan(`${col}${layout.firstRow}:${col}${layout.lastRow}`, rule, v, TABLE_COLUMNS.find((c) => c.id === id)!.label));
  }

  // 总分 below the table.
  const f = layout.footerRow;
  const [from, to] = PROJECT_SHEET.footer.labelMerge.split(":");
  sheet.cells.push({ address: `${from}${f}`, style: "header", numFmt: "General", value: PROJECT_SHEET.footer.label });
  sheet.merges.push(`${from}${f}:${to}${f}`);
  for (const [id, col] of Object.entries(PROJECT_SHEET.footer.cols)) {
    const address = `${col}${f}`;
    if (id === "total.fullWeight") sheet.cells.push(linkCell(n, id, address, comp));
    else {
      sheet.cells.push(cellOf(id, address));
      named(id, address);
    }
  }
  sheet.rowHeights[f] = 22;
  names.sort((a, b) => a.name.localeCompare(b.name));
  return { sheet, names };
}

function linkCell(n: number, id: string, address: string, comp: Computation): CellPlan {
  const info = projectFieldInfo(id);
  const v = info.role === "rule" || info.role === "computed" ? planValue(comp.scalar(id)) : undefined;
  return {
    address,
    style: "computed",
    numFmt: linkFormat(info.kind),
    formula: projectLinkFormula(n, id),
    ...(v !== undefined ? { result: v } : {}),
  };
}

/** The indicator tables of the projects whose names are among `names` (Proj<n>_…), for hosts that read tables by name. */
export function projectTableNames(names: readonly string[]): string[] {
  const prefix = new RegExp(`^${PROJECT_SHEET.namePrefix}(\\d+)_`, "i");
  const numbers = new Set<number>();
  for (const n of names) {
    const m = prefix.exec(n);
    if (m) numbers.add(Number(m[1]));
  }
  return [...numbers].sort((a, b) => a - b).map(projectTableName);
}
