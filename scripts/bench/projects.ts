import { evaluate } from "../../src/domain";
import { manyProjects, projectsOnly } from "../../tests/support/projects";
import { runShipped } from "./shipped";
import { measureProjectRoundTrips } from "../../tests/excel/project-bench-scenarios";
import type { Metric } from "../bench";
import { medianMs } from "./timing";

/** Projects: the engine over 200 project tables, and the round trips of the live session with projects. */
export async function projectsBench(): Promise<Metric[]> {
  const input = projectsOnly(manyProjects(200, 15));
  const underTsx = await medianMs(() => evaluate(input));
  const shipped = runShipped<{ ms: number }>("projects200.ts").ms;
  const metrics: Metric[] = [
    {
      name: "engine.projects200.ms", value: shipped, unit: "ms",
      note: "200 projects × 15 indicators, full evaluation incl. findings, code bundled as shipped, own process, median of 21; budget ≤ 50",
    },
    { name: "engine.projects200.tsx.ms", value: underTsx, unit: "ms", note: "the same under tsx (its keepNames wrappers included), for comparison" },
  ];
  const f = await measureProjectRoundTrips();
  metrics.push(
    { name: "syncs.projectCellEdit", value: f.projectCellEdit, unit: "syncs", note: "one cell of a project sheet, Office.js adapter on the Excel fake; budget 1" },
    { name: "cellsWritten.projectCellEdit", value: f.cellsWrittenProjectCellEdit, unit: "cells", note: "outputs that changed (the report's project paragraph)" },
    { name: "syncs.pasteAcrossSheets", value: f.pasteAcrossSheets, unit: "syncs", note: "a paste over 预算执行 and two project sheets: a read and a write; budget ≤ 2" },
    { name: "syncs.addProject", value: f.addProject, unit: "syncs", note: "新增项目: change + read back, print setup, outputs written; budget ≤ 3" },
    { name: "syncs.copyProject", value: f.copyProject, unit: "syncs", note: "复制项目; budget ≤ 3" },
    { name: "syncs.removeProject", value: f.removeProject, unit: "syncs", note: "删除项目; budget ≤ 3" },
  );
  return metrics;
}
