import { describe, expect, it } from "vitest";
import { measureProjectRoundTrips } from "./project-bench-scenarios";

/**
 * The live session on a workbook with project sheets (Office.js adapter over the Excel fake): the
 * project tables are read with their sheets, and a typed cell on a project sheet is one round trip.
 */
describe("the live session with projects", () => {
  it("an edit on a project sheet: one round trip, the project rescored, only changed outputs written", async () => {
    const f = await measureProjectRoundTrips();
    expect(f.projectTotalAfterEdit).toBe(92.5); // 1500 of 3000 件: 7.5 of 15 points
    expect(f.projectCellEdit).toBe(1);
    expect(f.cellsWrittenProjectCellEdit).toBeGreaterThan(0);
    expect(f.cellsWrittenProjectCellEdit).toBeLessThanOrEqual(4);
    // Any edit, also a paste over department and project sheets at once: a read and a write, no more
    // (the read used to need a second sync for the project sheets and tables).
    expect(f.pasteAcrossSheets).toBe(2);
    expect(f.addProject).toBeLessThanOrEqual(3);
    expect(f.projectsAfterAdd).toBe(4);
    expect(f.copyProject).toBeLessThanOrEqual(3);
    expect(f.removeProject).toBeLessThanOrEqual(3);
  });
});
