/**
 * Shared set-up of the adapter tests and the benchmark scenarios: a FakeExcel, the real OfficePort over
 * it, a LiveSession with a minimal output layout, and ways to wait until everything has settled.
 * No vitest here: scripts/bench imports it through bench-scenarios.ts.
 */
import sample from "../../assets/samples/reference-2023.json";
import { LiveSession } from "../../src/app/session";
import { evaluationInputSchema, type EvaluationInput } from "../../src/domain";
import type { StoredParagraph } from "../../src/domain/narrative-merge";
import { OfficePort, type OfficePortOptions } from "../../src/excel/office-port";
import { colLetters, parseRange } from "../../src/template/addr";
import { FIELD_CELLS, INDICATOR_TABLE, SHEETS, TABLE_COLUMNS, fieldInfo } from "../../src/template/core";
import type { CellWrite } from "../../src/workbook/port";
import { getCell } from "../../src/template/snapshot-cells";
import { FakeExcel, type FakeExcelOptions } from "../fakes/excel-fake";
import { settleSession } from "../support/settle";

export const sampleInput = (): EvaluationInput => evaluationInputSchema.parse(structuredClone(sample));

export const sheetName = (key: string): string => SHEETS.find((s) => s.key === key)!.name;
export const reportSheet = sheetName("selfReport");

/** The fake's `Excel` namespace typed as the real one (the only cast, at the test boundary). */
export function portFor(fake: FakeExcel, options: Partial<OfficePortOptions> = {}): OfficePort {
  return new OfficePort({ excel: fake.excelNamespace as unknown as typeof Excel, requirements: fake.officeRequirements, ...options });
}

export function fakeExcel(api: string, options: FakeExcelOptions = {}): FakeExcel {
  return new FakeExcel({ ...options, requirementSets: { ExcelApi: api } });
}

/** The session's output layout contract. */
type OutputSheets = ConstructorParameters<typeof LiveSession>[1];

/**
 * A minimal output layout for the session's mechanics (as in tests/app): one paragraph per row from
 * row 3, in columns AA–AD of 自评报告, clear of whatever the template itself puts on that sheet.
 */
export const testOutputs: OutputSheets = {
  readNarrative(snapshot) {
    const out: StoredParagraph[] = [];
    for (let row = 3; ; row++) {
      const key = getCell(snapshot, reportSheet, `AA${row}`).value;
      if (!key) break;
      out.push({
        key: String(key),
        level: "body",
        text: String(getCell(snapshot, reportSheet, `AB${row}`).value),
        generatedText: String(getCell(snapshot, reportSheet, `AC${row}`).value),
        sources: [],
        status: "自动",
      });
    }
    return out;
  },
  desired({ narrative }) {
    const writes: CellWrite[] = [];
    narrative.forEach((p, i) => {
      const row = 3 + i;
      writes.push({ sheet: reportSheet, address: `AA${row}`, value: p.key });
      writes.push({ sheet: reportSheet, address: `AB${row}`, value: p.text });
      writes.push({ sheet: reportSheet, address: `AC${row}`, value: p.generatedText });
      writes.push({ sheet: reportSheet, address: `AD${row}`, value: p.status });
    });
    return writes;
  },
};

export function sessionOver(port: OfficePort, outputs: OutputSheets = testOutputs): LiveSession {
  return new LiveSession(port, outputs, { host: "excel", sample: sampleInput(), debounceMs: 10 });
}

export function cellOf(field: string): { sheet: string; address: string } {
  const c = FIELD_CELLS.get(field)!;
  return { sheet: sheetName(c.sheet), address: c.address };
}

/** Waits until events, the session's debounce and its queue have all gone quiet (conditions, not sleeps). */
export async function settle(fake: FakeExcel, session: LiveSession): Promise<void> {
  await settleSession(session, () => fake.flushEvents());
}

/** Every input cell of the template: named scalar inputs and the indicator table's input columns. */
export function inputCells(tableBottom: number): Array<{ sheet: string; address: string }> {
  const out: Array<{ sheet: string; address: string }> = [];
  for (const c of FIELD_CELLS.values()) if (fieldInfo(c.id).role === "input") out.push({ sheet: sheetName(c.sheet), address: c.address });
  const header = parseRange(INDICATOR_TABLE.header);
  TABLE_COLUMNS.forEach((c, j) => {
    if (!c.input) return;
    for (let row = header.top + 1; row <= tableBottom; row++) {
      out.push({ sheet: sheetName(INDICATOR_TABLE.sheet), address: `${colLetters(header.left + j)}${row}` });
    }
  });
  return out;
}

export { LiveSession };
