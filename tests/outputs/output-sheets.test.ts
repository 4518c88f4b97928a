import { evaluateExcelJs as recomputeExcelJs } from "../../src/app/evaluate-xlsx";
import ExcelJS from "exceljs";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import sample from "../../assets/samples/reference-2023.json";
import { evaluationInputSchema, type EvaluationInput } from "../../src/domain";
import { LiveSession } from "../../src/app/session";
import {
  FIELD_CELLS,
  OUTPUT_SHEETS,
  SELF_REPORT_LAYOUT,
  SELF_TABLE_LAYOUT,
  SHEETS,
  buildXlsx,
  planWorkbook,
  writeXlsxBuffer,
} from "../../src/template";
import { MemoryWorkbook } from "../../src/workbook/memory-port";
import { convertWithLibreOffice } from "../support/libreoffice";
import { settleSession } from "../support/settle";

const sheetName = (key: string) => SHEETS.find((s) => s.key === key)!.name;
const TABLE = sheetName("selfTable");
const REPORT = sheetName("selfReport");
const input = (): EvaluationInput => evaluationInputSchema.parse(structuredClone(sample));
const cellOf = (field: string) => {
  const c = FIELD_CELLS.get(field)!;
  return { sheet: sheetName(c.sheet), address: c.address };
};
const settle = (s: LiveSession) => settleSession(s);

describe("the output sheets, kept by the live session", () => {
  let wb: MemoryWorkbook;
  let session: LiveSession;
  const reportRow = (key: string) => session.store.get().narrative.findIndex((p) => p.key === key) + SELF_REPORT_LAYOUT.firstRow;

  beforeAll(async () => {
    wb = new MemoryWorkbook();
    session = new LiveSession(wb, OUTPUT_SHEETS, { host: "preview", sample: input(), debounceMs: 5 });
    await session.start();
    await session.createWorkbook({ withSample: true });
  });

  test("自评表: one formula row per indicator, then the total", () => {
    const first = SELF_TABLE_LAYOUT.firstRow;
    const guard = (k: number, f: string) => `=IF(ROWS(Indicators[三级指标])<${k},"",IF(INDEX(Indicators[三级指标],${k})="","",${f}))`;
    expect(wb.getCell(TABLE, `C${first}`)?.formula).toBe(guard(1, 'INDEX(Indicators[三级指标],1)&""'));
    expect(wb.getCell(TABLE, `G${first}`)?.formula).toBe(guard(1, "INDEX(Indicators[得分],1)"));
    // The value the formula computes is written with it (MemoryWorkbook keeps the cached result).
    expect(wb.getCell(TABLE, `C${first}`)?.value).toBe("督查工作");
    expect(wb.getCell(TABLE, `G${first}`)?.value).toBe(10);
    const total = first + 14;
    expect(wb.getCell(TABLE, `A${total}`)?.value).toBe("总分");
    expect(wb.getCell(TABLE, `G${total}`)?.formula).toBe("=TotalScore");
    expect(wb.getCell(TABLE, `G${total}`)?.value).toBe(99);
  });

  test("自评报告: a row per paragraph with level, status, source cells and the stored checksum", () => {
    const rows = session.store.get().narrative;
    const last = SELF_REPORT_LAYOUT.firstRow + rows.length - 1;
    expect(wb.getCell(REPORT, `F${last}`)?.value).toBe(rows.at(-1)!.key);
    const basic = reportRow("s2.basic");
    expect(String(wb.getCell(REPORT, `C${basic}`)?.value)).toContain("实际支出561.09万元");
    expect(wb.getCell(REPORT, `D${basic}`)?.value).toBe("自动");
    expect(String(wb.getCell(REPORT, `E${basic}`)?.value)).toContain("'预算执行'!");
    expect(wb.getCell(REPORT, "F2")?.value).toBe(session.store.get().result!.computed["narrative.checksum"]);
    expect(wb.getCell(REPORT, "C2")?.formula).toMatch(/^=IF\(ABS\(ROUND\(/);
  });

  test("a paragraph edited by hand is kept, then marked 数据已变 with the figures when its data change", async () => {
    const row = reportRow("s2.basic");
    const mine = "基本支出实际支出561.09万元，其中日常公用经费29.86万元。";
    wb.userEdit(REPORT, `C${row}`, mine);
    await settle(session);
    expect(wb.getCell(REPORT, `C${row}`)?.value).toBe(mine);
    expect(wb.getCell(REPORT, `D${row}`)?.value).toBe("已手动修改");
    const at = cellOf("budget.publicExpense");
    wb.userEdit(at.sheet, at.address, 29.85);
    await settle(session);
    expect(wb.getCell(REPORT, `C${row}`)?.value).toBe(mine);
    expect(String(wb.getCell(REPORT, `D${row}`)?.value)).toMatch(/^数据已变：.*29\.86.*29\.85/);
  });

  test("when an indicator goes, its row moves below the filled ones and shows blank until filled again", async () => {
    const nameCell = (row: number) => ({ sheet: sheetName("indicators"), address: `C${row}` });
    // Blank every input of the last indicator row of the table (row 11 is the header).
    const lastRow = 11 + 14;
    for (const column of ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]) {
      wb.setRaw(nameCell(lastRow).sheet, `${column}${lastRow}`, null);
    }
    await session.recompute();
    const blankRow = SELF_TABLE_LAYOUT.firstRow + 13;
    expect(wb.getCell(TABLE, `C${blankRow}`)?.formula).toContain("INDEX(Indicators[三级指标],14)");
    expect(wb.getCell(TABLE, `A${blankRow + 1}`)?.value).toBe("总分");
    expect(wb.getCell(TABLE, `G${blankRow + 1}`)?.formula).toBe("=TotalScore");
    expect(wb.getCell(TABLE, `A${blankRow + 3}`)?.value ?? "").toBe("");
  });
});

describe("the output sheets in a file, computed by LibreOffice", () => {
  const dir = mkdtempSync(join(tmpdir(), "jixiao-out-"));
  let values: Map<string, unknown>;
  let changed: Map<string, unknown>;

  beforeAll(async () => {
    const data = input();
    data.indicators[0]!.name = "=SUM(A1)";
    data.indicators[0]!.explanation = "+86 123";
    const wbFresh = buildXlsx(planWorkbook(data));
    recomputeExcelJs(wbFresh);
    writeFileSync(join(dir, "fresh.xlsx"), await writeXlsxBuffer(wbFresh));
    // The supervisor changes a figure in Excel without the add-in: nothing regenerates the text.
    const at = cellOf("budget.publicExpense");
    wbFresh.getWorksheet(at.sheet)!.getCell(at.address).value = 29.85;
    writeFileSync(join(dir, "changed.xlsx"), await writeXlsxBuffer(wbFresh));
    const [a, b] = convertWithLibreOffice([join(dir, "fresh.xlsx"), join(dir, "changed.xlsx")], { format: "xlsx", outDir: join(dir, "lo") });
    values = await readAll(a!);
    changed = await readAll(b!);
  }, 120_000);

  async function readAll(path: string): Promise<Map<string, unknown>> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const out = new Map<string, unknown>();
    for (const ws of wb.worksheets) {
      ws.eachRow((row, r) =>
        row.eachCell((cell, c) => {
          const v = cell.value as { result?: unknown } | unknown;
          out.set(`${ws.name}!${cell.address}`, v && typeof v === "object" && "result" in v ? v.result : v);
          void r;
          void c;
        }),
      );
    }
    return out;
  }

  test("the 自评表 shows the engine's figures: total 99, 优, targets as the report writes them", () => {
    const first = SELF_TABLE_LAYOUT.firstRow;
    expect(values.get(`${TABLE}!G${first + 14}`)).toBe(99);
    expect(values.get(`${TABLE}!H${first + 14}`)).toBe("评价等级：优");
    expect(values.get(`${TABLE}!E6`)).toBe(10);
    expect(values.get(`${TABLE}!F6`)).toBe(1);
    expect(values.get(`${TABLE}!G6`)).toBe(9);
    const satisfaction = first + 13;
    expect(values.get(`${TABLE}!D${satisfaction}`)).toBe("≥90%");
    expect(values.get(`${TABLE}!E${satisfaction}`)).toBe("90%");
    const control = first + 6;
    expect(values.get(`${TABLE}!D${control}`)).toBe("≤100%");
    expect(values.get(`${TABLE}!E${control}`)).toBe("77.73%");
  });

  test("text that looks like a formula stays text in both output sheets", () => {
    expect(values.get(`${TABLE}!C${SELF_TABLE_LAYOUT.firstRow}`)).toBe("=SUM(A1)");
    const texts = [...values].filter(([k]) => k.startsWith(`${REPORT}!C`)).map(([, v]) => String(v));
    expect(texts.some((t) => t.includes("=SUM(A1)"))).toBe(true);
    expect(texts).toContain("+86 123。");
  });

  test("the freshness formula tells a reader without the add-in that the figures changed", () => {
    expect(values.get(`${REPORT}!C2`)).toBe("报告文字与当前数据一致");
    expect(String(changed.get(`${REPORT}!C2`))).toMatch(/^注意：报告生成后数据已修改/);
  });
});
