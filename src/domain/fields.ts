import type { EvaluationInput, Indicator } from "./model";

/**
 * The field registry: every input and computed figure has one id, which is also its JSON path in
 * the input model ("budget.basic.actual", "indicators[3].weight"). The workbook spec gives each id a
 * defined name and a cell; findings point at ids; the narrative traces its numbers to ids.
 */

export type FieldType = "amount" | "count" | "year" | "score" | "text" | "longText" | "textList";

export interface ScalarFieldSpec {
  id: string;
  label: string;
  type: FieldType;
  required?: boolean;
  /** Reads the raw (as typed) value from the input model. */
  get(input: EvaluationInput): unknown;
}

const line = (key: "basic" | "project" | "govFund" | "stateCapital" | "fiscal", title: string, required: boolean): ScalarFieldSpec[] => [
  { id: `budget.${key}.initial`, label: `${title}年初预算数`, type: "amount", required, get: (i) => i.budget[key]?.initial },
  { id: `budget.${key}.adjusted`, label: `${title}全年预算数`, type: "amount", required, get: (i) => i.budget[key]?.adjusted },
  { id: `budget.${key}.actual`, label: `${title}实际支出`, type: "amount", required, get: (i) => i.budget[key]?.actual },
];

export const SCALAR_INPUTS: readonly ScalarFieldSpec[] = [
  { id: "unit.name", label: "单位名称", type: "text", required: true, get: (i) => i.unit.name },
  { id: "unit.supervisor", label: "主管部门", type: "text", get: (i) => i.unit.supervisor },
  { id: "unit.shortName", label: "单位自称（如“我办”）", type: "text", get: (i) => i.unit.shortName },
  { id: "unit.year", label: "评价年度", type: "year", required: true, get: (i) => i.unit.year },
  { id: "unit.internalOrgs", label: "内设机构设置", type: "longText", get: (i) => i.unit.internalOrgs },
  { id: "unit.subordinateUnits", label: "下属单位", type: "longText", get: (i) => i.unit.subordinateUnits },
  { id: "unit.budgetUnits", label: "决算单位构成", type: "longText", get: (i) => i.unit.budgetUnits },
  { id: "unit.staff.actual", label: "在职人数（12月31日）", type: "count", required: true, get: (i) => i.unit.staff?.actual },
  { id: "unit.staff.authorized", label: "编制数", type: "count", get: (i) => i.unit.staff?.authorized },
  { id: "unit.staff.retired", label: "退休人数", type: "count", get: (i) => i.unit.staff?.retired },
  { id: "unit.overview", label: "部门整体支出绩效综述", type: "longText", get: (i) => i.unit.overview },
  { id: "goals.expected", label: "年度总体目标（预期目标）", type: "longText", get: (i) => i.goals?.expected },
  { id: "goals.achieved", label: "年度总体目标（实际完成情况）", type: "longText", get: (i) => i.goals?.achieved },
  ...line("basic", "基本支出", true),
  { id: "budget.personnel", label: "人员经费支出", type: "amount", required: true, get: (i) => i.budget.personnel },
  { id: "budget.publicExpense", label: "日常公用经费支出", type: "amount", required: true, get: (i) => i.budget.publicExpense },
  ...line("project", "项目支出", true),
  { id: "budget.projectDescription", label: "项目支出说明", type: "longText", get: (i) => i.budget.projectDescription },
  ...line("govFund", "政府性基金预算支出", false),
  ...line("stateCapital", "国有资本经营预算支出", false),
  ...line("fiscal", "财政拨款合计", true),
  { id: "budget.publicControl.budget", label: "预算安排公用经费", type: "amount", get: (i) => i.budget.publicControl?.budget },
  { id: "budget.publicControl.actual", label: "实际公用经费（控制率口径）", type: "amount", get: (i) => i.budget.publicControl?.actual },
  { id: "budget.threePublic.budget", label: "“三公”经费预算数", type: "amount", get: (i) => i.budget.threePublic?.budget },
  { id: "budget.threePublic.actual", label: "“三公”经费实际支出", type: "amount", get: (i) => i.budget.threePublic?.actual },
  { id: "budget.carryover", label: "年末结转结余", type: "amount", get: (i) => i.budget.carryover },
  { id: "budget.procurement.planned", label: "政府采购预算", type: "amount", get: (i) => i.budget.procurement?.planned },
  { id: "budget.procurement.actual", label: "政府采购实际", type: "amount", get: (i) => i.budget.procurement?.actual },
  { id: "budget.adjustmentReason", label: "预算调整说明", type: "longText", get: (i) => i.budget.adjustmentReason },
  { id: "budget.lowExecutionReason", label: "预算执行率偏低说明", type: "longText", get: (i) => i.budget.lowExecutionReason },
  { id: "execution.override.score", label: "预算执行率调整得分", type: "score", get: (i) => i.execution?.override?.score },
  { id: "execution.override.reason", label: "预算执行率调整理由", type: "longText", get: (i) => i.execution?.override?.reason },
  { id: "execution.override.replaced", label: "预算执行率调整时的规则得分", type: "score", get: (i) => i.execution?.override?.replaced },
  { id: "budget.priorYear.fiscalActual", label: "上年财政拨款支出", type: "amount", get: (i) => i.budget.priorYear?.fiscalActual },
  { id: "budget.priorYear.threePublic", label: "上年“三公”经费支出", type: "amount", get: (i) => i.budget.priorYear?.threePublic },
  { id: "execution.typedRate", label: "报表填报的预算执行率", type: "text", get: (i) => i.execution?.typedRate },
  { id: "execution.typedScore", label: "报表填报的预算执行率得分", type: "score", get: (i) => i.execution?.typedScore },
];

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
