import ExcelJS from "exceljs";
import { parseRange, cellAddress, quoteSheet } from "./addr";
import { applyExcelJsPatches } from "./exceljs-patches";
import type { CellPlan, NamePlan, PlanValue, PrintPlan, SheetPlan, TablePlan, ValidationPlan, WorkbookPlan } from "./plan";
import type { CellStyle, ProtectionSpec } from "./spec";

/**
 * The ExcelJS executor of a WorkbookPlan (files: the CLI, tests, the benchmark). It adds nothing of its
 * own: every value, formula, style, name, table and setting comes from the plan.
 */

applyExcelJsPatches();

type Font = { name: string; size: number };

export function excelJsStyle(style: CellStyle, font: Font, numFmt: string): Partial<ExcelJS.Style> {
  const thin = { style: "thin" as const, color: { argb: "FFBFBFBF" } };
  return {
    numFmt,
    font: {
      name: font.name,
      size: style.size ?? font.size,
      bold: style.bold ?? false,
      italic: style.italic ?? false,
      ...(style.color ? { color: { argb: `FF${style.color}` } } : {}),
    },
    ...(style.fill ? { fill: { type: "pattern", pattern: "solid", fgColor: { argb: `FF${style.fill}` } } as ExcelJS.Fill } : {}),
    alignment: {
      wrapText: style.wrap ?? false,
      vertical: style.vAlign ?? "middle",
      ...(style.hAlign ? { horizontal: style.hAlign } : {}),
    },
    ...(style.border ? { border: { top: thin, left: thin, bottom: thin, right: thin } } : {}),
    protection: { locked: style.locked },
  };
}

/** A cell's value for ExcelJS: strings stay strings (ExcelJS never turns "=…" text into a formula). */
export function excelJsValue(cell: Pick<CellPlan, "value" | "formula" | "result">): ExcelJS.CellValue {
  if (cell.formula !== undefined) {
    const v: { formula: string; result?: PlanValue } = { formula: cell.formula };
    if (cell.result !== undefined && cell.result !== null) v.result = cell.result;
    return v as ExcelJS.CellFormulaValue;
  }
  return cell.value ?? null;
}

export function applyCell(ws: ExcelJS.Worksheet, plan: Pick<WorkbookPlan, "styles" | "font">, cell: CellPlan, writeValue = true): void {
  const c = ws.getCell(cell.address);
  if (writeValue) c.value = excelJsValue(cell);
  c.style = excelJsStyle(plan.styles[cell.style], plan.font, cell.numFmt) as ExcelJS.Style;
}

export function excelJsValidation(v: ValidationPlan): ExcelJS.DataValidation {
  const base = {
    allowBlank: v.allowBlank,
    showInputMessage: true,
    promptTitle: v.prompt.title,
    prompt: v.prompt.text,
    showErrorMessage: true,
    errorStyle: "stop" as const,
    errorTitle: v.error.title,
    error: v.error.text,
  };
  if (v.rule.type === "list") return { ...base, type: "list", formulae: [v.rule.source] };
  const formulae = [v.rule.formula1, ...(v.rule.formula2 !== undefined ? [v.rule.formula2] : [])];
  return { ...base, type: v.rule.type, operator: v.rule.operator, formulae } as ExcelJS.DataValidation;
}

export function applyValidations(ws: ExcelJS.Worksheet, validations: readonly ValidationPlan[]): void {
  // Keyed by range: exceljs writes a range key as one <dataValidation sqref="A12:A31">.
  const model = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
  for (const v of validations) model[v.range] = excelJsValidation(v);
}

export function applyProtection(ws: ExcelJS.Worksheet, p: ProtectionSpec | null): void {
  if (!p) {
    ws.unprotect();
    return;
  }
  // No password: supervisors must be able to unprotect. protect() with an empty password sets no hash.
  (ws as unknown as { sheetProtection: unknown }).sheetProtection = {
    sheet: true,
    formatCells: false,
    formatColumns: p.formatColumns,
    formatRows: p.formatRows,
    insertRows: p.insertRows,
    deleteRows: p.deleteRows,
    sort: p.sort,
    autoFilter: p.autoFilter,
    selectLockedCells: true,
    selectUnlockedCells: true,
  };
}

export function applyPrint(ws: ExcelJS.Worksheet, print: PrintPlan): void {
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: print.paperSize as ExcelJS.PageSetup["paperSize"],
    orientation: print.landscape ? "landscape" : "portrait",
    fitToPage: true,
    fitToWidth: print.fitToWidth,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: print.margins,
    ...(print.printTitleRows ? { printTitlesRow: print.printTitleRows } : {}),
    // exceljs writes `$<left>:$<right>` around what it is given: "A$1:H$22" becomes the absolute
    // $A$1:$H$22 that LibreOffice needs ($A1:$H22 would be a relative print area it ignores).
    ...(print.area ? { printArea: print.area.replace(/([A-Z]+)(\d+)/g, "$1$$$2") } : {}),
  };
  ws.headerFooter = { ...ws.headerFooter, oddFooter: print.footer };
}

export function addName(wb: ExcelJS.Workbook, n: NamePlan): void {
  wb.definedNames.add(`${quoteSheet(n.sheet)}!${n.ref}`, n.name);
}

function addTable(ws: ExcelJS.Worksheet, t: TablePlan, cells: ReadonlyMap<string, CellPlan>): void {
  const r = parseRange(t.ref);
  const rows: ExcelJS.CellValue[][] = [];
  for (let row = r.top + 1; row <= r.bottom; row++) {
    rows.push(t.columns.map((_, j) => excelJsValue(cells.get(cellAddress(row, r.left + j)) ?? {})));
  }
  ws.addTable({
    name: t.name,
    ref: cellAddress(r.top, r.left),
    headerRow: true,
    totalsRow: false,
    style: { theme: t.theme as ExcelJS.TableStyleProperties["theme"], showRowStripes: false },
    columns: t.columns.map((c) => ({
      name: c.name,
      filterButton: true,
      ...(c.formula ? { calculatedColumnFormula: c.formula } : {}),
    })) as ExcelJS.TableColumnProperties[],
    rows,
  });
}

export function buildSheet(wb: ExcelJS.Workbook, plan: Pick<WorkbookPlan, "styles" | "font">, s: SheetPlan): void {
  const ws = wb.addWorksheet(s.name);
  s.columnWidths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  const byAddress = new Map(s.cells.map((c) => [c.address, c]));
  for (const t of s.tables) addTable(ws, t, byAddress);
  for (const cell of s.cells) applyCell(ws, plan, cell);
  for (const m of s.merges) ws.mergeCells(m);
  for (const [row, h] of Object.entries(s.rowHeights)) ws.getRow(Number(row)).height = h;
  applyValidations(ws, s.validations);
  applyPrint(ws, s.print);
  applyProtection(ws, s.protection);
}

export function buildXlsx(plan: WorkbookPlan): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = plan.properties.creator;
  wb.title = plan.properties.title;
  wb.subject = plan.properties.subject;
  wb.keywords = plan.properties.keywords;
  wb.calcProperties.fullCalcOnLoad = plan.fullCalcOnLoad;
  for (const s of plan.sheets) buildSheet(wb, plan, s);
  for (const n of plan.names) addName(wb, n);
  return wb;
}

/** Light compression: 3× faster to write and read than exceljs's default, for a few more kilobytes. */
export const XLSX_WRITE_OPTIONS = { zip: { compression: "DEFLATE", compressionOptions: { level: 1 } } } as unknown as Partial<ExcelJS.XlsxWriteOptions>;

export async function writeXlsxBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer(XLSX_WRITE_OPTIONS));
}
