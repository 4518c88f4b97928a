import type { RuleProfile } from "./model";

/**
 * Rule profiles as data. Every scoring option that real provinces use is a setting here, never a
 * constant in code; the workbook's 评分规则 sheet shows the same settings as named cells.
 */

const TIERS_2020: RuleProfile["tiers"] = [
  { label: "达成年度指标", min: 0.8, max: 1, suggest: 1 },
  { label: "部分达成并具有一定效果", min: 0.6, max: 0.8, suggest: 0.7 },
  { label: "未达成且效果较差", min: 0, max: 0.6, suggest: 0.3 },
];

const GRADES_90: RuleProfile["grades"] = [
  { label: "优", min: 90 },
  { label: "良", min: 80 },
  { label: "中", min: 60 },
  { label: "差", min: 0 },
];

/** Jiangxi-style bands: 100% → full, [80%,100%) → 70%, [60%,80%) → 50%, below 60% → 0. */
const BANDS_JIANGXI: RuleProfile["execution"]["bands"] = [
  { min: 1, share: 1 },
  { min: 0.8, share: 0.7 },
  { min: 0.6, share: 0.5 },
  { min: 0, share: 0 },
];

export const DEFAULT_PROFILE: RuleProfile = {
  id: "cz2020",
  name: "财预〔2020〕10号（默认）",
  description: "预算执行率10分按执行率线性计分，产出50、效益30、满意度10；反向指标超出目标后线性扣减至2倍目标为0。",
  weights: { execution: 10, output: 50, effect: 30, satisfaction: 10 },
  execution: { denominator: "全年预算数", mode: "线性", bands: BANDS_JIANGXI, lowThreshold: 0.9 },
  reverseMode: "线性",
  tiers: TIERS_2020,
  grades: GRADES_90,
  naRescale: true,
  overshootFactor: 1.2,
};

export const BUILTIN_PROFILES: readonly RuleProfile[] = [
  DEFAULT_PROFILE,
  {
    ...DEFAULT_PROFILE,
    id: "hubei",
    name: "湖北（预算执行率20分）",
    description: "预算执行率权重20分；其余一级指标权重由单位按总分100设置（此处默认产出40）。",
    weights: { execution: 20, output: 40, effect: 30, satisfaction: 10 },
  },
  {
    ...DEFAULT_PROFILE,
    id: "jiangxi",
    name: "江西（预算执行率分档计分）",
    description: "预算执行率100%得满分，80%–100%得70%，60%–80%得50%，60%以下不得分。",
    execution: { ...DEFAULT_PROFILE.execution, mode: "分档" },
  },
  {
    ...DEFAULT_PROFILE,
    id: "legacy2017",
    name: "旧版表式（2017）",
    description: "执行率以年初预算数为分母；反向指标按 目标/实际×分值；定性档次100–80/80–50/50–0；等级80/70/60。",
    execution: { ...DEFAULT_PROFILE.execution, denominator: "年初预算数" },
    reverseMode: "比值",
    tiers: [
      { label: "达成年度指标", min: 0.8, max: 1, suggest: 1 },
      { label: "部分达成并具有一定效果", min: 0.5, max: 0.8, suggest: 0.65 },
      { label: "未达成且效果较差", min: 0, max: 0.5, suggest: 0.25 },
    ],
    grades: [
      { label: "优", min: 80 },
      { label: "良", min: 70 },
      { label: "中", min: 60 },
      { label: "差", min: 0 },
    ],
  },
];

export function findProfile(id: string): RuleProfile | undefined {
  return BUILTIN_PROFILES.find((p) => p.id === id || p.name === id);
}

/** The flat parameters the formulas read (the 评分规则 sheet's named cells). */
export type RuleParamId =
  | "rule.weight.execution"
  | "rule.weight.output"
  | "rule.weight.effect"
  | "rule.weight.satisfaction"
  | "rule.exec.denominator"
  | "rule.exec.mode"
  | `rule.exec.band${1 | 2 | 3 | 4}.${"min" | "share"}`
  | "rule.exec.lowThreshold"
  | "rule.reverse.mode"
  | `rule.tier${1 | 2 | 3}.${"label" | "min" | "max" | "suggest"}`
  | `rule.grade${1 | 2 | 3 | 4}.${"label" | "min"}`
  | "rule.na.rescale"
  | "rule.overshoot";

export interface RuleParamSpec {
  id: RuleParamId;
  label: string;
  type: "number" | "percent" | "text" | "choice";
  choices?: readonly string[];
  get: (p: RuleProfile) => number | string;
  set: (p: RuleProfile, v: number | string) => void;
}

function num(v: number | string): number {
  return typeof v === "number" ? v : Number(v);
}

const bandParams = ([1, 2, 3, 4] as const).flatMap((n): RuleParamSpec[] => [
  {
    id: `rule.exec.band${n}.min`,
    label: `执行率分档${n}下限`,
    type: "percent",
    get: (p) => p.execution.bands[n - 1]!.min,
    set: (p, v) => void (p.execution.bands[n - 1]!.min = num(v)),
  },
  {
    id: `rule.exec.band${n}.share`,
    label: `执行率分档${n}得分比例`,
    type: "percent",
    get: (p) => p.execution.bands[n - 1]!.share,
    set: (p, v) => void (p.execution.bands[n - 1]!.share = num(v)),
  },
]);

const tierParams = ([1, 2, 3] as const).flatMap((n): RuleParamSpec[] => [
  {
    id: `rule.tier${n}.label`,
    label: `定性档次${n}名称`,
    type: "text",
    get: (p) => p.tiers[n - 1]!.label,
    set: (p, v) => void (p.tiers[n - 1]!.label = String(v)),
  },
  {
    id: `rule.tier${n}.min`,
    label: `定性档次${n}得分下限`,
    type: "percent",
    get: (p) => p.tiers[n - 1]!.min,
    set: (p, v) => void (p.tiers[n - 1]!.min = num(v)),
  },
  {
    id: `rule.tier${n}.max`,
    label: `定性档次${n}得分上限`,
    type: "percent",
    get: (p) => p.tiers[n - 1]!.max,
    set: (p, v) => void (p.tiers[n - 1]!.max = num(v)),
  },
  {
    id: `rule.tier${n}.suggest`,
    label: `定性档次${n}建议得分比例`,
    type: "percent",
    get: (p) => p.tiers[n - 1]!.suggest,
    set: (p, v) => void (p.tiers[n - 1]!.suggest = num(v)),
  },
]);

const gradeParams = ([1, 2, 3, 4] as const).flatMap((n): RuleParamSpec[] => [
  {
    id: `rule.grade${n}.label`,
    label: `等级${n}名称`,
    type: "text",
    get: (p) => p.grades[n - 1]!.label,
    set: (p, v) => void (p.grades[n - 1]!.label = String(v)),
  },
  {
    id: `rule.grade${n}.min`,
    label: `等级${n}最低分`,
    type: "number",
    get: (p) => p.grades[n - 1]!.min,
    set: (p, v) => void (p.grades[n - 1]!.min = num(v)),
  },
]);

const weightParam = (key: keyof RuleProfile["weights"], label: string): RuleParamSpec => ({
  id: `rule.weight.${key}`,
  label,
  type: "number",
  get: (p) => p.weights[key],
  set: (p, v) => void (p.weights[key] = num(v)),
});

export const RULE_PARAMS: readonly RuleParamSpec[] = [
  weightParam("execution", "预算执行率分值"),
  weightParam("output", "产出指标分值"),
  weightParam("effect", "效益指标分值"),
  weightParam("satisfaction", "满意度指标分值"),
  {
    id: "rule.exec.denominator",
    label: "预算执行率分母",
    type: "choice",
    choices: ["全年预算数", "年初预算数"],
    get: (p) => p.execution.denominator,
    set: (p, v) => void (p.execution.denominator = v === "年初预算数" ? "年初预算数" : "全年预算数"),
  },
  {
    id: "rule.exec.mode",
    label: "预算执行率计分方式",
    type: "choice",
    choices: ["线性", "分档"],
    get: (p) => p.execution.mode,
    set: (p, v) => void (p.execution.mode = v === "分档" ? "分档" : "线性"),
  },
  ...bandParams,
  {
    id: "rule.exec.lowThreshold",
    label: "执行率需说明的下限",
    type: "percent",
    get: (p) => p.execution.lowThreshold,
    set: (p, v) => void (p.execution.lowThreshold = num(v)),
  },
  {
    id: "rule.reverse.mode",
    label: "反向指标超标计分",
    type: "choice",
    choices: ["线性", "比值"],
    get: (p) => p.reverseMode,
    set: (p, v) => void (p.reverseMode = v === "比值" ? "比值" : "线性"),
  },
  ...tierParams,
  ...gradeParams,
  {
    id: "rule.na.rescale",
    label: "不适用指标按适用分值折算",
    type: "choice",
    choices: ["是", "否"],
    get: (p) => (p.naRescale ? "是" : "否"),
    set: (p, v) => void (p.naRescale = v !== "否"),
  },
  {
    id: "rule.overshoot",
    label: "超额完成提示倍数",
    type: "number",
    get: (p) => p.overshootFactor,
    set: (p, v) => void (p.overshootFactor = num(v)),
  },
];

export function profileToParams(profile: RuleProfile): Map<string, number | string> {
  return new Map(RULE_PARAMS.map((spec) => [spec.id, spec.get(profile)]));
}

/** Rebuilds a profile from parameters read back from a workbook; unknown ids are ignored. */
export function paramsToProfile(
  base: RuleProfile,
  params: ReadonlyMap<string, number | string | null>,
  id = base.id,
  name = base.name,
): RuleProfile {
  const profile: RuleProfile = structuredClone({ ...base, id, name });
  for (const spec of RULE_PARAMS) {
    const v = params.get(spec.id);
    if (v !== undefined && v !== null && v !== "") spec.set(profile, v);
  }
  return profile;
}
