import type ExcelJS from "exceljs";
import { parseRange, cellAddress } from "./addr";
import { unparsedNames } from "./exceljs-patches";
import { repairPlan, type RepairAction, type RepairPlan } from "./repair";
import { snapshotFromExcelJs } from "./snapshot-exceljs";
import { FONT_NAME, FONT_SIZE, STYLES } from "./spec";
import { planWorkbook } from "./plan";
import { addName, applyPrint, applyProtection, applyValidations, buildSheet, excelJsStyle, excelJsValue } from "./xlsx";

/** Executes a RepairPlan on an ExcelJS workbook, in place. Input cells keep their values. */

function sheetOf(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.worksheets.find((w) => w.name.toLowerCase() === name.toLowerCase());
  if (!ws) throw new Error(`Repair plan names a sheet that does not exist: ${name}`);
  return ws;
}

interface TableModel {
  name: string;
  columns: Array<{ name: string; calculatedColumnFormula?: string }>;
}

function apply(wb: ExcelJS.Workbook, a: RepairAction): void {
  const font = { name: FONT_NAME, size: FONT_SIZE };
  switch (a.kind) {
    case "formula": {
      const cell = sheetOf(wb, a.sheet).getCell(a.address);
      cell.value = excelJsValue(a);
      cell.style = excelJsStyle(STYLES[a.style], font, a.numFmt) as ExcelJS.Style;
      return;
    }
    case "marker":
      sheetOf(wb, a.sheet).getCell(a.address).value = a.value;
      return;
    case "cell": {
      const cell = sheetOf(wb, a.sheet).getCell(a.address);
      if (a.text !== undefined) cell.value = a.text;
      cell.style = excelJsStyle(STYLES[a.style], font, a.numFmt) as ExcelJS.Style;
      return;
    }
    case "name": {
      const dn = wb.definedNames as unknown as { unparsed?: Array<{ name: string }>; matrixMap: Record<string, unknown> };
      if (dn.unparsed) dn.unparsed = unparsedNames(dn).filter((u) => u.name.toLowerCase() !== a.name.toLowerCase());
      for (const key of Object.keys(dn.matrixMap)) if (key.toLowerCase() === a.name.toLowerCase()) delete dn.matrixMap[key];
      addName(wb, { name: a.name, sheet: a.sheet, ref: a.ref });
      return;
    }
    case "unmerge":
      sheetOf(wb, a.sheet).unMergeCells(a.range);
      return;
    case "tableFormulas": {
      const ws = sheetOf(wb, a.sheet);
      const t = (ws.getTables() as unknown as Array<{ table?: TableModel }>).find((x) => x.table?.name.toLowerCase() === a.table.toLowerCase());
      if (!t?.table) return;
      for (const c of t.table.columns) {
        const f = a.columns.find((x) => x.name === c.name);
        if (f) c.calculatedColumnFormula = f.formula;
      }
      return;
    }
    case "unlock": {
      const ws = sheetOf(wb, a.sheet);
      const r = parseRange(a.range);
      for (let row = r.top; row <= r.bottom; row++) {
        for (let col = r.left; col <= r.right; col++) {
          const cell = ws.getCell(cellAddress(row, col));
          // A fresh style object: loaded cells may share one, and only this cell's lock may change.
          // (ExcelJS, not Office.js: there is no context to sync.)
          // eslint-disable-next-line office-addins/call-sync-before-read
          cell.style = { ...cell.style, protection: { locked: false } } as ExcelJS.Style;
        }
      }
      return;
    }
    case "validations": {
      const ws = sheetOf(wb, a.sheet);
      (ws as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations.model = {};
      applyValidations(ws, a.validations);
      return;
    }
    case "protection": {
      // A password the unit set stays: repair restores the template's protection options, it never
      // unlocks a sheet someone locked on purpose.
      const ws = sheetOf(wb, a.sheet) as unknown as { sheetProtection?: Record<string, unknown> | null };
      const old = ws.sheetProtection ?? {};
      const password = Object.fromEntries(
        ["password", "algorithmName", "hashValue", "saltValue", "spinCount"].filter((k) => old[k] !== undefined).map((k) => [k, old[k]]),
      );
      applyProtection(sheetOf(wb, a.sheet), a.protection);
      if (Object.keys(password).length) ws.sheetProtection = { ...(ws.sheetProtection ?? { sheet: true }), ...password };
      return;
    }
    case "print":
      applyPrint(sheetOf(wb, a.sheet), a.print);
      return;
    case "fullCalcOnLoad":
      wb.calcProperties.fullCalcOnLoad = true;
      return;
  }
}

/** Repairs a loaded workbook in place and returns what was done. */
export function repairXlsx(wb: ExcelJS.Workbook): RepairPlan {
  const plan = repairPlan(snapshotFromExcelJs(wb));
  for (const a of plan.actions) apply(wb, a);
  // A deleted output sheet comes back empty from the spec, as the add-in's repair does; the next
  // evaluation fills it.
  if (plan.missingOutputs.length) {
    const template = planWorkbook();
    for (const s of template.sheets) if (plan.missingOutputs.includes(s.key)) buildSheet(wb, template, s);
  }
  return plan;
}
