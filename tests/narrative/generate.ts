import fc from "fast-check";
import { LEVEL1_NAMES, LEVEL2_BY_LEVEL1, type EvaluationInput, type Indicator } from "../../src/domain";
import { rng } from "../support/random";

/**
 * Random valid inputs: a deterministic generator of N indicators for benchmarks (makeInput) and a
 * fast-check arbitrary for property tests (arbInput). "Valid" means the schema accepts it; the data
 * may still be wrong in the ways real data are (missing figures, deductions without reasons…).
 * Free texts are drawn from phrases without labelled figures: a phrase such as "项目完成率95%" would be
 * the unit's own claim about the data, which the free-text check rightly reads.
 */

export const NAMES = [
  "督查工作",
  "综合文稿",
  "调研活动",
  "会务办理",
  "档案工作",
  "资金使用合规性",
  "公用经费控制率",
  "预算执行率",
  "服务对象满意度",
  "=SUM(A1)",
  "+1分",
  "-5",
  "@user",
  "采购设备50台",
] as const;

const PHRASES = [
  "全年办理交办函70余件，按时办结100%。",
  "开展一线调研30余次，形成调研报告12篇。",
  "值班值守严谨有序，实行24小时值班制度。",
  "=HYPERLINK(\"http://x\")",
  "+加强预算管理",
  "-年中调整了部分预算",
  "@全体：按要求完成",
  "受疫情影响，部分工作延期",
  "目标设置偏高，下年度将调整",
] as const;

const QUALITATIVE_TARGETS = ["战斗有力、督查有效", "按要求完成", "零差错", "稳步推进", "=1+1"] as const;
const QUALITATIVE_ACTUALS = ["督查通报7期，按时办结100%", "完成", "圆满完成", "部分完成", "@完成"] as const;
const TIERS = ["达成年度指标", "部分达成并具有一定效果", "未达成且效果较差"] as const;


/** N indicators spread over the three levels, with every kind and the usual defects. */
export function makeIndicators(n: number, seed = 1): Indicator[] {
  const rnd = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const cents = (max: number) => Math.round(rnd() * max * 100) / 100;
  const out: Indicator[] = [];
  for (let i = 0; i < n; i++) {
    const level1 = LEVEL1_NAMES[i % 10 < 6 ? 0 : i % 10 < 9 ? 1 : 2];
    const level2 = pick(LEVEL2_BY_LEVEL1[level1]);
    const weight = 1 + Math.floor(rnd() * 10);
    const name = `${pick(NAMES)}${i + 1}`;
    const r = rnd();
    let ind: Indicator;
    if (r < 0.4) {
      const tier = pick(TIERS);
      ind = { level1, level2, name, kind: "定性", target: pick(QUALITATIVE_TARGETS), actual: pick(QUALITATIVE_ACTUALS), weight, tier, qualitativeScore: cents(weight) };
    } else if (r < 0.7) {
      ind = { level1, level2, name, kind: "正向", target: `≥${Math.floor(rnd() * 100)}%`, actual: `${Math.floor(rnd() * 110)}%`, unit: "%", weight };
    } else if (r < 0.85) {
      ind = { level1, level2, name, kind: "反向", target: `≤${1 + Math.floor(rnd() * 100)}%`, unit: "%", weight, actualFrom: "publicControl" };
    } else {
      ind = { level1, level2, name, kind: "正向", target: `${1 + Math.floor(rnd() * 50)}次`, actual: `${Math.floor(rnd() * 60)}余次`, weight };
    }
    if (rnd() < 0.3) ind.deviationReason = pick(PHRASES);
    if (rnd() < 0.6) ind.explanation = pick(PHRASES);
    if (rnd() < 0.05) ind.notApplicable = true;
    if (rnd() < 0.1) ind.override = { score: cents(weight), ...(rnd() < 0.5 ? { reason: pick(PHRASES) } : {}) };
    out.push(ind);
  }
  return out;
}

/** A complete input with `n` indicators (the reference unit's figures, so the rest is realistic). */
export function makeInput(n: number, seed = 1): EvaluationInput {
  return {
    schemaVersion: 1,
    profile: "cz2020",
    unit: {
      name: "测试单位",
      shortName: "我局",
      year: 2024,
      functions: ["负责本单位的日常工作。", "办理上级交办的其他事项。"],
      internalOrgs: "办公室、财务室",
      budgetUnits: "单位本级",
      staff: { actual: 28, authorized: 30, retired: 5 },
    },
    budget: {
      basic: { initial: 454.99, adjusted: 561.09, actual: 561.09 },
      personnel: 531.23,
      publicExpense: 29.86,
      project: { initial: 279.04, adjusted: 305.65, actual: 300.1 },
      fiscal: { initial: 734.03, adjusted: 866.74, actual: 861.19 },
      publicControl: { budget: 38.4, actual: 29.86 },
      adjustmentReason: "年中追加了部分预算。",
    },
    indicators: makeIndicators(n, seed),
    problems: ["预算编制不够精准。"],
    measures: ["加强预算管理。"],
  };
}

// ---- fast-check ---------------------------------------------------------------------------------------

const cents = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((c) => c / 100);
/** An amount as people give it: a number, "561.09万元", or blank. */
const amount = fc.option(
  fc.oneof({ arbitrary: cents(100_000), weight: 4 }, { arbitrary: cents(100_000).map((v) => `${v}万元`), weight: 1 }, { arbitrary: fc.constant(0), weight: 1 }),
  { nil: undefined, freq: 8 },
);
const line = fc.record({ initial: amount, adjusted: amount, actual: amount });
const text = fc.constantFrom(...PHRASES);
const optText = fc.option(text, { nil: undefined, freq: 3 });

const arbIndicator: fc.Arbitrary<Indicator> = fc
  .record({
    level1: fc.constantFrom(...LEVEL1_NAMES),
    name: fc.constantFrom(...NAMES),
    weight: fc.oneof(fc.integer({ min: 1, max: 20 }), cents(20).filter((w) => w > 0)),
    shape: fc.constantFrom("定性", "percent", "reverse", "linked", "count", "blank"),
    a: fc.integer({ min: 0, max: 150 }),
    b: fc.integer({ min: 0, max: 150 }),
    tier: fc.constantFrom(...TIERS),
    share: fc.integer({ min: 0, max: 100 }),
    deviationReason: optText,
    explanation: optText,
    notApplicable: fc.option(fc.constant(true), { nil: undefined, freq: 10 }),
    override: fc.option(fc.record({ share: fc.integer({ min: 0, max: 100 }), reason: optText }), { nil: undefined, freq: 6 }),
  })
  .map((r) => {
    const level2 = LEVEL2_BY_LEVEL1[r.level1][0]!;
    const base = { level1: r.level1, level2, name: r.name, weight: r.weight };
    let ind: Indicator;
    switch (r.shape) {
      case "定性":
        ind = { ...base, kind: "定性", target: QUALITATIVE_TARGETS[r.a % 5], actual: QUALITATIVE_ACTUALS[r.b % 5], tier: r.tier, qualitativeScore: Math.round(r.weight * r.share) / 100 };
        break;
      case "percent":
        ind = { ...base, kind: "正向", target: `≥${r.a}%`, actual: `${r.b}%`, unit: "%" };
        break;
      case "reverse":
        ind = { ...base, kind: "反向", target: r.a / 100, actual: r.b / 100, unit: "%" };
        break;
      case "linked":
        ind = { ...base, kind: "反向", target: "≤100%", unit: "%", actualFrom: "publicControl" };
        break;
      case "count":
        ind = { ...base, kind: "等于", target: `${r.a}次`, actual: `${r.b}次` };
        break;
      default:
        ind = { ...base, kind: "正向" };
    }
    if (r.deviationReason) ind.deviationReason = r.deviationReason;
    if (r.explanation) ind.explanation = r.explanation;
    if (r.notApplicable) ind.notApplicable = true;
    if (r.override) ind.override = { score: Math.round(r.weight * r.override.share) / 100, ...(r.override.reason ? { reason: r.override.reason } : {}) };
    return ind;
  });

export interface ArbInputOptions {
  /** Keep 日常公用经费 and the 控制率's 实际公用经费 the same figure (the data agree with themselves). */
  consistentPublicExpense?: boolean;
  maxIndicators?: number;
}

export function arbInput(options: ArbInputOptions = {}): fc.Arbitrary<EvaluationInput> {
  return fc
    .record({
      profile: fc.constantFrom("cz2020", "hubei", "jiangxi", "legacy2017"),
      shortName: fc.option(fc.constantFrom("我办", "我局", "=我单位"), { nil: undefined }),
      year: fc.integer({ min: 2015, max: 2030 }),
      functions: fc.option(fc.array(text, { maxLength: 4 }), { nil: undefined }),
      internalOrgs: optText,
      staff: fc.record({
        actual: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined, freq: 8 }),
        authorized: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
        retired: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      }),
      overview: optText,
      basic: line,
      personnel: amount,
      publicExpense: amount,
      project: line,
      projectDescription: optText,
      govFund: fc.option(line, { nil: undefined }),
      stateCapital: fc.option(line, { nil: undefined }),
      fiscal: line,
      control: fc.option(fc.record({ budget: amount, actual: amount }), { nil: undefined }),
      threePublic: fc.option(fc.record({ budget: amount, actual: amount }), { nil: undefined }),
      adjustmentReason: optText,
      lowExecutionReason: optText,
      execOverride: fc.option(fc.record({ score: cents(10), reason: optText }), { nil: undefined, freq: 4 }),
      indicators: fc.array(arbIndicator, { maxLength: options.maxIndicators ?? 12 }),
      problems: fc.option(fc.array(text, { maxLength: 3 }), { nil: undefined }),
      measures: fc.option(fc.array(text, { maxLength: 3 }), { nil: undefined }),
    })
    .map((r): EvaluationInput => {
      const control = r.control && options.consistentPublicExpense ? { ...r.control, actual: r.publicExpense } : r.control;
      return {
        schemaVersion: 1,
        profile: r.profile,
        unit: {
          name: "测试单位",
          ...(r.shortName ? { shortName: r.shortName } : {}),
          year: r.year,
          ...(r.functions ? { functions: r.functions } : {}),
          ...(r.internalOrgs ? { internalOrgs: r.internalOrgs } : {}),
          staff: r.staff,
          ...(r.overview ? { overview: r.overview } : {}),
        },
        budget: {
          basic: r.basic,
          personnel: r.personnel,
          publicExpense: r.publicExpense,
          project: r.project,
          ...(r.projectDescription ? { projectDescription: r.projectDescription } : {}),
          ...(r.govFund ? { govFund: r.govFund } : {}),
          ...(r.stateCapital ? { stateCapital: r.stateCapital } : {}),
          fiscal: r.fiscal,
          ...(control ? { publicControl: control } : {}),
          ...(r.threePublic ? { threePublic: r.threePublic } : {}),
          ...(r.adjustmentReason ? { adjustmentReason: r.adjustmentReason } : {}),
          ...(r.lowExecutionReason ? { lowExecutionReason: r.lowExecutionReason } : {}),
        },
        ...(r.execOverride
          ? { execution: { override: { score: r.execOverride.score, ...(r.execOverride.reason ? { reason: r.execOverride.reason } : {}) } } }
          : {}),
        indicators: r.indicators,
        ...(r.problems ? { problems: r.problems } : {}),
        ...(r.measures ? { measures: r.measures } : {}),
      };
    });
}
