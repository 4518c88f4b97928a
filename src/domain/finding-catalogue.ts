/**
 * Every finding the product can raise, once: its severity, a short Chinese title, the one-line fix,
 * who can fix it (the data, or 修复模板), and which findings it follows from. A finding's own message
 * says what is wrong at its place; the catalogue says what kind of problem it is, so hosts group and
 * rank findings without reading messages, and a code can never be raised with two severities.
 *
 * `causedBy` names root causes: when one of them is present in the same scope, this finding is a
 * knock-on. A knock-on on the very field of its cause says nothing new and is dropped; elsewhere it is
 * kept and linked to the cause (see linkFindings).
 */

export type Severity = "error" | "warning" | "info";

/** What the finding is about: the inputs, the workbook's own machinery (formulas, names, sheets), or the report text. */
export type FindingCategory = "data" | "workbook" | "report";

/**
 * Where a root cause reaches: the same field, the same indicator row, the same 一级指标 (for weights),
 * or anywhere in the evaluation.
 */
export type CauseScope = "field" | "indicator" | "level" | "evaluation";

export interface CauseLink {
  /** A FindingCode (a string here only because the catalogue's own type is inferred from it; a test checks every one). */
  code: string;
  scope: CauseScope;
}

export interface FindingSpec {
  severity: Severity;
  category: FindingCategory;
  /** Short Chinese title: what kind of problem. */
  title: string;
  /** One line: what to do. */
  fix: string;
  /** 修复模板 fixes it without touching inputs. */
  repairable?: boolean;
  causedBy?: readonly CauseLink[];
}

const data = (severity: Severity, title: string, fix: string, causedBy?: readonly CauseLink[]): FindingSpec => ({
  severity,
  category: "data",
  title,
  fix,
  ...(causedBy ? { causedBy } : {}),
});
const workbook = (severity: Severity, title: string, fix: string, repairable = true): FindingSpec => ({
  severity,
  category: "workbook",
  title,
  fix,
  repairable,
});

const REPAIR = "运行“修复模板”恢复（已填写的内容不会改动）。";
/** An unreadable or unfilled input cell is the cause of whatever else is said about the same field. */
const UNREADABLE: readonly CauseLink[] = [
  { code: "TEXT_IN_NUMBER_CELL", scope: "field" },
  { code: "INPUT_UNREADABLE", scope: "field" },
  { code: "CELL_ERROR_VALUE", scope: "field" },
  { code: "JSON_TYPE_MISMATCH", scope: "field" },
];
/** Weights that do not add up make every score of that level look wrong. */
const WEIGHTS: readonly CauseLink[] = [
  { code: "WEIGHTS_LEVEL_MISMATCH", scope: "level" },
  { code: "WEIGHT_INVALID", scope: "indicator" },
];

/** A gap in the report whose input is already reported as missing says nothing new. */
const NARRATIVE_CAUSES: readonly CauseLink[] = [
  { code: "REQUIRED_MISSING", scope: "field" },
  { code: "EXECUTION_DEDUCTION_NO_REASON", scope: "field" },
  { code: "SCORE_BELOW_WEIGHT_NO_REASON", scope: "field" },
  { code: "OVERRIDE_BELOW_COMPUTED_NO_REASON", scope: "field" },
  { code: "LOW_EXECUTION_NO_REASON", scope: "field" },
  { code: "BUDGET_ADJUSTED_NO_REASON", scope: "field" },
  { code: "NA_NO_REASON", scope: "indicator" },
  ...UNREADABLE,
];

export const FINDING_CATALOGUE = {
  // ---- inputs: required and readable ----
  REQUIRED_MISSING: data("error", "必填项未填写", "按决算数据或实际完成情况填写该项。", UNREADABLE),
  TEXT_IN_NUMBER_CELL: data("error", "数字单元格中是文字", "只填数字，单位写在“计量单位”列或不写。"),
  INPUT_UNREADABLE: data("error", "无法识别的数值", "改为纯数字，如 561.09 或 90%。"),
  CELL_ERROR_VALUE: data("error", "单元格显示错误值", "检查该单元格的内容或公式。"),
  VALUE_APPROXIMATE: data("info", "约数按数字计", "如有准确数字，请改填准确数。"),
  INVALID_CHOICE: data("error", "不在下拉选项中", "从下拉列表中选择。"),
  JSON_TYPE_MISMATCH: data("error", "JSON 字段的类型不对", "按 jixiao schema 的格式填写：金额、分值、年度填数字，是否类填 true 或 false。"),
  NA_CHOICE_INVALID: data("warning", "“不适用”的值无效", "填“是”或“否”，留空即为“否”。"),
  AMOUNT_NEGATIVE: data("error", "金额为负数", "核对决算数据。"),
  NO_INDICATORS: data("error", "没有绩效指标", "在“绩效指标”表中填写产出、效益、满意度指标。"),
  PROBLEMS_MISSING: data("warning", "未填写存在的问题", "在“问题与措施”中至少写一条问题及原因。"),
  MEASURES_MISSING: data("warning", "未填写改进措施", "在“问题与措施”中至少写一条下一步措施。"),
  TEMPLATE_TEXT_LEFT: data("error", "留有模板提示文字", "把提示文字替换为实际内容。"),
  PERCENT_POINTS_READ: data("info", "数值与“%”分列，按百分数计", "如确为百分数无需处理；也可直接填写“100%”。"),
  UNIT_MALFORMED: data("warning", "计量单位写法不规范", "百分数写成“≥100%”，或数字与“%”分别填在年度指标值和计量单位两列。"),
  DATE_IN_AMOUNT: data("error", "数字单元格中是日期", "把日期改为应填的数字（金额以万元计）；单元格格式设为数值。"),
  // ---- money ----
  FISCAL_SUM_MISMATCH: data("error", "财政拨款合计不等于分项之和", "核对合计数或各分项数。"),
  BASIC_SPLIT_MISMATCH: data("error", "人员经费与公用经费之和不等于基本支出", "核对人员经费、日常公用经费和基本支出实际数。"),
  SHARES_NOT_100: data("warning", "人员经费与公用经费占比之和不是100%", "核对两项经费与基本支出。", [{ code: "BASIC_SPLIT_MISMATCH", scope: "evaluation" }]),
  PUBLIC_EXPENSE_MISMATCH: data("error", "两处日常公用经费不一致", "统一“日常公用经费支出”与控制率口径的实际公用经费，或说明口径差异。"),
  SHARE_OVER_100: data("error", "经费占比超过100%", "核对人员经费、日常公用经费和基本支出。", [{ code: "BASIC_SPLIT_MISMATCH", scope: "evaluation" }]),
  RATE_OVER_100: data("warning", "实际支出超过全年预算数", "核对实际支出和全年预算数（调整后预算）。"),
  PUBLIC_CONTROL_OVER_100: data("warning", "公用经费超支", "在报告中说明超支原因。"),
  STAFF_OVER_AUTHORIZED: data("warning", "在职人数超过编制数", "核对人数或在报告中说明。"),
  BUDGET_ADJUSTED_NO_REASON: data("warning", "预算调整未说明原因", "在“预算调整说明”中写明调整原因。"),
  LOW_EXECUTION_NO_REASON: data("error", "预算执行率偏低未说明原因", "在“预算执行率偏低说明”中写明原因。"),
  EXECUTION_RATE_NA: data("error", "无法计算预算执行率", "填写财政拨款合计的全年预算数。", [{ code: "REQUIRED_MISSING", scope: "field" }, ...UNREADABLE]),
  SPENT_WITHOUT_BUDGET: data("error", "全年预算数为0却有支出", "核对该行的全年预算数（调整后预算）与实际支出。"),
  TYPED_FIGURE_MISMATCH: data("error", "报表填报数与计算值不符", "改为按数据计算的数值，或核对金额。", UNREADABLE),
  // ---- scores ----
  SCORE_ABOVE_WEIGHT: data("error", "得分超过分值", "得分应在0至分值之间。", WEIGHTS),
  EXECUTION_DEDUCTION_NO_REASON: data("error", "预算执行率扣分无理由", "在“预算执行率调整理由”中写明扣分原因，或清空调整得分。"),
  OVERRIDE_ABOVE_COMPUTED: data("warning", "调整得分高于规则得分", "核对调整理由是否充分。", WEIGHTS),
  OVERRIDE_BELOW_COMPUTED_NO_REASON: data("error", "调低得分无理由", "填写“调整理由”。", WEIGHTS),
  OVERRIDE_STALE: data("warning", "调整得分已过时", "数据变了：按现在的规则得分重新确认调整得分及理由，或清空调整得分。"),
  FULL_MARKS_UNMET: data("error", "未完成指标却给满分", "改回规则得分，或说明满分理由。", WEIGHTS),
  SCORE_BELOW_WEIGHT_NO_REASON: data("error", "扣分无偏差原因", "填写“偏差原因分析及改进措施”。", WEIGHTS),
  SATISFACTION_NO_EVIDENCE: data("warning", "满意度100%未说明调查依据", "在“完成情况说明”中写明调查方式和样本（如问卷份数）。"),
  TARGET_ZERO_FULL_MARKS: data("warning", "正向指标目标值为0却得满分", "填写实际的年度指标值；目标为0的正向指标任何结果都得满分。", UNREADABLE),
  NA_KEEPS_SCORE: data("warning", "不适用指标仍填有得分", "清空该指标的定性得分或调整得分，或取消“不适用”。"),
  LEVEL2_UNKNOWN: data("warning", "二级指标不是标准名称", "从下拉列表选择本一级指标下的二级指标。"),
  DUPLICATE_INDICATOR: data("warning", "指标重复", "合并或改名。"),
  WEIGHT_INVALID: data("error", "分值无效", "分值应为正数。", UNREADABLE),
  NA_NO_REASON: data("warning", "不适用指标无理由", "在“偏差原因”或“完成情况说明”中写明不适用的理由。"),
  QUAL_TIER_MISSING: data("error", "定性指标未选档次", "在“定性档次”中选择档次。"),
  QUAL_TIER_UNKNOWN: data("error", "定性档次不在评分规则中", "从下拉列表选择档次。"),
  QUAL_SCORE_SUGGESTED: data("info", "定性得分按建议比例计", "如需，在档次范围内填写定性得分。"),
  QUAL_SCORE_OUT_OF_TIER: data("error", "定性得分不在档次范围内", "改为档次范围内的得分，或改选档次。", WEIGHTS),
  PERCENT_SCALE: data("warning", "百分数可能填错了倍数", "百分数填 90% 或 0.9。"),
  TARGET_OVERSHOOT: data("warning", "实际值远超目标", "核对目标值是否偏低，或说明超额原因。"),
  WEIGHTS_LEVEL_MISMATCH: data("error", "分值合计与一级指标权重不符", "调整各三级指标分值，使合计等于一级指标权重。", UNREADABLE),
  // ---- 项目支出绩效自评表 (one per project; fields are "projects[i]…") ----
  PROJECT_NAME_MISSING: data("error", "项目名称未填写", "在项目表的“项目名称”中填写项目全称。"),
  PROJECT_NAME_DUPLICATE: data("error", "项目名称重复", "每个项目一张表；合并重复的项目表，或改正项目名称。"),
  PROJECT_FUND_SUM_MISMATCH: data("error", "年度资金总额不等于其中各项之和", "核对年度资金总额与当年财政拨款、上年结转资金、其他资金。", UNREADABLE),
  PROJECT_OVER_BUDGET: data("warning", "项目全年执行数超过全年预算数", "核对全年执行数和全年预算数。", UNREADABLE),
  PROJECT_EXECUTION_NO_REASON: data("error", "项目执行率未达100%未说明原因", "在项目表的“执行率未达100%的原因”中写明原因。"),
  PROJECT_EXECUTION_RATE_NA: data("error", "无法计算项目执行率", "填写年度资金总额的全年预算数和全年执行数。", [{ code: "REQUIRED_MISSING", scope: "field" }, ...UNREADABLE]),
  PROJECT_WEIGHTS_NOT_100: data("error", "项目分值合计不是100", "调整各指标分值，使执行率分值与各指标分值合计为100。", WEIGHTS),
  MET_BUT_DEDUCTED: data("warning", "指标已达成却扣分", "达成的指标应得满分；如确需扣分，在调整理由中写明依据。"),
  COST_EXCEEDS_SPENDING: data("error", "成本指标与全年执行数矛盾", "成本指标的实际完成值不应超过项目全年执行数；核对金额和计量单位。", UNREADABLE),
  PROJECT_SHEET_UNADOPTED: { ...workbook("warning", "复制的项目表未被识别为新项目", "用助手的“复制项目”或“新增项目”建立项目表，再把内容粘贴过去。", false) },
  PROJECT_SHEET_MISSING: workbook("error", "项目表缺失", "从备份恢复该项目表，或用“删除项目”把它从工作簿中移除。", false),
  PROJECT_VERSION_MISMATCH: workbook("warning", "项目表版本不同", "用助手的“修复模板”升级，或新建项目表后把内容粘贴过去。"),
  // ---- rules ----
  PROFILE_UNKNOWN: data("error", "未知的评分规则", "从“评分规则”表的下拉列表选择。"),
  PROFILE_WEIGHTS_NOT_100: data("error", "评分规则一级指标分值合计不是100", "修改评分规则的一级指标分值。"),
  RULE_PROFILE_UNKNOWN: data("error", "未知的评分规则", "从“评分规则”表的下拉列表选择。"),
  RULE_PARAM_INVALID: data("error", "评分规则参数无效", "在“自定义”列填写有效数字。"),
  RULE_PARAM_CHANGED: data("warning", "内置评分规则参数被改动", "恢复内置参数，或改选“自定义”。"),
  // ---- report text ----
  NARRATIVE_REQUIRED_MISSING: {
    ...data("error", "报告缺少必需的数据或理由", "填写报告所缺的数字或扣分理由。", NARRATIVE_CAUSES),
    category: "report",
  },
  NARRATIVE_PLACEHOLDER: { ...data("warning", "报告中有待填写的文字", "补写报告所缺的文字。", NARRATIVE_CAUSES), category: "report" },
  TEXT_FIGURE_MISMATCH: { ...data("error", "文字中的数字与表内数据不符", "改正文字中的数字，或核对表内数据。"), category: "report" },
  CELL_TEXT_TRUNCATED: {
    ...data("warning", "文字超出单元格上限，已截断", "缩短相关的填写内容：Excel 一个单元格最多 32767 个字符；导出的 Word 报告保留全文。"),
    category: "report",
  },
  // ---- the workbook itself ----
  SHEET_MISSING: workbook("error", "工作表缺失", "从原模板恢复该工作表。", false),
  SHEET_RENAMED: workbook("warning", "工作表已改名", "建议改回原名，便于审阅。", false),
  OUTPUT_SHEET_MISSING: workbook("warning", "输出工作表缺失", REPAIR),
  TABLE_MISSING: workbook("error", "表格缺失", "运行“修复模板”或从原模板复制该表。", false),
  LIST_TABLE_MISSING: workbook("warning", "列表表格缺失", "从原模板复制该表。", false),
  TABLE_COLUMN_MISSING: workbook("error", "表格列缺失", "从原模板恢复该列。", false),
  TABLE_MERGED_CELL: workbook("error", "表格中有合并单元格", REPAIR),
  FORMULA_MISSING: workbook("error", "公式被清空", REPAIR),
  FORMULA_OVERWRITTEN: workbook("error", "公式被手工改写", REPAIR),
  FORMULA_MODIFIED: workbook("warning", "公式被改动", REPAIR),
  NAME_MISSING: workbook("error", "定义名称被删除", REPAIR),
  REF_ERROR: workbook("error", "引用失效（#REF!）", REPAIR),
  TEMPLATE_VERSION_MISMATCH: workbook("warning", "模板版本不同", REPAIR),
} as const satisfies Record<string, FindingSpec>;

export type FindingCode = keyof typeof FINDING_CATALOGUE;

export function findingSpec(code: FindingCode): FindingSpec {
  return FINDING_CATALOGUE[code];
}

export function isFindingCode(code: string): code is FindingCode {
  return Object.prototype.hasOwnProperty.call(FINDING_CATALOGUE, code);
}
