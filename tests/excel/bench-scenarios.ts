/**
 * Round-trip figures of the live session on Excel, for the benchmark (scripts/bench calls
 * measureRoundTrips). Runs the real LiveSession over the real OfficePort over the Excel fake
 * (ExcelApi 1.14), so the counts are what Office.js would send.
 */
import { OUTPUT_SHEETS } from "../../src/template/outputs";
import { cellOf, fakeExcel, portFor, sessionOver, settle, sheetName } from "./helpers";

export interface RoundTripFigures {
  /** Round trips of one typed cell (patched from the event, recomputed, changed outputs written). */
  singleCellEdit: number;
  /** Round trips of a 1,000-cell paste that changes an output (no details: a full read, then the write). */
  paste1000: number;
  /** Cells written for that single-cell edit. */
  cellsWrittenSingleCellEdit: number;
  /** The session's own recompute time for the single-cell edit (read, engine, narrative, diff), in ms. */
  recomputeMs: number;
}

export async function measureRoundTrips(): Promise<RoundTripFigures> {
  const fake = fakeExcel("1.14");
  // The real output sheets (自评表 rows, 自评报告 paragraphs): the figures a user's edit really costs.
  const session = sessionOver(portFor(fake), OUTPUT_SHEETS);
  await session.start();
  try {
    await session.createWorkbook({ withSample: true });
    await settle(fake, session);

    fake.resetStats();
    const at = cellOf("budget.basic.actual");
    await fake.userEdit(at.sheet, at.address, 500);
    await settle(fake, session);
    const singleCellEdit = fake.stats.roundTrips;
    const cellsWrittenSingleCellEdit = fake.stats.cellsWritten;
    const recomputeMs = session.store.get().lastRecompute?.ms ?? Number.NaN;

    fake.resetStats();
    // One row of 1,000 cells whose first cell is the first 存在的问题 item: the worst case, a full read
    // and a write of the outputs that changed.
    const row = Array.from({ length: 1000 }, (_, c) => (c === 0 ? "部分项目绩效目标设置不够细化，量化指标偏少。" : `粘贴${c}`));
    await fake.userPaste(sheetName("issues"), "A4", [row]);
    await settle(fake, session);
    const paste1000 = fake.stats.roundTrips;

    const error = session.store.get().error;
    if (error) throw new Error(`bench scenario failed: ${error.message}`);
    return { singleCellEdit, paste1000, cellsWrittenSingleCellEdit, recomputeMs };
  } finally {
    await session.stop();
  }
}
