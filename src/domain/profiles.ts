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

/** 财预〔2021〕101号 bands: 满意度 ≥ 90% → full, [80%,90%) → 80%, [60%,80%) → 50%, below 60% → 0. */
const SATISFACTION_BANDS_101: NonNullable<RuleProfile["satisfactionBands"]>["bands"] = [
  { min: 0.9, share: 1 },
  { min: 0.8, share: 0.8 },
  { min: 0.6, share: 0.5 },
  { min: 0, share: 0 },
];

/** 财预〔2021〕101号 (central): 成本指标 a 一级 level, 执行率 / 满意度 in bands, the 60% threshold rule. */
export const PROFILE_101: RuleProfile = {
  ...DEFAULT_PROFILE,
  id: "cz2021-101",
  name: "财预〔2021〕101号（中央，含成本指标）",
  description:
    "成本20、产出40、效益20、满意度10，自评另计执行率10；未设成本指标时产出50、效益30、满意度10；未设满意度指标时其10分计入效益。执行率分档（100%得满分，80%–100%得7成，60%–80%得5成，60%以下0分）；定量指标完成率低于60%不得分，60%以上按(完成率−60%)/(1−60%)×分值；满意度≥90%满分，80%–90%得8成，60%–80%得5成，60%以下0分。",
  weights: { execution: 10, output: 40, effect: 20, satisfaction: 10 },
  execution: { ...DEFAULT_PROFILE.execution, mode: "分档" },
  cost: { weight: 20, first: false },
  withoutCost: { output: 50, effect: 30 },
  satisfactionToEffect: true,
  quantitative: { mode: "阈值", threshold: 0.6 },
  satisfactionBands: { enabled: true, bands: SATISFACTION_BANDS_101 },
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
  PROFILE_101,
  {
    ...PROFILE_101,
    id: "henan2022",
    name: "河南（豫财效〔2022〕4号，成本指标在前）",
    description: "财预〔2021〕101号的指标体系与计分，成本指标列在产出指标之前。",
    cost: { weight: 20, first: true },
  },
  {
    ...DEFAULT_PROFILE,
    id: "province2022",
    name: "省级一体化（2022，执行率封顶与超额扣分）",
    description:
      "财预〔2020〕10号计分；实际完成值超过年度指标值30%及以上视为偏离，扣2分；总分按执行率封顶：执行率70%–80%最高89分，60%–70%最高79分，50%–60%最高69分，50%以下最高59分。",
    overshootPenalty: { factor: 1.3, points: 2 },
    totalCaps: [
      { below: 0.8, max: 89 },
      { below: 0.7, max: 79 },
      { below: 0.6, max: 69 },
      { below: 0.5, max: 59 },
    ],
  },
  {
    ...DEFAULT_PROFILE,
    id: "hunan2018",
    name: "湖南（2018表式，执行率阶梯扣分）",
    description: "预算执行率每低于100%五个百分点扣2分（不足五个百分点不扣），扣完为止；其余同财预〔2020〕10号。",
    execution: { ...DEFAULT_PROFILE.execution, mode: "阶梯扣分" },
    execSteps: { size: 0.05, points: 2 },
  },
];

/** The primitives' values when a profile does not set them: each is off (the 财预〔2020〕10号 behaviour). */
export const PRIMITIVE_DEFAULTS = {
  cost: { weight: 0, first: false },
  execSteps: { size: 0.05, points: 2 },
  quantitative: { mode: "比例", threshold: 0.6 },
  satisfactionBands: { enabled: false, bands: SATISFACTION_BANDS_101 },
  overshootPenalty: { factor: 1.3, points: 0 },
  totalCap: { below: 0, max: 100 },
} as const;

/** The optional parts of a profile that withPrimitives fills in. */
const PRIMITIVE_KEYS = [
  "description", "cost", "withoutCost", "satisfactionToEffect", "execSteps", "quantitative", "satisfactionBands", "overshootPenalty", "totalCaps",
] as const satisfies ReadonlyArray<keyof RuleProfile>;

/** A profile with every primitive present (defaults filled in), for code that reads them. */
export function withPrimitives(p: RuleProfile): Required<RuleProfile> {
  // A profile with every primitive set is its own full form: no copy (checks call this per project table).
  if (PRIMITIVE_KEYS.every((k) => p[k] !== undefined)) return p as Required<RuleProfile>;
  return {
    ...p,
    description: p.description ?? "",
    cost: p.cost ?? { ...PRIMITIVE_DEFAULTS.cost },
    withoutCost: p.withoutCost ?? { output: p.weights.output, effect: p.weights.effect },
    satisfactionToEffect: p.satisfactionToEffect ?? false,
    execSteps: p.execSteps ?? { ...PRIMITIVE_DEFAULTS.execSteps },
    quantitative: p.quantitative ?? { ...PRIMITIVE_DEFAULTS.quantitative },
    satisfactionBands: p.satisfactionBands ?? {
      enabled: false,
      bands: PRIMITIVE_DEFAULTS.satisfactionBands.bands.map((b) => ({ ...b })),
    },
    overshootPenalty: p.overshootPenalty ?? { ...PRIMITIVE_DEFAULTS.overshootPenalty },
    totalCaps: p.totalCaps ?? [1, 2, 3, 4].map(() => ({ ...PRIMITIVE_DEFAULTS.totalCap })),
  };
}

/**
 * The 一级指标 weights a unit's indicators must add up to, given which levels it uses: a profile with a
 * 成本 level falls back to `withoutCost` when the unit sets no 成本指标, and may move the 满意度 weight
 * to 效益 when it sets no 满意度指标 (财预〔2021〕101号).
 */
export function expectedLevelWeights(
  profile: RuleProfile,
  present: { cost: boolean; satisfaction: boolean },
): { output: number; effect: number; satisfaction: number; cost: number } {
  const p = withPrimitives(profile);
  const withCost = present.cost;
  const out = {
    cost: withCost ? p.cost.weight : 0,
    output: withCost ? p.weights.output : p.withoutCost.output,
    effect: withCost ? p.weights.effect : p.withoutCost.effect,
    satisfaction: p.weights.satisfaction,
  };
  if (!present.satisfaction && p.satisfactionToEffect) {
    out.effect += out.satisfaction;
    out.satisfaction = 0;
  }
  return out;
}

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
  | "rule.overshoot"
  | "rule.weight.cost"
  | "rule.cost.first"
  | "rule.weight.output.noCost"
  | "rule.weight.effect.noCost"
  | "rule.satisfaction.toEffect"
  | "rule.exec.step.size"
  | "rule.exec.step.points"
  | "rule.quant.mode"
  | "rule.quant.threshold"
  | "rule.sat.mode"
  | `rule.sat.band${1 | 2 | 3 | 4}.${"min" | "share"}`
  | "rule.overshoot.penaltyFactor"
  | "rule.overshoot.penaltyPoints"
  | `rule.cap${1 | 2 | 3 | 4}.${"below" | "max"}`;

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

const yesNo = (id: RuleParamId, label: string, get: (p: RuleProfile) => boolean, set: (p: RuleProfile, v: boolean) => void): RuleParamSpec => ({
  id,
  label,
  type: "choice",
  choices: ["是", "否"],
  get: (p) => (get(p) ? "是" : "否"),
  set: (p, v) => set(p, v === "是"),
});

/** Reads and writes a primitive on a profile whose primitives are filled in first (withPrimitives). */
function primitive<K extends keyof RuleProfile>(key: K, edit: (x: NonNullable<RuleProfile[K]>) => void) {
  return (p: RuleProfile) => {
    const full = withPrimitives(p)[key] as NonNullable<RuleProfile[K]>;
    edit(full);
    p[key] = full as RuleProfile[K];
  };
}

const satBandParams = ([1, 2, 3, 4] as const).flatMap((n): RuleParamSpec[] => [
  {
    id: `rule.sat.band${n}.min`,
    label: `满意度分档${n}下限`,
    type: "percent",
    get: (p) => withPrimitives(p).satisfactionBands.bands[n - 1]!.min,
    set: (p, v) => primitive("satisfactionBands", (x) => void (x.bands[n - 1]!.min = num(v)))(p),
  },
  {
    id: `rule.sat.band${n}.share`,
    label: `满意度分档${n}得分比例`,
    type: "percent",
    get: (p) => withPrimitives(p).satisfactionBands.bands[n - 1]!.share,
    set: (p, v) => primitive("satisfactionBands", (x) => void (x.bands[n - 1]!.share = num(v)))(p),
  },
]);

const capParams = ([1, 2, 3, 4] as const).flatMap((n): RuleParamSpec[] => [
  {
    id: `rule.cap${n}.below`,
    label: `总分封顶${n}：执行率低于（0为不封顶）`,
    type: "percent",
    get: (p) => withPrimitives(p).totalCaps[n - 1]!.below,
    set: (p, v) => primitive("totalCaps", (x) => void (x[n - 1]!.below = num(v)))(p),
  },
  {
    id: `rule.cap${n}.max`,
    label: `总分封顶${n}：最高分`,
    type: "number",
    get: (p) => withPrimitives(p).totalCaps[n - 1]!.max,
    set: (p, v) => primitive("totalCaps", (x) => void (x[n - 1]!.max = num(v)))(p),
  },
]);

/** The primitives of issue 12, after the older parameters (the rule sheet appends their rows). */
const PRIMITIVE_PARAMS: readonly RuleParamSpec[] = [
  {
    id: "rule.weight.cost",
    label: "成本指标分值（0为不设成本一级指标）",
    type: "number",
    get: (p) => withPrimitives(p).cost.weight,
    set: (p, v) => primitive("cost", (x) => void (x.weight = num(v)))(p),
  },
  yesNo("rule.cost.first", "成本指标列在产出指标之前", (p) => withPrimitives(p).cost.first, (p, v) => primitive("cost", (x) => void (x.first = v))(p)),
  {
    id: "rule.weight.output.noCost",
    label: "未设成本指标时产出指标分值",
    type: "number",
    get: (p) => withPrimitives(p).withoutCost.output,
    set: (p, v) => primitive("withoutCost", (x) => void (x.output = num(v)))(p),
  },
  {
    id: "rule.weight.effect.noCost",
    label: "未设成本指标时效益指标分值",
    type: "number",
    get: (p) => withPrimitives(p).withoutCost.effect,
    set: (p, v) => primitive("withoutCost", (x) => void (x.effect = num(v)))(p),
  },
  yesNo("rule.satisfaction.toEffect", "未设满意度指标时其分值计入效益指标", (p) => withPrimitives(p).satisfactionToEffect, (p, v) => void (p.satisfactionToEffect = v)),
  {
    id: "rule.exec.step.size",
    label: "执行率阶梯扣分：每低于100%的幅度",
    type: "percent",
    get: (p) => withPrimitives(p).execSteps.size,
    set: (p, v) => primitive("execSteps", (x) => void (x.size = num(v)))(p),
  },
  {
    id: "rule.exec.step.points",
    label: "执行率阶梯扣分：每档扣分",
    type: "number",
    get: (p) => withPrimitives(p).execSteps.points,
    set: (p, v) => primitive("execSteps", (x) => void (x.points = num(v)))(p),
  },
  {
    id: "rule.quant.mode",
    label: "定量指标未达标计分方式",
    type: "choice",
    choices: ["比例", "阈值"],
    get: (p) => withPrimitives(p).quantitative.mode,
    set: (p, v) => primitive("quantitative", (x) => void (x.mode = v === "阈值" ? "阈值" : "比例"))(p),
  },
  {
    id: "rule.quant.threshold",
    label: "定量指标阈值（完成率低于此不得分）",
    type: "percent",
    get: (p) => withPrimitives(p).quantitative.threshold,
    set: (p, v) => primitive("quantitative", (x) => void (x.threshold = num(v)))(p),
  },
  {
    id: "rule.sat.mode",
    label: "满意度指标计分方式",
    type: "choice",
    choices: ["按完成比例", "分档"],
    get: (p) => (withPrimitives(p).satisfactionBands.enabled ? "分档" : "按完成比例"),
    set: (p, v) => primitive("satisfactionBands", (x) => void (x.enabled = v === "分档"))(p),
  },
  ...satBandParams,
  {
    id: "rule.overshoot.penaltyFactor",
    label: "超额偏离扣分：实际达到目标的倍数",
    type: "number",
    get: (p) => withPrimitives(p).overshootPenalty.factor,
    set: (p, v) => primitive("overshootPenalty", (x) => void (x.factor = num(v)))(p),
  },
  {
    id: "rule.overshoot.penaltyPoints",
    label: "超额偏离扣分：扣分（0为不扣）",
    type: "number",
    get: (p) => withPrimitives(p).overshootPenalty.points,
    set: (p, v) => primitive("overshootPenalty", (x) => void (x.points = num(v)))(p),
  },
  ...capParams,
];

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
    choices: ["线性", "分档", "阶梯扣分"],
    get: (p) => p.execution.mode,
    set: (p, v) => void (p.execution.mode = v === "分档" || v === "阶梯扣分" ? v : "线性"),
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
  ...PRIMITIVE_PARAMS,
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
