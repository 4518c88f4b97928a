import { absolute, cellAddress, colNumber, parseCell } from "./addr";
import { TABLE_COLUMNS } from "./fields";
import { CHOICE_LISTS, FIELD_NAMES, INDICATOR_TABLE, LIST_GAP_ROWS, LIST_TABLES, RULE_PARAM_ORDER, RULE_TABLE, SHEETS, type FieldId, type SheetKey, type SheetSpec } from "./spec";

/**
 * Positions derived from the spec: where each named field sits, where the tables start, which row of the
 * rule sheet holds which parameter. Pure arithmetic over spec data; no address is invented here.
 */

export interface FieldCell {
  id: FieldId;
  sheet: SheetKey;
  address: string;
}

export function sheetSpec(key: SheetKey): SheetSpec {
  const s = SHEETS.find((x) => x.key === key);
  if (!s) throw new Error(`No sheet ${key}`);
  return s;
}

// ---- the rule table -------------------------------------------------------------------------------

export const RULE_COLS = (() => {
  const first = colNumber(RULE_TABLE.firstProfileCol);
  const last = first + RULE_TABLE.profiles.length - 1;
  return { label: colNumber(RULE_TABLE.labelCol), active: colNumber(RULE_TABLE.activeCol), first, last, custom: last };
})();

/** Rule-sheet rows: the meta rows (方案编号, 方案名称), then the parameters in RULE_PARAM_ORDER. */
export const RULE_ROWS: ReadonlyMap<FieldId, number> = new Map<FieldId, number>([
  ...RULE_TABLE.metaRows.map((m) => [m.id, m.row] as [FieldId, number]),
  ...RULE_PARAM_ORDER.map((id, i) => [id, RULE_TABLE.firstParamRow + i] as [FieldId, number]),
]);

export function ruleProfileNamesRange(): string {
  return `${absolute(RULE_TABLE.headerRow, RULE_COLS.first)}:${absolute(RULE_TABLE.headerRow, RULE_COLS.last)}`;
}

export function tierListRange(): string {
  const rows = [1, 2, 3].map((n) => RULE_ROWS.get(`rule.tier${n as 1 | 2 | 3}.label`)!);
  return `${absolute(Math.min(...rows), RULE_COLS.active)}:${absolute(Math.max(...rows), RULE_COLS.active)}`;
}

// ---- named field cells -------------------------------------------------------------------------------

function collectFieldCells(): Map<string, FieldCell> {
  const out = new Map<string, FieldCell>();
  const put = (c: FieldCell) => {
    if (out.has(c.id)) throw new Error(`Field ${c.id} is placed twice in the template spec`);
    out.set(c.id, c);
  };
  for (const sheet of SHEETS) {
    for (const cell of sheet.cells) if ("field" in cell) put({ id: cell.field, sheet: sheet.key, address: cell.at });
  }
  for (const [id, row] of RULE_ROWS) put({ id, sheet: RULE_TABLE.sheet, address: cellAddress(row, RULE_COLS.active) });
  return out;
}

/** Every named single-cell field: inputs, computed figures, rule parameters, template markers. */
export const FIELD_CELLS: ReadonlyMap<string, FieldCell> = collectFieldCells();

// ---- display links ----------------------------------------------------------------------------------------

export interface LinkCell {
  /** The field shown (a live copy "=<its defined name>"). */
  link: FieldId;
  sheet: SheetKey;
  /** Where the template puts it; the workbook finds it by `name`, wherever rows were inserted since. */
  address: string;
  name: string;
}

/**
 * Every display link of the spec, each with its own defined name ("Show_<sheet>_<field's name>", "_2" for a
 * second copy on the same sheet), so the reader and 修复模板 find it after rows are inserted above it and
 * never take a user's value for a typed-over formula.
 */
function collectLinkCells(): LinkCell[] {
  const out: LinkCell[] = [];
  for (const sheet of SHEETS) {
    const seen = new Map<string, number>();
    for (const cell of sheet.cells) {
      if (!("link" in cell)) continue;
      const n = (seen.get(cell.link) ?? 0) + 1;
      seen.set(cell.link, n);
      const target = FIELD_NAMES[cell.link];
      if (!target) throw new Error(`Link to ${cell.link} on ${sheet.key}: the field has no defined name`);
      out.push({ link: cell.link, sheet: sheet.key, address: cell.at, name: `Show_${sheet.key}_${target}${n > 1 ? `_${n}` : ""}` });
    }
  }
  return out;
}

export const LINK_CELLS: readonly LinkCell[] = collectLinkCells();

// ---- the indicator table --------------------------------------------------------------------------------

export interface IndicatorLayout {
  headerRow: number;
  firstRow: number;
  lastRow: number;
  firstCol: number;
  lastCol: number;
  /** Column number of a column id. */
  col(id: string): number;
}

export function indicatorLayout(rows: number): IndicatorLayout {
  const h = parseCell(INDICATOR_TABLE.header);
  const index = new Map(TABLE_COLUMNS.map((c, i) => [c.id, h.col + i]));
  return {
    headerRow: h.row,
    firstRow: h.row + 1,
    lastRow: h.row + Math.max(1, rows),
    firstCol: h.col,
    lastCol: h.col + TABLE_COLUMNS.length - 1,
    col: (id) => {
      const c = index.get(id);
      if (c === undefined) throw new Error(`No indicator column ${id}`);
      return c;
    },
  };
}

// ---- list tables ------------------------------------------------------------------------------------------

export interface ListLayout {
  id: (typeof LIST_TABLES)[number]["id"];
  name: string;
  sheet: SheetKey;
  column: string;
  headerRow: number;
  col: number;
  rows: number;
}

/** Positions of the list tables for the given row counts (a table below another moves with it). */
export function listLayouts(rowsOf: (id: string) => number): ListLayout[] {
  const out: ListLayout[] = [];
  for (const t of LIST_TABLES) {
    const rows = Math.max(1, rowsOf(t.id));
    let headerRow: number;
    let col: number;
    if (t.header.startsWith("below:")) {
      const above = out.find((o) => o.name === t.header.slice("below:".length));
      if (!above) throw new Error(`List ${t.name} is placed below an unknown table`);
      headerRow = above.headerRow + above.rows + 1 + LIST_GAP_ROWS;
      col = above.col;
    } else {
      const c = parseCell(t.header);
      headerRow = c.row;
      col = c.col;
    }
    out.push({ id: t.id, name: t.name, sheet: t.sheet, column: t.column, headerRow, col, rows });
  }
  return out;
}

// ---- dropdown sources ---------------------------------------------------------------------------------------

export interface ChoiceListLayout {
  name: string | null;
  header: string;
  items: readonly string[];
  col: number;
  headerRow: number;
  range: string;
}

export const CHOICE_LAYOUT: readonly ChoiceListLayout[] = CHOICE_LISTS.lists.map((l) => {
  const col = colNumber(l.col);
  const first = CHOICE_LISTS.headerRow + 1;
  return {
    name: l.name,
    header: l.header,
    items: l.items,
    col,
    headerRow: CHOICE_LISTS.headerRow,
    range: `${absolute(first, col)}:${absolute(first + l.items.length - 1, col)}`,
  };
});

export const SHEET_OF_LIST: SheetKey = CHOICE_LISTS.sheet;
