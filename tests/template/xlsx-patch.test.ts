/**
 * `evaluate --out` writes a workbook two ways: patching the file's own XML (template/xlsx-patch.ts, the
 * fast route) or through exceljs (the route for anything the patcher does not model). They must leave the
 * same workbook: the same cells and cached figures, the same print styles, row heights and print area.
 */
import ExcelJS from "exceljs";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { evaluateExcelJs } from "../../src/app/evaluate-xlsx";
import { evaluateXlsxBytes } from "../../src/app/evaluate-xlsx-bytes";
import { FIELD_CELLS, SHEETS, buildXlsx, planWorkbook, writeXlsxBuffer } from "../../src/template";
import { snapshotFromXlsxBytes } from "../../src/template/snapshot-xlsx";
import { readZip } from "../../src/template/xlsx-zip";
import { patchXlsx } from "../../src/template/xlsx-patch";
import { largeInput } from "../support/large-input";
import { sampleInput } from "./helpers";
import { convertWithLibreOffice, libreOfficeAvailable } from "../support/libreoffice";
import { projectsOnly, projectsSample, sampleProject } from "../support/projects";

const sheetName = (key: string) => SHEETS.find((s) => s.key === key)!.name;
const OUTPUT_SHEETS = [sheetName("selfTable"), sheetName("selfReport")];

async function bothRoutes(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  evaluateExcelJs(wb);
  const viaExcelJs = await writeXlsxBuffer(wb);
  const patched = await evaluateXlsxBytes(bytes);
  expect(patched, "the patching route took this file").not.toBeNull();
  return { viaExcelJs, viaPatch: patched!.bytes };
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

/** What a reader sees of a cell's look, as exceljs reads it from either file. */
function look(cell: ExcelJS.Cell) {
  const s = cell.style;
  return {
    numFmt: s.numFmt ?? "General",
    font: { name: s.font?.name, size: s.font?.size, bold: !!s.font?.bold, italic: !!s.font?.italic, color: s.font?.color?.argb },
    fill: s.fill && s.fill.type === "pattern" && s.fill.pattern !== "none" ? (s.fill.fgColor?.argb ?? null) : null,
    border: s.border ? ["top", "left", "bottom", "right"].map((k) => (s.border as Record<string, { style?: string; color?: { argb?: string } } | undefined>)[k]?.style ?? "") : [],
    // "general" is the default alignment, written out by LibreOffice and left out by exceljs.
    alignment: { h: (s.alignment?.horizontal as string | undefined) === "general" ? undefined : s.alignment?.horizontal, v: s.alignment?.vertical, wrap: !!s.alignment?.wrapText },
    locked: s.protection?.locked !== false,
  };
}

/**
 * Whether a cell is locked, from the file's own XML: exceljs reads LibreOffice's locked="false" (a valid
 * xsd:boolean) as locked, so for files LibreOffice wrote its reading cannot be compared.
 */
function lockedInXml(bytes: Buffer, sheet: string, address: string): boolean {
  const wbXml = part(bytes, "xl/workbook.xml");
  const rid = new RegExp(`<sheet\\b[^>]*name="${sheet}"[^>]*r:id="([^"]+)"`).exec(wbXml)![1]!;
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${rid}"`).exec(part(bytes, "xl/_rels/workbook.xml.rels"))!;
  const path = `xl/${(target[1] ?? target[2])!.replace(/^\/?xl\//, "")}`;
  const s = Number(new RegExp(`<c r="${address}"[^>]*\\ss="(\\d+)"`).exec(part(bytes, path))?.[1] ?? 0);
  const styles = part(bytes, "xl/styles.xml");
  const xf = styles.slice(styles.indexOf("<cellXfs")).match(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)![s]!;
  const locked = /<protection\b[^>]*\blocked="([^"]*)"/.exec(xf)?.[1];
  return !(locked === "0" || locked === "false");
}

async function expectSameWorkbook(a: Buffer, b: Buffer, options: { lockedFromXml?: boolean } = {}) {
  // Cells, formulas and cached figures, names and tables: the snapshot every reader of ours takes.
  const [sa, sb] = await Promise.all([snapshotFromXlsxBytes(a), snapshotFromXlsxBytes(b)]);
  expect(sb.names).toEqual(sa.names);
  expect(sb.tables).toEqual(sa.tables);
  for (const sheet of sa.sheets) {
    const other = sb.sheets.find((s) => s.name === sheet.name)!;
    expect(other.address, sheet.name).toBe(sheet.address);
    expect(other.formulas, sheet.name).toEqual(sheet.formulas);
    expect(other.values, sheet.name).toEqual(sheet.values);
  }
  // Print styles, row heights, print area and recalculation on open, as exceljs reads them.
  const [wa, wb] = await Promise.all([load(a), load(b)]);
  // exceljs does not read calcPr back: the XML says it.
  expect(/<calcPr\b[^>]*fullCalcOnLoad="1"/.test(part(b, "xl/workbook.xml"))).toBe(true);
  for (const name of OUTPUT_SHEETS) {
    const x = wa.getWorksheet(name);
    const y = wb.getWorksheet(name);
    if (!x) continue;
    expect(y!.pageSetup.printArea, name).toBe(x.pageSetup.printArea);
    for (let r = 1; r <= x.rowCount; r++) {
      expect(y!.getRow(r).height, `${name} row ${r} height`).toBe(x.getRow(r).height);
      x.getRow(r).eachCell({ includeEmpty: false }, (cell) => {
        const [mine, theirs] = [look(y!.getCell(cell.address)), look(cell)];
        if (options.lockedFromXml) {
          mine.locked = lockedInXml(b, name, cell.address);
          theirs.locked = lockedInXml(a, name, cell.address);
        }
        expect(mine, `${name}!${cell.address}`).toEqual(theirs);
      });
    }
  }
}

function part(bytes: Buffer, name: string): string {
  const e = readZip(bytes).find((x) => x.name === name)!;
  return (e.method === 0 ? Buffer.from(e.data) : inflateRawSync(e.data)).toString("utf8");
}

describe("evaluate --out: the patching route leaves the workbook the exceljs route leaves", () => {
  it("a template with the sample's inputs and no outputs yet (every output cell new)", async () => {
    const bytes = await writeXlsxBuffer(buildXlsx(planWorkbook(sampleInput())));
    const { viaExcelJs, viaPatch } = await bothRoutes(bytes);
    await expectSameWorkbook(viaExcelJs, viaPatch);
  });

  it("an evaluated workbook whose inputs then changed (cached figures refreshed, outputs rewritten)", async () => {
    const wb = buildXlsx(planWorkbook(sampleInput()));
    evaluateExcelJs(wb);
    const actual = FIELD_CELLS.get("budget.basic.actual")!;
    wb.getWorksheet(sheetName(actual.sheet))!.getCell(actual.address).value = 280.545;
    // A longer indicator name: its 自评表 row, which exists already, must grow.
    const table = (await snapshotFromXlsxBytes(await writeXlsxBuffer(wb))).tables.find((t) => t.name === "Indicators")!;
    const top = /^([A-Z]+)(\d+)/.exec(table.address)!;
    const nameCol = top[1]!.charCodeAt(0) - 65 + table.headers.indexOf("三级指标");
    wb.getWorksheet(table.sheet)!.getCell(Number(top[2]) + 1, nameCol + 1).value = "督查工作".repeat(12);
    const { viaExcelJs, viaPatch } = await bothRoutes(await writeXlsxBuffer(wb));
    await expectSameWorkbook(viaExcelJs, viaPatch);
    const rate = FIELD_CELLS.get("rate.basicCompletion")!;
    const snap = await snapshotFromXlsxBytes(viaPatch);
    const cell = /^([A-Z]+)(\d+)$/.exec(rate.address)!;
    const value = snap.sheets.find((s) => s.name === sheetName(rate.sheet))!.values[Number(cell[2]) - 1]![cell[1]!.charCodeAt(0) - 65];
    expect(value).toBeCloseTo(280.545 / 561.09, 10);
  });

  it("200 indicators (the 自评表 and 自评报告 far past the template's rows)", async () => {
    const bytes = await writeXlsxBuffer(buildXlsx(planWorkbook(largeInput(200))));
    const { viaExcelJs, viaPatch } = await bothRoutes(bytes);
    await expectSameWorkbook(viaExcelJs, viaPatch);
  }, 60_000);

  it("a department with its project tables, and a file of project tables only", async () => {
    for (const input of [projectsSample(), projectsOnly([sampleProject(0), sampleProject(1)])]) {
      const bytes = await writeXlsxBuffer(buildXlsx(planWorkbook(input)));
      const { viaExcelJs, viaPatch } = await bothRoutes(bytes);
      await expectSameWorkbook(viaExcelJs, viaPatch);
    }
  });

  it("evaluating its own output again adds no style, string or row: the file does not grow", async () => {
    const bytes = await writeXlsxBuffer(buildXlsx(planWorkbook(sampleInput())));
    const once = (await evaluateXlsxBytes(bytes))!.bytes;
    const twice = (await evaluateXlsxBytes(once))!.bytes;
    const count = (xml: string, tag: string) => xml.split(`<${tag}`).length - 1;
    expect(count(part(twice, "xl/styles.xml"), "xf ")).toBe(count(part(once, "xl/styles.xml"), "xf "));
    expect(count(part(twice, "xl/sharedStrings.xml"), "si>")).toBe(count(part(once, "xl/sharedStrings.xml"), "si>"));
    // Compared by equality, not toBe: a failure must not print two whole sheets.
    expect(part(twice, "xl/worksheets/sheet7.xml") === part(once, "xl/worksheets/sheet7.xml")).toBe(true);
    expect(twice.length).toBe(once.length);
  });

  it("keeps every part it does not change byte for byte", async () => {
    const bytes = await writeXlsxBuffer(buildXlsx(planWorkbook(sampleInput())));
    const out = (await evaluateXlsxBytes(bytes))!.bytes;
    const before = new Map(readZip(bytes).map((e) => [e.name, Buffer.from(e.data).toString("base64")]));
    const after = readZip(out);
    expect(after.map((e) => e.name)).toEqual([...before.keys()]);
    const untouched = after.filter((e) => before.get(e.name) === Buffer.from(e.data).toString("base64")).map((e) => e.name);
    expect(untouched).toContain("xl/worksheets/sheet5.xml"); // 问题与措施: no formula, no output
    expect(untouched).toContain("xl/tables/table2.xml");
    expect(untouched).toContain("xl/theme/theme1.xml");
    expect(untouched).not.toContain("xl/workbook.xml");
  });

  it("a workbook re-saved by LibreOffice takes the patching route, and LibreOffice recalculating its output finds every cached figure", async () => {
    expect(libreOfficeAvailable(), "LibreOffice (soffice) must be installed for this test").toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "jixiao-patch-lo-"));
    // The sample as LibreOffice 7.4 saved it (tests/fixtures/libreoffice/README.md).
    const resaved = join(__dirname, "../fixtures/libreoffice/sample-resaved.xlsx");
    // An amount changed after LibreOffice saved (as a program that does not recalculate would): every figure
    // that depends on it is stale in the file until --out.
    const actual = FIELD_CELLS.get("budget.basic.actual")!;
    const stale = patchXlsx(readFileSync(resaved), { writes: [{ sheet: sheetName(actual.sheet), address: actual.address, value: 400.5 }], cachedResults: [], fullCalcOnLoad: false });
    const { viaExcelJs, viaPatch } = await bothRoutes(stale);
    await expectSameWorkbook(viaExcelJs, viaPatch, { lockedFromXml: true });
    expect(lockedInXml(viaPatch, sheetName("selfReport"), "C4"), "自评报告's paragraphs stay editable").toBe(false);

    writeFileSync(join(dir, "out.xlsx"), viaPatch);
    const [recalculated] = convertWithLibreOffice([join(dir, "out.xlsx")], { format: "xlsx", outDir: join(dir, "lo2") });
    const [ours, theirs] = await Promise.all([snapshotFromXlsxBytes(viaPatch), snapshotFromXlsxBytes(readFileSync(recalculated!))]);
    let formulas = 0;
    const differ: string[] = [];
    for (const sheet of ours.sheets) {
      const other = theirs.sheets.find((x) => x.name === sheet.name)!;
      sheet.formulas.forEach((row, r) =>
        row.forEach((f, c) => {
          if (typeof f !== "string" || !f.startsWith("=")) return;
          formulas++;
          const a = sheet.values[r]![c]!;
          const b = other.values[r]?.[c] ?? "";
          if (typeof a === "number" && typeof b === "number" ? Math.abs(a - b) > 0.005 : String(a) !== String(b)) differ.push(`${sheet.name}!${r + 1}:${c + 1} ${String(a)} vs ${String(b)}`);
        }),
      );
    }
    expect(formulas).toBeGreaterThan(250);
    expect(differ).toEqual([]);
  }, 120_000);
});
