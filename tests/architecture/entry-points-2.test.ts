/** The second half of the 200 random workbooks of entry-points.test.ts, in its own file for the second worker. */
import { describe, it } from "vitest";
import { sameThroughEveryEntryPoint } from "./entry-points";

describe("every entry point evaluates a workbook the same way", () => {
  it("random workbooks 100–199, every other one damaged: same findings, total, grade and exit code", () => sameThroughEveryEntryPoint(100, 200), 240_000);
});
