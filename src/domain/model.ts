import { z } from "zod";
import { INDICATOR_KINDS, LEVEL1_NAMES, RATE_IDS } from "./vocabulary";
import { UNIT_TEXT_FIELDS, type UnitTextKey } from "./fields";

export * from "./vocabulary";

// zod compiles parsers with `new Function`, probing for it as schemas are created; the task pane's CSP
// forbids eval, so that probe would be reported as a violation. Input is validated only at the CLI's
// edge, where the interpreted parser is fast enough. Set before the first schema below is built.
z.config({ jitless: true });

/**
 * The input model of one 部门整体支出绩效自评. It is the JSON form users may hand to the CLI and the
 * shape every workbook reader produces. Money is in 万元; values may be typed as people type them
 * ("561.09万元", "≥90%", "30余次"): the engine parses them and reports what it cannot read.
 */

const typedValue = z
  .union([z.number(), z.string()])
  .nullable()
  .optional()
  .describe("A number, or text as typed (\"≥90%\", \"30余次\", \"561.09万元\")");

const amount = typedValue.describe("万元; a number or text such as \"561.09万元\" or \"1,234.56\"");

const budgetLine = z
  .object({
    initial: amount.describe("年初预算数（万元）"),
    adjusted: amount.describe("全年预算数（调整后预算，万元）"),
    actual: amount.describe("实际支出 / 全年执行数（万元）"),
  })
  .strict();

const scoreOverride = z
  .object({
    score: z.number().describe("人工调整后的得分"),
    reason: z.string().optional().describe("调整理由（扣分原因）"),
    replaced: z
      .number()
      .optional()
      .describe("调整时按规则计算的得分（被替代的得分）；规则得分此后变化，调整即视为过时"),
  })
  .strict();


export const indicatorSchema = z
  .object({
    level1: z.enum(LEVEL1_NAMES).describe("一级指标"),
    level2: z.string().describe("二级指标"),
    name: z.string().describe("三级指标（指标名称）"),
    kind: z.enum(INDICATOR_KINDS).describe("指标性质：正向(≥)/反向(≤)/等于(=)/定性"),
    target: typedValue.describe("年度指标值"),
    unit: z.string().optional().describe("计量单位（%、次、件…）"),
    actual: typedValue.describe("实际完成值"),
    actualFrom: z
      .enum(RATE_IDS)
      .optional()
      .describe("实际完成值取自计算出的比率（如公用经费控制率），避免手抄数字"),
    weight: z.number().describe("分值"),
    tier: z.string().optional().describe("定性档次（定性指标）"),
    qualitativeScore: z.number().optional().describe("定性指标自评得分（须在档次范围内）"),
    override: scoreOverride.optional().describe("人工调整得分及理由"),
    deviationReason: z.string().optional().describe("偏差原因分析及改进措施"),
    explanation: z.string().optional().describe("完成情况说明"),
    notApplicable: z.boolean().optional().describe("本年度不适用"),
  })
  .strict();
export type Indicator = z.infer<typeof indicatorSchema>;

export const ruleProfileSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().optional(),
    weights: z
      .object({ execution: z.number(), output: z.number(), effect: z.number(), satisfaction: z.number() })
      .strict(),
    execution: z
      .object({
        denominator: z.enum(["全年预算数", "年初预算数"]),
        mode: z.enum(["线性", "分档", "阶梯扣分"]),
        /** Score shares by lower bound of the rate, highest first; the last band's min is 0. */
        bands: z.array(z.object({ min: z.number(), share: z.number() }).strict()).length(4),
        lowThreshold: z.number(),
      })
      .strict(),
    reverseMode: z.enum(["线性", "比值"]),
    tiers: z
      .array(
        z.object({ label: z.string(), min: z.number(), max: z.number(), suggest: z.number() }).strict(),
      )
      .length(3),
    grades: z.array(z.object({ label: z.string(), min: z.number() }).strict()).length(4),
    naRescale: z.boolean(),
    overshootFactor: z.number(),
    // ---- rule primitives (issue 12); each absent one is off, i.e. the 财预〔2020〕10号 behaviour ----
    /** 成本指标 as a 一级 level (财预〔2021〕101号): its weight, and whether it is listed before 产出. */
    cost: z.object({ weight: z.number(), first: z.boolean() }).strict().optional(),
    /** The 产出/效益 weights when a unit sets no 成本指标 (101号: 50 / 30); default: `weights`. */
    withoutCost: z.object({ output: z.number(), effect: z.number() }).strict().optional(),
    /** No 满意度指标 → its weight goes to 效益指标 (101号). */
    satisfactionToEffect: z.boolean().optional(),
    /** 执行率 mode 阶梯扣分: `points` off per whole `size` below 100% (Hunan 2018: 2 per 5%). */
    execSteps: z.object({ size: z.number(), points: z.number() }).strict().optional(),
    /** Quantitative completion: 比例 (B/A × w) or 阈值 (below `threshold` → 0, then linear to full at 100%). */
    quantitative: z.object({ mode: z.enum(["比例", "阈值"]), threshold: z.number() }).strict().optional(),
    /** 满意度 indicators scored by bands of the actual satisfaction instead of completion. */
    satisfactionBands: z
      .object({ enabled: z.boolean(), bands: z.array(z.object({ min: z.number(), share: z.number() }).strict()).length(4) })
      .strict()
      .optional(),
    /** An actual ≥ factor × target (正向) loses `points` (0 = off). */
    overshootPenalty: z.object({ factor: z.number(), points: z.number() }).strict().optional(),
    /** The total is capped at `max` when 执行率 < `below` (below 0 = off). */
    totalCaps: z.array(z.object({ below: z.number(), max: z.number() }).strict()).length(4).optional(),
  })
  .strict();
export type RuleProfile = z.infer<typeof ruleProfileSchema>;

/**
 * One 项目支出绩效自评表 (财预〔2020〕10号 附1): header, the 项目资金 block (年度资金总额 and its 其中 rows),
 * 年度总体目标 and the indicators, scored by the same rule profile as the department.
 */

export const projectSchema = z
  .object({
    name: z.string().describe("项目名称"),
    supervisor: z.string().optional().describe("主管部门"),
    implementer: z.string().optional().describe("实施单位"),
    year: z.number().int().optional().describe("评价年度（默认同单位评价年度）"),
    funds: z
      .object({
        total: budgetLine.describe("年度资金总额"),
        fiscal: budgetLine.optional().describe("其中：当年财政拨款"),
        carryover: budgetLine.optional().describe("上年结转资金"),
        other: budgetLine.optional().describe("其他资金"),
      })
      .strict()
      .describe("项目资金（万元）：年初预算数 / 全年预算数 / 全年执行数"),
    lowExecutionReason: z.string().optional().describe("执行率未达100%的原因"),
    execution: z
      .object({ override: scoreOverride.optional().describe("执行率得分人工调整") })
      .strict()
      .optional(),
    goals: z
      .object({
        expected: z.string().optional().describe("年度总体目标：预期目标"),
        achieved: z.string().optional().describe("年度总体目标：实际完成情况"),
      })
      .strict()
      .optional(),
    indicators: z.array(indicatorSchema).describe("绩效指标（三级）"),
  })
  .strict();
export type ProjectInput = z.infer<typeof projectSchema>;

/** The unit's plain optional texts (主管部门, 自称, 内设机构 …) come from the field catalogue. */
const unitTextShape = Object.fromEntries(
  UNIT_TEXT_FIELDS.map((f) => [f.key, z.string().optional().describe(f.label)]),
) as { [K in UnitTextKey]: z.ZodOptional<z.ZodString> };

/** The input's schema version: 2 added `projects`; version-1 inputs (no projects) load unchanged. */
export const SCHEMA_VERSION = 2;

export const evaluationInputSchema = z
  .object({
    schemaVersion: z.union([z.literal(1), z.literal(2)]).optional(),
    profile: z
      .union([z.string(), ruleProfileSchema])
      .optional()
      .describe("评分规则：内置方案的 id（默认 cz2020）或完整的自定义方案"),
    unit: z
      .object({
        name: z.string().describe("单位名称"),
        year: z.number().int().describe("评价年度"),
        functions: z.array(z.string()).optional().describe("职能职责（逐条）"),
        ...unitTextShape,
        staff: z
          .object({
            actual: typedValue.describe("在职人数（12月31日）"),
            authorized: typedValue.describe("编制数"),
            retired: typedValue.describe("退休人数"),
          })
          .strict()
          .optional(),
      })
      .strict(),
    budget: z
      .object({
        basic: budgetLine.describe("基本支出"),
        personnel: amount.describe("人员经费支出（万元）"),
        publicExpense: amount.describe("日常公用经费支出（万元）"),
        project: budgetLine.describe("项目支出"),
        projectDescription: z.string().optional().describe("项目支出说明"),
        govFund: budgetLine.optional().describe("政府性基金预算支出"),
        stateCapital: budgetLine.optional().describe("国有资本经营预算支出"),
        fiscal: budgetLine.describe("财政拨款合计（按决算表填列）"),
        publicControl: z
          .object({
            budget: amount.describe("预算安排公用经费（万元）"),
            actual: amount.describe("实际公用经费（万元）"),
          })
          .strict()
          .optional()
          .describe("公用经费控制率"),
        threePublic: z
          .object({ budget: amount.describe("“三公”经费预算"), actual: amount.describe("“三公”经费实际") })
          .strict()
          .optional(),
        carryover: amount.describe("年末结转结余（万元）"),
        procurement: z
          .object({ planned: amount.describe("政府采购预算"), actual: amount.describe("政府采购实际") })
          .strict()
          .optional(),
        adjustmentReason: z.string().optional().describe("预算调整说明"),
        lowExecutionReason: z.string().optional().describe("预算执行率偏低说明"),
        priorYear: z
          .object({
            fiscalActual: amount.describe("上年财政拨款支出（万元）"),
            threePublic: amount.describe("上年“三公”经费支出（万元）"),
          })
          .strict()
          .optional()
          .describe("上年数（可选，用于同比变动率）"),
      })
      .strict(),
    execution: z
      .object({
        override: scoreOverride.optional().describe("预算执行率得分人工调整"),
        typedRate: typedValue.describe("报表上填报的预算执行率（如“99.27%”），与计算值核对"),
        typedScore: z.number().optional().describe("报表上填报的预算执行率得分，与计算值核对"),
      })
      .strict()
      .optional(),
    goals: z
      .object({
        expected: z.string().optional().describe("年度总体目标：预期目标"),
        achieved: z.string().optional().describe("年度总体目标：实际完成情况"),
      })
      .strict()
      .optional(),
    indicators: z.array(indicatorSchema).describe("绩效指标（三级）"),
    problems: z.array(z.string()).optional().describe("存在的问题及原因分析"),
    measures: z.array(z.string()).optional().describe("下一步改进措施"),
    projects: z.array(projectSchema).optional().describe("项目支出绩效自评表（每个项目一张，schemaVersion 2）"),
  })
  .strict();
export type EvaluationInput = z.infer<typeof evaluationInputSchema>;
