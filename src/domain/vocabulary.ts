/**
 * The fixed vocabulary of the input model (first- and second-level indicator names, indicator kinds, rate
 * ids, project fund rows), without zod: the workbook path (reader, engine, formulas, spec) needs these
 * values, and loading zod and building the JSON schemas costs ~20 ms of CPU per CLI run that reads a
 * workbook. model.ts re-exports them with the schemas.
 */

/** 成本指标 is a 一级 level only under 财预〔2021〕101号-style profiles (a 二级 under 产出 in 财预〔2020〕10号). */
export const LEVEL1_NAMES = ["产出指标", "效益指标", "满意度指标", "成本指标"] as const;
export type Level1Name = (typeof LEVEL1_NAMES)[number];

/** Second-level indicators by first level (财预〔2020〕10号). */
export const LEVEL2_BY_LEVEL1: Record<Level1Name, readonly string[]> = {
  产出指标: ["数量指标", "质量指标", "时效指标", "成本指标"],
  效益指标: ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
  满意度指标: ["服务对象满意度指标"],
  成本指标: ["经济成本指标", "社会成本指标", "生态环境成本指标"],
};

export const INDICATOR_KINDS = ["正向", "反向", "等于", "定性"] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export const RATE_IDS = [
  "basicCompletion",
  "projectCompletion",
  "govFundCompletion",
  "stateCapitalCompletion",
  "fiscalCompletion",
  "execution",
  "personnelShare",
  "publicShare",
  "publicControl",
  "adjustment",
  "staffControl",
  "threePublicControl",
  "carryover",
  "procurement",
  "threePublicChange",
  "fiscalChange",
] as const;
export type RateId = (typeof RATE_IDS)[number];

/** The rows of a project's 项目资金 block (财预〔2020〕10号 附1). */
export const PROJECT_FUND_ROWS = ["total", "fiscal", "carryover", "other"] as const;
export type ProjectFundRow = (typeof PROJECT_FUND_ROWS)[number];
