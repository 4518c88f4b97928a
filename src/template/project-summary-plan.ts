import { ExcelError, toExcel, type Value } from "../domain/expr";
import { projectFigure, projectSummarySpecs, projectSummaryValues, type ProjectResult } from "../domain/project";
import { absolute, cellAddress, colLetters } from "./addr";
import { linkFormat, type CellPlan, type NamePlan, type SheetPlan } from "./plan";
import { projectFieldInfo, projectLinkFormula, projectName } from "./project-plan";
import { NUMBER_FORMATS, PAGE, PROJECT_SUMMARY_SHEET, TITLE_CELL, type ValueKind } from "./spec";

/**
 * Plans the 项目自评汇总 sheet from PROJECT_SUMMARY_SHEET: a row of live links per project and a totals
 * row whose formulas are the domain's summary specs (projectSummarySpecs) resolved to the projects' names.
 */

const PROJECT_REF = /^projects\[(\d+)\]\.(.+)$/;

export function summaryName(id: string): string {
  const name = (PROJECT_SUMMARY_SHEET.names as Record<string, string>)[id];
  if (!name) throw new Error(`No summary name for ${id}`);
  return name;
}

export interface SummaryEntry {
  /** The project's number (Proj<n>_). */
  number: number;
  /** Its evaluation, for the cached values; absent → blank caches. */
  result?: ProjectResult;
}

function cached(v: Value | undefined): CellPlan["result"] {
  return v === undefined || v instanceof ExcelError ? undefined : v;
}

export function planProjectSummarySheet(entries: readonly SummaryEntry[]): { sheet: SheetPlan; names: NamePlan[] } {
  const S = PROJECT_SUMMARY_SHEET;
  const lastCol = colLetters(S.columns.length);
  const sheet: SheetPlan = {
    key: "projectSummary",
    name: S.name,
    columnWidths: S.columns.map((c) => c.width),
    rowHeights: {},
    cells: [
      { address: TITLE_CELL, style: "title", numFmt: "General", value: S.title },
      { address: cellAddress(2, 1), style: "note", numFmt: "General", value: S.note },
    ],
    merges: [`${TITLE_CELL}:${lastCol}1`, `A2:${lastCol}2`],
    tables: [],
    validations: [],
    protection: null,
    print: { landscape: true, paperSize: PAGE.paperSize, fitToWidth: 1, printTitleRows: `${S.headerRow}:${S.headerRow}`, footer: PAGE.footer, margins: { ...PAGE.margins } },
  };
  S.columns.forEach((c, j) => sheet.cells.push({ address: cellAddress(S.headerRow, j + 1), style: "header", numFmt: "General", value: c.header }));
  const kindOf = (field: string): ValueKind => projectFieldInfo(field).kind;

  entries.forEach((e, i) => {
    const row = S.headerRow + 1 + i;
    S.columns.forEach((c, j) => {
      const address = cellAddress(row, j + 1);
      if (c.field === null) {
        sheet.cells.push({ address, style: "label", numFmt: "0", value: i + 1 });
        return;
      }
      const result = e.result ? cached(projectFigure(e.result, c.field)) : undefined;
      sheet.cells.push({
        address,
        style: "computed",
        numFmt: linkFormat(kindOf(c.field)),
        formula: projectLinkFormula(e.number, c.field),
        ...(result !== undefined ? { result } : {}),
      });
    });
  });

  // Totals: the summary specs, with project ids resolved to the projects' names.
  const totalRow = S.headerRow + 1 + entries.length;
  const values = entries.every((e) => e.result) ? projectSummaryValues(entries.map((e) => e.result!)) : undefined;
  const resolver = {
    ref: (id: string) => {
      const m = PROJECT_REF.exec(id);
      return m ? projectName(entries[Number(m[1])]!.number, m[2]!) : summaryName(id);
    },
    col: () => {
      throw new Error("The summary has no table");
    },
    colRange: () => {
      throw new Error("The summary has no table");
    },
  };
  const names: NamePlan[] = [];
  const colOfField = (field: string) => S.columns.findIndex((c) => c.field === field) + 1;
  sheet.cells.push({ address: cellAddress(totalRow, 1), style: "header", numFmt: "General", value: "合计" });
  const countCol = colOfField(S.totals["summary.count"].column);
  sheet.cells.push({ address: cellAddress(totalRow, countCol), style: "computed", numFmt: "0", value: entries.length, field: "summary.count" });
  names.push({ name: summaryName("summary.count"), sheet: S.name, ref: absolute(totalRow, countCol), field: "summary.count" });
  for (const spec of projectSummarySpecs(entries.length)) {
    const col = colOfField((S.totals as Record<string, { column: string }>)[spec.id]!.column);
    const result = cached(values?.get(spec.id));
    sheet.cells.push({
      address: cellAddress(totalRow, col),
      style: "computed",
      numFmt: spec.format === "text" ? "General" : spec.id.startsWith("summary.deduction") || spec.id === "summary.unexplained" ? NUMBER_FORMATS.count : NUMBER_FORMATS[spec.format],
      formula: toExcel(spec.expr, resolver),
      ...(result !== undefined ? { result } : {}),
      field: spec.id,
    });
    names.push({ name: summaryName(spec.id), sheet: S.name, ref: absolute(totalRow, col), field: spec.id });
  }
  return { sheet, names };
}
