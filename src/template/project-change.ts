import { evaluateProjects } from "../domain/project";
import type { ProjectInput } from "../domain/model";
import type { NamePlan, SheetPlan, WorkbookPlan } from "./plan";
import { planProjectSheet, projectSheetName } from "./project-plan";
import { planProjectSummarySheet } from "./project-summary-plan";
import { readEvaluation, type ReadResult } from "./reader";
import type { WorkbookSnapshot } from "./snapshot";
import { FONT_NAME, FONT_SIZE, PROJECT_SHEET, PROJECT_SUMMARY_SHEET, STYLES, TEMPLATE_VERSION } from "./spec";

/**
 * 新增项目 / 复制项目 / 删除项目 as data: which sheets and defined names go, which sheets and names come,
 * computed from a snapshot. Every host executes the same change (Office.js, the memory workbook, the
 * .xlsx file of `jixiao project`), so they cannot disagree on numbering, names or the 汇总.
 *
 * The 项目自评汇总 is nothing but formulas over the projects' names and nothing refers to it, so it is
 * replaced whole (deleted and planned again for the projects there will be): no row is ever inserted in
 * the middle of it, and an older layout is brought up to date by the same step. Defined names of a
 * project whose sheet was deleted outside the add-in (they point at #REF!) are dropped by any change.
 */

export interface SheetChange {
  /** Defined names to delete first (a deleted sheet would leave them pointing at #REF!). */
  deleteNames: string[];
  /** Sheets to delete, after the names. */
  deleteSheets: string[];
  /** Sheets and names to insert last, as a plan (styles and font included; properties unused). */
  insert: WorkbookPlan;
}

export type ProjectChangeRequest =
  /** A new, empty project sheet (optionally with its 项目名称 filled in). */
  | { kind: "add"; name?: string }
  /** A new project sheet with the contents of project `index` (in read order), under a new name. */
  | { kind: "copy"; index: number; name?: string }
  /** Project `index` goes: its sheet, its names, its row of the 汇总. */
  | { kind: "remove"; index: number };

export interface PlannedProjectChange {
  change: SheetChange;
  /** The sheet added, or removed. */
  sheet: string;
  /** The project's number (Proj<n>_) added or removed. */
  number: number;
}

export class ProjectChangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProjectChangeError";
  }
}

const SUMMARY_NAMES: readonly string[] = Object.values(PROJECT_SUMMARY_SHEET.names);

/** The plan for one project change; `read` may be passed when the caller has read the snapshot already. */
export function planProjectChange(snapshot: WorkbookSnapshot, request: ProjectChangeRequest, read: ReadResult = readEvaluation(snapshot)): PlannedProjectChange {
  const lower = (s: string) => s.toLowerCase();
  const allSheets = snapshot.allSheets ?? snapshot.sheets.map((s) => s.name);
  const existing = new Set(allSheets.map(lower));
  const names = snapshot.names.map((n) => n.name);
  const deleteNames = new Set<string>();
  const deleteSheets: string[] = [];

  // Names of projects whose sheet is gone: any change cleans them up.
  const present = new Set(read.projects.map((p) => p.number));
  for (const x of names) {
    const n = projectNumber(x);
    if (n !== null && !present.has(n)) deleteNames.add(x);
  }

  let projects: Array<{ number: number; input: ProjectInput }> = read.projects.map((p) => ({ number: p.number, input: p.input }));
  const sheets: SheetPlan[] = [];
  const inserted: NamePlan[] = [];
  let sheet: string;
  let number: number;

  if (request.kind === "remove") {
    const target = read.projects[request.index];
    if (!target) throw new ProjectChangeError(`找不到第${request.index + 1}个项目。现有项目：${list(read)}。`);
    number = target.number;
    sheet = target.sheet;
    for (const x of names) if (projectNumber(x) === number) deleteNames.add(x);
    if (existing.has(lower(sheet))) deleteSheets.push(sheet);
    projects = projects.filter((p) => p.number !== number);
  } else {
    let project: ProjectInput | undefined;
    if (request.kind === "copy") {
      const source = read.projects[request.index];
      if (!source) throw new ProjectChangeError(`找不到要复制的第${request.index + 1}个项目。现有项目：${list(read)}。`);
      const base = source.input.name || source.sheet;
      project = { ...structuredClone(source.input), name: request.name?.trim() || `${base}（副本）` };
    } else if (request.name?.trim()) {
      project = { name: request.name.trim(), funds: { total: {} }, indicators: [] };
    }
    number = nextNumber(names);
    const taken = new Set([...allSheets, PROJECT_SUMMARY_SHEET.name]);
    sheet = projectSheetName(project?.name ?? "", number, taken);
    const planned = planProjectSheet({
      number,
      sheetName: sheet,
      profile: read.profile,
      ...(project ? { project, extraRows: project.indicators.length ? 3 : PROJECT_SHEET.table.emptyRows } : {}),
    });
    sheets.push(planned.sheet);
    inserted.push(...planned.names);
    projects = [...projects, { number, input: project ?? { name: "", funds: { total: {} }, indicators: [] } }];
  }

  // The 汇总: replaced whole, after the project sheets (none left: no 汇总).
  if (existing.has(lower(PROJECT_SUMMARY_SHEET.name))) deleteSheets.unshift(PROJECT_SUMMARY_SHEET.name);
  const ownNames = new Set(SUMMARY_NAMES.map(lower));
  for (const x of names) if (ownNames.has(lower(x))) deleteNames.add(x);
  if (projects.length > 0) {
    const results = evaluateProjects(
      projects.map((p) => p.input),
      read.profile,
      read.input.unit.year || null,
    ).results;
    const summary = planProjectSummarySheet(projects.map((p, i) => ({ number: p.number, ...(results[i] ? { result: results[i] } : {}) })));
    sheets.push(summary.sheet);
    inserted.push(...summary.names);
  }

  return {
    change: {
      deleteNames: [...deleteNames],
      deleteSheets,
      insert: {
        version: TEMPLATE_VERSION,
        properties: { title: "", subject: "", keywords: "", creator: "" },
        fullCalcOnLoad: false,
        font: { name: FONT_NAME, size: FONT_SIZE },
        styles: STYLES,
        sheets,
        names: inserted,
      },
    },
    sheet,
    number,
  };
}

const PREFIX = new RegExp(`^${PROJECT_SHEET.namePrefix}(\\d+)_`, "i");

/** The project number of a Proj<n>_ name, or null. */
function projectNumber(name: string): number | null {
  const m = PREFIX.exec(name);
  return m ? Number(m[1]) : null;
}

function nextNumber(names: readonly string[]): number {
  return Math.max(0, ...names.map((n) => projectNumber(n) ?? 0)) + 1;
}

function list(read: ReadResult): string {
  return read.projects.map((p) => p.input.name || p.sheet).join("、") || "（无）";
}
