import { cellAddress, colNumber, parseCell, parseRange, type RangeRef } from "../template/addr";
import {
  FIELD_CELLS,
  INDICATOR_TABLE,
  RULE_TABLE,
  SELF_REPORT_LAYOUT,
  fieldInfo,
  isFieldId,
  type CellPlan,
  type SheetPlan,
  type SnapshotValue,
  type StyleKey,
  type WorkbookPlan,
} from "../template/core";
import { editText, formatValue } from "./format";
import type { GridSource } from "./session";

/**
 * The grid's view of one sheet: which cells exist (the plan's, plus what the session wrote), which are
 * inputs, and what each shows. A formula cell shows the value the memory workbook holds for it, which the
 * engine's compiled formulas computed (MemoryWorkbook recalculates after every edit), so the grid shows
 * what Excel would after recalculating.
 */

export type CellRole = "input" | "computed" | "label" | "output" | "empty";

export interface GridCell {
  address: string;
  row: number;
  col: number;
  role: CellRole;
  /** What the cell shows, formatted like Excel. */
  text: string;
  /** For inputs: the editor's text (the value as one would type it, or the formula typed into it). */
  edit: string;
  numFmt: string;
  /** Holds a number (right-aligned, like Excel). */
  numeric: boolean;
  style: StyleKey | undefined;
  /** Who the cell is, for screen readers and tooltips: the field's label, the table column and row. */
  label: string;
  /** A dropdown's choices (data validation list), for inputs that have one. */
  choices?: string[];
  colSpan: number;
  rowSpan: number;
}

export interface SheetGrid {
  sheet: string;
  rows: number;
  cols: number;
  /** Column widths in characters, like Excel's. */
  widths: number[];
  /** Row-major; null where a merged cell covers the position. */
  cells: (GridCell | null)[][];
}

interface ListValidation {
  range: RangeRef;
  source: string;
}

interface TableInfo {
  name: string;
  range: RangeRef;
  columns: string[];
  columnIds: string[];
}

/** Everything the grid derives from the plan alone, computed once per plan. */
interface PlanIndex {
  sheets: Map<string, SheetPlan>;
  cells: Map<string, Map<string, CellPlan>>;
  /** "sheet!A1" → field id of the named cells. */
  fieldAt: Map<string, string>;
  /** Defined name (lower case) → field id and where it points. */
  names: Map<string, { field?: string; sheet: string; ref: RangeRef }>;
  lists: Map<string, ListValidation[]>;
  tables: Map<string, TableInfo[]>;
  rules: { sheet: string; headerRow: number; firstCol: number; lastCol: number; activeCol: number; selector: { sheet: string; address: string } } | null;
  indicatorSheet: string | undefined;
  selfTable: string | undefined;
  selfReport: string | undefined;
}

const indexes = new WeakMap<WorkbookPlan, PlanIndex>();

function indexPlan(plan: WorkbookPlan): PlanIndex {
  const cached = indexes.get(plan);
  if (cached) return cached;
  const nameOfKey = new Map(plan.sheets.map((s) => [s.key, s.name]));
  const index: PlanIndex = {
    sheets: new Map(plan.sheets.map((s) => [s.name, s])),
    cells: new Map(plan.sheets.map((s) => [s.name, new Map(s.cells.map((c) => [c.address, c]))])),
    fieldAt: new Map(),
    names: new Map(),
    lists: new Map(),
    tables: new Map(),
    rules: null,
    indicatorSheet: nameOfKey.get(INDICATOR_TABLE.sheet),
    selfTable: nameOfKey.get("selfTable"),
    selfReport: nameOfKey.get("selfReport"),
  };
  for (const f of FIELD_CELLS.values()) {
    const sheet = nameOfKey.get(f.sheet);
    if (sheet) index.fieldAt.set(`${sheet}!${f.address}`, f.id);
  }
  for (const n of plan.names) {
    index.names.set(n.name.toLowerCase(), { ...(n.field ? { field: n.field } : {}), sheet: n.sheet, ref: parseRange(n.ref.replace(/\$/g, "")) });
  }
  for (const s of plan.sheets) {
    index.lists.set(
      s.name,
      s.validations.flatMap((v) => {
        const rule = v.rule;
        if (rule.type !== "list") return [];
        return v.range.split(/\s+/).map((r) => ({ range: parseRange(r.replace(/\$/g, "")), source: rule.source }));
      }),
    );
    index.tables.set(
      s.name,
      s.tables.map((t) => ({ name: t.name, range: parseRange(t.ref), columns: t.columns.map((c) => c.name), columnIds: t.columns.map((c) => c.id) })),
    );
  }
  const rulesSheet = nameOfKey.get(RULE_TABLE.sheet);
  const selector = FIELD_CELLS.get("rule.profile");
  const selectorSheet = selector && nameOfKey.get(selector.sheet);
  if (rulesSheet && selector && selectorSheet) {
    const firstCol = colNumber(RULE_TABLE.firstProfileCol);
    index.rules = {
      sheet: rulesSheet,
      headerRow: RULE_TABLE.headerRow,
      firstCol,
      lastCol: firstCol + RULE_TABLE.profiles.length - 1,
      activeCol: colNumber(RULE_TABLE.activeCol),
      selector: { sheet: selectorSheet, address: selector.address },
    };
  }
  indexes.set(plan, index);
  return index;
}

/**
 * A cell as the workbook holds it. (A named helper: the Office lint rules take any `.getCell()` result for
 * an Excel proxy that needs load() and sync().)
 */
function storedCell(source: GridSource, sheet: string, address: string) {
  return source.workbook.getCell(sheet, address);
}

function inRange(r: RangeRef, row: number, col: number): boolean {
  return row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
}

function blank(v: SnapshotValue | undefined): boolean {
  return v === undefined || (typeof v === "string" && v.trim() === "");
}

/**
 * What cells show: what the memory workbook holds. Formula cells hold what the engine's compiled formulas
 * compute for them (the workbook recalculates after every edit, see recalculatedCells), so the grid shows
 * what Excel would, with no evaluator of its own.
 */
class Values {
  private lists = new Map<string, string[]>();

  constructor(
    private readonly source: GridSource,
    private readonly index: PlanIndex,
  ) {}

  value(sheet: string, address: string): SnapshotValue {
    return storedCell(this.source, sheet, address)?.value ?? "";
  }

  /** A dropdown's items: a literal list ("是,否") or the cells of a defined name. */
  choices(source: string): string[] {
    let items = this.lists.get(source);
    if (!items) this.lists.set(source, (items = this.listItems(source)));
    return items;
  }

  private listItems(source: string): string[] {
    const literal = /^"(.*)"$/.exec(source.trim());
    if (literal) return literal[1]!.split(",").map((s) => s.trim()).filter(Boolean);
    const target = this.index.names.get(source.replace(/^=/, "").trim().toLowerCase());
    if (!target) return [];
    const out: string[] = [];
    for (let row = target.ref.top; row <= target.ref.bottom; row++) {
      for (let col = target.ref.left; col <= target.ref.right; col++) {
        const v = String(this.value(target.sheet, cellAddress(row, col))).trim();
        if (v && !out.includes(v)) out.push(v);
      }
    }
    return out;
  }
}

function labelOf(index: PlanIndex, values: Values, sheet: string, row: number, col: number, address: string): string {
  const field = index.fieldAt.get(`${sheet}!${address}`);
  if (field) {
    return isFieldId(field) ? fieldInfo(field).label : field;
  }
  const table = index.tables.get(sheet)?.find((t) => inRange(t.range, row, col) && row > t.range.top);
  if (table) {
    const column = table.columns[col - table.range.left] ?? "";
    if (table.name !== INDICATOR_TABLE.name) return column;
    const nameCol = table.range.left + table.columnIds.indexOf("name");
    const name = String(values.value(sheet, cellAddress(row, nameCol))).trim();
    return name ? `${column}（${name}）` : column;
  }
  // A form row: the label is the row's first cell (基本情况, 预算执行, 评分规则).
  const first = index.cells.get(sheet)?.get(cellAddress(row, 1));
  return first && col > 1 && typeof first.value === "string" ? first.value : "";
}

/** A paragraph's text on 自评报告: the user may rewrite it there, and the add-in keeps the rewrite. */
function isParagraphText(index: PlanIndex, sheet: string, row: number, col: number): boolean {
  return sheet === index.selfReport && row >= SELF_REPORT_LAYOUT.firstRow && col === colNumber(SELF_REPORT_LAYOUT.columns.text);
}

/** The grid of `sheet`: every cell of the plan and every cell written since, in a rectangle from A1. */
export function buildSheetGrid(source: GridSource, sheet: string): SheetGrid {
  const plan = source.plan;
  const index = plan ? indexPlan(plan) : null;
  const sheetPlan = index?.sheets.get(sheet);
  const planCells = index?.cells.get(sheet) ?? new Map<string, CellPlan>();
  const values = index ? new Values(source, index) : null;

  let rows = 1;
  let cols = Math.max(1, sheetPlan?.columnWidths.length ?? 1);
  const grow = (address: string) => {
    const c = parseCell(address);
    rows = Math.max(rows, c.row);
    cols = Math.max(cols, c.col);
  };
  for (const a of planCells.keys()) grow(a);
  for (const a of source.extraAddresses(sheet)) grow(a);
  const merges = (sheetPlan?.merges ?? []).map((m) => parseRange(m));
  for (const m of merges) {
    rows = Math.max(rows, m.bottom);
    cols = Math.max(cols, m.right);
  }

  const cells: (GridCell | null)[][] = Array.from({ length: rows }, () => new Array<GridCell | null>(cols).fill(null));
  const covered = new Set<string>();
  for (const m of merges) {
    for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(cellAddress(r, c));
  }
  const lists = index?.lists.get(sheet) ?? [];

  for (let row = 1; row <= rows; row++) {
    for (let col = 1; col <= cols; col++) {
      const address = cellAddress(row, col);
      if (covered.has(address)) continue;
      const merge = merges.find((m) => m.top === row && m.left === col);
      const p = planCells.get(address);
      const stored = storedCell(source, sheet, address);
      const numFmt = p?.numFmt ?? (index && isParagraphText(index, sheet, row, col) ? "@" : "General");
      const shown = values ? values.value(sheet, address) : (stored?.value ?? "");
      let role: CellRole;
      if (p?.style === "input" && p.formula === undefined) role = "input";
      else if (index && isParagraphText(index, sheet, row, col) && stored && !blank(stored.value)) role = "input";
      else if (stored?.formula !== undefined || p?.formula !== undefined) role = "computed";
      else if (p) role = "label";
      else if (stored && !blank(stored.value)) role = "output";
      else role = "empty";
      const cell: GridCell = {
        address,
        row,
        col,
        role,
        text: formatValue(shown, numFmt),
        edit: role === "input" ? (stored?.formula ?? editText(stored?.value ?? "", numFmt)) : "",
        numFmt,
        numeric: typeof shown === "number",
        style: p?.style,
        label: values && index && (role === "input" || role === "computed") ? labelOf(index, values, sheet, row, col, address) : "",
        colSpan: merge ? merge.right - merge.left + 1 : 1,
        rowSpan: merge ? merge.bottom - merge.top + 1 : 1,
      };
      if (role === "input" && values) {
        const list = lists.find((l) => inRange(l.range, row, col));
        if (list) cell.choices = values.choices(list.source);
      }
      cells[row - 1]![col - 1] = cell;
    }
  }
  return { sheet, rows, cols, widths: Array.from({ length: cols }, (_, i) => sheetPlan?.columnWidths[i] ?? 9), cells };
}
