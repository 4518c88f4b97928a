import { measureRoundTrips } from "../../tests/excel/bench-scenarios";
import type { Metric } from "../bench";

export async function syncsBench(): Promise<Metric[]> {
  const f = await measureRoundTrips();
  return [
    { name: "syncs.singleCellEdit", value: f.singleCellEdit, unit: "syncs", note: "Office.js adapter on the Excel fake; budget 1" },
    { name: "syncs.paste1000", value: f.paste1000, unit: "syncs", note: "budget ≤ 2" },
    { name: "cellsWritten.singleCellEdit", value: f.cellsWrittenSingleCellEdit, unit: "cells", note: "only the outputs that changed" },
    { name: "recompute.fake.ms", value: f.recomputeMs, unit: "ms", note: "one single-cell-edit recompute through the adapter and the fake" },
  ];
}
