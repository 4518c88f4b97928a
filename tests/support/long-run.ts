/**
 * `npm run test:long` sets JIXIAO_LONG=1: the random tests then run their long counts. `npm test` runs
 * the everyday counts, which keep to its 4-minute budget on a 2-core machine.
 */
export const LONG_RUN = process.env.JIXIAO_LONG === "1";

/** How many random cases a test runs: `everyday` under npm test, `long` under `npm run test:long`. */
export function randomRuns(everyday: number, long: number): number {
  return LONG_RUN ? long : everyday;
}
