/**
 * Round-trip figures of the live session on a workbook with project sheets, for the benchmark: the
 * real LiveSession over the real OfficePort over the Excel fake (ExcelApi 1.14).
 */
import { LiveSession } from "../../src/app/session";
import { OUTPUT_SHEETS } from "../../src/template/outputs";
import { projectsSample } from "../support/projects";
import { fakeExcel, portFor, settle } from "./helpers";

export interface ProjectRoundTripFigures {
  /** Round trips of one typed cell on a project sheet. */
  projectCellEdit: number;
  /** Cells written for it. */
  cellsWrittenProjectCellEdit: number;
  /** The evaluation after the edit saw it (the project's new total). */
  projectTotalAfterEdit: number;
}

export async function measureProjectRoundTrips(): Promise<ProjectRoundTripFigures> {
  const fake = fakeExcel("1.14");
  const session = new LiveSession(portFor(fake), OUTPUT_SHEETS, { host: "excel", sample: projectsSample(), debounceMs: 10 });
  await session.start();
  try {
    await session.createWorkbook({ withSample: true });
    await settle(fake, session);
    fake.resetStats();
    // 档案经费: 文书档案整理归档 3200 → 1500 件 (7.5 of 15 points).
    await fake.userEdit("档案经费", "E14", 1500);
    await settle(fake, session);
    const projectCellEdit = fake.stats.roundTrips;
    const cellsWrittenProjectCellEdit = fake.stats.cellsWritten;
    const error = session.store.get().error;
    if (error) throw new Error(`bench scenario failed: ${error.message}`);
    const total = session.store.get().result?.projects[1]?.total ?? Number.NaN;
    return { projectCellEdit, cellsWrittenProjectCellEdit, projectTotalAfterEdit: total };
  } finally {
    await session.stop();
  }
}
