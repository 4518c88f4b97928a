/**
 * The in-memory workbook behind the Excel fake: sheets, cells, defined names, tables,
 * formats, validation and protection, plus the structural edits (row insert/delete, sheet
 * rename/delete) with Excel's reference adjustment. Proxies in excel-fake.ts call into this.
 */
import {
  MAX_COLS,
  MAX_ROWS,
  type Rect,
  cellKey,
  formatAddress,
  formatRect,
  keyCol,
  keyRow,
  parseA1,
  rectContains,
  rectIntersect,
} from "./a1";
import {
  ERROR_LITERALS,
  type Formula,
  FormulaSyntaxError,
  type NameResolver,
  type RowShift,
  formulaRefs,
  formulaStructs,
  parseFormula,
  renderFormula,
  shiftRef,
  shiftSpan,
} from "./formula-parse";
import { type EvalEnv, type Scalar, type TableInfo, XlError, compare, evaluateFormula, evaluateNameFormula, isRange, parseNumber } from "./formula-eval";
import { dateToSerial, formatNumber, formatText, generalCellText } from "./numfmt";

/** Errors carrying Office.js error codes (thrown inside sync and by proxies). */
export class FakeOfficeError extends Error {
  override readonly name = "RichApi.Error";
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  readonly traceMessages: string[] = [];
  readonly innerError: unknown = null;
  constructor(code: string, message: string, location?: string) {
    super(message);
    this.code = code;
    this.debugInfo = location === undefined ? { code, message } : { code, message, errorLocation: location };
  }
}

export const ErrorCodes = {
  propertyNotLoaded: "PropertyNotLoaded",
  valueNotLoaded: "ValueNotLoaded",
  itemNotFound: "ItemNotFound",
  itemAlreadyExists: "ItemAlreadyExists",
  invalidArgument: "InvalidArgument",
  invalidReference: "InvalidReference",
  invalidOperation: "InvalidOperation",
  invalidObjectPath: "InvalidObjectPath",
  invalidRequestContext: "InvalidRequestContext",
  accessDenied: "AccessDenied",
  apiNotFound: "ApiNotFound",
  generalException: "GeneralException",
  undoNotSupported: "UndoNotSupported",
  notImplemented: "NotImplemented",
  runMustReturnPromise: "RunMustReturnPromise",
  invalidOperationInCellEditMode: "InvalidOperationInCellEditMode",
  responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
} as const;

export function officeError(code: string, message: string, location?: string): FakeOfficeError {
  return new FakeOfficeError(code, message, location);
}

/** What a cell holds: a constant or a formula. Empty cells are absent from the map. */
export interface Cell {
  value?: number | string | boolean | XlError;
  formula?: Formula;
}

export interface FormatProps {
  numberFormat?: string;
  fill?: string | null;
  bold?: boolean;
  italic?: boolean;
  fontColor?: string;
  fontName?: string;
  fontSize?: number;
  wrapText?: boolean;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  locked?: boolean;
}

export const DEFAULT_FORMAT: Required<FormatProps> = {
  numberFormat: "General",
  fill: null,
  bold: false,
  italic: false,
  fontColor: "#000000",
  fontName: "等线",
  fontSize: 11,
  wrapText: false,
  horizontalAlignment: "General",
  verticalAlignment: "Bottom",
  locked: true,
};

/** Formats are painted as rect layers in order; the last layer covering a cell wins per property. */
export interface FormatLayer {
  rect: Rect;
  props: FormatProps;
}

export interface ValidationLayer {
  rect: Rect;
  /** null clears validation for the rect. */
  rule: Record<string, unknown> | null;
  type: string;
  ignoreBlanks: boolean;
  prompt?: unknown;
  errorAlert?: unknown;
}

export interface ProtectionState {
  protected: boolean;
  options: Record<string, unknown>;
  password?: string;
}

export const DEFAULT_PROTECTION_OPTIONS: Record<string, unknown> = {
  allowAutoFilter: false,
  allowDeleteColumns: false,
  allowDeleteRows: false,
  allowEditObjects: false,
  allowEditScenarios: false,
  allowFormatCells: false,
  allowFormatColumns: false,
  allowFormatRows: false,
  allowInsertColumns: false,
  allowInsertHyperlinks: false,
  allowInsertRows: false,
  allowPivotTables: false,
  allowSort: false,
  selectionMode: "Normal",
};

export class SheetModel {
  readonly cells = new Map<number, Cell>();
  formats: FormatLayer[] = [];
  validations: ValidationLayer[] = [];
  readonly colWidths = new Map<number, number>();
  readonly rowHeights = new Map<number, number>();
  visibility: "Visible" | "Hidden" | "VeryHidden" = "Visible";
  protection: ProtectionState = { protected: false, options: { ...DEFAULT_PROTECTION_OPTIONS } };
  deleted = false;
  constructor(
    readonly id: string,
    public name: string,
  ) {}
}

export interface NameModel {
  key: string;
  name: string;
  /** null = workbook scope, else the sheet id. */
  scopeSheetId: string | null;
  formula: Formula;
  comment: string;
  visible: boolean;
  deleted: boolean;
}

export interface TableModel {
  id: string;
  name: string;
  sheetId: string;
  rect: Rect;
  showHeaders: boolean;
  showTotals: boolean;
  deleted: boolean;
  /** The sort last applied (TableSort.fields / matchCase), for reapply. */
  sort?: { fields: TableSortField[]; matchCase: boolean };
}

/** Excel.SortField as far as the fake sorts: a column of the table (0-based) and the direction. */
export interface TableSortField {
  key: number;
  ascending?: boolean;
}

export type WriteKind = "values" | "formulas" | "numberFormat" | "format" | "clear" | "insert" | "delete" | "dataValidation";

/** Change notifications raised by model edits; the fake turns them into onChanged events. */
export interface ChangeNote {
  sheetId: string;
  rect: Rect;
  changeType: "RangeEdited" | "RowInserted" | "RowDeleted" | "CellInserted" | "CellDeleted";
  /** For single-cell edits: values before and after. */
  before?: Scalar;
  after?: Scalar;
}

const DEFAULT_COL_WIDTH = 48;
const DEFAULT_ROW_HEIGHT = 15;

const NAMED_COLORS: Record<string, string> = {
  black: "#000000",
  white: "#FFFFFF",
  red: "#FF0000",
  green: "#008000",
  blue: "#0000FF",
  yellow: "#FFFF00",
  orange: "#FFA500",
  gray: "#808080",
  grey: "#808080",
  lightgray: "#D3D3D3",
  lightgrey: "#D3D3D3",
  lightyellow: "#FFFFE0",
  lightgreen: "#90EE90",
  lightblue: "#ADD8E6",
  purple: "#800080",
};

export function normalizeColor(c: string): string {
  const s = c.trim();
  const named = NAMED_COLORS[s.toLowerCase()];
  if (named) return named;
  let m = /^#?([0-9a-f]{6})$/i.exec(s);
  if (m) return "#" + m[1]!.toUpperCase();
  m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(s);
  if (m) return ("#" + m[1]! + m[1]! + m[2]! + m[2]! + m[3]! + m[3]!).toUpperCase();
  throw officeError(ErrorCodes.invalidArgument, `Invalid color: ${c}`);
}

let idCounter = 0;
function newSheetId(): string {
  idCounter++;
  const hex = idCounter.toString(16).toUpperCase().padStart(4, "0");
  return `{00000000-${hex}-0000-C000-000000000046}`;
}

export function valueType(v: Scalar): "Empty" | "String" | "Double" | "Boolean" | "Error" {
  if (v === null || v === "") return v === null ? "Empty" : "String";
  if (typeof v === "number") return "Double";
  if (typeof v === "boolean") return "Boolean";
  if (v instanceof XlError) return "Error";
  return "String";
}

/** Scalar → what Range.values returns (errors as their text, empty as ""). */
export function toApiValue(v: Scalar): number | string | boolean {
  if (v === null) return "";
  if (v instanceof XlError) return v.code;
  return v;
}

/**
 * How Excel (zh-CN) converts typed text: numbers keep only 15 significant digits (so an
 * 18-digit ID number loses its tail), "12%" / "1,234" / "2024-1-31" / "1/2" (this year's
 * 2 January) / "9:30" become numbers with a matching number format.
 */
export function interpretTyped(input: string): { value: number; format?: string } | null {
  const t = input.trim();
  let m = /^(\d{1,2})[/-](\d{1,2})$/.exec(t);
  if (m) {
    const mo = Number(m[1]);
    const d = Number(m[2]);
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= 31) return { value: dateToSerial(new Date().getFullYear(), mo, d), format: "m月d日" };
  }
  m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (m && Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3] ?? 0) < 60) {
    return { value: (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0)) / 86400, format: m[3] ? "h:mm:ss" : "h:mm" };
  }
  const n = parseNumber(t);
  if (n === null) return null;
  const value = truncate15(n);
  if (/%$/.test(t)) return { value, format: /\.\d/.test(t) ? "0.00%" : "0%" };
  if (/^\d{4}[-/]\d{1,2}[-/]\d{1,2}$/.test(t)) return { value, format: "yyyy/m/d" };
  if (/\d,\d{3}/.test(t)) return { value, format: /\.\d/.test(t) ? "#,##0.00" : "#,##0" };
  return { value };
}

/** Excel stores at most 15 significant digits of typed numbers, dropping the rest. */
function truncate15(n: number): number {
  if (n === 0 || !Number.isFinite(n)) return n;
  const digits = Math.floor(Math.log10(Math.abs(n))) + 1;
  if (digits <= 15) return n;
  const f = Math.pow(10, digits - 15);
  return Math.trunc(n / f) * f;
}

export class WorkbookModel implements EvalEnv, NameResolver {
  sheets: SheetModel[] = [];
  names: NameModel[] = [];
  tables: TableModel[] = [];
  activeSheetId: string | null = null;
  selection: { sheetId: string; rect: Rect } | null = null;
  calculationMode: "Automatic" | "AutomaticExceptTables" | "Manual" = "Automatic";
  /** Value shown for a circular reference. Real Excel shows 0 and a warning. */
  circularValue: Scalar = new XlError("#REF!");
  private cache = new Map<string, Scalar>();
  private evaluating = new Set<string>();
  /** Values-only content extents per sheet; every cell mutation goes through invalidate(). */
  private extentCache = new Map<string, Rect | null>();
  private tableCounter = 0;
  private nameCounter = 0;

  // ---- lookups -------------------------------------------------------------------------------

  sheetByName(name: string): SheetModel | undefined {
    const low = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === low);
  }

  sheetById(id: string): SheetModel | undefined {
    return this.sheets.find((s) => s.id === id);
  }

  sheetByKey(key: string): SheetModel | undefined {
    return this.sheetById(key) ?? this.sheetByName(key);
  }

  requireSheet(name: string): SheetModel {
    const s = this.sheetByKey(name);
    if (!s) throw officeError(ErrorCodes.itemNotFound, `The requested resource doesn't exist: worksheet ${name}`);
    return s;
  }

  sheetIdByName(name: string): string | undefined {
    return this.sheetByName(name)?.id;
  }

  sheetNameById(id: string): string | undefined {
    return this.sheetById(id)?.name;
  }

  tableIdByName(name: string): string | undefined {
    const low = name.toLowerCase();
    return this.tables.find((t) => !t.deleted && t.name.toLowerCase() === low)?.id;
  }

  tableNameById(id: string): string | undefined {
    return this.tables.find((t) => t.id === id && !t.deleted)?.name;
  }

  // ---- sheets --------------------------------------------------------------------------------

  validateSheetName(name: string, except?: SheetModel): void {
    if (typeof name !== "string" || name.trim() === "" || name.length > 31 || /[\\/?*[\]:]/.test(name) || name.startsWith("'") || name.endsWith("'")) {
      throw officeError(ErrorCodes.invalidArgument, `Invalid worksheet name: ${String(name)}`);
    }
    const clash = this.sheetByName(name);
    if (clash && clash !== except) throw officeError(ErrorCodes.itemAlreadyExists, `A worksheet named ${name} already exists`);
  }

  addSheet(name?: string): SheetModel {
    let n = name;
    if (n === undefined || n === null) {
      let i = this.sheets.length + 1;
      while (this.sheetByName(`Sheet${i}`)) i++;
      n = `Sheet${i}`;
    }
    this.validateSheetName(n);
    const s = new SheetModel(newSheetId(), n);
    this.sheets.push(s);
    if (this.activeSheetId === null) {
      this.activeSheetId = s.id;
      this.selection = { sheetId: s.id, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    }
    this.invalidate();
    return s;
  }

  renameSheet(sheet: SheetModel, name: string): void {
    if (sheet.name === name) return;
    this.validateSheetName(name, sheet);
    // Formulas point at sheets by id, so they follow the new name without rewriting.
    sheet.name = name;
    this.invalidate();
  }

  deleteSheet(sheet: SheetModel): void {
    const visible = this.sheets.filter((s) => s.visibility === "Visible" && s !== sheet);
    if (visible.length === 0) throw officeError(ErrorCodes.invalidOperation, "A workbook must contain at least one visible worksheet.");
    this.sheets = this.sheets.filter((s) => s !== sheet);
    sheet.deleted = true;
    for (const t of this.tables) if (t.sheetId === sheet.id) this.deleteTableModel(t);
    for (const n of this.names) if (n.scopeSheetId === sheet.id) n.deleted = true;
    this.names = this.names.filter((n) => !n.deleted);
    if (this.activeSheetId === sheet.id) {
      this.activeSheetId = visible[0]!.id;
      this.selection = { sheetId: visible[0]!.id, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    }
    this.invalidate();
  }

  moveSheet(sheet: SheetModel, position: number): void {
    if (!Number.isInteger(position) || position < 0 || position >= this.sheets.length) {
      throw officeError(ErrorCodes.invalidArgument, `Invalid position ${position}`);
    }
    this.sheets = this.sheets.filter((s) => s !== sheet);
    this.sheets.splice(position, 0, sheet);
  }

  // ---- cells ---------------------------------------------------------------------------------

  /**
   * Drops computed results. Manual calculation keeps stale results until calculate(), as
   * Excel does, except for the edited cell itself (Excel computes a newly entered formula).
   */
  invalidate(edited?: { sheetId: string; r: number; c: number }): void {
    this.extentCache.clear();
    if (this.calculationMode !== "Manual") this.cache.clear();
    else if (edited) this.cache.delete(`${edited.sheetId}:${edited.r}:${edited.c}`);
  }

  /** Computes every formula so that switching to manual calculation freezes current results. */
  setCalculationMode(mode: "Automatic" | "AutomaticExceptTables" | "Manual"): void {
    if (mode === "Manual" && this.calculationMode !== "Manual") {
      for (const s of this.sheets) for (const [k, cell] of s.cells) if (cell.formula) this.cell(s.id, keyRow(k), keyCol(k));
    }
    this.calculationMode = mode;
    if (mode !== "Manual") this.cache.clear();
  }

  recalculate(): void {
    this.extentCache.clear();
    this.cache.clear();
  }

  getCell(sheet: SheetModel, r: number, c: number): Cell | undefined {
    return sheet.cells.get(cellKey(r, c));
  }

  /** Computed value (EvalEnv). */
  cell(sheetId: string, r: number, c: number): Scalar {
    const sheet = this.sheetById(sheetId);
    if (!sheet) return new XlError("#REF!");
    const cell = sheet.cells.get(cellKey(r, c));
    if (!cell) return null;
    if (!cell.formula) return cell.value ?? null;
    const key = `${sheetId}:${r}:${c}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    if (this.evaluating.has(key)) return this.circularValue;
    this.evaluating.add(key);
    let v: Scalar;
    try {
      v = evaluateFormula(cell.formula, sheetId, this, r);
    } finally {
      this.evaluating.delete(key);
    }
    this.cache.set(key, v);
    return v;
  }

  sheetExists(sheetId: string): boolean {
    return this.sheetById(sheetId) !== undefined;
  }

  /** Extent of cells with content on a sheet, or null when the sheet is empty. */
  contentExtent(sheet: SheetModel, includeFormats = false): Rect | null {
    if (!includeFormats) {
      const hit = this.extentCache.get(sheet.id);
      if (hit !== undefined) return hit;
      const ext = this.computeExtent(sheet, false);
      this.extentCache.set(sheet.id, ext);
      return ext;
    }
    return this.computeExtent(sheet, true);
  }

  private computeExtent(sheet: SheetModel, includeFormats: boolean): Rect | null {
    let r0 = Infinity;
    let c0 = Infinity;
    let r1 = -1;
    let c1 = -1;
    for (const [k, cell] of sheet.cells) {
      if (cell.formula === undefined && (cell.value === undefined || cell.value === "")) continue;
      const r = keyRow(k);
      const c = keyCol(k);
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    }
    if (includeFormats) {
      for (const l of sheet.formats) {
        // Whole-row/column formats do not make the used range unbounded in Excel either.
        if (l.rect.r1 - l.rect.r0 + 1 >= MAX_ROWS || l.rect.c1 - l.rect.c0 + 1 >= MAX_COLS) continue;
        r0 = Math.min(r0, l.rect.r0);
        c0 = Math.min(c0, l.rect.c0);
        r1 = Math.max(r1, l.rect.r1);
        c1 = Math.max(c1, l.rect.c1);
      }
    }
    return r1 < 0 ? null : { r0, c0, r1, c1 };
  }

  clip(sheetId: string, rect: Rect): Rect | null {
    const sheet = this.sheetById(sheetId);
    if (!sheet) return null;
    const ext = this.contentExtent(sheet);
    if (!ext) return null;
    // Keep the top-left anchored so that positions inside the range stay meaningful.
    const clipped = rectIntersect(rect, { r0: rect.r0, c0: rect.c0, r1: ext.r1, c1: ext.c1 });
    return clipped;
  }

  name(name: string, hostSheetId: string | null, explicitSheetId: string | null): { formula: Formula; key: string } | undefined {
    const low = name.toLowerCase();
    const scoped = explicitSheetId ?? hostSheetId;
    if (scoped !== null) {
      const n = this.names.find((x) => !x.deleted && x.scopeSheetId === scoped && x.name.toLowerCase() === low);
      if (n) return { formula: n.formula, key: n.key };
      if (explicitSheetId !== null) return undefined;
    }
    const n = this.names.find((x) => !x.deleted && x.scopeSheetId === null && x.name.toLowerCase() === low);
    return n ? { formula: n.formula, key: n.key } : undefined;
  }

  table(tableId: string): TableInfo | undefined {
    const t = this.tables.find((x) => x.id === tableId && !x.deleted);
    if (!t) return undefined;
    return { sheetId: t.sheetId, rect: t.rect, columns: this.tableColumnNames(t), showHeaders: t.showHeaders, showTotals: t.showTotals };
  }

  parse(text: string): Formula {
    try {
      return parseFormula(text, this);
    } catch (e) {
      if (e instanceof FormulaSyntaxError) throw officeError(ErrorCodes.invalidArgument, `Invalid formula ${text}: ${e.message}`);
      throw e;
    }
  }

  render(f: Formula): string {
    return renderFormula(f, this);
  }

  /**
   * Interprets an input the way Excel does when a user types it or an add-in sets `values`:
   * "=…" is a formula, numeric text becomes a number (unless the cell is formatted as text "@"),
   * "TRUE"/"FALSE" become booleans, a leading apostrophe forces text, error literals become errors.
   */
  interpretInput(input: unknown, textFormat: boolean): Cell | null | "skip" {
    if (input === null || input === undefined) return "skip";
    if (typeof input === "number") {
      if (!Number.isFinite(input)) throw officeError(ErrorCodes.invalidArgument, "Numbers must be finite");
      return { value: input };
    }
    if (typeof input === "boolean") return { value: input };
    if (typeof input !== "string") throw officeError(ErrorCodes.invalidArgument, `Unsupported cell value ${String(input)}`);
    if (input.length > 32767) throw officeError(ErrorCodes.invalidArgument, "Text longer than 32767 characters");
    if (input === "") return null;
    if (textFormat) return { value: input };
    if (input.startsWith("'")) return input.length === 1 ? null : { value: input.slice(1) };
    if (input.startsWith("=") && input.length > 1) return { formula: this.parse(input) };
    const up = input.trim().toUpperCase();
    if (up === "TRUE" || up === "FALSE") return { value: up === "TRUE" };
    if (ERROR_LITERALS.includes(up)) return { value: new XlError(up) };
    const typed = interpretTyped(input);
    if (typed) return { value: typed.value };
    return { value: input };
  }

  /** Stores a cell; returns whether anything was written (null inputs leave the cell alone). */
  setCell(sheet: SheetModel, r: number, c: number, input: unknown): boolean {
    const fmt = this.cellFormat(sheet, r, c);
    const cell = this.interpretInput(input, fmt.numberFormat === "@");
    if (cell === "skip") return false;
    const key = cellKey(r, c);
    if (cell === null) sheet.cells.delete(key);
    else {
      sheet.cells.set(key, cell);
      // Typing a date, time, percentage or 1,234 gives the cell a matching format, as Excel does.
      if (typeof input === "string" && typeof cell.value === "number" && fmt.numberFormat === "General") {
        const typed = interpretTyped(input);
        if (typed?.format) this.paintFormat(sheet, { r0: r, c0: c, r1: r, c1: c }, { numberFormat: typed.format });
      }
    }
    this.invalidate({ sheetId: sheet.id, r, c });
    return true;
  }

  /** Puts back a cell saved with getCell (used to undo a rejected user entry). */
  restoreCell(sheet: SheetModel, r: number, c: number, cell: Cell | undefined): void {
    if (cell) sheet.cells.set(cellKey(r, c), cell);
    else sheet.cells.delete(cellKey(r, c));
    this.invalidate({ sheetId: sheet.id, r, c });
  }

  /** Stores a literal (no interpretation) — for test setup. Strings starting with "=" are formulas. */
  setCellLiteral(sheet: SheetModel, r: number, c: number, v: number | string | boolean | null): void {
    const key = cellKey(r, c);
    if (v === null || v === "") sheet.cells.delete(key);
    else if (typeof v === "string" && v.startsWith("=")) sheet.cells.set(key, { formula: this.parse(v) });
    else sheet.cells.set(key, { value: v });
    this.invalidate({ sheetId: sheet.id, r, c });
  }

  cellFormula(sheet: SheetModel, r: number, c: number): number | string | boolean {
    const cell = sheet.cells.get(cellKey(r, c));
    if (!cell) return "";
    if (cell.formula) return this.render(cell.formula);
    const v = cell.value;
    if (v === undefined) return "";
    return v instanceof XlError ? v.code : v;
  }

  cellText(sheet: SheetModel, r: number, c: number): string {
    const v = this.cell(sheet.id, r, c);
    const fmt = this.cellFormat(sheet, r, c).numberFormat;
    if (v === null) return "";
    if (typeof v === "number") return formatNumber(v, fmt);
    if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
    if (v instanceof XlError) return v.code;
    return /^general$/i.test(fmt) ? v : formatText(v, fmt);
  }

  clearCells(sheet: SheetModel, rect: Rect, what: "All" | "Formats" | "Contents"): void {
    if (what !== "Formats") {
      for (const k of [...sheet.cells.keys()]) {
        const r = keyRow(k);
        const c = keyCol(k);
        if (r >= rect.r0 && r <= rect.r1 && c >= rect.c0 && c <= rect.c1) sheet.cells.delete(k);
      }
    }
    if (what !== "Contents") {
      // Clearing formats resets to defaults but keeps cell protection, as Excel's clear(Formats) does.
      const reset: FormatProps = { ...DEFAULT_FORMAT };
      delete reset.locked;
      this.paintFormat(sheet, rect, reset);
    }
    this.invalidate();
  }

  // ---- formats -------------------------------------------------------------------------------

  paintFormat(sheet: SheetModel, rect: Rect, props: FormatProps): void {
    // Drop layers that are now fully hidden for the properties they set, to keep lookups cheap.
    const keys = Object.keys(props);
    sheet.formats = sheet.formats.filter((l) => !(rectContains(rect, l.rect) && Object.keys(l.props).every((k) => keys.includes(k))));
    sheet.formats.push({ rect: { ...rect }, props: { ...props } });
  }

  cellFormat(sheet: SheetModel, r: number, c: number): Required<FormatProps> {
    const out: Required<FormatProps> = { ...DEFAULT_FORMAT };
    for (const l of sheet.formats) {
      if (r >= l.rect.r0 && r <= l.rect.r1 && c >= l.rect.c0 && c <= l.rect.c1) Object.assign(out, l.props);
    }
    return out;
  }

  /** A format property over a rect: the common value, or null when cells differ (as Office.js reports). */
  rectFormat<K extends keyof FormatProps>(sheet: SheetModel, rect: Rect, prop: K): Required<FormatProps>[K] | null {
    const cells = (rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1);
    if (cells <= 50_000) {
      let first: Required<FormatProps>[K] | undefined;
      for (let r = rect.r0; r <= rect.r1; r++)
        for (let c = rect.c0; c <= rect.c1; c++) {
          const v = this.cellFormat(sheet, r, c)[prop];
          if (first === undefined) first = v;
          else if (v !== first) return null;
        }
      return first ?? null;
    }
    // Large ranges: decide from the layers (a partially overlapping layer means mixed).
    let value: Required<FormatProps>[K] = DEFAULT_FORMAT[prop];
    for (const l of sheet.formats) {
      if (!(prop in l.props)) continue;
      const inter = rectIntersect(l.rect, rect);
      if (!inter) continue;
      if (!rectContains(l.rect, rect)) {
        if (l.props[prop] !== value) return null;
        continue;
      }
      value = l.props[prop] as Required<FormatProps>[K];
    }
    return value;
  }

  columnWidth(sheet: SheetModel, c: number): number {
    return sheet.colWidths.get(c) ?? DEFAULT_COL_WIDTH;
  }

  rowHeight(sheet: SheetModel, r: number): number {
    return sheet.rowHeights.get(r) ?? DEFAULT_ROW_HEIGHT;
  }

  // ---- validation ----------------------------------------------------------------------------

  setValidation(sheet: SheetModel, rect: Rect, layer: Omit<ValidationLayer, "rect">): void {
    sheet.validations = sheet.validations.filter((l) => !rectContains(rect, l.rect));
    sheet.validations.push({ rect: { ...rect }, ...layer });
  }

  validationAt(sheet: SheetModel, r: number, c: number): ValidationLayer | null {
    let found: ValidationLayer | null = null;
    for (const l of sheet.validations) if (r >= l.rect.r0 && r <= l.rect.r1 && c >= l.rect.c0 && c <= l.rect.c1) found = l.rule ? l : null;
    return found;
  }

  /**
   * Whether a value typed by the user passes the cell's validation. Excel rejects it only
   * when the alert style is Stop (the default); Warning/Information let the user confirm.
   * Checked: list, wholeNumber, decimal, textLength. Date, time and custom rules pass.
   */
  userInputAllowed(sheet: SheetModel, r: number, c: number): boolean {
    const layer = this.validationAt(sheet, r, c);
    if (!layer || !layer.rule) return true;
    const alert = layer.errorAlert as { showAlert?: boolean; style?: string } | undefined;
    if (alert && (alert.showAlert === false || (alert.style !== undefined && alert.style !== "Stop"))) return true;
    const v = this.cell(sheet.id, r, c);
    if (v === null || v === "") return layer.ignoreBlanks;
    const rule = layer.rule as Record<string, Record<string, unknown> | undefined>;
    const operand = (x: unknown): Scalar => {
      if (typeof x === "number") return x;
      if (typeof x !== "string") return null;
      if (!x.startsWith("=")) return parseNumber(x) ?? x;
      return evaluateFormula(this.parse(x), sheet.id, this);
    };
    if (rule.list) {
      const source = rule.list.source;
      let items: string[] = [];
      if (typeof source === "string" && source.startsWith("=")) {
        const val = evaluateNameFormula(this.parse(source), this.scopedEnv(sheet.id), sheet.id);
        if (isRange(val)) {
          for (let rr = val.rect.r0; rr <= Math.min(val.rect.r1, val.rect.r0 + 10_000); rr++)
            for (let cc = val.rect.c0; cc <= val.rect.c1; cc++) items.push(String(toApiValue(this.cell(val.sheetId, rr, cc))));
        }
      } else if (typeof source === "string") items = source.split(",").map((x) => x.trim());
      const text = String(toApiValue(v)).toLowerCase();
      return items.some((i) => i.toLowerCase() === text);
    }
    const basic = rule.wholeNumber ?? rule.decimal ?? rule.textLength;
    if (basic) {
      let x: number;
      if (rule.textLength) x = String(toApiValue(v)).length;
      else if (typeof v === "number") x = v;
      else return false;
      if (rule.wholeNumber && !Number.isInteger(x)) return false;
      const a = operand(basic.formula1);
      const b = operand(basic.formula2);
      const na = typeof a === "number" ? a : NaN;
      const nb = typeof b === "number" ? b : NaN;
      switch (basic.operator) {
        case "Between":
          return x >= na && x <= nb;
        case "NotBetween":
          return x < na || x > nb;
        case "EqualTo":
          return x === na;
        case "NotEqualTo":
          return x !== na;
        case "GreaterThan":
          return x > na;
        case "LessThan":
          return x < na;
        case "GreaterThanOrEqualTo":
          return x >= na;
        case "LessThanOrEqualTo":
          return x <= na;
        default:
          return true;
      }
    }
    return true;
  }

  rectValidation(sheet: SheetModel, rect: Rect): { type: string; layer: ValidationLayer | null } {
    let first: ValidationLayer | null | undefined;
    const cells = (rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1);
    if (cells > 50_000) {
      const covering = sheet.validations.filter((l) => rectIntersect(l.rect, rect));
      if (covering.length === 0) return { type: "None", layer: null };
      const last = covering[covering.length - 1]!;
      if (covering.every((l) => rectContains(l.rect, rect))) return { type: last.rule ? last.type : "None", layer: last.rule ? last : null };
      return { type: "Inconsistent", layer: null };
    }
    for (let r = rect.r0; r <= rect.r1; r++)
      for (let c = rect.c0; c <= rect.c1; c++) {
        const v = this.validationAt(sheet, r, c);
        if (first === undefined) first = v;
        else if (v !== first) {
          if (first === null || v === null) return { type: "Inconsistent", layer: null };
          if (first.type !== v.type) return { type: "Inconsistent", layer: null };
          return { type: "MixedCriteria", layer: null };
        }
      }
    return first ? { type: first.type, layer: first } : { type: "None", layer: null };
  }

  // ---- protection ----------------------------------------------------------------------------

  /** Throws AccessDenied when a protected sheet forbids changing cells in `rect`. */
  assertCellsEditable(sheet: SheetModel, rect: Rect): void {
    if (!sheet.protection.protected) return;
    const locked = this.rectFormat(sheet, rect, "locked");
    if (locked !== false) {
      throw officeError(ErrorCodes.accessDenied, "The cell or chart you're trying to change is on a protected sheet.");
    }
  }

  assertAllowed(sheet: SheetModel, option: string): void {
    if (sheet.protection.protected && sheet.protection.options[option] !== true) {
      throw officeError(ErrorCodes.accessDenied, `The sheet is protected (${option} is not allowed).`);
    }
  }

  // ---- names ---------------------------------------------------------------------------------

  static validName(name: string): boolean {
    if (!/^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(name) || name.length > 255) return false;
    if (parseA1(name) !== null) return false;
    if (/^[Rr](\d*)([Cc]\d*)?$/.test(name) || /^[Cc]\d*$/.test(name)) return false;
    return !/^(TRUE|FALSE)$/i.test(name);
  }

  addName(name: string, formulaText: string, scopeSheetId: string | null, comment = ""): NameModel {
    if (typeof name !== "string" || !WorkbookModel.validName(name)) throw officeError(ErrorCodes.invalidArgument, `Invalid name: ${String(name)}`);
    const low = name.toLowerCase();
    if (this.names.some((n) => !n.deleted && n.scopeSheetId === scopeSheetId && n.name.toLowerCase() === low)) {
      throw officeError(ErrorCodes.itemAlreadyExists, `The name ${name} already exists.`);
    }
    const text = formulaText.startsWith("=") ? formulaText : "=" + formulaText;
    const n: NameModel = { key: `name${++this.nameCounter}`, name, scopeSheetId, formula: this.parse(text), comment, visible: true, deleted: false };
    this.names.push(n);
    this.invalidate();
    return n;
  }

  deleteName(n: NameModel): void {
    n.deleted = true;
    this.names = this.names.filter((x) => x !== n);
    this.invalidate();
  }

  nameInfo(n: NameModel): { type: string; value: unknown; formula: string; range: { sheet: SheetModel; rect: Rect } | null } {
    const formula = this.render(n.formula);
    const v = evaluateNameFormula(n.formula, this.scopedEnv(n.scopeSheetId));
    if (isRange(v)) {
      const sheet = this.sheetById(v.sheetId);
      if (!sheet) return { type: "Error", value: "#REF!", formula, range: null };
      return { type: "Range", value: formatAddress(sheet.name, v.rect, true), formula, range: { sheet, rect: v.rect } };
    }
    if (v === null) return { type: "Integer", value: 0, formula, range: null };
    if (v instanceof XlError) return { type: "Error", value: v.code, formula, range: null };
    if (typeof v === "number") return { type: Number.isInteger(v) ? "Integer" : "Double", value: v, formula, range: null };
    if (typeof v === "boolean") return { type: "Boolean", value: v, formula, range: null };
    return { type: "String", value: v, formula, range: null };
  }

  /** An evaluation env whose unqualified names resolve as if on `scopeSheetId`. */
  private scopedEnv(scopeSheetId: string | null): EvalEnv {
    return {
      cell: (s, r, c) => this.cell(s, r, c),
      sheetExists: (s) => this.sheetExists(s),
      clip: (s, r) => this.clip(s, r),
      name: (nm, host, explicit) => this.name(nm, host ?? scopeSheetId, explicit),
      table: (t) => this.table(t),
    };
  }

  // ---- tables --------------------------------------------------------------------------------

  tableColumnNames(t: TableModel): string[] {
    const sheet = this.sheetById(t.sheetId);
    const out: string[] = [];
    for (let c = t.rect.c0; c <= t.rect.c1; c++) {
      const v = sheet && t.showHeaders ? this.cell(sheet.id, t.rect.r0, c) : null;
      out.push(v === null || v === "" ? `Column${c - t.rect.c0 + 1}` : typeof v === "number" ? generalCellText(v) : String(v instanceof XlError ? v.code : v));
    }
    return out;
  }

  addTable(sheet: SheetModel, rect: Rect, hasHeaders: boolean): TableModel {
    for (const t of this.tables) {
      if (!t.deleted && t.sheetId === sheet.id && rectIntersect(t.rect, rect)) {
        throw officeError(ErrorCodes.invalidArgument, "A table can't overlap another table.");
      }
    }
    this.assertAllowed(sheet, "__tables");
    let r = rect;
    if (!hasHeaders) {
      // Excel inserts a header row above the data, shifting the data down within the columns.
      this.shiftRows({ sheetId: sheet.id, c0: rect.c0, c1: rect.c1, kind: "insert", row: rect.r0, count: 1 }, false);
      r = { ...rect, r1: rect.r1 + 1 };
      for (let c = r.c0; c <= r.c1; c++) sheet.cells.set(cellKey(r.r0, c), { value: `Column${c - r.c0 + 1}` });
    } else {
      // Blank or duplicate headers get generated names, as Excel does.
      const seen = new Set<string>();
      for (let c = r.c0; c <= r.c1; c++) {
        const v = this.cell(sheet.id, r.r0, c);
        let name = v === null || v === "" ? `Column${c - r.c0 + 1}` : String(toApiValue(v));
        let k = 2;
        const base = name;
        while (seen.has(name.toLowerCase())) name = `${base}${k++}`;
        seen.add(name.toLowerCase());
        if (v === null || v === "" || name !== base) sheet.cells.set(cellKey(r.r0, c), { value: name });
      }
    }
    if (r.r1 === r.r0) r = { ...r, r1: r.r0 + 1 };
    let n = ++this.tableCounter;
    while (this.tableIdByName(`Table${n}`) || this.names.some((x) => x.name.toLowerCase() === `table${n}`)) n = ++this.tableCounter;
    const t: TableModel = { id: String(n), name: `Table${n}`, sheetId: sheet.id, rect: r, showHeaders: true, showTotals: false, deleted: false };
    this.tables.push(t);
    this.invalidate();
    return t;
  }

  renameTable(t: TableModel, name: string): void {
    if (!WorkbookModel.validName(name)) throw officeError(ErrorCodes.invalidArgument, `Invalid table name ${name}`);
    const other = this.tableIdByName(name);
    if ((other && other !== t.id) || this.names.some((n) => n.name.toLowerCase() === name.toLowerCase())) {
      throw officeError(ErrorCodes.itemAlreadyExists, `The name ${name} already exists.`);
    }
    t.name = name;
  }

  private deleteTableModel(t: TableModel): void {
    t.deleted = true;
    for (const f of this.allFormulas()) for (const s of formulaStructs(f.formula)) if (s.tableId === t.id) s.invalid = true;
  }

  /** Table.delete(): removes the table and its cells' contents and formats. */
  deleteTable(t: TableModel): void {
    const sheet = this.sheetById(t.sheetId);
    if (sheet) {
      this.clearCells(sheet, t.rect, "All");
    }
    this.deleteTableModel(t);
    this.tables = this.tables.filter((x) => x !== t);
    this.invalidate();
  }

  tableDataRect(t: TableModel): Rect | null {
    const r0 = t.rect.r0 + (t.showHeaders ? 1 : 0);
    const r1 = t.rect.r1 - (t.showTotals ? 1 : 0);
    return r1 >= r0 ? { r0, r1, c0: t.rect.c0, c1: t.rect.c1 } : null;
  }

  /** Adds rows to a table: cells below shift down within the table's columns, like Excel. */
  addTableRows(t: TableModel, index: number | null | undefined, values: unknown[][] | undefined): Rect {
    const sheet = this.sheetById(t.sheetId)!;
    const data = this.tableDataRect(t);
    const dataCount = data ? data.r1 - data.r0 + 1 : 0;
    const count = values ? values.length : 1;
    if (count < 1) throw officeError(ErrorCodes.invalidArgument, "values must have at least one row");
    const width = t.rect.c1 - t.rect.c0 + 1;
    if (values && values.some((row) => !Array.isArray(row) || row.length !== width)) {
      throw officeError(ErrorCodes.invalidArgument, "The number of columns in values doesn't match the table.");
    }
    const idx = index === null || index === undefined ? dataCount : index;
    if (!Number.isInteger(idx) || idx < 0 || idx > dataCount) throw officeError(ErrorCodes.invalidArgument, `Invalid row index ${String(index)}`);
    const firstData = t.rect.r0 + (t.showHeaders ? 1 : 0);
    const at = firstData + idx;
    // Table row insertion on a protected sheet is refused whatever the options. office-js #2135 reports
    // that protection options apply outside tables only; Microsoft's answer there covers sort. Rows are
    // the safe path, checked by docs/excel-probes.md probe 5.
    this.assertAllowed(sheet, "__tables");
    this.shiftRows({ sheetId: sheet.id, c0: t.rect.c0, c1: t.rect.c1, kind: "insert", row: at, count }, false);
    // shiftRows grows ranges that straddle the point; appending at the end needs explicit growth.
    if (idx === dataCount) t.rect = { ...t.rect, r1: t.rect.r1 + (t.rect.r1 < at ? count : 0) };
    const rect = { r0: at, r1: at + count - 1, c0: t.rect.c0, c1: t.rect.c1 };
    if (values) values.forEach((row, i) => row.forEach((v, j) => this.setCell(sheet, at + i, t.rect.c0 + j, v)));
    this.invalidate();
    return rect;
  }

  /**
   * Table.resize: the table covers `rect` now; no cells move. The new range must overlap the table and
   * keep its header row (https://learn.microsoft.com/javascript/api/excel/excel.table#excel-excel-table-resize-member(1)).
   */
  resizeTable(t: TableModel, sheet: SheetModel, rect: Rect): void {
    if (sheet.id !== t.sheetId) throw officeError(ErrorCodes.invalidArgument, "The new range is on another worksheet.");
    if (!rectIntersect(t.rect, rect) || rect.r0 !== t.rect.r0) {
      throw officeError(ErrorCodes.invalidArgument, "The new range must overlap the table and keep its header row.");
    }
    if (rect.r1 <= rect.r0) throw officeError(ErrorCodes.invalidArgument, "A table needs at least one data row.");
    for (const other of this.tables) {
      if (other !== t && !other.deleted && other.sheetId === sheet.id && rectIntersect(other.rect, rect)) {
        throw officeError(ErrorCodes.invalidArgument, "A table can't overlap another table.");
      }
    }
    // Resizing a table on a protected sheet is refused whatever the options, as row insertion is
    // (docs/excel-probes.md probe 5 checks both in Excel).
    this.assertAllowed(sheet, "__tables");
    // New columns need header names, as Excel gives them.
    const names = new Set(this.tableColumnNames(t).map((n) => n.toLowerCase()));
    for (let c = rect.c0; c <= rect.c1; c++) {
      if (c >= t.rect.c0 && c <= t.rect.c1) continue;
      const v = this.cell(sheet.id, rect.r0, c);
      if (v !== null && v !== "") continue;
      let k = c - rect.c0 + 1;
      while (names.has(`column${k}`)) k++;
      names.add(`column${k}`);
      sheet.cells.set(cellKey(rect.r0, c), { value: `Column${k}` });
    }
    t.rect = { ...rect };
    this.invalidate();
  }

  /**
   * TableSort.apply / reapply: reorders the data rows by the fields, stably, in Excel's order (numbers,
   * text, logicals; blanks last). Whole rows of the table move with their formulas (references in them
   * are not adjusted: the fake's tables use structured references). Returns the rows it rewrote.
   */
  sortTable(t: TableModel, fields: readonly TableSortField[], matchCase: boolean): Rect | null {
    const sheet = this.sheetById(t.sheetId)!;
    const width = t.rect.c1 - t.rect.c0 + 1;
    if (fields.length === 0 || fields.some((f) => !Number.isInteger(f.key) || f.key < 0 || f.key >= width)) {
      throw officeError(ErrorCodes.invalidArgument, "A sort field's key must be a column of the table.");
    }
    // "Users can't sort ranges that contain locked cells on a protected worksheet, regardless of this
    // setting" (allowSort: https://support.microsoft.com/office/protect-a-worksheet-3179efdb-1285-4d49-a9c3-f4ca36276de6);
    // Microsoft closed office-js #2135 (a table on a protected sheet refuses sort even with allowSort)
    // as by design. The fake refuses a table sort on any protected sheet.
    this.assertAllowed(sheet, "__tables");
    const d = this.tableDataRect(t);
    if (!d) return null;
    const rows = Array.from({ length: d.r1 - d.r0 + 1 }, (_, i) => ({
      cells: Array.from({ length: width }, (_, j) => this.getCell(sheet, d.r0 + i, d.c0 + j)),
      keys: fields.map((f) => this.cell(sheet.id, d.r0 + i, d.c0 + f.key)),
    }));
    const blank = (v: Scalar) => v === null || v === "";
    rows.sort((a, b) => {
      for (let k = 0; k < fields.length; k++) {
        const x = a.keys[k]!;
        const y = b.keys[k]!;
        if (blank(x) || blank(y)) {
          if (blank(x) !== blank(y)) return blank(x) ? 1 : -1;
          continue;
        }
        let c = typeof x === "string" && typeof y === "string" && matchCase ? (x < y ? -1 : x > y ? 1 : 0) : compare(x, y);
        if (fields[k]!.ascending === false) c = -c;
        if (c !== 0) return c;
      }
      return 0;
    });
    rows.forEach((row, i) => row.cells.forEach((cell, j) => this.restoreCell(sheet, d.r0 + i, d.c0 + j, cell)));
    t.sort = { fields: fields.map((f) => ({ key: f.key, ascending: f.ascending !== false })), matchCase };
    this.invalidate();
    return d;
  }

  // ---- structural edits ----------------------------------------------------------------------

  private *allFormulas(): Generator<{ formula: Formula; host: string | null }> {
    for (const s of this.sheets) for (const cell of s.cells.values()) if (cell.formula) yield { formula: cell.formula, host: s.id };
    for (const n of this.names) yield { formula: n.formula, host: null };
  }

  /**
   * Inserts or deletes rows within the column band [c0, c1] (whole rows when the band is all
   * columns): moves cells, formats and validation, and adjusts every formula, name and table.
   */
  shiftRows(shift: RowShift, checkProtection = true): void {
    const sheet = this.sheetById(shift.sheetId);
    if (!sheet) throw officeError(ErrorCodes.itemNotFound, "Worksheet not found");
    const whole = shift.c0 === 0 && shift.c1 === MAX_COLS - 1;
    if (checkProtection) this.assertAllowed(sheet, shift.kind === "insert" ? "allowInsertRows" : "allowDeleteRows");
    if (shift.kind === "insert") {
      // Excel refuses to push content off the bottom of the sheet.
      for (const k of sheet.cells.keys()) {
        const r = keyRow(k);
        const c = keyCol(k);
        if (c >= shift.c0 && c <= shift.c1 && r >= MAX_ROWS - shift.count) {
          throw officeError(ErrorCodes.invalidOperation, "Insert would push non-empty cells off the end of the worksheet.");
        }
      }
    }
    // Tables that the band cuts through partially cannot be shifted (Excel refuses too).
    for (const t of this.tables) {
      if (t.deleted || t.sheetId !== sheet.id || whole) continue;
      const overlapsCols = t.rect.c1 >= shift.c0 && t.rect.c0 <= shift.c1;
      const inside = t.rect.c0 >= shift.c0 && t.rect.c1 <= shift.c1;
      const affected = shift.kind === "insert" ? t.rect.r1 >= shift.row : t.rect.r1 >= shift.row;
      if (overlapsCols && !inside && affected) {
        throw officeError(ErrorCodes.invalidOperation, "This operation would shift cells in a table on the worksheet.");
      }
    }
    // 1. Move cells.
    const moved = new Map<number, Cell>();
    for (const [k, cell] of sheet.cells) {
      const r = keyRow(k);
      const c = keyCol(k);
      if (c < shift.c0 || c > shift.c1) {
        moved.set(k, cell);
        continue;
      }
      const span = shiftSpan(r, r, shift);
      if (span) moved.set(cellKey(span[0], c), cell);
    }
    sheet.cells.clear();
    for (const [k, v] of moved) sheet.cells.set(k, v);
    // 2. Formats and validation layers that lie within the band.
    const shiftRect = (rect: Rect): Rect | null => {
      if (!whole && (rect.c0 < shift.c0 || rect.c1 > shift.c1)) return rect;
      if (rect.r0 === 0 && rect.r1 === MAX_ROWS - 1) return rect;
      const s = shiftSpan(rect.r0, rect.r1, shift);
      return s ? { ...rect, r0: s[0], r1: s[1] } : null;
    };
    sheet.formats = sheet.formats.flatMap((l) => {
      const r = shiftRect(l.rect);
      return r ? [{ ...l, rect: r }] : [];
    });
    sheet.validations = sheet.validations.flatMap((l) => {
      const r = shiftRect(l.rect);
      return r ? [{ ...l, rect: r }] : [];
    });
    if (whole) {
      const heights = new Map(sheet.rowHeights);
      sheet.rowHeights.clear();
      for (const [r, h] of heights) {
        const s = shiftSpan(r, r, shift);
        if (s) sheet.rowHeights.set(s[0], h);
      }
    }
    // 3. References in formulas and names.
    for (const { formula, host } of this.allFormulas()) for (const ref of formulaRefs(formula)) shiftRef(ref, host, shift);
    // 4. Tables.
    for (const t of [...this.tables]) {
      if (t.deleted || t.sheetId !== sheet.id) continue;
      if (!whole && (t.rect.c0 < shift.c0 || t.rect.c1 > shift.c1)) continue;
      const s = shiftSpan(t.rect.r0, t.rect.r1, shift);
      if (!s) {
        this.deleteTableModel(t);
        this.tables = this.tables.filter((x) => x !== t);
      } else t.rect = { ...t.rect, r0: s[0], r1: s[1] };
    }
    // 5. Selection.
    if (this.selection && this.selection.sheetId === sheet.id) {
      const s = shiftRect(this.selection.rect);
      if (s) this.selection = { sheetId: sheet.id, rect: s };
    }
    // Cached results are keyed by position, so structural edits drop them even in manual mode.
    this.recalculate();
  }

  // ---- helpers for tests ---------------------------------------------------------------------

  describeRect(sheet: SheetModel, rect: Rect): string {
    return formatRect(rect);
  }
}
