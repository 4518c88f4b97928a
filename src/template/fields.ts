import { INDICATOR_COLUMNS, LIST_INPUTS, SCALAR_INPUTS, type FieldType } from "../domain/fields";
import { ROW_SPECS, SCALAR_SPECS } from "../domain/formulas";
import { RULE_PARAMS } from "../domain/profiles";
import { toExcel, type ExcelRefResolver, type Expr } from "../domain/expr";
import { FIELD_NAMES, INDICATOR_TABLE, TEMPLATE_FIELDS, type FieldId, type TemplateFieldId, type ValueKind } from "./spec";

/**
 * What the template knows about a field id, gathered from the domain registries (labels are never
 * restated here) plus the spec's names; and the formula text of every computed cell.
 */

export type FieldRole = "input" | "computed" | "rule" | "marker";

export interface FieldInfo {
  id: FieldId;
  label: string;
  kind: ValueKind;
  role: FieldRole;
  /** Its defined name (every field has one: FIELD_NAMES is typed complete). */
  name: string;
}

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
const KIND_OF_PARAM = { number: "number", percent: "percent", text: "text", choice: "choice" } as const;

const INFO = new Map<string, FieldInfo>();
const TEMPLATE_ENTRIES = Object.entries(TEMPLATE_FIELDS) as Array<[TemplateFieldId, (typeof TEMPLATE_FIELDS)[TemplateFieldId]]>;
for (const f of SCALAR_INPUTS) INFO.set(f.id, { id: f.id, label: f.label, kind: KIND_OF_INPUT[f.type], role: "input", name: FIELD_NAMES[f.id] });
for (const s of SCALAR_SPECS) INFO.set(s.id, { id: s.id, label: s.label, kind: KIND_OF_FORMAT[s.format], role: "computed", name: FIELD_NAMES[s.id] });
for (const p of RULE_PARAMS) INFO.set(p.id, { id: p.id, label: p.label, kind: KIND_OF_PARAM[p.type], role: "rule", name: FIELD_NAMES[p.id] });
for (const [id, t] of TEMPLATE_ENTRIES) INFO.set(id, { id, label: t.label, kind: t.kind, role: t.role, name: FIELD_NAMES[id] });

export function fieldInfo(id: FieldId): FieldInfo {
  const info = INFO.get(id);
  if (!info) throw new Error(`Unknown field id in the template spec: ${id}`);
  return info;
}

/** Whether a string read from elsewhere (a defined name's field, a finding) is a field id of the spec. */
export function isFieldId(id: string): id is FieldId {
  return INFO.has(id);
}

/** A field id from a string that must be one (an expression's reference): unknown ids are a bug. */
export function asFieldId(id: string): FieldId {
  if (!isFieldId(id)) throw new Error(`Unknown field id in the template spec: ${id}`);
  return id;
}

export function nameOf(id: FieldId): string {
  const name = FIELD_NAMES[id];
  if (!name) throw new Error(`No defined name for field ${id}`);
  return name;
}

export const LIST_LABEL: Record<string, string> = Object.fromEntries(LIST_INPUTS.map((l) => [l.id, l.label]));

// ---- the indicator table's columns -------------------------------------------------------------

export interface TableColumnInfo {
  id: string;
  /** The header text, which is also the structured-reference column name. */
  label: string;
  input: boolean;
  width: number;
  kind: ValueKind;
}

export const TABLE_COLUMNS: readonly TableColumnInfo[] = INDICATOR_COLUMNS.map((c) => {
  const layout = INDICATOR_TABLE.columns[c.id];
  if (!layout) throw new Error(`INDICATOR_TABLE has no layout for column ${c.id}`);
  return { id: c.id, label: c.label, input: c.input, width: layout.width, kind: layout.kind };
});

export function columnOf(id: string): TableColumnInfo {
  const c = TABLE_COLUMNS.find((x) => x.id === id);
  if (!c) throw new Error(`Unknown indicator column ${id}`);
  return c;
}

/** Escapes a column name for a structured reference ([ ] # ' need a leading '). */
function structuredName(label: string): string {
  return label.replace(/['[\]#]/g, "'$&");
}

/**
 * Formula references as the workbook writes them: scalars by defined name; the indicator table by
 * structured reference (`Indicators[[#This Row],[分值]]`, `Indicators[得分]`), which Excel, WPS and
 * LibreOffice compute and which follow the table as rows are inserted, deleted, appended or sorted.
 * The file format needs the long `[#This Row]` form: LibreOffice reads `[@分值]` as #NAME?.
 */
export const STRUCTURED_RESOLVER: ExcelRefResolver = {
  ref: (id) => nameOf(asFieldId(id)),
  col: (id) => `${INDICATOR_TABLE.name}[[#This Row],[${structuredName(columnOf(id).label)}]]`,
  colRange: (id) => `${INDICATOR_TABLE.name}[${structuredName(columnOf(id).label)}]`,
};

const SCALAR_EXPR = new Map<string, Expr>(SCALAR_SPECS.map((s) => [s.id, s.expr]));
const ROW_EXPR = new Map<string, Expr>(ROW_SPECS.map((s) => [s.id, s.expr]));

/** Formula text (no "=") of a computed scalar's cell. */
export function scalarFormula(id: string, resolver: ExcelRefResolver = STRUCTURED_RESOLVER): string {
  const expr = SCALAR_EXPR.get(id);
  if (!expr) throw new Error(`No formula for ${id}`);
  return toExcel(expr, resolver);
}

/** Formula text (no "=") of a computed column, identical in every row (calculated column). */
export function rowFormula(id: string, resolver: ExcelRefResolver = STRUCTURED_RESOLVER): string {
  const expr = ROW_EXPR.get(id);
  if (!expr) throw new Error(`No row formula for ${id}`);
  return toExcel(expr, resolver);
}

export function isComputedScalar(id: string): boolean {
  return SCALAR_EXPR.has(id);
}

/** A display link: "=<name>". */
export function linkFormula(id: FieldId): string {
  return nameOf(id);
}
