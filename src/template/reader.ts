import { SCALAR_INPUTS } from "../domain/fields";
import { SCALAR_SPECS } from "../domain/formulas";
import { finding, type Finding, type FindingCode } from "../domain/findings-types";
import type { EvaluationInput, Indicator, RuleProfile } from "../domain/model";
import { INDICATOR_KINDS, LEVEL1_NAMES, RATE_IDS } from "../domain/vocabulary";
import { parseCount } from "../domain/parse";
import { dateSerialOf, formatDateSerial } from "../domain/format";
import { BUILTIN_PROFILES, DEFAULT_PROFILE, RULE_PARAMS, paramsToProfile } from "../domain/profiles";
import { cellAddress, intersects, parseRange, qualified, splitQualified, type RangeRef } from "./addr";
import { TABLE_COLUMNS, fieldInfo, linkFormula, rowFormula, scalarFormula } from "./fields";
import { FIELD_CELLS, LINK_CELLS, RULE_ROWS, listLayouts, ruleProfileNamesRange, sheetSpec, type LinkCell } from "./layout";
import { ruleActiveFormula, ruleValue } from "./plan";
import { DEPARTMENT_MARKERS, discoverProjects, readProjects, type ProjectRead } from "./project-reader";
import { ERROR_VALUES, type SnapshotSheet, type SnapshotValue, type WorkbookSnapshot } from "./snapshot";
import {
  CUSTOM_PROFILE_ID,
  CUSTOM_PROFILE_LABEL,
  DEPARTMENTLESS_SHEETS,
  FIELD_NAMES,
  INDICATOR_TABLE,
  KEY_NAMES,
  LIST_TABLES,
  RANGE_NAMES,
  SHEETS,
  TEMPLATE_VERSION,
  VERSION_NAME,
  type FieldId,
  type SheetKey,
} from "./spec";

/**
 * Reads an evaluation from any host's WorkbookSnapshot, by defined names and table names (never by
 * sheet position): inserted or deleted rows, reordered or renamed sheets and extra user sheets are fine.
 * Damage (typed-over formulas, deleted names, #REF!, merged table cells, text in number cells) becomes a
 * finding pointing at the real cell, never an exception. Only a workbook that is not a jixiao template
 * at all throws TemplateNotRecognizedError.
 */

export class TemplateNotRecognizedError extends Error {
  readonly code = "TEMPLATE_NOT_RECOGNIZED";
  constructor(message: string) {
    super(message);
    this.name = "TemplateNotRecognizedError";
  }
}

/** Findings 修复模板 (repair) can fix. */
export const REPAIRABLE_CODES: ReadonlySet<string> = new Set([
  "FORMULA_OVERWRITTEN",
  "FORMULA_MISSING",
  "FORMULA_MODIFIED",
  "NAME_MISSING",
  "REF_ERROR",
  "TABLE_MERGED_CELL",
  "TEMPLATE_VERSION_MISMATCH",
  "PROJECT_VERSION_MISMATCH",
]);

export interface TableRowRead {
  /** Sheet row of the table row. */
  row: number;
  /** Index in input.indicators; null for a blank (skipped) or unusable row. */
  index: number | null;
}

export interface ReadResult {
  input: EvaluationInput;
  profile: RuleProfile;
  /** Everything the reader noticed, each with ref.cell where a cell is involved. */
  findings: Finding[];
  /** The subset of `findings` about the template itself (formulas, names, structure): 修复模板 fixes them. */
  formulaIssues: Finding[];
  /** "'预算执行'!D7" for a field id ("budget.basic.actual", "indicators[2].weight", "problems[0]"). */
  cellOf(fieldId: string): string | undefined;
  /** The version marker's value, or null when it is gone. */
  version: string | null;
  /** The actual sheet name of each spec sheet (null when missing). */
  sheets: Readonly<Record<SheetKey, string | null>>;
  /** Rows of the indicator table as read (for repair). */
  indicatorRows: readonly TableRowRead[];
  /** False for a workbook of project tables only (no department form). */
  hasDepartment: boolean;
  /** The project sheets as read, in input.projects order. */
  projects: readonly ProjectRead[];
  /**
   * Overrides (执行率 and indicators, department and projects) whose 调整得分 is empty but whose 调整时的
   * 规则得分 still holds a score: the field ids of those leftovers, for the evaluation to clear (a new
   * override must not be compared with the score an earlier, cleared one replaced).
   */
  orphanedReplacedScores: readonly string[];
}

/**
 * A table cell as the row reader asks for it (~12 per row): its address text only when a finding needs it.
 * A class, not an object literal with a getter: the literal made a closure and an accessor per cell
 * (~57 MB of garbage on a 5,000-indicator table).
 */
class TableCell {
  constructor(
    readonly value: SnapshotValue,
    readonly formula: string | null,
    private readonly sheet: string,
    private readonly row: number,
    private readonly col: number,
  ) {}
  get where(): string {
    return qualified(this.sheet, cellAddress(this.row, this.col));
  }
}

export interface Cell {
  value: SnapshotValue;
  /** Formula text without "=", or null. */
  formula: string | null;
}

export interface Loc {
  sheet: string;
  row: number;
  col: number;
}

interface NameEntry {
  name: string;
  formula: string;
  target: { sheet: string; range: RangeRef } | null;
  broken: boolean;
}

export class Book {
  private readonly sheets = new Map<string, { sheet: SnapshotSheet; top: number; left: number }>();
  private readonly exact = new Map<string, { sheet: SnapshotSheet; top: number; left: number }>();
  readonly names = new Map<string, NameEntry>();

  constructor(readonly snapshot: WorkbookSnapshot) {
    for (const s of snapshot.sheets) {
      const r = s.address ? parseRange(s.address.includes("!") ? s.address.split("!").pop()! : s.address) : { top: 1, left: 1 };
      const entry = { sheet: s, top: r.top, left: r.left };
      this.sheets.set(s.name.toLowerCase(), entry);
      this.exact.set(s.name, entry);
    }
    for (const n of snapshot.names) {
      const target = splitQualified(n.formula);
      const broken = /#REF!/i.test(n.formula);
      this.names.set(n.name.toLowerCase(), {
        name: n.name,
        formula: n.formula,
        target: target && !broken ? { sheet: target.sheet, range: parseRange(target.address) } : null,
        broken,
      });
    }
  }

  hasSheet(name: string): boolean {
    return this.sheets.has(name.toLowerCase());
  }

  sheetName(name: string): string | null {
    return this.sheets.get(name.toLowerCase())?.sheet.name ?? null;
  }

  sheet(name: string): SnapshotSheet | undefined {
    return this.sheets.get(name.toLowerCase())?.sheet;
  }

  cell(sheet: string, row: number, col: number): Cell {
    // Asked ~10 times per indicator with the sheet's own name: no lower-casing (it allocates) on a hit.
    const s = this.exact.get(sheet) ?? this.sheets.get(sheet.toLowerCase());
    if (!s) return { value: "", formula: null };
    const v = s.sheet.values[row - s.top]?.[col - s.left];
    const f = s.sheet.formulas[row - s.top]?.[col - s.left];
    const value = v === undefined || v === null ? "" : v;
    const formula = typeof f === "string" && f.startsWith("=") ? f.slice(1) : null;
    return { value, formula };
  }

  name(name: string): NameEntry | undefined {
    return this.names.get(name.toLowerCase());
  }
}

// ---- formula comparison ----------------------------------------------------------------------------

/**
 * Canonical text of a formula, so that what Excel reports (`[@分值]`, `Indicators[@分值]`, spaces,
 * lower case, `$`) compares equal to what the template writes (`Indicators[[#This Row],[分值]]`).
 */
export function canonicalFormula(formula: string, tableName: string = INDICATOR_TABLE.name): string {
  // Every row of a table holds the same few formulas: each distinct text is canonicalized once (bounded).
  // Keyed by table, then by the formula itself: a joined key copied a ~5 KB formula for every cell.
  let byFormula = CANONICAL.get(tableName);
  if (!byFormula) CANONICAL.set(tableName, (byFormula = new Map()));
  let canonical = byFormula.get(formula);
  if (canonical === undefined) {
    if (byFormula.size >= 4096) byFormula.clear();
    canonical = canonicalize(formula, tableName);
    byFormula.set(formula, canonical);
  }
  return canonical;
}
const CANONICAL = new Map<string, Map<string, string>>();

function canonicalize(formula: string, tableName: string): string {
  let f = formula.trim().replace(/^=/, "");
  const parts = f.split(/("(?:[^"]|"")*")/);
  f = parts
    .map((p, i) => {
      if (i % 2 === 1) return p;
      let t = p.replace(/\s+/g, "").replace(/\$/g, "").toUpperCase();
      const table = tableName.toUpperCase();
      t = t.replace(/\[#THISROW\],/g, "@");
      t = t.replace(/\[@\[([^\]]*)\]\]/g, "[@$1]");
      t = t.split(`${table}[`).join("[");
      return t;
    })
    .join("");
  return f;
}

// ---- reading ------------------------------------------------------------------------------------------

const NUMERIC_KINDS = new Set(["amount", "count", "year", "score"]);
const RATE_OF_NAME = new Map(RATE_IDS.map((id) => [FIELD_NAMES[`rate.${id}`]!.toLowerCase(), id]));

function isBlank(v: SnapshotValue): boolean {
  return v === "" || (typeof v === "string" && v.trim() === "");
}
function isError(v: SnapshotValue): boolean {
  return typeof v === "string" && ERROR_VALUES.has(v);
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let o = target;
  for (const k of keys.slice(0, -1)) {
    if (typeof o[k] !== "object" || o[k] === null) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]!] = value;
}

export class Reader {
  readonly findings: Finding[] = [];
  /** See ReadResult.orphanedReplacedScores. */
  readonly orphanedReplacedScores: string[] = [];
  private readonly cells = new Map<string, string>();
  private readonly reported = new Set<string>();
  private readonly sheetMap: Record<SheetKey, string | null>;

  /** The workbook's template version, once read. */
  version: string | null = null;

  constructor(
    private readonly book: Book,
    /** false: a workbook of project tables only; the department's sheets are not expected. */
    readonly department = true,
  ) {
    this.sheetMap = this.mapSheets();
  }

  get sheets(): Readonly<Record<SheetKey, string | null>> {
    return this.sheetMap;
  }

  add(code: FindingCode, message: string, field: string, cell?: string): void {
    const key = `${code}|${field}|${cell ?? ""}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.findings.push(finding(code, message, field, cell));
  }

  record(field: string, loc: Loc): string {
    const q = qualified(loc.sheet, cellAddress(loc.row, loc.col));
    this.cells.set(field, q);
    return q;
  }

  cellOf = (field: string): string | undefined => {
    const hit = this.cells.get(field);
    if (hit) return hit;
    const m = /^(.*)\[\d+\](?:\..*)?$/.exec(field);
    return m ? this.cells.get(m[1]!) : undefined;
  };

  /** Each spec sheet's actual name: by its own name, else where most of its defined names now point. */
  private mapSheets(): Record<SheetKey, string | null> {
    const out = {} as Record<SheetKey, string | null>;
    for (const spec of SHEETS) {
      if (!this.department && !DEPARTMENTLESS_SHEETS.has(spec.key)) {
        out[spec.key] = null;
        continue;
      }
      const direct = this.book.sheetName(spec.name);
      if (direct) {
        out[spec.key] = direct;
        continue;
      }
      const votes = new Map<string, number>();
      const vote = (sheet: string) => votes.set(sheet, (votes.get(sheet) ?? 0) + 1);
      for (const cell of FIELD_CELLS.values()) {
        if (cell.sheet !== spec.key) continue;
        const entry = this.book.name(FIELD_NAMES[cell.id] ?? "");
        if (entry?.target && this.book.hasSheet(entry.target.sheet)) vote(this.book.sheetName(entry.target.sheet)!);
      }
      if (spec.key === INDICATOR_TABLE.sheet) {
        const t = this.table(INDICATOR_TABLE.name);
        if (t) vote(t.sheet);
      }
      for (const l of LIST_TABLES) {
        const t = l.sheet === spec.key ? this.table(l.name) : undefined;
        if (t) vote(t.sheet);
      }
      const best = [...votes].sort((a, b) => b[1] - a[1])[0];
      out[spec.key] = best ? best[0] : null;
      if (spec.output) {
        // Nothing of the user's is lost, but the 自评表 or the report cannot be written, and a reviewer
        // would receive the workbook without it.
        this.add(
          "OUTPUT_SHEET_MISSING",
          `找不到工作表“${spec.name}”，${spec.key === "selfReport" ? "自评报告的段落" : "自评表"}无法写入工作簿。请运行“修复模板”恢复该工作表（不会改动已填写的内容）。`,
          `template.sheet.${spec.key}`,
        );
        continue;
      }
      if (best) {
        this.add(
          "SHEET_RENAMED", `找不到工作表“${spec.name}”，它可能已改名为“${best[0]}”。已按定义名称继续读取；为便于审阅，建议改回原名。`,
          `template.sheet.${spec.key}`,
        );
      } else {
        this.add("SHEET_MISSING", `找不到工作表“${spec.name}”，其中的数据无法读取。请从原模板恢复该工作表。`, `template.sheet.${spec.key}`);
      }
    }
    return out;
  }

  table(name: string) {
    return this.book.snapshot.tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
  }

  /** Where a named field is: its defined name, else (with a finding) the template's default cell. */
  locate(id: FieldId): Loc | null {
    const fc = FIELD_CELLS.get(id);
    const name = FIELD_NAMES[id];
    const info = fieldInfo(id);
    const entry = name ? this.book.name(name) : undefined;
    if (entry?.target && this.book.hasSheet(entry.target.sheet)) {
      return { sheet: this.book.sheetName(entry.target.sheet)!, row: entry.target.range.top, col: entry.target.range.left };
    }
    const sheet = fc ? this.sheetMap[fc.sheet] : null;
    const fallback = fc && sheet ? { sheet, ...parseRange(fc.address) } : null;
    const where = fallback ? qualified(fallback.sheet, fc!.address) : undefined;
    const expected = fc ? qualified(sheetSpec(fc.sheet).name, fc.address) : "";
    if (entry) {
      this.add(
        "REF_ERROR", `定义名称 ${name}（${info.label}）已失效（${entry.formula}），通常是其单元格或工作表被删除。${fallback ? `已按模板默认位置 ${where} 读取；` : ""}请运行“修复模板”恢复。`,
        id,
        where,
      );
    } else if (name) {
      this.add(
        "NAME_MISSING", `定义名称 ${name}（${info.label}，应指向 ${expected}）已被删除。${fallback ? `已按模板默认位置读取；` : ""}请运行“修复模板”恢复。`,
        id,
        where,
      );
    }
    return fallback ? { sheet: fallback.sheet, row: fallback.top, col: fallback.left } : null;
  }

  /**
   * A display link, by its own defined name only: a fixed address would take a user's value in a row
   * inserted above for a typed-over formula. Workbooks from before link names (1.0) are not checked
   * here; 修复模板 names their links where that is safe.
   */
  locateLink(link: LinkCell): Loc | null {
    const entry = this.book.name(link.name);
    if (entry?.target && this.book.hasSheet(entry.target.sheet)) {
      return { sheet: this.book.sheetName(entry.target.sheet)!, row: entry.target.range.top, col: entry.target.range.left };
    }
    const sheet = this.sheetMap[link.sheet];
    if (sheet && this.version === TEMPLATE_VERSION) {
      this.add(
        entry ? "REF_ERROR" : "NAME_MISSING",
        `定义名称 ${link.name}（${sheetSpec(link.sheet).name}中显示的“${fieldInfo(link.link).label}”）${entry ? "已失效" : "已被删除"}。请运行“修复模板”恢复。`,
        `link.${link.name}`,
        qualified(sheet, link.address),
      );
    }
    return null;
  }

  read(loc: Loc): Cell {
    return this.book.cell(loc.sheet, loc.row, loc.col);
  }

  /** A computed cell must hold its formula. */
  checkFormula(loc: Loc, expected: string, field: string, label: string, tableName?: string): void {
    const c = this.read(loc);
    // Named only when something is wrong: a workbook has hundreds of formula cells to check.
    const where = (): string => qualified(loc.sheet, cellAddress(loc.row, loc.col));
    if (c.formula === null) {
      if (isBlank(c.value)) {
        this.add("FORMULA_MISSING", `${where()} 应为公式（${label}），现为空。请运行“修复模板”恢复公式。`, field, where());
      } else {
        const what = typeof c.value === "number" ? `手工填入的数字 ${c.value}` : `手工填入的内容“${String(c.value)}”`;
        this.add("FORMULA_OVERWRITTEN", `${where()} 应为公式，现为${what}。请运行“修复模板”恢复公式。`, field, where());
      }
      return;
    }
    if (/#REF!/i.test(c.formula)) {
      this.add("REF_ERROR", `${where()}（${label}）的公式含有 #REF!（引用的单元格已被删除）。请运行“修复模板”恢复公式。`, field, where());
      return;
    }
    // The template's own text (as written by this program) needs no canonical form.
    if (c.formula !== expected && canonicalFormula(c.formula, tableName) !== canonicalFormula(expected, tableName)) {
      this.add(
        "FORMULA_MODIFIED", `${where()}（${label}）的公式已被改动，与模板不同，计算结果可能与评分规则不符。请运行“修复模板”恢复公式。`,
        field,
        where(),
      );
    }
  }

  /** A number cell: numbers pass; text is kept for the engine to parse, and reported. */
  /** `amount`: the cell holds 万元 (the wording of a finding asks for an amount). */
  numberCell(c: Cell, field: string, label: string, where: string, options: { amount?: boolean } = {}): number | string | undefined {
    if (isBlank(c.value)) return undefined;
    if (typeof c.value === "number") return c.value;
    if (isError(c.value as string)) {
      this.add("CELL_ERROR_VALUE", `${where}（${label}）显示错误值 ${String(c.value)}。请检查该单元格。`, field, where);
      return undefined;
    }
    const text = String(c.value);
    if (FILE_DATE.test(text)) {
      // Excel's formulas compute with the date's serial number: so does the engine, and the cell is named.
      const serial = dateSerialOf(Date.parse(text));
      this.add(
        "DATE_IN_AMOUNT", `${where}（${label}）是日期${formatDateSerial(serial)}（单元格格式为日期），表内公式按其序号${serial}计算。请改填${options.amount ? "金额（万元）" : "数字"}，并把单元格格式设为数值。`,
        field,
        where,
      );
      return serial;
    }
    const parsed = parseCount(text);
    this.add(
      "TEXT_IN_NUMBER_CELL", `${where}（${label}）中的“${text}”是文字，表内公式无法计算${parsed.value !== null ? `（助手已按 ${parsed.value} 读取）` : ""}。请只填写数字，单位不要写在单元格里。`,
      field,
      where,
    );
    return text;
  }
}

/**
 * A date-formatted number cell as the file hosts read it (exceljs and the light reader give the date,
 * as an ISO instant; Excel gives the serial, which the engine's DATE_IN_AMOUNT check recognises by size).
 */
const FILE_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function textValue(v: SnapshotValue): string | undefined {
  if (isBlank(v)) return undefined;
  return typeof v === "string" ? v : String(v);
}

export function readEvaluation(snapshot: WorkbookSnapshot): ReadResult {
  const book = new Book(snapshot);
  recognize(book);
  const projectNumbers = discoverProjects(book);
  const hasDepartment = projectNumbers.length === 0 || DEPARTMENT_MARKERS.some((n) => book.name(n)) || !!book.sheetName(sheetSpec("indicators").name);
  const r = new Reader(book, hasDepartment);
  const input: Record<string, unknown> = { schemaVersion: 1, unit: { name: "", year: 0 }, budget: { basic: {}, project: {}, fiscal: {} }, indicators: [] };

  // Version marker.
  let version: string | null = null;
  const vloc = r.locate("template.version");
  if (vloc) {
    version = textValue(r.read(vloc).value) ?? null;
    r.record("template.version", vloc);
    r.version = version;
  }
  if (version !== null && version !== TEMPLATE_VERSION) {
    r.add(
      "TEMPLATE_VERSION_MISMATCH", `模板版本为 ${version}，本助手使用 ${TEMPLATE_VERSION} 版模板。请运行“修复模板”升级（已填写的内容不会改动）。`,
      "template.version",
      r.cellOf("template.version"),
    );
  }

  // Scalar inputs.
  for (const f of hasDepartment ? SCALAR_INPUTS : []) {
    const loc = r.locate(f.id);
    if (!loc) continue;
    const where = r.record(f.id, loc);
    const c = r.read(loc);
    const kind = fieldInfo(f.id).kind;
    let value: unknown;
    if (NUMERIC_KINDS.has(kind)) {
      const v = r.numberCell(c, f.id, f.label, where, { amount: f.type === "amount" });
      // The model's year and scores are numbers: keep the parsed number (the finding says it was text).
      value = typeof v === "string" && (kind === "year" || kind === "score") ? (parseCount(v).value ?? undefined) : v;
    } else {
      value = textValue(c.value);
    }
    if (value !== undefined) setPath(input, f.id, value);
  }
  if (hasDepartment && !(input.unit as Record<string, unknown>).year) {
    r.add("REQUIRED_MISSING", "“评价年度”未填写。这是必填项。", "unit.year", r.cellOf("unit.year"));
  }
  const exec = input.execution as { override?: { score?: number; reason?: string; replaced?: number } } | undefined;
  if (exec?.override && typeof exec.override.score !== "number") {
    if (exec.override.replaced !== undefined) r.orphanedReplacedScores.push("execution.override.replaced");
    delete input.execution;
  }

  // Rule profile.
  const profile = readProfile(r, book);
  input.profile = BUILTIN_PROFILES.some((b) => b === profile) ? profile.id : profile;

  // Indicators and lists.
  const indicatorRows = hasDepartment ? readIndicators(r, book, input.indicators as Indicator[], DEPARTMENT_TABLE) : [];
  for (const l of hasDepartment ? LIST_TABLES : []) {
    const items = readList(r, book, l.id, l.name);
    if (items === undefined) continue;
    if (l.id === "unit.functions") (input.unit as Record<string, unknown>).functions = items;
    else input[l.id] = items;
  }

  checkComputedCells(r);

  const projects = readProjects(r, book, projectNumbers);
  if (projects.length) {
    input.schemaVersion = 2;
    input.projects = projects.map((p) => p.input);
  }
  if (!hasDepartment) {
    // Whose tables these are: the first project's 主管部门 and year stand for the file.
    const first = projects[0]?.input;
    input.unit = { name: first?.supervisor ?? "", year: first?.year ?? 0 };
  }

  const findings = r.findings;
  return {
    input: input as EvaluationInput,
    profile,
    findings,
    formulaIssues: findings.filter((f) => REPAIRABLE_CODES.has(f.code)),
    cellOf: r.cellOf,
    version,
    sheets: r.sheets,
    indicatorRows,
    hasDepartment,
    projects,
    orphanedReplacedScores: r.orphanedReplacedScores,
  };
}

function recognize(book: Book): void {
  const hasVersion = !!book.name(VERSION_NAME) || /jixiao-template/.test(book.snapshot.properties?.keywords ?? "");
  const hasNames = KEY_NAMES.some((n) => book.name(n)) || Object.values(FIELD_NAMES).some((n) => book.name(n));
  if (hasVersion || hasNames) return;
  throw new TemplateNotRecognizedError(
    `这个工作簿不是绩效自评模板：找不到版本标记（定义名称 ${VERSION_NAME}），也找不到模板的定义名称（如 ${KEY_NAMES.join("、")}）。` +
      "请用“jixiao template --out 文件.xlsx”生成模板，把数据填入模板后再评价。",
  );
}

// ---- 评分规则 --------------------------------------------------------------------------------------------

function readProfile(r: Reader, book: Book): RuleProfile {
  const sel = r.locate("rule.profile");
  let selected = "";
  if (sel) {
    r.record("rule.profile", sel);
    r.record("profile", sel);
    selected = String(r.read(sel).value).trim();
  }
  // Profile columns: the header range Rule_ProfileNames, else the template's default position.
  const rulesSheet = r.sheets.rules;
  const header = book.name(RANGE_NAMES.profiles);
  let cols: { sheet: string; row: number; first: number; last: number } | null = null;
  if (header?.target && book.hasSheet(header.target.sheet)) {
    const t = header.target.range;
    cols = { sheet: book.sheetName(header.target.sheet)!, row: t.top, first: t.left, last: t.right };
  } else if (rulesSheet) {
    const t = parseRange(ruleProfileNamesRange());
    cols = { sheet: rulesSheet, row: t.top, first: t.left, last: t.right };
    r.add("NAME_MISSING", `定义名称 ${RANGE_NAMES.profiles}（评分规则名称列表）已被删除。请运行“修复模板”恢复。`, "profile", qualified(rulesSheet, `${cellAddress(t.top, t.left)}`));
  }
  if (!cols) return DEFAULT_PROFILE;
  const labels: string[] = [];
  for (let c = cols.first; c <= cols.last; c++) labels.push(String(book.cell(cols.sheet, cols.row, c).value).trim());
  const j = labels.indexOf(selected);
  if (j < 0) {
    r.add(
      "RULE_PROFILE_UNKNOWN", `“当前评分规则”为“${selected}”，不是可选的评分规则（${labels.filter(Boolean).join("、")}）。已按默认规则（${DEFAULT_PROFILE.name}）读取。请从下拉列表选择。`,
      "profile",
      r.cellOf("profile"),
    );
    return DEFAULT_PROFILE;
  }
  const col = cols.first + j;
  const params = new Map<string, number | string | null>();
  const meta: Record<string, string> = {};
  const builtin = BUILTIN_PROFILES.find((b) => b.name === selected);
  let changed: string | undefined;
  for (const [id] of RULE_ROWS) {
    const loc = r.locate(id);
    if (!loc) continue;
    r.record(id, loc);
    const row = loc.row;
    const c = book.cell(loc.sheet, row, col);
    const where = qualified(loc.sheet, cellAddress(row, col));
    if (id.startsWith("profile.")) {
      meta[id] = textValue(c.value) ?? "";
      continue;
    }
    const spec = RULE_PARAMS.find((p) => p.id === id)!;
    let v: number | string | null = isBlank(c.value) ? null : typeof c.value === "boolean" ? String(c.value) : c.value;
    if ((spec.type === "number" || spec.type === "percent") && typeof v === "string") {
      const parsed = parseCount(v);
      if (parsed.value === null) {
        r.add("RULE_PARAM_INVALID", `${where}（${spec.label}）应为数字，现为“${v}”。已按默认值计算，请改正。`, id, where);
        v = null;
      } else v = parsed.value;
    }
    if (v === null && spec.type !== "text") {
      r.add("RULE_PARAM_INVALID", `${where}（${spec.label}）为空。已按默认值计算，请填写。`, id, where);
    }
    params.set(id, v);
    if (builtin && v !== null && v !== ruleValue(builtin, id) && !changed) changed = where;
  }
  if (builtin) {
    if (!changed) return builtin;
    r.add(
      "RULE_PARAM_CHANGED", `内置评分规则“${builtin.name}”的参数在 ${changed} 等处被改动过，已按表中的参数计算。如需不同参数，请选择“${CUSTOM_PROFILE_LABEL}”并修改“${CUSTOM_PROFILE_LABEL}”列。`,
      "profile",
      changed,
    );
    return paramsToProfile(builtin, params);
  }
  const custom = paramsToProfile(DEFAULT_PROFILE, params, meta["profile.id"] || CUSTOM_PROFILE_ID, meta["profile.name"] || CUSTOM_PROFILE_LABEL);
  delete custom.description;
  return custom;
}

// ---- 绩效指标 -------------------------------------------------------------------------------------------------

const LABEL_OF = new Map(TABLE_COLUMNS.map((c) => [c.id, c.label]));

/** Which indicator table to read: the department's, or a project's (project-reader.ts). */
export interface IndicatorTableRead {
  tableName: string;
  /** Field id of the table; rows are `${root}[i].column`. */
  root: string;
  /** Calculated-column formula of a computed column. */
  rowFormula(id: string): string;
  /** Where the table should be when it is missing. */
  fallback?: () => string | undefined;
  /** "绩效指标表", or the project's "项目“…”的绩效指标表". */
  title: string;
}

const DEPARTMENT_TABLE: IndicatorTableRead = {
  tableName: INDICATOR_TABLE.name,
  root: "indicators",
  rowFormula: (id) => rowFormula(id),
  title: "绩效指标表",
};

export function readIndicators(r: Reader, book: Book, out: Indicator[], t: IndicatorTableRead): TableRowRead[] {
  const table = r.table(t.tableName);
  if (!table || !book.hasSheet(table.sheet)) {
    const sheet = r.sheets.indicators;
    const where = t.fallback ? t.fallback() : sheet ? qualified(sheet, INDICATOR_TABLE.header) : undefined;
    r.add("TABLE_MISSING", `找不到${t.title}（表名 ${t.tableName}），无法读取绩效指标。请运行“修复模板”或从原模板复制该表。`, t.root, where);
    return [];
  }
  const sheet = book.sheetName(table.sheet)!;
  const range = parseRange(table.address.includes("!") ? table.address.split("!").pop()! : table.address);
  r.record(t.root, { sheet, row: range.top, col: range.left });
  const colOf = new Map<string, number>();
  table.headers.forEach((h, j) => colOf.set(String(h).trim(), range.left + j));
  for (const c of TABLE_COLUMNS) {
    // 调整时的规则得分 came with template 1.2: older tables lack it, and the version finding already says so.
    if (c.id === "override.replaced") continue;
    if (!colOf.has(c.label)) {
      r.add(
        "TABLE_COLUMN_MISSING", `${t.title}缺少“${c.label}”列（列标题可能被改动或整列被删除）。${c.input ? "该列内容无法读取。" : ""}请把列标题改回“${c.label}”或运行“修复模板”。`,
        t.root,
        qualified(sheet, cellAddress(range.top, range.left)),
      );
    }
  }
  for (const m of book.sheet(sheet)?.merges ?? []) {
    const mr = parseRange(m);
    if (intersects(mr, range)) {
      const where = qualified(sheet, cellAddress(mr.top, mr.left));
      r.add("TABLE_MERGED_CELL", `${t.title}中 ${qualified(sheet, m)} 是合并单元格，表格公式和排序会出错。请取消合并（运行“修复模板”可自动取消）。`, t.root, where);
    }
  }
  // A calculated column's formula is the same in every row: printed once per column, not once per cell.
  const computed = TABLE_COLUMNS.filter((c) => !c.input && colOf.has(c.label)).map((c) => ({ id: c.id, label: c.label, col: colOf.get(c.label)!, formula: t.rowFormula(c.id) }));
  const rows: TableRowRead[] = [];
  for (let row = range.top + 1; row <= range.bottom; row++) {
    const get = (id: string): Cell & { where: string } => {
      const col = colOf.get(LABEL_OF.get(id)!);
      if (col === undefined) return { value: "", formula: null, where: "" };
      const cell = book.cell(sheet, row, col);
      return new TableCell(cell.value, cell.formula, sheet, row, col);
    };
    for (const c of computed) r.checkFormula({ sheet, row, col: c.col }, c.formula, `${t.root}.${c.id}`, c.label, t.tableName);
    // The score an override replaced is the add-in's bookkeeping: left alone in a row, the row is still empty.
    const inputs = TABLE_COLUMNS.filter((c) => c.input && c.id !== "override.replaced").map((c) => get(c.id));
    if (inputs.every((c) => isBlank(c.value) && c.formula === null)) {
      rows.push({ row, index: null });
      continue;
    }
    const index = out.length;
    const f = (col: string) => `${t.root}[${index}].${col}`;
    const level1 = String(get("level1").value).trim();
    const kind = String(get("kind").value).trim();
    if (!(LEVEL1_NAMES as readonly string[]).includes(level1) || !(INDICATOR_KINDS as readonly string[]).includes(kind)) {
      const bad = !(LEVEL1_NAMES as readonly string[]).includes(level1) ? ["level1", "一级指标", level1, LEVEL1_NAMES] : ["kind", "指标性质", kind, INDICATOR_KINDS];
      const where = get(bad[0] as string).where;
      r.add(
        "INVALID_CHOICE", `${where} 的${bad[1] as string}“${bad[2] as string}”不是可选值（${(bad[3] as readonly string[]).join("、")}），本行未计入评价。请从下拉列表选择。`,
        `${t.root}.row${row}.${bad[0] as string}`,
        where,
      );
      rows.push({ row, index: null });
      continue;
    }
    const ind: Record<string, unknown> = { level1, level2: String(get("level2").value), name: String(get("name").value), kind };
    for (const c of TABLE_COLUMNS) {
      // A column a table lacks (调整时的规则得分 before template 1.2) has no cell: nothing may be written there.
      if (c.input && (colOf.has(c.label) || c.id !== "override.replaced")) r.record(f(c.id), { sheet, row, col: colOf.get(c.label) ?? range.left });
    }
    const quantitative = kind !== "定性";
    for (const key of ["target", "actual"] as const) {
      const c = get(key);
      if (key === "actual" && c.formula !== null) {
        const m = /^\s*(?:'[^']*'!|[^!'"]*!)?\s*([A-Za-z_][\w.]*)\s*$/.exec(c.formula);
        const rate = m ? RATE_OF_NAME.get(m[1]!.toLowerCase()) : undefined;
        if (rate) {
          ind.actualFrom = rate;
          continue;
        }
      }
      if (isBlank(c.value)) continue;
      if (isError(c.value as string)) {
        r.add("CELL_ERROR_VALUE", `${c.where} 显示错误值 ${String(c.value)}。请检查该单元格。`, f(key), c.where);
        continue;
      }
      if (quantitative && typeof c.value === "string") {
        ind[key] = r.numberCell(c, f(key), LABEL_OF.get(key)!, c.where);
      } else ind[key] = c.value;
    }
    const unit = textValue(get("unit").value);
    if (unit !== undefined) ind.unit = unit;
    const weight = get("weight");
    const w = r.numberCell(weight, f("weight"), "分值", weight.where);
    ind.weight = typeof w === "number" ? w : typeof w === "string" ? (parseCount(w).value ?? 0) : 0;
    const tier = textValue(get("tier").value);
    if (tier !== undefined) ind.tier = tier;
    for (const key of ["qualitativeScore", "override.score"] as const) {
      const c = get(key);
      const v = r.numberCell(c, f(key), LABEL_OF.get(key)!, c.where);
      const n = typeof v === "string" ? (parseCount(v).value ?? undefined) : v;
      if (n === undefined) continue;
      if (key === "qualitativeScore") ind.qualitativeScore = n;
      else ind.override = { score: n };
    }
    const reason = textValue(get("override.reason").value);
    if (reason !== undefined && ind.override) (ind.override as Record<string, unknown>).reason = reason;
    if (!ind.override && colOf.has(LABEL_OF.get("override.replaced")!) && !isBlank(get("override.replaced").value)) {
      r.orphanedReplacedScores.push(f("override.replaced"));
    }
    if (ind.override) {
      const c = get("override.replaced");
      const v = isBlank(c.value) ? undefined : r.numberCell(c, f("override.replaced"), LABEL_OF.get("override.replaced")!, c.where);
      const n = typeof v === "string" ? (parseCount(v).value ?? undefined) : v;
      if (typeof n === "number") (ind.override as Record<string, unknown>).replaced = n;
    }
    for (const key of ["deviationReason", "explanation"] as const) {
      const v = textValue(get(key).value);
      if (v !== undefined) ind[key] = v;
    }
    const na = get("notApplicable");
    const naText = String(na.value).trim();
    if (naText === "是") ind.notApplicable = true;
    else if (naText !== "" && naText !== "否") {
      r.add("NA_CHOICE_INVALID", `${na.where} 的“不适用”应为“是”或“否”，现为“${naText}”，按“否”处理。`, f("notApplicable"), na.where);
    }
    out.push(ind as Indicator);
    rows.push({ row, index });
  }
  return rows;
}

// ---- lists ----------------------------------------------------------------------------------------------------

function readList(r: Reader, book: Book, id: string, tableName: string): string[] | undefined {
  const table = r.table(tableName);
  if (!table || !book.hasSheet(table.sheet)) {
    const layout = listLayouts(() => 1).find((l) => l.id === id)!;
    const sheet = r.sheets[layout.sheet];
    r.add(
      "LIST_TABLE_MISSING", `找不到“${layout.column}”表格（表名 ${tableName}），该部分内容无法读取。请从原模板复制该表。`,
      id,
      sheet ? qualified(sheet, cellAddress(layout.headerRow, layout.col)) : undefined,
    );
    return undefined;
  }
  const sheet = book.sheetName(table.sheet)!;
  const range = parseRange(table.address.includes("!") ? table.address.split("!").pop()! : table.address);
  r.record(id, { sheet, row: range.top, col: range.left });
  const items: string[] = [];
  for (let row = range.top + 1; row <= range.bottom; row++) {
    const v = textValue(book.cell(sheet, row, range.left).value);
    if (v === undefined) continue;
    r.record(`${id}[${items.length}]`, { sheet, row, col: range.left });
    items.push(v);
  }
  return items;
}

// ---- integrity of computed cells --------------------------------------------------------------------------------

function checkComputedCells(r: Reader): void {
  for (const spec of r.department ? SCALAR_SPECS : []) {
    const loc = r.locate(spec.id);
    if (!loc) continue;
    r.record(spec.id, loc);
    r.checkFormula(loc, scalarFormula(spec.id), spec.id, spec.label);
  }
  for (const [id] of RULE_ROWS) {
    const loc = r.locate(id);
    if (loc) r.checkFormula(loc, ruleActiveFormula(loc.row), id, fieldLabel(id));
  }
  for (const link of LINK_CELLS) {
    const loc = r.locateLink(link);
    if (loc) r.checkFormula(loc, linkFormula(link.link), `link.${link.name}`, fieldInfo(link.link).label);
  }
}

function fieldLabel(id: FieldId): string {
  return id === "profile.id" ? "方案编号" : id === "profile.name" ? "方案名称" : fieldInfo(id).label;
}
