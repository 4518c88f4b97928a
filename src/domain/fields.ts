import type { ComputedFieldId } from "./formulas";
import type { EvaluationInput, Indicator } from "./model";
import type { RuleParamId } from "./profiles";

/**
 * The field registry: every input and computed figure has one id, which is also its JSON path in
 * the input model ("budget.basic.actual", "indicators[3].weight"). The workbook spec gives each id a
 * defined name and a cell; findings point at ids; the narrative traces its numbers to ids.
 */

export type FieldType = "amount" | "count" | "year" | "score" | "text" | "longText" | "textList";

/**
 * An input field: its id is its JSON path in the input model, so the value is read by that path
 * (no per-field getter that could point elsewhere).
 */
interface ScalarFieldDef<Id extends string = string> {
  id: Id;
  label: string;
  type: FieldType;
  required?: boolean;
  /**
   * Plain optional text of the unit (unit.<key>, no nesting): the JSON input schema takes such a field
   * from this catalogue (model.ts), so adding one is a catalogue entry, not a schema edit too.
   */
  unitText?: true;
  /** Written by the add-in for its own bookkeeping (the score an override replaced): no figure of the report. */
  bookkeeping?: true;
}

export interface ScalarFieldSpec<Id extends string = string> extends ScalarFieldDef<Id> {
  /** Reads the raw (as typed) value from the input model, by the id's path. */
  get(input: EvaluationInput): unknown;
}

type BudgetLineKey = "basic" | "project" | "govFund" | "stateCapital" | "fiscal";
const line = <K extends BudgetLineKey>(key: K, title: string, required: boolean) =>
  [
    { id: `budget.${key}.initial`, label: `${title}年初预算数`, type: "amount", required },
    { id: `budget.${key}.adjusted`, label: `${title}全年预算数`, type: "amount", required },
    { id: `budget.${key}.actual`, label: `${title}实际支出`, type: "amount", required },
  ] as const;

const SCALAR_INPUT_DEFS = [
  { id: "unit.name", label: "单位名称", type: "text", required: true },
  { id: "unit.supervisor", label: "主管部门", type: "text", unitText: true },
  { id: "unit.shortName", label: "单位自称（如“我办”）", type: "text", unitText: true },
  { id: "unit.year", label: "评价年度", type: "year", required: true },
  { id: "unit.internalOrgs", label: "内设机构设置", type: "longText", unitText: true },
  { id: "unit.subordinateUnits", label: "下属单位", type: "longText", unitText: true },
  { id: "unit.budgetUnits", label: "决算单位构成", type: "longText", unitText: true },
  { id: "unit.staff.actual", label: "在职人数（12月31日）", type: "count", required: true },
  { id: "unit.staff.authorized", label: "编制数", type: "count" },
  { id: "unit.staff.retired", label: "退休人数", type: "count" },
  { id: "unit.overview", label: "部门整体支出绩效综述", type: "longText", unitText: true },
  { id: "goals.expected", label: "年度总体目标（预期目标）", type: "longText" },
  { id: "goals.achieved", label: "年度总体目标（实际完成情况）", type: "longText" },
  ...line("basic", "基本支出", true),
  { id: "budget.personnel", label: "人员经费支出", type: "amount", required: true },
  { id: "budget.publicExpense", label: "日常公用经费支出", type: "amount", required: true },
  ...line("project", "项目支出", true),
  { id: "budget.projectDescription", label: "项目支出说明", type: "longText" },
  ...line("govFund", "政府性基金预算支出", false),
  ...line("stateCapital", "国有资本经营预算支出", false),
  ...line("fiscal", "财政拨款合计", true),
  { id: "budget.publicControl.budget", label: "预算安排公用经费", type: "amount" },
  { id: "budget.publicControl.actual", label: "实际公用经费（控制率口径）", type: "amount" },
  { id: "budget.threePublic.budget", label: "“三公”经费预算数", type: "amount" },
  { id: "budget.threePublic.actual", label: "“三公”经费实际支出", type: "amount" },
  { id: "budget.carryover", label: "年末结转结余", type: "amount" },
  { id: "budget.procurement.planned", label: "政府采购预算", type: "amount" },
  { id: "budget.procurement.actual", label: "政府采购实际", type: "amount" },
  { id: "budget.adjustmentReason", label: "预算调整说明", type: "longText" },
  { id: "budget.lowExecutionReason", label: "预算执行率偏低说明", type: "longText" },
  { id: "execution.override.score", label: "预算执行率调整得分", type: "score" },
  { id: "execution.override.reason", label: "预算执行率调整理由", type: "longText" },
  { id: "execution.override.replaced", label: "预算执行率调整时的规则得分", type: "score", bookkeeping: true },
  { id: "budget.priorYear.fiscalActual", label: "上年财政拨款支出", type: "amount" },
  { id: "budget.priorYear.threePublic", label: "上年“三公”经费支出", type: "amount" },
  { id: "execution.typedRate", label: "报表填报的预算执行率", type: "text" },
  { id: "execution.typedScore", label: "报表填报的预算执行率得分", type: "score", bookkeeping: true },
] as const satisfies readonly ScalarFieldDef[];

/** The id of an input field of the department form (its JSON path). */
export type InputFieldId = (typeof SCALAR_INPUT_DEFS)[number]["id"];

/** Every field id of the department form the domain knows: inputs, computed figures, rule parameters. */
export type DomainFieldId = InputFieldId | ComputedFieldId | RuleParamId;

/** The value at a dotted path ("budget.basic.actual") of a plain object, or undefined. */
export function valueAtPath(target: unknown, path: string): unknown {
  let at: unknown = target;
  for (const key of path.split(".")) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

export const SCALAR_INPUTS: readonly ScalarFieldSpec<InputFieldId>[] = SCALAR_INPUT_DEFS.map(
  (f): ScalarFieldSpec<InputFieldId> => ({ ...f, get: (input) => valueAtPath(input, f.id) }),
);

/** The keys of the unit's plain optional text fields (unit.<key>), for the JSON input schema. */
export const UNIT_TEXT_FIELDS = SCALAR_INPUT_DEFS.flatMap((f) =>
  "unitText" in f ? [{ key: f.id.slice("unit.".length) as UnitTextKey, label: f.label }] : [],
);
type AfterUnit<S> = S extends `unit.${infer K}` ? K : never;
export type UnitTextKey = AfterUnit<Extract<(typeof SCALAR_INPUT_DEFS)[number], { unitText: true }>["id"]>;

export const LIST_INPUTS = [
  { id: "unit.functions", label: "职能职责", get: (i: EvaluationInput) => i.unit.functions ?? [] },
  { id: "problems", label: "存在的问题及原因分析", get: (i: EvaluationInput) => i.problems ?? [] },
  { id: "measures", label: "下一步改进措施", get: (i: EvaluationInput) => i.measures ?? [] },
] as const;

export interface ColumnSpec {
  id: string;
  label: string;
  type: "text" | "choice" | "typed" | "number" | "score" | "longText" | "yesNo";
  input: boolean;
  get?: (ind: Indicator) => unknown;
}

/** The indicator table's columns, inputs first, in the order the workbook shows them. */
export const INDICATOR_COLUMNS: readonly ColumnSpec[] = [
  { id: "level1", label: "一级指标", type: "choice", input: true, get: (x) => x.level1 },
  { id: "level2", label: "二级指标", type: "choice", input: true, get: (x) => x.level2 },
  { id: "name", label: "三级指标", type: "text", input: true, get: (x) => x.name },
  { id: "kind", label: "指标性质", type: "choice", input: true, get: (x) => x.kind },
  { id: "target", label: "年度指标值", type: "typed", input: true, get: (x) => x.target },
  { id: "unit", label: "计量单位", type: "text", input: true, get: (x) => x.unit },
  { id: "actual", label: "实际完成值", type: "typed", input: true, get: (x) => x.actual },
  { id: "weight", label: "分值", type: "number", input: true, get: (x) => x.weight },
  { id: "tier", label: "定性档次", type: "choice", input: true, get: (x) => x.tier },
  { id: "qualitativeScore", label: "定性得分", type: "score", input: true, get: (x) => x.qualitativeScore },
  { id: "override.score", label: "调整得分", type: "score", input: true, get: (x) => x.override?.score },
  { id: "override.reason", label: "调整理由", type: "longText", input: true, get: (x) => x.override?.reason },
  { id: "deviationReason", label: "偏差原因分析及改进措施", type: "longText", input: true, get: (x) => x.deviationReason },
  { id: "explanation", label: "完成情况说明", type: "longText", input: true, get: (x) => x.explanation },
  { id: "notApplicable", label: "不适用", type: "yesNo", input: true, get: (x) => (x.notApplicable ? "是" : "") },
  { id: "computedScore", label: "计算得分", type: "score", input: false },
  { id: "score", label: "得分", type: "score", input: false },
  { id: "applicableWeight", label: "适用分值", type: "number", input: false },
  // Appended after the computed columns so that existing tables keep their columns; filled by the add-in.
  { id: "override.replaced", label: "调整时的规则得分", type: "score", input: true, get: (x) => x.override?.replaced },
];

export const indicatorFieldId = (index: number, column: string) => `indicators[${index}].${column}`;
