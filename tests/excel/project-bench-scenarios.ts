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
  /** Round trips of a paste over a department sheet and two project sheets at once (a full read, then the write). */
  pasteAcrossSheets: number;
  /** Round trips of 新增项目 (the change read back in the same sync, then the outputs written). */
  addProject: number;
  /** Projects after it, and whether the session reported a failure. */
  projectsAfterAdd: number;
  /** Round trips of 复制项目 and 删除项目. */
  copyProject: number;
  removeProject: number;
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

    // A paste without details on a department sheet and on two project sheets, in one burst: the three
    // changes are made in the same task (not awaited one by one: each user* driver yields to the timer
    // queue, where the session's 10 ms debounce could fire between them on a busy machine).
    fake.resetStats();
    await Promise.all([
      fake.userPaste("预算执行", "D7", [[480]]),
      fake.userPaste("档案经费", "E14", [[1600], [1]]),
      fake.userPaste("各部门经费", "F2", [[2023]]),
    ]);
    await settle(fake, session);
    const pasteAcrossSheets = fake.stats.roundTrips;

    fake.resetStats();
    await session.addProject({ name: "信息化运维经费" });
    await settle(fake, session);
    const addProject = fake.stats.roundTrips;
    const projectsAfterAdd = session.store.get().projects?.length ?? 0;

    fake.resetStats();
    await session.copyProject(session.store.get().projects![1]!);
    await settle(fake, session);
    const copyProject = fake.stats.roundTrips;

    fake.resetStats();
    await session.removeProject(session.store.get().projects!.at(-1)!);
    await settle(fake, session);
    const removeProject = fake.stats.roundTrips;
    const failed = session.store.get().error;
    if (failed) throw new Error(`bench scenario failed: ${failed.message}`);
    return { projectCellEdit, cellsWrittenProjectCellEdit, projectTotalAfterEdit: total, pasteAcrossSheets, addProject, projectsAfterAdd, copyProject, removeProject };
  } finally {
    await session.stop();
  }
}
