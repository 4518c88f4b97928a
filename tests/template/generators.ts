import {
  BUILTIN_PROFILES,
  INDICATOR_KINDS,
  LEVEL1_NAMES,
  LEVEL2_BY_LEVEL1,
  RATE_IDS,
  evaluationInputSchema,
  type EvaluationInput,
  type Indicator,
  type RuleProfile,
} from "../../src/domain";
import { rng } from "../support/random";

/**
 * Seeded generator of valid evaluation inputs that exercise every formula branch: all indicator kinds,
 * 反向 beyond 2A, A = 0, 定性 with and without scores, overrides, not-applicable rows, linked actuals,
 * every builtin profile and custom ones. Values are typed the ways people type them, but always readable
 * (the workbook stores parsed numbers, so unreadable text would not be a like-for-like comparison).
 */


class Gen {
  constructor(readonly r: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  money(max = 2000): number {
    return Math.round(this.r() * max * 100) / 100;
  }
}

const TRICKY_TEXT = ["=SUM(A1)", "+86 123", "-5 项", "@全体", "普通文字", "含“引号”和'单引号'", "多行\n第二行", "  前后空格  "];
const NAMES = ["督查工作", "综合文稿", "调研活动", "会务办理", "档案工作", "资金使用合规性", "公用经费控制率", "保密工作", "满意度", "培训人次"];
const UNITS = ["%", "次", "件", "人", "万元", ""];

function randomProfile(g: Gen, n: number): string | RuleProfile | undefined {
  const roll = g.r();
  if (roll < 0.15) return undefined;
  if (roll < 0.8) return g.pick(BUILTIN_PROFILES).id;
  const base = structuredClone(g.pick(BUILTIN_PROFILES));
  const execution = g.pick([10, 15, 20]);
  const satisfaction = g.pick([5, 10]);
  const effect = g.pick([20, 30]);
  const mins = [g.int(85, 95), g.int(70, 84), g.int(50, 69)];
  const t2 = g.pick([0.5, 0.6]);
  return {
    ...base,
    id: `custom-${n}`,
    name: `测试方案${n}`,
    weights: { execution, output: 100 - execution - effect - satisfaction, effect, satisfaction },
    execution: {
      denominator: g.pick(["全年预算数", "年初预算数"] as const),
      mode: g.pick(["线性", "分档", "阶梯扣分"] as const),
      bands: [
        { min: 1, share: 1 },
        { min: g.pick([0.8, 0.85, 0.9]), share: g.pick([0.7, 0.8]) },
        { min: g.pick([0.6, 0.7]), share: g.pick([0.4, 0.5]) },
        { min: 0, share: 0 },
      ],
      lowThreshold: g.pick([0.8, 0.9]),
    },
    reverseMode: g.pick(["线性", "比值"] as const),
    tiers: [
      { label: g.pick(["达成年度指标", "完成"]), min: 0.8, max: 1, suggest: g.pick([1, 0.9]) },
      { label: g.pick(["部分达成并具有一定效果", "基本完成"]), min: t2, max: 0.8, suggest: 0.7 },
      { label: "未达成且效果较差", min: 0, max: t2, suggest: g.pick([0.3, 0.25]) },
    ],
    grades: [
      { label: "优", min: mins[0]! },
      { label: "良", min: mins[1]! },
      { label: "中", min: mins[2]! },
      { label: "差", min: 0 },
    ],
    naRescale: g.chance(0.6),
    overshootFactor: g.pick([1.2, 1.5]),
    // The issue-12 primitives, each on or off at random.
    ...(g.chance(0.3) ? { cost: { weight: 0, first: g.chance(0.5) } } : {}),
    ...(g.chance(0.4) ? { execSteps: { size: g.pick([0.05, 0.1]), points: g.pick([1, 2]) } } : {}),
    ...(g.chance(0.4) ? { quantitative: { mode: g.pick(["比例", "阈值"] as const), threshold: g.pick([0.5, 0.6]) } } : {}),
    ...(g.chance(0.4)
      ? {
          satisfactionBands: {
            enabled: g.chance(0.7),
            bands: [
              { min: 0.9, share: 1 },
              { min: g.pick([0.8, 0.85]), share: 0.8 },
              { min: 0.6, share: g.pick([0.5, 0.6]) },
              { min: 0, share: 0 },
            ],
          },
        }
      : {}),
    ...(g.chance(0.4) ? { overshootPenalty: { factor: g.pick([1.2, 1.3]), points: g.pick([0, 1, 2]) } } : {}),
    ...(g.chance(0.4)
      ? {
          totalCaps: [
            { below: g.pick([0.8, 0.9]), max: 89 },
            { below: 0.7, max: g.pick([75, 79]) },
            { below: g.pick([0, 0.6]), max: 69 },
            { below: 0.5, max: 59 },
          ],
        }
      : {}),
  };
}

function tiersOf(profile: string | RuleProfile | undefined): string[] {
  if (typeof profile === "object") return profile.tiers.map((t) => t.label);
  const p = BUILTIN_PROFILES.find((b) => b.id === profile) ?? BUILTIN_PROFILES[0]!;
  return p.tiers.map((t) => t.label);
}

/** A target/actual as typed: a number, a percent text, or a number with its unit. */
function typed(g: Gen, value: number, unit: string, comparator: string): number | string {
  const roll = g.r();
  if (unit === "%") {
    // "100" | "%": percentage points in the value column, as published forms write them.
    if (roll < 0.15) return Math.round(value * 10000) / 100;
    if (roll < 0.5) return value;
    return `${comparator}${Math.round(value * 10000) / 100}%`;
  }
  if (roll < 0.6 || unit === "") return value;
  return `${comparator}${value}${unit}`;
}

function indicator(g: Gen, i: number, tiers: string[]): Indicator {
  const level1 = g.pick(LEVEL1_NAMES);
  const level2 = g.chance(0.9) ? g.pick(LEVEL2_BY_LEVEL1[level1]) : g.pick(LEVEL2_BY_LEVEL1[g.pick(LEVEL1_NAMES)]);
  const kind = g.pick(INDICATOR_KINDS);
  const weight = g.chance(0.8) ? g.int(1, 20) : g.int(1, 40) / 2;
  const ind: Indicator = {
    level1,
    level2,
    name: g.chance(0.1) ? g.pick(TRICKY_TEXT) : `${g.pick(NAMES)}${i + 1}`,
    kind,
    weight,
  };
  if (kind === "定性") {
    ind.target = g.pick(["按要求完成", "零差错", "稳步推进"]);
    ind.actual = g.pick(["完成", "基本完成", "未完成"]);
    if (g.chance(0.85)) ind.tier = g.pick(tiers);
    else if (g.chance(0.5)) ind.tier = "不存在的档次";
    if (g.chance(0.6)) ind.qualitativeScore = Math.round(g.r() * weight * 100) / 100;
  } else {
    const unit = g.pick(UNITS);
    const percent = unit === "%";
    const A = g.chance(0.12) ? 0 : percent ? g.int(50, 100) / 100 : g.int(1, 200);
    let B: number;
    const roll = g.r();
    if (roll < 0.2) B = A;
    else if (roll < 0.35) B = 0;
    else if (roll < 0.5 && kind === "反向") B = A * (2 + g.r()); // beyond 2A
    else if (roll < 0.6) B = A * 1.3;
    else B = Math.round(A * (0.3 + g.r() * 1.4) * 10000) / 10000;
    const comparator = kind === "正向" ? "≥" : kind === "反向" ? "≤" : "";
    ind.target = typed(g, A, unit, comparator);
    if (g.chance(0.1)) ind.actualFrom = g.pick(RATE_IDS);
    else ind.actual = typed(g, B, unit, "");
    if (unit && g.chance(0.7)) ind.unit = unit;
  }
  if (g.chance(0.15)) {
    ind.override = { score: Math.round(g.r() * weight * 1.2 * 100) / 100 };
    if (g.chance(0.6)) ind.override.reason = g.pick(TRICKY_TEXT);
  }
  if (g.chance(0.4)) ind.deviationReason = g.pick(["受天气影响，进度滞后", "+86 123", "预算调整"]);
  if (g.chance(0.4)) ind.explanation = g.pick(["按计划完成。", "=SUM(A1)", "全年完成30余次调研。"]);
  if (g.chance(0.1)) ind.notApplicable = true;
  return ind;
}

function line(g: Gen, optional: boolean) {
  if (optional && g.chance(0.5)) return undefined;
  const initial = g.money();
  const adjusted = g.chance(0.3) ? initial : Math.round((initial + g.money(300)) * 100) / 100;
  const actual = g.chance(0.2) ? 0 : Math.round(adjusted * (0.5 + g.r() * 0.6) * 100) / 100;
  return { initial, adjusted, actual };
}

/** Amounts as people type them, sometimes with 万元 or thousands separators (always readable). */
function asTyped(g: Gen, v: number): number | string {
  const roll = g.r();
  if (roll < 0.8) return v;
  if (roll < 0.9) return `${v}万元`;
  return v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function randomInput(seed: number): EvaluationInput {
  const g = new Gen(rng(seed));
  const profile = randomProfile(g, seed);
  const tiers = tiersOf(profile);
  const basic = line(g, false)!;
  const project = line(g, false)!;
  const govFund = line(g, true);
  const stateCapital = line(g, true);
  const sum = (k: "initial" | "adjusted" | "actual") =>
    Math.round(((basic[k] ?? 0) + (project[k] ?? 0) + (govFund?.[k] ?? 0) + (stateCapital?.[k] ?? 0)) * 100) / 100;
  const fiscal = g.chance(0.85) ? { initial: sum("initial"), adjusted: sum("adjusted"), actual: sum("actual") } : line(g, false)!;
  if (g.chance(0.05)) fiscal.initial = 0; // 预算调整率 not applicable
  const personnel = Math.round(basic.actual * (0.7 + g.r() * 0.3) * 100) / 100;
  const publicExpense = g.chance(0.8) ? Math.round((basic.actual - personnel) * 100) / 100 : g.money(50);
  const n = g.int(1, 30);
  const input = {
    schemaVersion: 1 as const,
    ...(profile !== undefined ? { profile } : {}),
    unit: {
      name: g.chance(0.1) ? g.pick(TRICKY_TEXT) : `测试单位${seed}`,
      year: g.int(2019, 2025),
      ...(g.chance(0.7) ? { shortName: "我办" } : {}),
      ...(g.chance(0.8) ? { functions: Array.from({ length: g.int(1, 5) }, (_, i) => `职能${i + 1}：${g.pick(TRICKY_TEXT)}`) } : {}),
      ...(g.chance(0.5) ? { internalOrgs: "办公室、财务室" } : {}),
      staff: {
        actual: g.chance(0.8) ? g.int(1, 120) : `${g.int(1, 120)}人`,
        ...(g.chance(0.6) ? { authorized: g.int(1, 120) } : {}),
        ...(g.chance(0.3) ? { retired: g.int(0, 40) } : {}),
      },
      ...(g.chance(0.5) ? { overview: g.pick(TRICKY_TEXT) } : {}),
    },
    budget: {
      basic: { initial: asTyped(g, basic.initial), adjusted: basic.adjusted, actual: basic.actual },
      personnel,
      publicExpense,
      project,
      ...(govFund ? { govFund } : {}),
      ...(stateCapital ? { stateCapital } : {}),
      fiscal,
      ...(g.chance(0.7) ? { publicControl: { budget: g.chance(0.1) ? 0 : g.money(80), actual: g.chance(0.7) ? publicExpense : g.money(80) } } : {}),
      ...(g.chance(0.4) ? { threePublic: { budget: g.money(20), actual: g.money(20) } } : {}),
      ...(g.chance(0.4) ? { carryover: g.money(100) } : {}),
      ...(g.chance(0.3) ? { procurement: { planned: g.money(200), actual: g.money(200) } } : {}),
      ...(g.chance(0.5) ? { adjustmentReason: "年中调整预算。" } : {}),
      ...(g.chance(0.3) ? { lowExecutionReason: "项目跨年度结算。" } : {}),
    },
    ...(g.chance(0.3)
      ? { execution: { override: { score: Math.round(g.r() * 10 * 100) / 100, ...(g.chance(0.6) ? { reason: "年中预算调整" } : {}) } } }
      : {}),
    indicators: Array.from({ length: n }, (_, i) => indicator(g, i, tiers)),
    ...(g.chance(0.8) ? { problems: Array.from({ length: g.int(1, 3) }, (_, i) => `问题${i + 1}：${g.pick(TRICKY_TEXT)}`) } : {}),
    ...(g.chance(0.8) ? { measures: Array.from({ length: g.int(1, 3) }, (_, i) => `措施${i + 1}`) } : {}),
  };
  return evaluationInputSchema.parse(input);
}
