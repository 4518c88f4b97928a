import { Computation, type CellInputs, type RowInputs } from "../domain/compute";
import { hasDepartmentData, resolveProfile } from "../domain/engine";
import { ExcelError, type Value } from "../domain/expr";
import { SCALAR_INPUTS } from "../domain/fields";
import type { EvaluationInput, Indicator, ProjectInput, RuleProfile } from "../domain/model";
import { normalize } from "../domain/normalize";
import { parseQuantity } from "../domain/parse";
import { BUILTIN_PROFILES, DEFAULT_PROFILE, RULE_PARAMS, findProfile, profileToParams } from "../domain/profiles";
import type { CellWrite } from "./snapshot";
import { selfTableCells } from "./outputs";
import { absolute, cellAddress, colLetters, parseCell, parseRange } from "./addr";
import {
  TABLE_COLUMNS,
  columnOf,
  fieldInfo,
  isComputedScalar,
  linkFormula,
  nameOf,
  rowFormula,
  scalarFormula,
} from "./fields";
import {
  CHOICE_LAYOUT,
  FIELD_CELLS,
  LINK_CELLS,
  RULE_COLS,
  RULE_ROWS,
  SHEET_OF_LIST,
  indicatorLayout,
  listLayouts,
  ruleProfileNamesRange,
  sheetSpec,
  tierListRange,
} from "./layout";
import {
  COLUMN_VALIDATIONS,
  CUSTOM_PROFILE_ID,
  DEPARTMENTLESS_SHEETS,
  CUSTOM_PROFILE_LABEL,
  FIELD_VALIDATIONS,
  FONT_NAME,
  FONT_SIZE,
  INDICATOR_TABLE,
  KIND_VALIDATIONS,
  LIST_ROW_HEIGHT,
  LIST_TABLES,
  NUMBER_FORMATS,
  PAGE,
  RANGE_NAMES,
  RULE_TABLE,
  RULE_VALIDATIONS,
  SHEETS,
  STYLES,
  TEMPLATE_VERSION,
  TITLE_CELL,
  VALIDATION_ERROR_TITLE,
  VERSION_KEYWORD,
  type CellStyle,
  type ProtectionSpec,
  type RowBound,
  type FieldId,
  type SheetKey,
  type StyleKey,
  type ValidationRule,
  type ValidationSpec,
  type ValueKind,
} from "./spec";
import { planProjectSheet, projectSheetName } from "./project-plan";
import { planProjectSummarySheet } from "./project-summary-plan";
import { evaluateProjects } from "../domain/project";

/**
 * The builder-neutral plan of a workbook: plain data (cells with value | formula, style keys, merges,
 * widths, defined names, tables, validations, protection, print setup) that the ExcelJS executor
 * (xlsx.ts) and a future Office.js executor both carry out. Formulas are Excel formula text without "=".
 */

export type PlanValue = string | number | boolean | null;

export interface CellPlan {
  address: string;
  style: StyleKey;
  numFmt: string;
  /** A constant; strings are always written as text, never parsed as formulas. */
  value?: PlanValue;
  formula?: string;
  /** The engine's value of `formula`, cached so Excel/WPS show figures before recalculating. */
  result?: PlanValue;
  /** The field shown here (id), for tracing and documentation. */
  field?: string;
}

export interface TableColumnPlan {
  id: string;
  name: string;
  /** Calculated-column formula (same text in every row). */
  formula?: string;
}

export interface TablePlan {
  name: string;
  /** Header row included, e.g. "A11:R31". */
  ref: string;
  columns: TableColumnPlan[];
  theme: string;
}

export interface ValidationPlan {
  range: string;
  rule: ValidationSpec;
  allowBlank: boolean;
  prompt: { title: string; text: string };
  error: { title: string; text: string };
}

export interface NamePlan {
  name: string;
  sheet: string;
  /** Absolute reference on `sheet`, e.g. "$D$7" or "$C$6:$G$6". */
  ref: string;
  field?: string;
}

export interface PrintPlan {
  landscape: boolean;
  paperSize: number;
  fitToWidth: 1;
  printTitleRows?: string;
  /** Print area without sheet, e.g. "A1:H30" (project sheets print the form, not the helpers). */
  area?: string;
  footer: string;
  margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
}

/** Sheets beyond the department's spec sheets: one per project, and the 项目自评汇总. */
export type ExtraSheetKey = "project" | "projectSummary";

export interface SheetPlan {
  key: SheetKey | ExtraSheetKey;
  name: string;
  columnWidths: number[];
  rowHeights: Record<number, number>;
  cells: CellPlan[];
  merges: string[];
  tables: TablePlan[];
  validations: ValidationPlan[];
  protection: ProtectionSpec | null;
  print: PrintPlan;
}

export interface WorkbookPlan {
  version: string;
  properties: { title: string; subject: string; keywords: string; creator: string };
  fullCalcOnLoad: boolean;
  font: { name: string; size: number };
  styles: Record<StyleKey, CellStyle>;
  sheets: SheetPlan[];
  names: NamePlan[];
}

export interface PlanOptions {
  /** A builtin profile id/name, or a full profile; wins over the input's own profile. */
  profile?: string | RuleProfile;
  /** Blank indicator rows of an empty template (default INDICATOR_TABLE.emptyRows). */
  emptyRows?: number;
  /** Blank rows after a filled indicator table (default 0). */
  extraRows?: number;
  /** Empty project sheets to add when there is no input (jixiao template --projects N). */
  projects?: number;
  /** false: a workbook of project tables only (填表说明, 评分规则 and the projects; no department form). */
  department?: boolean;
}

export class UnknownProfileError extends Error {
  constructor(readonly profile: string) {
    super(`评分规则“${profile}”不存在。可选：${BUILTIN_PROFILES.map((p) => `${p.id}（${p.name}）`).join("、")}。`);
    this.name = "UnknownProfileError";
  }
}

// ---- profile selection ------------------------------------------------------------------------------

export interface ProfileChoice {
  profile: RuleProfile;
  /** The dropdown value: a builtin profile's name, or 自定义. */
  selected: string;
  /** The 自定义 column: the custom profile, or a copy of the selected builtin to start from. */
  custom: RuleProfile;
}

function sameParams(a: RuleProfile, b: RuleProfile): boolean {
  const pa = profileToParams(a);
  const pb = profileToParams(b);
  return [...pa].every(([k, v]) => pb.get(k) === v);
}

export function chooseProfile(input: EvaluationInput | undefined, requested?: string | RuleProfile): ProfileChoice {
  let profile: RuleProfile;
  if (typeof requested === "string") {
    const found = findProfile(requested);
    if (!found) throw new UnknownProfileError(requested);
    profile = found;
  } else if (requested) profile = requested;
  else profile = input ? resolveProfile(input, []) : DEFAULT_PROFILE;
  const builtin = BUILTIN_PROFILES.find((b) => b.id === profile.id && sameParams(b, profile));
  if (builtin) {
    return { profile: builtin, selected: builtin.name, custom: { ...structuredClone(builtin), id: CUSTOM_PROFILE_ID, name: CUSTOM_PROFILE_LABEL } };
  }
  return { profile, selected: CUSTOM_PROFILE_LABEL, custom: profile };
}

// ---- cell values ----------------------------------------------------------------------------------

const NUMERIC_KINDS: ReadonlySet<ValueKind> = new Set(["amount", "count", "year", "score"]);

function blank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "");
}

/** What a scalar input cell holds: the parsed number, or the text as typed when it cannot be read. */
function scalarCellValue(id: FieldId, input: EvaluationInput | undefined, scalars: ReadonlyMap<string, Value>): PlanValue {
  if (!input) return null;
  const spec = SCALAR_INPUTS.find((f) => f.id === id);
  if (!spec) return null;
  const raw = spec.get(input);
  if (blank(raw)) return null;
  const kind = fieldInfo(id).kind;
  if (NUMERIC_KINDS.has(kind)) {
    const v = scalars.get(id);
    return typeof v === "number" ? v : String(raw);
  }
  return typeof raw === "string" ? raw : String(raw);
}

function planValue(v: Value): PlanValue | undefined {
  if (v instanceof ExcelError) return undefined;
  return v;
}

/** Effective unit, as the engine derives it (indicator's own, else the one typed with a value). */
export function indicatorUnit(ind: Indicator): string {
  const t = parseQuantity(ind.target);
  const a = parseQuantity(ind.actual);
  return ind.unit?.trim() || t.unit || a.unit;
}

/** A quantitative target/actual: the parsed number; unreadable text stays as typed (a finding says so). */
function quantityCell(raw: unknown, quantitative: boolean): PlanValue {
  if (blank(raw)) return null;
  if (!quantitative) return typeof raw === "number" ? raw : String(raw);
  const q = parseQuantity(raw);
  return q.value ?? String(raw);
}

// ---- planning -----------------------------------------------------------------------------------

interface Ctx {
  input: EvaluationInput | undefined;
  choice: ProfileChoice;
  comp: Computation;
  scalars: ReadonlyMap<string, Value>;
  sheetName: (key: SheetKey) => string;
}

export function planWorkbook(input?: EvaluationInput, options: PlanOptions = {}): WorkbookPlan {
  const choice = chooseProfile(input, options.profile);
  const profile = choice.profile;
  const indicatorCount = input ? input.indicators.length + (options.extraRows ?? 0) : (options.emptyRows ?? INDICATOR_TABLE.emptyRows);
  const cells: CellInputs = input
    ? normalize(input, profile).cells
    : { scalars: new Map<string, Value>(profileToParams(profile)), rows: [] };
  const rows: RowInputs[] = [...cells.rows];
  while (rows.length < Math.max(1, indicatorCount)) rows.push(new Map());
  const comp = new Computation({ scalars: cells.scalars, rows });
  const sheetName = (key: SheetKey) => sheetSpec(key).name;
  const ctx: Ctx = { input, choice, comp, scalars: cells.scalars, sheetName };

  const sheets = SHEETS.map((spec): SheetPlan => ({
    key: spec.key,
    name: spec.name,
    columnWidths: [...spec.columns],
    rowHeights: { ...(spec.rowHeights ?? {}) },
    cells: [{ address: TITLE_CELL, style: "title", numFmt: "General", value: spec.title }],
    merges: [...spec.merges],
    tables: [],
    validations: [],
    protection: spec.protection,
    print: {
      landscape: spec.landscape,
      paperSize: PAGE.paperSize,
      fitToWidth: 1,
      ...(spec.printTitleRows ? { printTitleRows: spec.printTitleRows } : {}),
      footer: PAGE.footer,
      margins: { ...PAGE.margins },
    },
  }));
  const sheet = (key: SheetKey) => sheets.find((s) => s.key === key)!;
  const names: NamePlan[] = [];

  for (const spec of SHEETS) planFixedCells(ctx, spec.key, sheet(spec.key));
  planRules(ctx, sheet(RULE_TABLE.sheet));
  planChoiceLists(sheet(SHEET_OF_LIST), names);
  planIndicators(ctx, sheet(INDICATOR_TABLE.sheet), rows.length);
  planSelfTable(ctx, sheet(INDICATOR_TABLE.sheet), sheet("selfTable"), rows.length);
  planLists(ctx, sheets);

  for (const s of sheets) fitWrappedRows(s);

  const department = options.department ?? (input ? hasDepartmentData(input) : true);
  const kept = department ? sheets : sheets.filter((s) => DEPARTMENTLESS_SHEETS.has(s.key as SheetKey));
  sheets.splice(0, sheets.length, ...kept);
  const keptKeys = new Set(sheets.map((s) => s.key));
  for (const cell of FIELD_CELLS.values()) {
    const info = fieldInfo(cell.id);
    if (!info.name || !keptKeys.has(cell.sheet)) continue;
    const c = parseCell(cell.address);
    names.push({ name: info.name, sheet: sheetName(cell.sheet), ref: absolute(c.row, c.col), field: cell.id });
  }
  for (const link of LINK_CELLS) {
    if (!keptKeys.has(link.sheet)) continue;
    const c = parseCell(link.address);
    names.push({ name: link.name, sheet: sheetName(link.sheet), ref: absolute(c.row, c.col) });
  }
  names.push({ name: RANGE_NAMES.profiles, sheet: sheetName(RULE_TABLE.sheet), ref: ruleProfileNamesRange() });
  names.push({ name: RANGE_NAMES.tiers, sheet: sheetName(RULE_TABLE.sheet), ref: tierListRange() });

  const projects = planProjects(input, profile, options, new Set(sheets.map((s) => s.name)));
  sheets.push(...projects.sheets);
  names.push(...projects.names);

  return {
    version: TEMPLATE_VERSION,
    properties: {
      title: input ? `${input.unit.name} ${input.unit.year}年度部门整体支出绩效自评` : "部门整体支出绩效自评表",
      subject: "部门整体支出绩效自评",
      keywords: VERSION_KEYWORD,
      creator: "绩效自评助手 jixiao",
    },
    fullCalcOnLoad: true,
    font: { name: FONT_NAME, size: FONT_SIZE },
    styles: STYLES,
    sheets,
    names,
  };
}

function planProjects(input: EvaluationInput | undefined, profile: RuleProfile, options: PlanOptions, taken: Set<string>): { sheets: SheetPlan[]; names: NamePlan[] } {
  const list: Array<ProjectInput | undefined> = input?.projects ?? Array.from({ length: options.projects ?? 0 }, () => undefined);
  const sheets: SheetPlan[] = [];
  const names: NamePlan[] = [];
  if (list.length === 0) return { sheets, names };
  // The 汇总 comes first, then one sheet per project; its cached figures are the engine's.
  const results = evaluateProjects(list.map((p) => p ?? EMPTY_PROJECT), profile, input?.unit.year || null).results;
  const summary = planProjectSummarySheet(results.map((result, i) => ({ number: i + 1, result })));
  taken.add(summary.sheet.name);
  sheets.push(summary.sheet);
  names.push(...summary.names);
  list.forEach((project, i) => {
    const n = i + 1;
    const sheetName = projectSheetName(project?.name ?? "", n, taken);
    taken.add(sheetName);
    const planned = planProjectSheet({
      number: n,
      sheetName,
      profile,
      // A project without its own year is the unit's: the form shows it.
      ...(project ? { project: project.year === undefined && input?.unit.year ? { ...project, year: input.unit.year } : project } : {}),
      ...(options.extraRows !== undefined ? { extraRows: options.extraRows } : {}),
    });
    sheets.push(planned.sheet);
    names.push(...planned.names);
  });
  return { sheets, names };
}

const EMPTY_PROJECT: ProjectInput = { name: "", funds: { total: {} }, indicators: [] };

/** A link shows its field's figure; a blank field shows blank, not Excel's 0 for an empty reference. */
export function linkFormat(kind: ValueKind): string {
  const f = NUMBER_FORMATS[kind] === "@" ? "General" : NUMBER_FORMATS[kind];
  return `${f};-${f};;@`;
}

/** Rows holding wrapped text get the height the text needs (hosts do not auto-fit on open). */
function fitWrappedRows(sheet: SheetPlan): void {
  const spans = new Map<string, number>();
  for (const m of sheet.merges) {
    const r = parseRange(m);
    let w = 0;
    for (let c = r.left; c <= r.right; c++) w += sheet.columnWidths[c - 1] ?? 9;
    spans.set(cellAddress(r.top, r.left), r.top === r.bottom ? w : 0);
  }
  for (const cell of sheet.cells) {
    if (typeof cell.value !== "string" || !STYLES[cell.style].wrap || cell.style === "note") continue;
    const { row, col } = parseCell(cell.address);
    const width = spans.get(cell.address) ?? sheet.columnWidths[col - 1] ?? 9;
    if (width === 0) continue;
    sheet.rowHeights[row] = Math.max(sheet.rowHeights[row] ?? 0, wrappedHeight(cell.value, width));
  }
}

/** The cached value of a field for a display link. */
function fieldValue(ctx: Ctx, id: FieldId): PlanValue | undefined {
  const info = fieldInfo(id);
  // A reference to an empty cell is 0 in Excel.
  if (info.role === "input") return scalarCellValue(id, ctx.input, ctx.scalars) ?? 0;
  return planValue(ctx.comp.scalar(id));
}

export function validationPlan(range: string, rule: ValidationSpec, v: ValidationRule<unknown>, title: string): ValidationPlan {
  return {
    range,
    rule,
    allowBlank: true,
    prompt: { title: title.slice(0, 32), text: v.prompt },
    error: { title: VALIDATION_ERROR_TITLE, text: v.error },
  };
}

function planFixedCells(ctx: Ctx, key: SheetKey, out: SheetPlan): void {
  for (const cell of sheetSpec(key).cells) {
    if ("text" in cell) {
      out.cells.push({ address: cell.at, style: cell.style ?? "label", numFmt: "General", value: cell.text });
    } else if ("labelOf" in cell) {
      out.cells.push({ address: cell.at, style: cell.style ?? "label", numFmt: "General", value: fieldInfo(cell.labelOf).label });
    } else if ("link" in cell) {
      const info = fieldInfo(cell.link);
      const result = fieldValue(ctx, cell.link);
      out.cells.push({
        address: cell.at,
        style: "computed",
        numFmt: linkFormat(info.kind),
        formula: linkFormula(cell.link),
        ...(result !== undefined ? { result } : {}),
      });
    } else {
      out.cells.push(fieldCell(ctx, cell.field, cell.at));
      const v = FIELD_VALIDATIONS[cell.field] ?? KIND_VALIDATIONS[fieldInfo(cell.field).kind];
      if (v && fieldInfo(cell.field).role === "input") out.validations.push(validationPlan(cell.at, v.rule, v, fieldInfo(cell.field).label));
    }
  }
}

function fieldCell(ctx: Ctx, id: FieldId, address: string): CellPlan {
  const info = fieldInfo(id);
  if (info.role === "marker") return { address, style: "version", numFmt: "@", value: TEMPLATE_VERSION, field: id };
  if (id === "rule.profile") return { address, style: "input", numFmt: "@", value: ctx.choice.selected, field: id };
  if (isComputedScalar(id)) {
    const result = planValue(ctx.comp.scalar(id));
    return {
      address,
      style: "computed",
      numFmt: info.kind === "text" ? "General" : NUMBER_FORMATS[info.kind],
      formula: scalarFormula(id),
      ...(result !== undefined ? { result } : {}),
      field: id,
    };
  }
  if (info.role !== "input") throw new Error(`Field ${id} cannot be placed as a plain cell`);
  return { address, style: "input", numFmt: NUMBER_FORMATS[info.kind], value: scalarCellValue(id, ctx.input, ctx.scalars), field: id };
}

// ---- 评分规则 -------------------------------------------------------------------------------------------

/** The active cell picks the selected profile's column: INDEX over the row, MATCH on the header names. */
export function ruleActiveFormula(row: number): string {
  const first = `$${colLetters(RULE_COLS.first)}${row}`;
  const last = `$${colLetters(RULE_COLS.last)}${row}`;
  return `INDEX(${first}:${last},MATCH(${nameOf("rule.profile")},${RANGE_NAMES.profiles},0))`;
}

/** Every profile column's value for a rule row (meta rows: id and name). */
export function ruleValue(profile: RuleProfile, id: string): string | number {
  if (id === "profile.id") return profile.id;
  if (id === "profile.name") return profile.name;
  const spec = RULE_PARAMS.find((p) => p.id === id);
  if (!spec) throw new Error(`No rule parameter ${id}`);
  return spec.get(profile);
}

function ruleKind(id: FieldId): ValueKind {
  return id.startsWith("profile.") ? "text" : fieldInfo(id).kind;
}

function planRules(ctx: Ctx, out: SheetPlan): void {
  const profiles = [...BUILTIN_PROFILES, ctx.choice.custom];
  RULE_TABLE.profiles.forEach((p, i) => {
    out.cells.push({ address: cellAddress(RULE_TABLE.headerRow, RULE_COLS.first + i), style: "header", numFmt: "@", value: p.label });
  });
  for (const [id, row] of RULE_ROWS) {
    const kind = ruleKind(id);
    const numFmt = kind === "percent" ? NUMBER_FORMATS.percent : kind === "number" ? "General" : "@";
    const label = id.startsWith("profile.") ? RULE_TABLE.metaRows.find((m) => m.id === id)!.label : fieldInfo(id).label;
    out.cells.push({ address: cellAddress(row, RULE_COLS.label), style: "label", numFmt: "General", value: label });
    out.cells.push({
      address: cellAddress(row, RULE_COLS.active),
      style: "computed",
      numFmt: numFmt === "@" ? "General" : numFmt,
      formula: ruleActiveFormula(row),
      result: ruleValue(ctx.choice.profile, id),
      field: id,
    });
    profiles.forEach((p, i) => {
      const col = RULE_COLS.first + i;
      const custom = col === RULE_COLS.custom;
      out.cells.push({ address: cellAddress(row, col), style: custom ? "input" : "fixed", numFmt, value: ruleValue(p, id) });
    });
    const customCell = cellAddress(row, RULE_COLS.custom);
    const spec = RULE_PARAMS.find((p) => p.id === id);
    if (spec?.type === "choice" && spec.choices) {
      const rule: ValidationSpec = { type: "list", source: `"${spec.choices.join(",")}"` };
      out.validations.push(validationPlan(customCell, rule, { rule, prompt: `可选：${spec.choices.join("、")}。`, error: "请从下拉列表中选择。" }, label));
    } else if (spec && (spec.type === "number" || spec.type === "percent")) {
      const v = RULE_VALIDATIONS[spec.type];
      out.validations.push(validationPlan(customCell, v.rule, v, label));
    }
  }
}

// ---- 填表说明: dropdown sources ------------------------------------------------------------------------

function planChoiceLists(out: SheetPlan, names: NamePlan[]): void {
  for (const list of CHOICE_LAYOUT) {
    out.cells.push({ address: cellAddress(list.headerRow, list.col), style: "header", numFmt: "General", value: list.header });
    list.items.forEach((item, i) => {
      out.cells.push({ address: cellAddress(list.headerRow + 1 + i, list.col), style: "fixed", numFmt: "@", value: item });
    });
    if (list.name) names.push({ name: list.name, sheet: out.name, ref: list.range });
  }
}

// ---- 绩效指标 ---------------------------------------------------------------------------------------------

function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.codePointAt(0)! > 0x2e80 ? 2 : 1;
  return w;
}

/** Points needed to show `text` wrapped in a column `width` characters wide (10 pt font). */
/** Heights for output rows whose wrapped text needs more than one line (hosts do not auto-fit on open). */
export function outputRowHeights(writes: readonly CellWrite[], columnWidths: readonly number[]): Map<number, number> {
  const heights = new Map<number, number>();
  for (const w of writes) {
    const text = w.formula !== undefined ? w.result : w.value;
    if (typeof text !== "string" || text === "" || !w.style || !STYLES[w.style].wrap) continue;
    const { row, col } = parseCell(w.address);
    heights.set(row, Math.max(heights.get(row) ?? 20, wrappedHeight(text, columnWidths[col - 1] ?? 9)));
  }
  return heights;
}

export function wrappedHeight(text: string, width: number): number {
  const usable = Math.max(1, width - 1);
  const lines = text.split("\n").reduce((n, part) => n + Math.max(1, Math.ceil((displayWidth(part) * 0.9) / usable)), 0);
  // CJK fonts at 10 pt need ~14.5 pt per line (Excel and LibreOffice alike).
  // 409 pt is the tallest row Excel allows.
  return Math.min(409, Math.max(16, lines * 14.5 + 5));
}

export function indicatorInputValue(ind: Indicator, id: string): PlanValue {
  const quantitative = ind.kind !== "定性";
  switch (id) {
    case "target":
      return quantityCell(ind.target, quantitative);
    case "actual":
      return quantityCell(ind.actual, quantitative);
    case "unit":
      return indicatorUnit(ind) || null;
    case "notApplicable":
      return ind.notApplicable ? "是" : null;
    default: {
      const raw = TABLE_COLUMNS.find((c) => c.id === id) ? columnGet(ind, id) : undefined;
      if (blank(raw)) return null;
      return typeof raw === "number" ? raw : String(raw);
    }
  }
}

function columnGet(ind: Indicator, id: string): unknown {
  switch (id) {
    case "override.score":
      return ind.override?.score;
    case "override.reason":
      return ind.override?.reason;
    case "override.replaced":
      return ind.override?.replaced;
    default:
      return (ind as Record<string, unknown>)[id];
  }
}

function planIndicators(ctx: Ctx, out: SheetPlan, rowCount: number): void {
  const layout = indicatorLayout(rowCount);
  out.columnWidths = TABLE_COLUMNS.map((c) => c.width);
  const columns: TableColumnPlan[] = TABLE_COLUMNS.map((c) => ({
    id: c.id,
    name: c.label,
    ...(c.input ? {} : { formula: rowFormula(c.id) }),
  }));
  out.tables.push({
    name: INDICATOR_TABLE.name,
    ref: `${cellAddress(layout.headerRow, layout.firstCol)}:${cellAddress(layout.lastRow, layout.lastCol)}`,
    columns,
    theme: INDICATOR_TABLE.theme,
  });
  TABLE_COLUMNS.forEach((c, j) => {
    out.cells.push({ address: cellAddress(layout.headerRow, layout.firstCol + j), style: "header", numFmt: "General", value: c.label });
  });
  const indicators = ctx.input?.indicators ?? [];
  for (let i = 0; i < rowCount; i++) {
    const row = layout.firstRow + i;
    const ind = indicators[i];
    let height = 20;
    for (const c of TABLE_COLUMNS) {
      const address = cellAddress(row, layout.col(c.id));
      if (!c.input) {
        const result = planValue(ctx.comp.rowValue(i, c.id));
        out.cells.push({ address, style: "computed", numFmt: NUMBER_FORMATS[c.kind], formula: rowFormula(c.id), ...(result !== undefined ? { result } : {}) });
        continue;
      }
      if (ind && c.id === "actual" && ind.actualFrom && ind.kind !== "定性") {
        const rateId = `rate.${ind.actualFrom}` as const;
        const result = planValue(ctx.comp.scalar(rateId));
        out.cells.push({ address, style: "input", numFmt: NUMBER_FORMATS.rate, formula: linkFormula(rateId), ...(result !== undefined ? { result } : {}) });
        continue;
      }
      const value = ind ? indicatorInputValue(ind, c.id) : null;
      let numFmt = c.kind === "number" ? "General" : NUMBER_FORMATS[c.kind];
      if ((c.id === "target" || c.id === "actual") && ind && indicatorUnit(ind) === "%" && typeof value === "number") numFmt = NUMBER_FORMATS.rate;
      out.cells.push({ address, style: "input", numFmt, value });
      if (typeof value === "string") height = Math.max(height, wrappedHeight(value, c.width));
    }
    out.rowHeights[row] = height;
  }
  const dataRange = (id: string) => {
    const col = colLetters(layout.col(id));
    return `${col}${layout.firstRow}:${col}${layout.lastRow}`;
  };
  for (const [id, v] of Object.entries(COLUMN_VALIDATIONS)) {
    const rule: ValidationSpec =
      "formula2Column" in v.rule
        ? { type: v.rule.type, operator: v.rule.operator, formula1: v.rule.formula1, formula2: rowBound(v.rule, layout) }
        : v.rule;
    out.validations.push(validationPlan(dataRange(id), rule, v, columnOf(id).label));
  }
}

/** Same-row reference relative to the validation range's first row, e.g. "$H12". */
export function rowBound(rule: RowBound, layout: ReturnType<typeof indicatorLayout>): string {
  return `$${colLetters(layout.col(rule.formula2Column))}${layout.firstRow}`;
}

// ---- 自评表 --------------------------------------------------------------------------------------------

/** The 自评表's rows in the new workbook: one per table row (blank ones stay blank until filled), then 总分. */
function planSelfTable(ctx: Ctx, table: SheetPlan, out: SheetPlan, rowCount: number): void {
  const layout = indicatorLayout(rowCount);
  const byAddress = new Map(table.cells.map((c) => [c.address, c]));
  const cellValue = (id: string, k: number): string | number | boolean => {
    const c = byAddress.get(cellAddress(layout.firstRow + k - 1, layout.col(id)));
    return (c?.formula !== undefined ? c.result : c?.value) ?? "";
  };
  const positions = Array.from({ length: rowCount }, (_, i) => i + 1);
  const writes = selfTableCells(out.name, positions, {
    cell: (id, k) => cellValue(id, k),
    fullWeight: planValue(ctx.comp.scalar("total.fullWeight")) ?? 0,
    total: planValue(ctx.comp.scalar("total")) ?? 0,
    grade: planValue(ctx.comp.scalar("grade")) ?? "",
  });
  for (const w of writes) {
    out.cells.push({
      address: w.address,
      style: w.style ?? "formText",
      numFmt: w.numFmt ?? "General",
      ...(w.formula !== undefined ? { formula: w.formula.replace(/^=/, ""), result: w.result ?? null } : { value: w.value ?? null }),
    });
  }
  for (const [row, height] of outputRowHeights(writes, out.columnWidths)) out.rowHeights[row] = height;
}

// ---- lists --------------------------------------------------------------------------------------------

function listItems(input: EvaluationInput | undefined, id: string): string[] {
  if (!input) return [];
  if (id === "unit.functions") return input.unit.functions ?? [];
  if (id === "problems") return input.problems ?? [];
  return input.measures ?? [];
}

function planLists(ctx: Ctx, sheets: SheetPlan[]): void {
  const empty = (id: string) => {
    const t = LIST_TABLES_BY_ID.get(id)!;
    return t.emptyRows;
  };
  const layouts = listLayouts((id) => (ctx.input ? listItems(ctx.input, id).length : empty(id)));
  for (const l of layouts) {
    const out = sheets.find((s) => s.key === l.sheet)!;
    const items = listItems(ctx.input, l.id);
    const col = colLetters(l.col);
    out.tables.push({
      name: l.name,
      ref: `${col}${l.headerRow}:${col}${l.headerRow + l.rows}`,
      columns: [{ id: "item", name: l.column }],
      theme: INDICATOR_TABLE.theme,
    });
    out.cells.push({ address: `${col}${l.headerRow}`, style: "header", numFmt: "General", value: l.column });
    const width = out.columnWidths[l.col - 1] ?? 80;
    for (let i = 0; i < l.rows; i++) {
      const item = items[i];
      out.cells.push({ address: `${col}${l.headerRow + 1 + i}`, style: "input", numFmt: "@", value: item === undefined || item === "" ? null : item });
      out.rowHeights[l.headerRow + 1 + i] = item ? Math.max(LIST_ROW_HEIGHT / 2, wrappedHeight(item, width)) : LIST_ROW_HEIGHT / 2;
    }
  }
}

const LIST_TABLES_BY_ID = new Map<string, (typeof LIST_TABLES)[number]>(LIST_TABLES.map((t) => [t.id, t]));
