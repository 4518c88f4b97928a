import sample from "../../assets/samples/reference-2023.json";
import type { EvaluationInput, Indicator } from "../../src/domain";
import { evaluationInputSchema, LEVEL1_NAMES, LEVEL2_BY_LEVEL1 } from "../../src/domain";
import { rng } from "./random";

export { rng };


/**
 * The sample unit with `n` indicators of every kind, weights that add up to the default profile's
 * level weights (50/30/10), and realistic values: for benchmarks and scale tests.
 */
export function largeInput(n: number, seed = 1): EvaluationInput {
  const random = rng(seed);
  const base = evaluationInputSchema.parse(structuredClone(sample));
  const levelWeights = [50, 30, 10];
  const indicators: Indicator[] = [];
  for (let i = 0; i < n; i++) {
    const levelIndex = i % 3;
    const level1 = LEVEL1_NAMES[levelIndex]!;
    const kinds = ["正向", "反向", "等于", "定性"] as const;
    const kind = kinds[Math.floor(random() * 4)]!;
    const target = Math.round(random() * 10000) / 100;
    const actual = Math.round(target * (0.5 + random()) * 100) / 100;
    const ind: Indicator = {
      level1,
      level2: LEVEL2_BY_LEVEL1[level1][i % LEVEL2_BY_LEVEL1[level1].length]!,
      name: `指标${i + 1}`,
      kind,
      target: kind === "定性" ? "按要求完成" : target,
      actual: kind === "定性" ? "完成" : actual,
      weight: 0,
      tier: kind === "定性" ? "达成年度指标" : undefined,
      deviationReason: random() < 0.5 ? "受客观因素影响，部分指标未完成。" : undefined,
      explanation: `第${i + 1}项工作按计划推进，全年完成${actual}项。`,
    };
    indicators.push(ind);
  }
  // Spread each level's weight over its indicators in cents so the sums are exact.
  for (let level = 0; level < 3; level++) {
    const mine = indicators.filter((_, i) => i % 3 === level);
    const cents = levelWeights[level]! * 100;
    mine.forEach((ind, k) => {
      const share = Math.floor(cents / mine.length) + (k < cents % mine.length ? 1 : 0);
      ind.weight = share / 100;
    });
  }
  return { ...base, indicators };
}
