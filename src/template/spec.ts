import { BUILTIN_PROFILES, type RuleParamId } from "../domain/profiles";
import { INDICATOR_KINDS, LEVEL1_NAMES, LEVEL2_BY_LEVEL1 } from "../domain/vocabulary";
import type { DomainFieldId } from "../domain/fields";

/**
 * THE standard evaluation workbook, as data. Every sheet, cell, defined name, table, dropdown, style,
 * protection and print setting of the template is written here and nowhere else: the planner
 * (plan.ts) turns this into a builder-neutral WorkbookPlan, the ExcelJS and (later) Office.js builders
 * execute the plan, and the reader finds every figure through the same data. Labels come from the domain
 * registries (fields.ts, formulas.ts, profiles.ts); formulas come from formulas.ts via toExcel.
 *
 * To lay out another sheet (自评表, 自评报告), add cells to its `cells`: `text`, `labelOf` (a field's
 * registry label) and `link` (a live formula "=<defined name of the field>") need no code.
 */

/** 1.1: display links carry defined names (Show_*); 主管部门 (Unit_Supervisor) on 基本情况. */
export const TEMPLATE_VERSION = "1.2";
/** Defined name of the version cell on 填表说明; the add-in detects the template by it. */
export const VERSION_NAME = "JIXIAO_TEMPLATE_VERSION";
/** Workbook keywords (document properties) carry the version too, for hosts that read properties. */
export const VERSION_KEYWORD = `jixiao-template-${TEMPLATE_VERSION}`;

// ---- styles ---------------------------------------------------------------------------------------

export type StyleKey =
  | "title"
  | "note"
  | "header"
  | "label"
  | "input"
  | "computed"
  | "fixed"
  | "version"
  | "legendInput"
  | "legendComputed"
  | "legendFixed"
  | "text"
  | "formText"
  | "formFigure"
  | "formTotal"
  | "reportTitle"
  | "reportHeading"
  | "reportBody";

export interface CellStyle {
  /** RGB hex fill, e.g. "FFF2CC". */
  fill?: string;
  bold?: boolean;
  italic?: boolean;
  size?: number;
  color?: string;
  wrap?: boolean;
  hAlign?: "left" | "center" | "right";
  vAlign?: "top" | "middle";
  border?: boolean;
  /** Input cells are unlocked; everything else stays locked under sheet protection. */
  locked: boolean;
}

/** Every sheet's title (merged across the sheet's `merges` entry that starts here). */
export const TITLE_CELL = "A1";

export const FONT_NAME = "宋体";
export const FONT_SIZE = 10;

/** Light yellow for what people fill in, light green for what formulas compute (legend on 填表说明). */
export const INPUT_FILL = "FFF2CC";
export const COMPUTED_FILL = "E2EFDA";
export const FIXED_FILL = "F2F2F2";

export const STYLES: Record<StyleKey, CellStyle> = {
  title: { bold: true, size: 14, hAlign: "left", vAlign: "middle", locked: true },
  note: { italic: true, size: 9, color: "595959", wrap: true, vAlign: "top", locked: true },
  header: { bold: true, fill: "D9E1F2", border: true, wrap: true, hAlign: "center", vAlign: "middle", locked: true },
  label: { border: true, wrap: true, vAlign: "middle", locked: true },
  text: { wrap: true, vAlign: "top", locked: true },
  input: { fill: INPUT_FILL, border: true, wrap: true, vAlign: "middle", locked: false },
  computed: { fill: COMPUTED_FILL, border: true, wrap: true, vAlign: "middle", locked: true },
  fixed: { fill: FIXED_FILL, border: true, wrap: true, vAlign: "middle", locked: true },
  version: { bold: true, border: true, hAlign: "left", locked: true },
  legendInput: { fill: INPUT_FILL, border: true, hAlign: "center", locked: true },
  legendComputed: { fill: COMPUTED_FILL, border: true, hAlign: "center", locked: true },
  legendFixed: { fill: FIXED_FILL, border: true, hAlign: "center", locked: true },
  // The printed forms (自评表, 自评报告): black-on-white, bordered, wrapped.
  formText: { border: true, wrap: true, vAlign: "middle", locked: true },
  formFigure: { border: true, hAlign: "center", vAlign: "middle", locked: true },
  formTotal: { bold: true, border: true, wrap: true, hAlign: "center", vAlign: "middle", locked: true },
  // 自评报告's paragraphs stay editable under protection: the add-in keeps a hand-edited paragraph.
  reportTitle: { bold: true, size: 14, wrap: true, hAlign: "center", vAlign: "top", locked: false },
  reportHeading: { bold: true, wrap: true, vAlign: "top", locked: false },
  reportBody: { wrap: true, vAlign: "top", locked: false },
};

// ---- value kinds, formats, validations ------------------------------------------------------------

/** What a named cell holds; decides its number format and its data validation. */
export type ValueKind =
  | "amount"
  | "count"
  | "year"
  | "score"
  | "rate"
  | "percent"
  | "number"
  | "text"
  | "longText"
  | "choice";

/** Excel number formats (domain/format.ts EXCEL_FORMATS); "@" makes typed text stay text (never a formula). */
export const NUMBER_FORMATS: Record<ValueKind, string> = {
  amount: "#,##0.00",
  count: "0",
  year: "0",
  score: "0.00",
  rate: "0.00%",
  percent: "0.00%",
  number: "General",
  text: "@",
  longText: "@",
  choice: "@",
};

/** A data validation, host-neutral: formulas are Excel formula text without "=". */
export type ValidationSpec =
  | { type: "list"; source: string }
  | {
      type: "decimal" | "whole";
      operator: "between" | "greaterThan" | "greaterThanOrEqual";
      formula1: string;
      formula2?: string;
    };

export interface ValidationMessage {
  title: string;
  text: string;
}

export const VALIDATION_ERROR_TITLE = "输入无效";

// ---- sheets ---------------------------------------------------------------------------------------

export type SheetKey = "guide" | "basic" | "budget" | "indicators" | "issues" | "rules" | "selfTable" | "selfReport";

/**
 * A field id of the department workbook: the domain's inputs, computed figures and rule parameters,
 * plus the template's own cells (version marker, chosen profile). A typo is a compile error, and
 * FIELD_NAMES must name every one.
 */
export type FieldId = DomainFieldId | TemplateFieldId;

/** A cell of a sheet's fixed layout. Addresses are A1 without sheet. F: the form's field ids. */
export type TextCellSpec = { at: string; text: string; style?: StyleKey };
export type CellSpec<F extends string = FieldId> =
  | TextCellSpec
  /** The field's label from the domain registry. */
  | { at: string; labelOf: F; style?: StyleKey }
  /** The named cell of a field (input, computed figure or rule parameter); see FIELD_NAMES. */
  | { at: string; field: F }
  /** A display-only live copy of another field: formula "=<its defined name>" (computed style). */
  | { at: string; link: F };

export interface ProtectionSpec {
  formatColumns: boolean;
  formatRows: boolean;
  insertRows: boolean;
  deleteRows: boolean;
  sort: boolean;
  autoFilter: boolean;
}

export interface SheetSpec {
  key: SheetKey;
  name: string;
  title: string;
  /** Column widths in characters, from column A. */
  columns: number[];
  /** Row heights in points, for rows that hold long text. */
  rowHeights?: Record<number, number>;
  landscape: boolean;
  /** Rows repeated at the top of every printed page, e.g. "3:3". */
  printTitleRows?: string;
  /** null: unprotected (only inputs on the sheet). No password, ever: supervisors must be able to unprotect. */
  protection: ProtectionSpec | null;
  cells: CellSpec[];
  merges: string[];
  /** Output sheets are generated from the inputs; they only reserve their place for now. */
  output?: boolean;
}

const PROTECT_DEFAULT: ProtectionSpec = {
  formatColumns: true,
  formatRows: true,
  insertRows: false,
  deleteRows: false,
  sort: true,
  autoFilter: true,
};
/** 绩效指标 may grow and shrink: inserting and deleting rows stays allowed under protection. */
const PROTECT_TABLE: ProtectionSpec = { ...PROTECT_DEFAULT, insertRows: true, deleteRows: true };

export const PAGE = {
  paperSize: 9, // A4
  margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  footer: "&C第 &P 页，共 &N 页",
} as const;

// Layout helpers: they only expand rows of data into cells (still data, no logic).
const text = (at: string, value: string, style: StyleKey = "label"): TextCellSpec => ({ at, text: value, style });
const headerRow = (row: number, cols: string, labels: readonly string[]): TextCellSpec[] =>
  labels.map((l, i) => text(`${cols[i]}${row}`, l, "header"));
/** A form: label in `labelCol`, the field's cell in `valueCol`, one field per row from `row`. */
const form = (row: number, labelCol: string, valueCol: string, ids: readonly FieldId[]): CellSpec[] =>
  ids.flatMap((id, i) => [
    { at: `${labelCol}${row + i}`, labelOf: id, style: "label" as const },
    { at: `${valueCol}${row + i}`, field: id },
  ]);
/** A grid: a row label then one field (or link, or blank) per column. */
type GridItem<F extends string> = F | { link: F } | null;
const grid = <F extends string = FieldId>(row: number, cols: string, rows: ReadonlyArray<readonly [string, ...GridItem<NoInfer<F>>[]]>): CellSpec<F>[] =>
  rows.flatMap(([label, ...items], i) => [
    text(`${cols[0]}${row + i}`, label),
    ...items.flatMap((item, j): CellSpec<F>[] => {
      const at = `${cols[j + 1]}${row + i}`;
      if (item === null) return [{ at, text: "—", style: "fixed" }];
      return typeof item === "string" ? [{ at, field: item }] : [{ at, link: item.link }];
    }),
  ]);

// ---- 填表说明 --------------------------------------------------------------------------------------

const GUIDE_STEPS = [
  "基本情况：填写单位名称、评价年度、在职人数等；职能职责在下方表格中逐条填写，一行一条。",
  "预算执行：按决算表填写年初预算数、全年预算数（调整后预算）和实际支出，单位万元，保留两位小数。只填数字，不要带“万元”。",
  "绩效指标：每行一个三级指标。一级指标、二级指标、指标性质、定性档次、不适用从下拉列表选择。定量指标的年度指标值和实际完成值只填数字（百分数填 90% 或 0.9），单位填在“计量单位”列。",
  "定性指标：选择定性档次，并在档次范围内填写定性得分；不填得分时按档次的建议比例计分。",
  "得分低于分值时必须填写“偏差原因分析及改进措施”；人工调整得分必须填写调整理由。",
  "增加或删除指标：用绩效自评助手任务窗格中的“添加指标”“删除指标”（先选中要删除的行）。工作表受保护时 Excel 不允许在表格中插入、删除行；不用助手时，先在“审阅”中撤销工作表保护（无密码），改完再保护。",
  "评分规则：在“评分规则”表选择适用的评分办法，所有得分随之重算；选“自定义”后可修改“自定义”列的参数。",
  "问题与措施：每条问题、每条措施各占一行。",
  "绿色单元格是公式，已锁定。若公式被误改，请用绩效自评助手的“修复模板”恢复（不会改动已填写的内容）。",
] as const;

/** The dropdown sources (data-validation lists), visible on 填表说明 so nothing is hidden from reviewers. */
export const CHOICE_LISTS = {
  sheet: "guide" as SheetKey,
  headerRow: 22,
  lists: [
    { name: "List_Level1", col: "A", header: "一级指标", items: [...LEVEL1_NAMES] },
    { name: "List_Level2", col: "B", header: "二级指标", items: LEVEL1_NAMES.flatMap((l1) => LEVEL2_BY_LEVEL1[l1]) },
    {
      name: null,
      col: "C",
      header: "所属一级指标",
      items: LEVEL1_NAMES.flatMap((l1) => LEVEL2_BY_LEVEL1[l1].map(() => l1)),
    },
    { name: "List_Kinds", col: "D", header: "指标性质", items: [...INDICATOR_KINDS] },
    { name: "List_YesNo", col: "E", header: "不适用", items: ["是", "否"] },
  ],
} as const;

const GUIDE: SheetSpec = {
  key: "guide",
  name: "填表说明",
  title: "部门整体支出绩效自评 · 填表说明",
  columns: [16, 70, 14, 10, 8, 4],
  landscape: false,
  protection: PROTECT_DEFAULT,
  cells: [
    text("A2", "模板版本"),
    { at: "B2", field: "template.version" },
    text("A3", "说明"),
    text(
      "B3",
      "本工作簿由绩效自评助手（jixiao）生成。不安装插件也可在 Excel、WPS 表格或 LibreOffice 中直接填写和审阅：所有比率和得分都由表内公式计算。",
      "text",
    ),
    text("A5", "图例", "header"),
    text("B5", "含义", "header"),
    text("A6", "填写项", "legendInput"),
    text("B6", "浅黄色：请按决算数据和实际完成情况填写。", "label"),
    text("A7", "计算项", "legendComputed"),
    text("B7", "浅绿色：由公式自动计算，已锁定，请勿改写。", "label"),
    text("A8", "规则参数", "legendFixed"),
    text("B8", "浅灰色：内置评分规则的参数，仅供查看；如需修改请在“评分规则”表选择“自定义”。", "label"),
    text("A10", "填表步骤", "header"),
    text("B10", "", "header"),
    ...GUIDE_STEPS.flatMap((step, i) => [text(`A${11 + i}`, `${i + 1}`, "label"), text(`B${11 + i}`, step, "label")]),
    text("A21", "下拉选项（数据验证的来源，请勿修改）", "text"),
  ],
  merges: ["A1:E1", "A21:E21"],
  rowHeights: { 3: 30 },
};

// ---- 基本情况 --------------------------------------------------------------------------------------

export const BASIC_FORM_IDS = [
  "unit.name",
  "unit.shortName",
  "unit.year",
  "unit.staff.actual",
  "unit.staff.authorized",
  "unit.staff.retired",
  "unit.internalOrgs",
  "unit.subordinateUnits",
  "unit.budgetUnits",
  "unit.overview",
  "goals.expected",
  "goals.achieved",
  // Added in 1.1: after the 1.0 fields, so a 1.0 workbook's cells keep their places.
  "unit.supervisor",
] as const satisfies readonly FieldId[];

const BASIC: SheetSpec = {
  key: "basic",
  name: "基本情况",
  title: "一、基本情况",
  columns: [26, 90],
  landscape: false,
  printTitleRows: "3:3",
  protection: null,
  cells: [
    text("A2", "黄色为填写项。人数只填数字；职能职责在下方表格逐条填写，一行一条。", "note"),
    ...headerRow(3, "AB", ["项目", "内容"]),
    ...form(4, "A", "B", BASIC_FORM_IDS),
    text("A17", "职能职责"),
  ],
  merges: ["A1:B1", "A2:B2"],
  rowHeights: { 2: 16, 10: 45, 11: 30, 13: 75, 14: 45, 15: 45 },
};

// ---- 预算执行 --------------------------------------------------------------------------------------

const BUDGET: SheetSpec = {
  key: "budget",
  name: "预算执行",
  title: "二、预算执行情况（金额单位：万元）",
  columns: [34, 16, 16, 16, 14],
  landscape: false,
  printTitleRows: "3:3",
  protection: PROTECT_DEFAULT,
  cells: [
    text("A2", "黄色为填写项，只填数字，保留两位小数；绿色为公式计算。分母为0或未填时比率显示为空（不适用）。", "note"),
    ...headerRow(3, "ABCDE", ["项目", "年初预算数", "全年预算数", "实际支出", "完成率"]),
    ...grid(4, "ABCDE", [
      ["基本支出", "budget.basic.initial", "budget.basic.adjusted", "budget.basic.actual", "rate.basicCompletion"],
      ["项目支出", "budget.project.initial", "budget.project.adjusted", "budget.project.actual", "rate.projectCompletion"],
      ["政府性基金预算支出", "budget.govFund.initial", "budget.govFund.adjusted", "budget.govFund.actual", "rate.govFundCompletion"],
      [
        "国有资本经营预算支出",
        "budget.stateCapital.initial",
        "budget.stateCapital.adjusted",
        "budget.stateCapital.actual",
        "rate.stateCapitalCompletion",
      ],
      ["财政拨款合计", "budget.fiscal.initial", "budget.fiscal.adjusted", "budget.fiscal.actual", "rate.fiscalCompletion"],
    ]),
    ...headerRow(10, "ABC", ["基本支出构成", "金额", "占基本支出比例"]),
    ...grid(11, "ABC", [
      ["人员经费支出", "budget.personnel", "rate.personnelShare"],
      ["日常公用经费支出", "budget.publicExpense", "rate.publicShare"],
    ]),
    ...headerRow(14, "ABCD", ["其他比率", "预算数", "实际数", "比率"]),
    ...grid(15, "ABCD", [
      ["公用经费（控制率）", "budget.publicControl.budget", "budget.publicControl.actual", "rate.publicControl"],
      ["“三公”经费（控制率）", "budget.threePublic.budget", "budget.threePublic.actual", "rate.threePublicControl"],
      ["政府采购（执行率）", "budget.procurement.planned", "budget.procurement.actual", "rate.procurement"],
      ["年末结转结余（结转结余率）", null, "budget.carryover", "rate.carryover"],
      ["在职人员（编制数/在职人数，见基本情况）", { link: "unit.staff.authorized" }, { link: "unit.staff.actual" }, "rate.staffControl"],
      ["预算调整率（财政拨款年初/全年）", { link: "budget.fiscal.initial" }, { link: "budget.fiscal.adjusted" }, "rate.adjustment"],
    ]),
    ...headerRow(22, "AB", ["预算执行率评分", "数值"]),
    { at: "A23", labelOf: "rate.execution", style: "label" },
    { at: "B23", field: "rate.execution" },
    { at: "A24", labelOf: "rule.weight.execution", style: "label" },
    { at: "B24", link: "rule.weight.execution" },
    ...form(25, "A", "B", ["execution.computedScore", "execution.override.score"]),
    // Template 1.2, right of the existing blocks: 上年数 and the year-on-year rates, the figures a form typed.
    ...headerRow(14, "FGHI", ["同比（上年数）", "上年数", "本年数", "变动率"]),
    ...grid(15, "FGHI", [
      ["“三公”经费", "budget.priorYear.threePublic", { link: "budget.threePublic.actual" }, "rate.threePublicChange"],
      ["财政拨款支出", "budget.priorYear.fiscalActual", { link: "budget.fiscal.actual" }, "rate.fiscalChange"],
    ]),
    { at: "C23", labelOf: "execution.typedRate", style: "label" },
    { at: "D23", field: "execution.typedRate" },
    { at: "C25", labelOf: "execution.typedScore", style: "label" },
    { at: "D25", field: "execution.typedScore" },
    { at: "C26", labelOf: "execution.override.replaced", style: "label" },
    { at: "D26", field: "execution.override.replaced" },
    { at: "A27", labelOf: "execution.override.reason", style: "label" },
    { at: "B27", field: "execution.override.reason" },
    { at: "A28", labelOf: "execution.score", style: "label" },
    { at: "B28", field: "execution.score" },
    ...headerRow(30, "AB", ["说明", "内容"]),
    ...form(31, "A", "B", ["budget.projectDescription", "budget.adjustmentReason", "budget.lowExecutionReason"]),
  ],
  merges: ["A1:E1", "A2:E2", "B27:E27", "B30:E30", "B31:E31", "B32:E32", "B33:E33"],
  rowHeights: { 2: 28, 27: 45, 31: 45, 32: 45, 33: 45 },
};

// ---- 绩效指标 --------------------------------------------------------------------------------------

/** The indicator table: columns in INDICATOR_COLUMNS order, named by their registry labels. */
export const INDICATOR_TABLE = {
  name: "Indicators",
  sheet: "indicators" as SheetKey,
  /** The table's header row starts here; data rows follow. */
  header: "A11",
  /** Blank rows in a new, empty template: people fill them in without inserting rows. */
  emptyRows: 20,
  /** Per-column layout: width, and the kind deciding the number format and the validation. */
  columns: {
    level1: { width: 11, kind: "choice" },
    level2: { width: 13, kind: "choice" },
    name: { width: 18, kind: "text" },
    kind: { width: 8, kind: "choice" },
    target: { width: 13, kind: "number" },
    unit: { width: 7, kind: "text" },
    actual: { width: 13, kind: "number" },
    weight: { width: 7, kind: "score" },
    tier: { width: 15, kind: "choice" },
    qualitativeScore: { width: 8, kind: "score" },
    "override.score": { width: 8, kind: "score" },
    "override.reason": { width: 16, kind: "longText" },
    deviationReason: { width: 22, kind: "longText" },
    explanation: { width: 34, kind: "longText" },
    notApplicable: { width: 7, kind: "choice" },
    computedScore: { width: 8, kind: "score" },
    score: { width: 8, kind: "score" },
    applicableWeight: { width: 8, kind: "score" },
    "override.replaced": { width: 8, kind: "score" },
  } as Record<string, { width: number; kind: ValueKind }>,
  theme: "TableStyleLight1",
  /** Data rows are this tall so wrapped explanations stay readable on screen and on paper. */
  rowHeight: 60,
} as const;

const INDICATORS: SheetSpec = {
  key: "indicators",
  name: "绩效指标",
  title: "三、绩效指标（三级）",
  columns: [], // from INDICATOR_TABLE.columns
  landscape: true,
  printTitleRows: "11:11",
  protection: PROTECT_TABLE,
  cells: [
    text(
      "A2",
      "每行一个三级指标。黄色为填写项，绿色为公式计算。定量指标只填数字（百分数填 90% 或 0.9）；定性指标选档次并填定性得分。得分低于分值须填写偏差原因。增加、删除指标请用助手的“添加指标”“删除指标”。",
      "note",
    ),
    ...headerRow(3, "ABCD", ["一级指标", "分值", "适用分值", "得分"]),
    text("A4", "预算执行率"),
    { at: "B4", link: "rule.weight.execution" },
    { at: "C4", link: "rule.weight.execution" },
    { at: "D4", link: "execution.score" },
    ...grid(5, "ABCD", [
      ["产出指标", "level.output.weight", "level.output.applicableWeight", "level.output.score"],
      ["效益指标", "level.effect.weight", "level.effect.applicableWeight", "level.effect.score"],
      ["满意度指标", "level.satisfaction.weight", "level.satisfaction.applicableWeight", "level.satisfaction.score"],
      ["合计", "total.fullWeight", "total.applicableWeight", "total.raw"],
    ]),
    text("A9", "自评总分"),
    { at: "B9", field: "total" },
    text("C9", "评价等级"),
    { at: "D9", field: "grade" },
    // Added with the 101号 rules, right of the summary so that nothing above moves: the 成本 level and the cap.
    ...headerRow(3, "FGHI", ["一级指标", "分值", "适用分值", "得分"]),
    ...grid(4, "FGHI", [["成本指标", "level.cost.weight", "level.cost.applicableWeight", "level.cost.score"]]),
    { at: "F9", labelOf: "total.cap", style: "label" },
    { at: "G9", field: "total.cap" },
  ],
  merges: ["A1:S1", "A2:S2"],
  rowHeights: { 2: 28, 11: 30 },
};

// ---- 问题与措施 ------------------------------------------------------------------------------------

/** Single-column list tables. Problems and measures are stacked: measures start `gap` rows below problems. */
export const LIST_TABLES = [
  { id: "unit.functions", name: "Functions", sheet: "basic" as SheetKey, header: "B17", column: "职能职责（一行一条）", emptyRows: 8 },
  { id: "problems", name: "Problems", sheet: "issues" as SheetKey, header: "A3", column: "存在的问题及原因分析（一行一条）", emptyRows: 5 },
  { id: "measures", name: "Measures", sheet: "issues" as SheetKey, header: "below:Problems", column: "下一步改进措施（一行一条）", emptyRows: 5 },
] as const;
export const LIST_GAP_ROWS = 2;
export const LIST_ROW_HEIGHT = 45;

const ISSUES: SheetSpec = {
  key: "issues",
  name: "问题与措施",
  title: "六、存在的问题及原因分析　七、下一步改进措施",
  // One column no wider than the A4 portrait page: LibreOffice cannot shrink a single column to fit and clips it.
  columns: [80],
  landscape: false,
  printTitleRows: "1:1",
  protection: null,
  cells: [text("A2", "每条问题、每条措施各占一行；需要更多行时在表格中插入行或在最后一行下方继续填写。", "note")],
  merges: [],
};

// ---- 评分规则 --------------------------------------------------------------------------------------

/** The rule sheet's parameter rows, grouped so that the three tier labels are adjacent (the 定性档次 list). */
export const RULE_PARAM_ORDER: readonly RuleParamId[] = [
  "rule.weight.execution",
  "rule.weight.output",
  "rule.weight.effect",
  "rule.weight.satisfaction",
  "rule.exec.denominator",
  "rule.exec.mode",
  "rule.exec.band1.min",
  "rule.exec.band1.share",
  "rule.exec.band2.min",
  "rule.exec.band2.share",
  "rule.exec.band3.min",
  "rule.exec.band3.share",
  "rule.exec.band4.min",
  "rule.exec.band4.share",
  "rule.exec.lowThreshold",
  "rule.reverse.mode",
  "rule.tier1.label",
  "rule.tier2.label",
  "rule.tier3.label",
  "rule.tier1.min",
  "rule.tier1.max",
  "rule.tier1.suggest",
  "rule.tier2.min",
  "rule.tier2.max",
  "rule.tier2.suggest",
  "rule.tier3.min",
  "rule.tier3.max",
  "rule.tier3.suggest",
  "rule.grade1.label",
  "rule.grade1.min",
  "rule.grade2.label",
  "rule.grade2.min",
  "rule.grade3.label",
  "rule.grade3.min",
  "rule.grade4.label",
  "rule.grade4.min",
  "rule.na.rescale",
  "rule.overshoot",
  // issue 12 primitives: appended, so that the rows above keep their addresses
  "rule.weight.cost",
  "rule.cost.first",
  "rule.weight.output.noCost",
  "rule.weight.effect.noCost",
  "rule.satisfaction.toEffect",
  "rule.exec.step.size",
  "rule.exec.step.points",
  "rule.quant.mode",
  "rule.quant.threshold",
  "rule.sat.mode",
  "rule.sat.band1.min",
  "rule.sat.band1.share",
  "rule.sat.band2.min",
  "rule.sat.band2.share",
  "rule.sat.band3.min",
  "rule.sat.band3.share",
  "rule.sat.band4.min",
  "rule.sat.band4.share",
  "rule.overshoot.penaltyFactor",
  "rule.overshoot.penaltyPoints",
  "rule.cap1.below",
  "rule.cap1.max",
  "rule.cap2.below",
  "rule.cap2.max",
  "rule.cap3.below",
  "rule.cap3.max",
  "rule.cap4.below",
  "rule.cap4.max",
];

export const CUSTOM_PROFILE_LABEL = "自定义";
export const CUSTOM_PROFILE_ID = "custom";

/**
 * The rule table: one row per parameter, one column per profile (the builtins, then 自定义). The active
 * column (`activeCol`) picks the selected profile's value with INDEX/MATCH on the header names, so the
 * dropdown in `selector` recomputes the whole workbook. Only the 自定义 column is editable.
 */
export const RULE_TABLE = {
  sheet: "rules" as SheetKey,
  selector: "B3",
  headerRow: 6,
  labelCol: "A",
  activeCol: "B",
  firstProfileCol: "C",
  /** Rows above the parameters: the profile's id and full name (template fields, not domain params). */
  metaRows: [
    { id: "profile.id", label: "方案编号", row: 7 },
    { id: "profile.name", label: "方案名称", row: 8 },
  ],
  firstParamRow: 9,
  profiles: [...BUILTIN_PROFILES.map((p) => ({ id: p.id, label: p.name })), { id: CUSTOM_PROFILE_ID, label: CUSTOM_PROFILE_LABEL }],
} as const;

const RULES: SheetSpec = {
  key: "rules",
  name: "评分规则",
  title: "评分规则",
  columns: [28, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18],
  landscape: true,
  printTitleRows: "6:6",
  protection: PROTECT_DEFAULT,
  cells: [
    text("A3", "当前评分规则"),
    { at: "B3", field: "rule.profile" },
    text(
      "A4",
      "从下拉列表选择评分规则，所有得分自动重算。灰色为内置规则（只读）；选择“自定义”后，在“自定义”列（黄色）修改参数。“当前使用值”列（绿色）是公式。",
      "note",
    ),
    text("A6", "参数", "header"),
    text("B6", "当前使用值", "header"),
  ],
  merges: ["A1:G1", "B3:D3", "A4:G4"],
  rowHeights: { 4: 28, 6: 45 },
};

// ---- output sheets (reserved) ------------------------------------------------------------------------

/**
 * 自评表: the standard summary form, all live formulas (correct without the add-in). The fixed part is
 * here; the indicator rows, one per row of the 绩效指标 table, are laid out by outputs.ts
 * (SELF_TABLE_LAYOUT) because their number follows the table.
 */
/**
 * The 自评表's header line: each field's label cell and live value cell. The Word appendix prints
 * the fields marked `word` as its header line, in this order, so a header field is added here once.
 */
export const SELF_TABLE_HEADER = [
  { field: "unit.supervisor", label: "G2", value: "H2", word: true },
  { field: "unit.name", label: "A2", value: "B2", word: true },
  { field: "unit.year", label: "E2", value: "F2", word: false },
] as const satisfies ReadonlyArray<{ field: FieldId; label: string; value: string; word: boolean }>;

const SELF_TABLE: SheetSpec = {
  key: "selfTable",
  name: "自评表",
  title: "部门整体支出绩效自评表",
  columns: [16, 14, 22, 16, 16, 9, 9, 40],
  landscape: true,
  printTitleRows: "15:15",
  // Protected without a password so a supervisor cannot break a formula by accident; the add-in
  // unprotects around its own writes.
  protection: PROTECT_DEFAULT,
  cells: [
    ...SELF_TABLE_HEADER.flatMap((h): CellSpec[] => [
      { at: h.label, labelOf: h.field, style: "label" },
      { at: h.value, link: h.field },
    ]),
    text("A3", "自评得分"),
    { at: "B3", link: "total" },
    text("E3", "评价等级"),
    { at: "F3", link: "grade" },
    text("A4", "金额单位：万元。本表全部为公式，随“预算执行”“绩效指标”等工作表自动更新。", "note"),
    ...headerRow(5, "ABCDEFG", ["项目", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]),
    ...grid(6, "ABCDEFG", [
      [
        "财政拨款合计",
        { link: "budget.fiscal.initial" },
        { link: "budget.fiscal.adjusted" },
        { link: "budget.fiscal.actual" },
        { link: "rule.weight.execution" },
        { link: "rate.execution" },
        { link: "execution.score" },
      ],
      ["基本支出", { link: "budget.basic.initial" }, { link: "budget.basic.adjusted" }, { link: "budget.basic.actual" }, null, { link: "rate.basicCompletion" }, null],
      ["项目支出", { link: "budget.project.initial" }, { link: "budget.project.adjusted" }, { link: "budget.project.actual" }, null, { link: "rate.projectCompletion" }, null],
      [
        "政府性基金预算支出",
        { link: "budget.govFund.initial" },
        { link: "budget.govFund.adjusted" },
        { link: "budget.govFund.actual" },
        null,
        { link: "rate.govFundCompletion" },
        null,
      ],
      [
        "国有资本经营预算支出",
        { link: "budget.stateCapital.initial" },
        { link: "budget.stateCapital.adjusted" },
        { link: "budget.stateCapital.actual" },
        null,
        { link: "rate.stateCapitalCompletion" },
        null,
      ],
    ]),
    ...headerRow(12, "ABE", ["年度总体目标", "预期目标", "实际完成情况"]),
    text("A13", "年度总体目标"),
    { at: "B13", link: "goals.expected" },
    { at: "E13", link: "goals.achieved" },
    ...headerRow(15, "ABCDEFGH", ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]),
  ],
  merges: ["A1:H1", "B2:D2", "B3:D3", "A4:H4", "B12:D12", "E12:H12", "B13:D13", "E13:H13"],
  rowHeights: { 13: 60 },
  output: true,
};

/** Where outputs.ts lays out the indicator rows of 自评表 (under the header row 15). */
export const SELF_TABLE_LAYOUT = {
  firstRow: 16,
  columns: { level1: "A", level2: "B", name: "C", target: "D", actual: "E", weight: "F", score: "G", reason: "H" },
} as const;

/** Where outputs.ts writes the paragraphs of 自评报告, the stored checksum and the freshness verdict. */
export const SELF_REPORT_LAYOUT = {
  verdictCell: "C2",
  storedChecksumCell: "F2",
  firstRow: 4,
  columns: { index: "A", level: "B", text: "C", status: "D", sources: "E", key: "F", generated: "G" },
  /** The print area is this column over the paragraph rows: the status, keys and checksum stay off paper. */
  printColumn: "C",
} as const;

/**
 * 自评报告: one paragraph per row from row 4, written by the add-in (outputs.ts, SELF_REPORT_LAYOUT).
 * The user may rewrite a paragraph in column C; the add-in keeps it and marks it. Row 2 tells a reader
 * without the add-in whether the figures changed after the text was generated.
 */
const SELF_REPORT: SheetSpec = {
  key: "selfReport",
  name: "自评报告",
  title: "部门整体支出绩效自评报告",
  columns: [6, 10, 80, 22, 34, 14, 40],
  // Printed: only the paragraphs (column C, SELF_REPORT_LAYOUT.printColumn), portrait like the Word report.
  landscape: false,
  protection: PROTECT_DEFAULT,
  cells: [
    text("A2", "状态"),
    text("E2", "生成时数据校验值（勿改）"),
    ...headerRow(3, "ABCDEFG", ["序号", "级别", "段落（可直接修改，加载项会保留修改）", "状态", "数字来源单元格", "段落键", "生成时的文字"]),
  ],
  merges: ["A1:G1"],
  output: true,
};

/** The sheets a workbook of project tables only keeps: the guide (dropdown sources) and the rules. */
export const DEPARTMENTLESS_SHEETS: ReadonlySet<SheetKey> = new Set(["guide", "rules"]);

/** The sheets, in tab order. */
export const SHEETS: readonly SheetSpec[] = [GUIDE, BASIC, BUDGET, INDICATORS, ISSUES, RULES, SELF_TABLE, SELF_REPORT];

// ---- defined names ----------------------------------------------------------------------------------

/**
 * The defined name of every named cell, by field id. Names are a public contract (the add-in, the report
 * and reviewers' own formulas use them): never rename one without a template version bump.
 */
export const FIELD_NAMES: Readonly<Record<FieldId, string>> = {
  // template
  "template.version": VERSION_NAME,
  "rule.profile": "Rule_Profile",
  "profile.id": "Rule_Profile_Id",
  "profile.name": "Rule_Profile_Name",
  // 基本情况
  "unit.name": "Unit_Name",
  "unit.supervisor": "Unit_Supervisor",
  "unit.shortName": "Unit_ShortName",
  "unit.year": "Unit_Year",
  "unit.internalOrgs": "Unit_InternalOrgs",
  "unit.subordinateUnits": "Unit_SubordinateUnits",
  "unit.budgetUnits": "Unit_BudgetUnits",
  "unit.staff.actual": "Staff_Actual",
  "unit.staff.authorized": "Staff_Authorized",
  "unit.staff.retired": "Staff_Retired",
  "unit.overview": "Unit_Overview",
  "goals.expected": "Goals_Expected",
  "goals.achieved": "Goals_Achieved",
  // 预算执行: inputs
  "budget.basic.initial": "Budget_Basic_Initial",
  "budget.basic.adjusted": "Budget_Basic_Adjusted",
  "budget.basic.actual": "Budget_Basic_Actual",
  "budget.personnel": "Budget_Personnel",
  "budget.publicExpense": "Budget_PublicExpense",
  "budget.project.initial": "Budget_Project_Initial",
  "budget.project.adjusted": "Budget_Project_Adjusted",
  "budget.project.actual": "Budget_Project_Actual",
  "budget.projectDescription": "Budget_ProjectDescription",
  "budget.govFund.initial": "Budget_GovFund_Initial",
  "budget.govFund.adjusted": "Budget_GovFund_Adjusted",
  "budget.govFund.actual": "Budget_GovFund_Actual",
  "budget.stateCapital.initial": "Budget_StateCapital_Initial",
  "budget.stateCapital.adjusted": "Budget_StateCapital_Adjusted",
  "budget.stateCapital.actual": "Budget_StateCapital_Actual",
  "budget.fiscal.initial": "Budget_Fiscal_Initial",
  "budget.fiscal.adjusted": "Budget_Fiscal_Adjusted",
  "budget.fiscal.actual": "Budget_Fiscal_Actual",
  "budget.publicControl.budget": "PublicControl_Budget",
  "budget.publicControl.actual": "PublicControl_Actual",
  "budget.threePublic.budget": "ThreePublic_Budget",
  "budget.threePublic.actual": "ThreePublic_Actual",
  "budget.carryover": "Budget_Carryover",
  "budget.procurement.planned": "Procurement_Planned",
  "budget.procurement.actual": "Procurement_Actual",
  "budget.adjustmentReason": "Budget_AdjustmentReason",
  "budget.lowExecutionReason": "Budget_LowExecutionReason",
  "execution.override.score": "Execution_Override_Score",
  "execution.override.reason": "Execution_Override_Reason",
  "execution.override.replaced": "Execution_Override_Replaced",
  "budget.priorYear.fiscalActual": "Prior_Fiscal_Actual",
  "budget.priorYear.threePublic": "Prior_ThreePublic",
  "execution.typedRate": "Execution_TypedRate",
  "execution.typedScore": "Execution_TypedScore",
  "rate.threePublicChange": "Rate_ThreePublicChange",
  "rate.fiscalChange": "Rate_FiscalChange",
  // 预算执行: computed
  "rate.basicCompletion": "Rate_BasicCompletion",
  "rate.projectCompletion": "Rate_ProjectCompletion",
  "rate.govFundCompletion": "Rate_GovFundCompletion",
  "rate.stateCapitalCompletion": "Rate_StateCapitalCompletion",
  "rate.fiscalCompletion": "Rate_FiscalCompletion",
  "rate.execution": "Rate_Execution",
  "rate.personnelShare": "Rate_PersonnelShare",
  "rate.publicShare": "Rate_PublicShare",
  "rate.publicControl": "Rate_PublicControl",
  "rate.adjustment": "Rate_Adjustment",
  "rate.staffControl": "Rate_StaffControl",
  "rate.threePublicControl": "Rate_ThreePublicControl",
  "rate.carryover": "Rate_Carryover",
  "rate.procurement": "Rate_Procurement",
  "execution.computedScore": "Execution_ComputedScore",
  "execution.score": "Execution_Score",
  // 绩效指标: computed summary
  "level.output.score": "Level_Output_Score",
  "level.output.weight": "Level_Output_Weight",
  "level.output.applicableWeight": "Level_Output_ApplicableWeight",
  "level.effect.score": "Level_Effect_Score",
  "level.effect.weight": "Level_Effect_Weight",
  "level.effect.applicableWeight": "Level_Effect_ApplicableWeight",
  "level.satisfaction.score": "Level_Satisfaction_Score",
  "level.satisfaction.weight": "Level_Satisfaction_Weight",
  "level.satisfaction.applicableWeight": "Level_Satisfaction_ApplicableWeight",
  "total.raw": "Total_Raw",
  "total.fullWeight": "Total_FullWeight",
  "total.applicableWeight": "Total_ApplicableWeight",
  total: "TotalScore",
  grade: "Grade",
  // 评分规则: the active parameter cells
  "rule.weight.execution": "Rule_Weight_Execution",
  "rule.weight.output": "Rule_Weight_Output",
  "rule.weight.effect": "Rule_Weight_Effect",
  "rule.weight.satisfaction": "Rule_Weight_Satisfaction",
  "rule.exec.denominator": "Rule_Exec_Denominator",
  "rule.exec.mode": "Rule_Exec_Mode",
  "rule.exec.band1.min": "Rule_Exec_Band1_Min",
  "rule.exec.band1.share": "Rule_Exec_Band1_Share",
  "rule.exec.band2.min": "Rule_Exec_Band2_Min",
  "rule.exec.band2.share": "Rule_Exec_Band2_Share",
  "rule.exec.band3.min": "Rule_Exec_Band3_Min",
  "rule.exec.band3.share": "Rule_Exec_Band3_Share",
  "rule.exec.band4.min": "Rule_Exec_Band4_Min",
  "rule.exec.band4.share": "Rule_Exec_Band4_Share",
  "rule.exec.lowThreshold": "Rule_Exec_LowThreshold",
  "rule.reverse.mode": "Rule_Reverse_Mode",
  "rule.tier1.label": "Rule_Tier1_Label",
  "rule.tier1.min": "Rule_Tier1_Min",
  "rule.tier1.max": "Rule_Tier1_Max",
  "rule.tier1.suggest": "Rule_Tier1_Suggest",
  "rule.tier2.label": "Rule_Tier2_Label",
  "rule.tier2.min": "Rule_Tier2_Min",
  "rule.tier2.max": "Rule_Tier2_Max",
  "rule.tier2.suggest": "Rule_Tier2_Suggest",
  "rule.tier3.label": "Rule_Tier3_Label",
  "rule.tier3.min": "Rule_Tier3_Min",
  "rule.tier3.max": "Rule_Tier3_Max",
  "rule.tier3.suggest": "Rule_Tier3_Suggest",
  "rule.grade1.label": "Rule_Grade1_Label",
  "rule.grade1.min": "Rule_Grade1_Min",
  "rule.grade2.label": "Rule_Grade2_Label",
  "rule.grade2.min": "Rule_Grade2_Min",
  "rule.grade3.label": "Rule_Grade3_Label",
  "rule.grade3.min": "Rule_Grade3_Min",
  "rule.grade4.label": "Rule_Grade4_Label",
  "rule.grade4.min": "Rule_Grade4_Min",
  "rule.na.rescale": "Rule_NA_Rescale",
  "rule.overshoot": "Rule_Overshoot",
  // issue 12: rule primitives, the 成本 level and the 执行率 cap of the total
  "rule.weight.cost": "Rule_Weight_Cost",
  "rule.cost.first": "Rule_Cost_First",
  "rule.weight.output.noCost": "Rule_Weight_Output_NoCost",
  "rule.weight.effect.noCost": "Rule_Weight_Effect_NoCost",
  "rule.satisfaction.toEffect": "Rule_Satisfaction_ToEffect",
  "rule.exec.step.size": "Rule_Exec_Step_Size",
  "rule.exec.step.points": "Rule_Exec_Step_Points",
  "rule.quant.mode": "Rule_Quant_Mode",
  "rule.quant.threshold": "Rule_Quant_Threshold",
  "rule.sat.mode": "Rule_Sat_Mode",
  "rule.sat.band1.min": "Rule_Sat_Band1_Min",
  "rule.sat.band1.share": "Rule_Sat_Band1_Share",
  "rule.sat.band2.min": "Rule_Sat_Band2_Min",
  "rule.sat.band2.share": "Rule_Sat_Band2_Share",
  "rule.sat.band3.min": "Rule_Sat_Band3_Min",
  "rule.sat.band3.share": "Rule_Sat_Band3_Share",
  "rule.sat.band4.min": "Rule_Sat_Band4_Min",
  "rule.sat.band4.share": "Rule_Sat_Band4_Share",
  "rule.overshoot.penaltyFactor": "Rule_Overshoot_PenaltyFactor",
  "rule.overshoot.penaltyPoints": "Rule_Overshoot_PenaltyPoints",
  "rule.cap1.below": "Rule_Cap1_Below",
  "rule.cap1.max": "Rule_Cap1_Max",
  "rule.cap2.below": "Rule_Cap2_Below",
  "rule.cap2.max": "Rule_Cap2_Max",
  "rule.cap3.below": "Rule_Cap3_Below",
  "rule.cap3.max": "Rule_Cap3_Max",
  "rule.cap4.below": "Rule_Cap4_Below",
  "rule.cap4.max": "Rule_Cap4_Max",
  "level.cost.score": "Level_Cost_Score",
  "level.cost.weight": "Level_Cost_Weight",
  "level.cost.applicableWeight": "Level_Cost_ApplicableWeight",
  "total.cap": "Total_Cap",
};

/** Range names that are not a single field: dropdown sources. */
export const RANGE_NAMES = {
  profiles: "Rule_ProfileNames",
  tiers: "List_Tiers",
} as const;

/** Template-level fields (not in the domain registries): label, kind, role. */
export const TEMPLATE_FIELDS = {
  "template.version": { label: "模板版本", kind: "text", role: "marker" },
  "rule.profile": { label: "当前评分规则", kind: "choice", role: "input" },
  "profile.id": { label: "方案编号", kind: "text", role: "computed" },
  "profile.name": { label: "方案名称", kind: "text", role: "computed" },
} as const satisfies Readonly<Record<string, { label: string; kind: ValueKind; role: "input" | "computed" | "marker" }>>;
export type TemplateFieldId = keyof typeof TEMPLATE_FIELDS;

/** Names the reader requires to call a workbook "ours" when the version marker is gone. */
export const KEY_NAMES = ["TotalScore", "Grade", "Budget_Basic_Actual", "Rule_Profile"] as const;

// ---- data validations -----------------------------------------------------------------------------------

export interface ValidationRule<R = ValidationSpec> {
  rule: R;
  /** Input message shown when the cell is selected. */
  prompt: string;
  /** Error message when the entry is rejected. */
  error: string;
}

/** Validation of a named input cell, by its kind (amounts, counts, years). */
export const KIND_VALIDATIONS: Partial<Record<ValueKind, ValidationRule>> = {
  amount: {
    rule: { type: "decimal", operator: "greaterThanOrEqual", formula1: "0" },
    prompt: "单位万元，只填数字，保留两位小数。",
    error: "请填写不小于0的数字（单位万元，不要带“万元”等文字）。",
  },
  count: {
    rule: { type: "whole", operator: "greaterThanOrEqual", formula1: "0" },
    prompt: "只填整数。",
    error: "请填写不小于0的整数。",
  },
  year: {
    rule: { type: "whole", operator: "between", formula1: "2000", formula2: "2100" },
    prompt: "四位年份，如 2023。",
    error: "请填写四位年份（2000–2100）。",
  },
};

/** Validations of particular named cells (they win over KIND_VALIDATIONS). */
export const FIELD_VALIDATIONS: Readonly<Record<string, ValidationRule>> = {
  "execution.override.score": {
    rule: { type: "decimal", operator: "between", formula1: "0", formula2: "Rule_Weight_Execution" },
    prompt: "不调整请留空。调整后须在下方填写调整理由。",
    error: "调整得分应在0至预算执行率分值之间。",
  },
  "rule.profile": {
    rule: { type: "list", source: RANGE_NAMES.profiles },
    prompt: "选择评分规则，全部得分自动重算。",
    error: "请从下拉列表中选择评分规则。",
  },
};

/** A bound that is the same row's cell of another column (the row's 分值). */
export interface RowBound {
  type: "decimal";
  operator: "between";
  formula1: string;
  /** Column id whose same-row cell is the upper bound. */
  formula2Column: string;
}

/** Validations of the indicator table's input columns, applied to every data row. */
export const COLUMN_VALIDATIONS: Readonly<Record<string, ValidationRule<ValidationSpec | RowBound>>> = {
  level1: { rule: { type: "list", source: "List_Level1" }, prompt: "从列表选择一级指标。", error: "请从下拉列表中选择一级指标。" },
  level2: {
    rule: { type: "list", source: "List_Level2" },
    prompt: "从列表选择二级指标（须属于本行的一级指标，见“填表说明”）。",
    error: "请从下拉列表中选择二级指标。",
  },
  kind: {
    rule: { type: "list", source: "List_Kinds" },
    prompt: "正向：实际≥目标为达成；反向：实际≤目标为达成；等于；定性。",
    error: "请从下拉列表中选择指标性质。",
  },
  weight: {
    rule: { type: "decimal", operator: "greaterThan", formula1: "0" },
    prompt: "本指标的分值。",
    error: "分值应为正数。",
  },
  tier: {
    rule: { type: "list", source: RANGE_NAMES.tiers },
    prompt: "定性指标选择档次（档次名称来自“评分规则”）。",
    error: "请从下拉列表中选择定性档次。",
  },
  qualitativeScore: {
    rule: { type: "decimal", operator: "between", formula1: "0", formula2Column: "weight" },
    prompt: "在所选档次的得分范围内填写；不填时按档次建议比例计分。",
    error: "定性得分应在0至本行分值之间。",
  },
  "override.score": {
    rule: { type: "decimal", operator: "between", formula1: "0", formula2Column: "weight" },
    prompt: "不调整请留空。调整后须填写调整理由。",
    error: "调整得分应在0至本行分值之间。",
  },
  notApplicable: { rule: { type: "list", source: "List_YesNo" }, prompt: "本年度不适用的指标选“是”。", error: "请选择“是”或“否”。" },
};

/** Validations of the 自定义 column of the rule sheet, by parameter type. */
export const RULE_VALIDATIONS: Readonly<Record<"number" | "percent", ValidationRule>> = {
  number: {
    rule: { type: "decimal", operator: "between", formula1: "0", formula2: "100" },
    prompt: "填写0至100之间的数字。",
    error: "请填写0至100之间的数字。",
  },
  percent: {
    rule: { type: "decimal", operator: "between", formula1: "0", formula2: "1" },
    prompt: "比例，填写如 80% 或 0.8。",
    error: "请填写0%至100%之间的比例。",
  },
};

// ---- 项目支出绩效自评表 (one sheet per project) ----------------------------------------------------------

/**
 * The project form (财预〔2020〕10号 附1), one sheet per project. Its cells name project-local field ids
 * (domain/project.ts); each project's defined names are `Proj<n>_<suffix>` and its indicator table
 * `Proj<n>_Indicators`, so every project is computed by its own native formulas and found by name.
 * Workbook-level names with a per-project prefix rather than sheet-scoped names: the hosts' snapshot
 * (and ExcelJS) key names by name alone, and a prefix keeps `Proj3_TotalScore` readable in reviewers'
 * own formulas and in the 项目自评汇总 sheet. Columns A–H are the printed form; the columns to the right
 * hold the scoring helpers (指标性质, 定性档次 …) and the level summary, outside the print area.
 * Version 1.1 added the 执行率 override's replaced score (Proj<n>_Execution_Override_Replaced, J10);
 * 修复模板 adds it to 1.0 sheets.
 */
export const PROJECT_TEMPLATE_VERSION = "1.1";

export const PROJECT_SHEET = {
  title: "项目支出绩效自评表",
  /** Defined-name prefix; a project's number follows, then "_" and the field's suffix. */
  namePrefix: "Proj",
  /** Sheet name of a project without a name yet: 项目1, 项目2 … */
  defaultSheetName: "项目",
  /** Widths of A–H (the printed form); the helper columns take INDICATOR_TABLE's widths. */
  formWidths: [10, 12, 20, 12, 12, 7, 8, 30],
  /** Printed columns (the form) and orientation: one A4 page per project where the indicators fit. */
  printColumns: "A:H",
  landscape: false,
  cells: [
    text("A2", "项目名称"),
    { at: "B2", field: "name" },
    text("E2", "评价年度"),
    { at: "F2", field: "year" },
    text("A3", "主管部门"),
    { at: "B3", field: "supervisor" },
    text("E3", "实施单位"),
    { at: "F3", field: "implementer" },
    text("A4", "项目资金（万元）", "header"),
    ...headerRow(4, "CDEFGH", ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]),
    ...grid<string>(5, "ACDEFGH", [
      ["年度资金总额", "funds.total.initial", "funds.total.adjusted", "funds.total.actual", { link: "rule.weight.execution" }, "rate.execution", "execution.score"],
      ["其中：当年财政拨款", "funds.fiscal.initial", "funds.fiscal.adjusted", "funds.fiscal.actual", null, "rate.fiscal", null],
      ["上年结转资金", "funds.carryover.initial", "funds.carryover.adjusted", "funds.carryover.actual", null, "rate.carryover", null],
      ["其他资金", "funds.other.initial", "funds.other.adjusted", "funds.other.actual", null, "rate.other", null],
    ]),
    { at: "A9", labelOf: "lowExecutionReason" },
    { at: "C9", field: "lowExecutionReason" },
    { at: "A10", labelOf: "execution.override.score" },
    { at: "C10", field: "execution.override.score" },
    { at: "D10", labelOf: "execution.override.reason" },
    { at: "E10", field: "execution.override.reason" },
    // Bookkeeping beside the override, right of the print area (1.1): the computed score it replaced.
    text("I10", "调整时的规则得分"),
    { at: "J10", field: "execution.override.replaced" },
    text("A11", "年度总体目标", "header"),
    text("C11", "预期目标", "header"),
    text("F11", "实际完成情况", "header"),
    text("A12", "目标及完成情况"),
    { at: "C12", field: "goals.expected" },
    { at: "F12", field: "goals.achieved" },
    // Helpers outside the print area: the version marker and the level summary the total comes from.
    text("K2", "项目表版本"),
    { at: "L2", field: "template.version" },
  ] as CellSpec<string>[],
  merges: ["A1:H1", "B2:D2", "B3:D3", "F3:H3", "A4:B4", "A5:B5", "A6:B6", "A7:B7", "A8:B8", "A9:B9", "C9:H9", "A10:B10", "E10:H10", "A11:B11", "C11:E11", "F11:H11", "A12:B12", "C12:E12", "F12:H12"],
  rowHeights: { 9: 30, 10: 30, 12: 60 } as Record<number, number>,
  /** The level summary (一级指标 | 分值 | 适用分值 | 得分), one row per level of the rules, then 合计. */
  summary: { header: "K3", labels: ["一级指标", "分值", "适用分值", "得分"] },
  /** The indicator table: the form's columns first (A–H), then the scoring helpers. */
  table: {
    header: "A13",
    columns: [
      "level1", "level2", "name", "target", "actual", "weight", "score", "deviationReason",
      "kind", "unit", "tier", "qualitativeScore", "override.score", "override.reason", "explanation", "notApplicable",
      "computedScore", "applicableWeight", "override.replaced",
    ],
    emptyRows: 12,
  },
  /** Below the table's last row (offset 1): 总分 | 分值合计 | 总分 | 等级. */
  footer: { label: "总分", labelMerge: "A:E", cols: { "total.fullWeight": "F", total: "G", grade: "H" } },
} as const;

/** Defined-name suffixes of project-only fields; the scoring figures reuse FIELD_NAMES (Execution_Score, TotalScore …). */
export const PROJECT_FIELD_NAMES: Readonly<Record<string, string>> = {
  "template.version": "Version",
  name: "Name",
  supervisor: "Supervisor",
  implementer: "Implementer",
  year: "Year",
  "funds.total.initial": "Fund_Total_Initial",
  "funds.total.adjusted": "Fund_Total_Adjusted",
  "funds.total.actual": "Fund_Total_Actual",
  "funds.fiscal.initial": "Fund_Fiscal_Initial",
  "funds.fiscal.adjusted": "Fund_Fiscal_Adjusted",
  "funds.fiscal.actual": "Fund_Fiscal_Actual",
  "funds.carryover.initial": "Fund_Carryover_Initial",
  "funds.carryover.adjusted": "Fund_Carryover_Adjusted",
  "funds.carryover.actual": "Fund_Carryover_Actual",
  "funds.other.initial": "Fund_Other_Initial",
  "funds.other.adjusted": "Fund_Other_Adjusted",
  "funds.other.actual": "Fund_Other_Actual",
  "goals.expected": "Goals_Expected",
  "goals.achieved": "Goals_Achieved",
  lowExecutionReason: "LowExecutionReason",
  "rate.fiscal": "Rate_Fiscal",
  "rate.carryover": "Rate_Carryover",
  "rate.other": "Rate_Other",
  "deductions.count": "Deductions_Count",
  "deductions.unexplained": "Deductions_Unexplained",
};

/**
 * 项目自评汇总: one row per project, every figure a live link to the project sheet's named cell, and a
 * totals row whose formulas add the projects' names (no addresses: it stays right when rows move).
 * Rebuilt whenever a project is added or removed.
 */
export const PROJECT_SUMMARY_SHEET = {
  name: "项目自评汇总",
  title: "项目支出绩效自评汇总",
  note: "本表全部为公式，随各项目表自动更新。金额单位：万元。",
  headerRow: 3,
  columns: [
    { header: "序号", width: 6, field: null },
    { header: "项目名称", width: 28, field: "name" },
    { header: "全年预算数", width: 13, field: "funds.total.adjusted" },
    { header: "全年执行数", width: 13, field: "funds.total.actual" },
    { header: "执行率", width: 10, field: "rate.execution" },
    { header: "得分", width: 9, field: "total" },
    { header: "评价等级", width: 9, field: "grade" },
    { header: "扣分指标数", width: 10, field: "deductions.count" },
    { header: "其中未说明原因", width: 12, field: "deductions.unexplained" },
  ],
  /** Named totals (summary.*), in the totals row under the column of the same field. */
  totals: {
    "summary.count": { column: "name", label: "项目个数" },
    "summary.budget": { column: "funds.total.adjusted", label: "项目全年预算数合计" },
    "summary.actual": { column: "funds.total.actual", label: "项目全年执行数合计" },
    "summary.rate": { column: "rate.execution", label: "项目总体执行率" },
    "summary.average": { column: "total", label: "项目平均得分" },
    "summary.deductions": { column: "deductions.count", label: "扣分指标数合计" },
    "summary.unexplained": { column: "deductions.unexplained", label: "未说明原因的扣分指标数合计" },
  },
  names: {
    "summary.count": "Projects_Count",
    "summary.budget": "Projects_Budget",
    "summary.actual": "Projects_Actual",
    "summary.rate": "Projects_Rate",
    "summary.average": "Projects_AverageScore",
    "summary.deductions": "Projects_Deductions",
    "summary.unexplained": "Projects_Unexplained",
  },
} as const;
