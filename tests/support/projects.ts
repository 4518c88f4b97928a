import sample from "../../assets/samples/reference-2023-projects.json";
import { evaluationInputSchema, type EvaluationInput, type ProjectInput } from "../../src/domain";
import { randomInput } from "../template/generators";
import { rng } from "./random";

/** The reference department with its three projects (assets/samples/reference-2023-projects.json). */
export function projectsSample(): EvaluationInput {
  return evaluationInputSchema.parse(structuredClone(sample));
}

export function sampleProject(i = 0): ProjectInput {
  return structuredClone(projectsSample().projects![i]!);
}

const money = (r: () => number, max: number) => Math.round(r() * max * 100) / 100;

/** A random project: random money (sometimes inconsistent), and a random indicator table of every kind. */
export function randomProject(seed: number): ProjectInput {
  const r = rng(seed);
  const indicators = randomInput(seed).indicators.slice(0, 15).map((ind) => ({ ...ind, actualFrom: undefined }));
  for (const ind of indicators) delete ind.actualFrom;
  const fiscal = { initial: money(r, 300), adjusted: money(r, 300), actual: money(r, 300) };
  const carryover = r() < 0.4 ? { initial: 0, adjusted: money(r, 20), actual: money(r, 20) } : undefined;
  const sum = (k: "initial" | "adjusted" | "actual") => Math.round((fiscal[k] + (carryover?.[k] ?? 0)) * 100) / 100;
  const total = r() < 0.85 ? { initial: sum("initial"), adjusted: sum("adjusted"), actual: sum("actual") } : { initial: money(r, 300), adjusted: money(r, 300), actual: money(r, 300) };
  return {
    name: `随机项目${seed}`,
    supervisor: "测试主管部门",
    ...(r() < 0.5 ? { implementer: "测试实施单位" } : {}),
    funds: { total, fiscal, ...(carryover ? { carryover } : {}) },
    ...(r() < 0.5 ? { lowExecutionReason: "年底资金到位较晚" } : {}),
    ...(r() < 0.2 ? { execution: { override: { score: Math.round(r() * 10 * 100) / 100, ...(r() < 0.5 ? { reason: "年中调整" } : {}) } } } : {}),
    goals: { expected: "完成年度目标", achieved: "基本完成" },
    indicators,
  };
}

/** A workbook input of project tables only (no department form). */
export function projectsOnly(projects: ProjectInput[], name = "测试单位"): EvaluationInput {
  return evaluationInputSchema.parse({
    schemaVersion: 2,
    unit: { name, year: 2023 },
    budget: { basic: {}, project: {}, fiscal: {} },
    indicators: [],
    projects,
  });
}

/** `count` projects of exactly `indicators` indicators each (the benchmark's 200 × 15). */
export function manyProjects(count: number, indicators: number): ProjectInput[] {
  return Array.from({ length: count }, (_, i) => {
    const p = randomProject(5000 + i);
    const pool = p.indicators.length ? p.indicators : sampleProject(i % 3).indicators;
    p.indicators = Array.from({ length: indicators }, (_, k) => ({ ...pool[k % pool.length]!, name: `指标${k + 1}` }));
    return p;
  });
}
