/** The second range of the random workbooks of entry-points.test.ts, in its own file for the second worker. */
import { describe, it } from "vitest";
import { ENTRY_POINT_SEEDS, sameThroughEveryEntryPoint } from "./entry-points";

describe("every entry point evaluates a workbook the same way", () => {
  it(`random workbooks 100–${99 + ENTRY_POINT_SEEDS}, every other one damaged: same findings, total, grade and exit code`, () =>
    sameThroughEveryEntryPoint(100, 100 + ENTRY_POINT_SEEDS), 240_000);
});
