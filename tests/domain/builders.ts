import type { EvaluationInput, Indicator, RuleProfile } from "../../src/domain";
import { DEFAULT_PROFILE } from "../../src/domain";

/** A consistent minimal evaluation: the money block adds up, weights match the profile. */
export function baseInput(overrides: Partial<EvaluationInput> = {}): EvaluationInput {
  return {
    unit: { name: "测试单位", year: 2024, staff: { actual: 10 } },
    budget: {
      basic: { initial: 100, adjusted: 100, actual: 100 },
      personnel: 80,
      publicExpense: 20,
      project: { initial: 50, adjusted: 50, actual: 50 },
      fiscal: { initial: 150, adjusted: 150, actual: 150 },
    },
    indicators: [
      ind({ level1: "产出指标", level2: "数量指标", name: "产出A", weight: 50 }),
      ind({ level1: "效益指标", level2: "社会效益指标", name: "效益A", weight: 30 }),
      ind({ level1: "满意度指标", level2: "服务对象满意度指标", name: "满意度", weight: 10 }),
    ],
    problems: ["无明显问题。"],
    measures: ["继续保持。"],
    ...overrides,
  };
}

export function ind(x: Partial<Indicator>): Indicator {
  return {
    level1: "产出指标",
    level2: "数量指标",
    name: "指标",
    kind: "正向",
    target: 100,
    actual: 100,
    weight: 10,
    ...x,
  };
}

/** One indicator of weight w under test, placed in the 产出 level; returns its score. */
export function scoreOf(x: Partial<Indicator>, profile: RuleProfile = DEFAULT_PROFILE) {
  return scoreAndFindings(x, profile).score;
}

import { evaluate } from "../../src/domain";
export function scoreAndFindings(x: Partial<Indicator>, profile: RuleProfile = DEFAULT_PROFILE) {
  const input = baseInput();
  input.indicators[0] = ind({ level1: "产出指标", level2: "数量指标", name: "被测指标", weight: 10, ...x });
  const r = evaluate(input, { profile });
  return { score: r.indicators[0]!.score, computed: r.indicators[0]!.computedScore, result: r, findings: r.findings };
}

export function withProfile(patch: (p: RuleProfile) => void): RuleProfile {
  const p = structuredClone(DEFAULT_PROFILE);
  patch(p);
  return p;
}
