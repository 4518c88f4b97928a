import ExcelJS from "exceljs";
import { strToU8, unzipSync, zipSync } from "fflate";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateExcelJs } from "../../src/app/evaluate-xlsx";
import { buildXlsx, planWorkbook, snapshotFromExcelJs, writeXlsxBuffer } from "../../src/template";
import { LightReadUnsupported, bytesOf, snapshotFromXlsxBytes, utf8Of, walkXml } from "../../src/template/snapshot-xlsx";
import { readZip } from "../../src/template/xlsx-zip";
import { projectsSample } from "../support/projects";
import { randomInput } from "./generators";
import { loadBuffer, sampleInput } from "./helpers";

/**
 * The light reader of `jixiao evaluate` (node's zlib + a small XML walker) must give exactly the snapshot that
 * exceljs gives for the same file, so the one evaluation use case sees the same workbook either way.
 */

async function bothSnapshots(buffer: Buffer) {
  const light = await snapshotFromXlsxBytes(new Uint8Array(buffer));
  const heavy = snapshotFromExcelJs(await loadBuffer(buffer));
  return { light, heavy };
}

async function evaluatedBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  evaluateExcelJs(wb);
  return writeXlsxBuffer(wb);
}

describe("light .xlsx read (snapshot-xlsx) = exceljs read", () => {
  it("on the sample workbook, evaluated as the CLI writes it", async () => {
    const { light, heavy } = await bothSnapshots(await evaluatedBuffer(buildXlsx(planWorkbook(sampleInput()))));
    expect(light.sheets.length).toBeGreaterThan(5);
    expect(light.names.length).toBeGreaterThan(20);
    expect(light).toEqual(heavy);
  });

  it("on the sample with its project sheets", async () => {
    const { light, heavy } = await bothSnapshots(await evaluatedBuffer(buildXlsx(planWorkbook(projectsSample()))));
    expect(light.tables.length).toBeGreaterThan(1);
    expect(light).toEqual(heavy);
  });

  it("on random workbooks (built, and built then evaluated)", async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const wb = buildXlsx(planWorkbook(randomInput(seed)));
      const raw = await bothSnapshots(await writeXlsxBuffer(wb));
      expect(raw.light, `seed ${seed}, as built`).toEqual(raw.heavy);
      const evaluated = await bothSnapshots(await evaluatedBuffer(wb));
      expect(evaluated.light, `seed ${seed}, evaluated`).toEqual(evaluated.heavy);
    }
  });

  it("on what users put in workbooks: merges, links, dates, rich text, errors, shared formulas, odd names", async () => {
    const wb = buildXlsx(planWorkbook(sampleInput()));
    const ws = wb.addWorksheet("用户 自己的'表");
    ws.getCell("A1").value = "标题";
    ws.mergeCells("A1:D2");
    ws.getCell("B4").value = new Date(Date.UTC(2024, 0, 31));
    ws.getCell("B4").numFmt = "yyyy-mm-dd";
    ws.getCell("C4").value = { richText: [{ text: "粗" , font: { bold: true } }, { text: "体" }] };
    ws.getCell("D4").value = { text: "链接", hyperlink: "https://example.org" };
    ws.getCell("E4").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
    ws.getCell("F4").value = true;
    ws.getCell("G4").value = "a & b < c _x000D_";
    ws.getCell("A6").value = 1;
    ws.getCell("B6").value = { formula: "A6*2", result: 2, shareType: "shared", ref: "B6:B8" } as ExcelJS.CellFormulaValue;
    ws.getCell("B7").value = { sharedFormula: "B6", result: 4 } as ExcelJS.CellSharedFormulaValue;
    ws.getCell("B8").value = { sharedFormula: "B6", result: 6 } as ExcelJS.CellSharedFormulaValue;
    ws.getCell("C6").value = { formula: "B6+1", result: new Date(Date.UTC(2024, 1, 1)) } as ExcelJS.CellFormulaValue;
    ws.getCell("C6").numFmt = "yyyy-mm-dd";
    ws.getCell("Z20").style = { font: { bold: true } };
    wb.definedNames.add("'用户 自己的''表'!$A$6:$B$8", "UserBlock");
    wb.definedNames.add("'用户 自己的''表'!$A$6", "UserTwo");
    wb.definedNames.add("'用户 自己的''表'!$B$6", "UserTwo");
    const { light, heavy } = await bothSnapshots(await writeXlsxBuffer(wb));
    expect(light.sheets.at(-1)!.values[3]).toContain("a & b < c \r");
    expect(light).toEqual(heavy);
  });

  it("on names exceljs cannot parse as ranges, a whole-row name and a workbook re-zipped by another program", async () => {
    const buffer = await writeXlsxBuffer(buildXlsx(planWorkbook(sampleInput())));
    const parts = unzipSync(new Uint8Array(buffer));
    const workbook = new TextDecoder().decode(parts["xl/workbook.xml"]!);
    parts["xl/workbook.xml"] = strToU8(
      workbook.replace(
        "</definedNames>",
        `<definedName name="Broken">#REF!</definedName><definedName name="Constant">"1.0"</definedName>` +
          `<definedName name="WholeRow">'预算执行'!$A$5:$XFD$5</definedName><definedName name="Two">'预算执行'!$A$1,'预算执行'!$C$3:$D$4</definedName>` +
          `<definedName name="_xlnm.Print_Area" localSheetId="0">'填表说明'!$A$1:$B$9</definedName></definedNames>`,
      ),
    );
    // Re-zipped by another zip writer (fflate), deflated and stored.
    for (const level of [9, 0] as const) {
      const rezipped = Buffer.from(zipSync(parts, { level }));
      const { light, heavy } = await bothSnapshots(rezipped);
      expect(light.names.map((n) => n.name)).toEqual(expect.arrayContaining(["Broken", "Constant", "WholeRow", "Two"]));
      expect(light).toEqual(heavy);
    }
  });

  it("says what it does not read, so the caller reads with exceljs (not a zip, an encrypted file)", async () => {
    await expect(snapshotFromXlsxBytes(strToU8("not a zip"))).rejects.toThrow(LightReadUnsupported);
    const zip = zipSync({ "hello.txt": strToU8("x") });
    await expect(snapshotFromXlsxBytes(zip)).rejects.toThrow(LightReadUnsupported);
    const encrypted = readFileSync(join(__dirname, "../fixtures/encrypted-password-123.xlsx"));
    await expect(snapshotFromXlsxBytes(new Uint8Array(encrypted))).rejects.toThrow(LightReadUnsupported);
  });

  it("reads parts large enough to inflate on the thread pool the same, and steps aside when one is damaged", async () => {
    // 9,000 cells of hex text, which compresses poorly: shared strings over 256 KB compressed.
    const wb = buildXlsx(planWorkbook(sampleInput()));
    const ws = wb.addWorksheet("附表");
    let x = 12345;
    for (let r = 1; r <= 3000; r++) {
      ws.getRow(r).values = [1, 2, 3].map(() => Array.from({ length: 10 }, () => ((x = (x * 1103515245 + 12345) >>> 0), x.toString(16))).join(""));
    }
    const buffer = await evaluatedBuffer(wb);
    const large = readZip(buffer).filter((e) => e.compressedSize > 256 * 1024);
    expect(large.map((e) => e.name)).toContain("xl/sharedStrings.xml");
    const { light, heavy } = await bothSnapshots(buffer);
    expect(light.sheets.find((s) => s.name === "附表")?.values.length).toBe(3000);
    expect(light).toEqual(heavy);
    // A deflate block of the reserved type 11: the inflater must fail, and the light read says it does not read it.
    large[0]!.data[0] = 0xff;
    await expect(snapshotFromXlsxBytes(new Uint8Array(buffer))).rejects.toThrow(LightReadUnsupported);
  });
});

describe("the light reader's XML scanner", () => {
  function events(xml: string): string[] {
    const out: string[] = [];
    walkXml(xml, {
      open: (name, attrs, selfClosing) => out.push(`<${name}${Object.entries(attrs).map(([k, v]) => ` ${k}=${v}`).join("")}${selfClosing ? "/" : ""}>`),
      close: (name) => out.push(`</${name}>`),
      text: (t) => out.push(t),
    });
    return out;
  }

  it("reads what writers other than exceljs put in parts: declarations, comments, CDATA, odd quoting and spacing", () => {
    const xml =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<!DOCTYPE x><!-- a > comment -->` +
      `<x:row r = "3" spans='1:2'\n\tht="15"><c r="A3" t="s"><v>0</v></c><f>IF(A1&gt;0,"&lt;&amp;&#x4E2D;&#25991;")</f>` +
      `<t><![CDATA[a<b>&amp;]]></t><e a="x>y" b='say "hi"'/><e2 /></x:row>tail`;
    expect(events(xml)).toEqual([
      "\r\n",
      "<x:row r=3 spans=1:2 ht=15>", "<c r=A3 t=s>", "<v>", "0", "</v>", "</c>",
      "<f>", 'IF(A1>0,"<&中文")', "</f>",
      "<t>", "a<b>&amp;", "</t>",
      '<e a=x>y b=say "hi"/>', "</e>", "<e2/>", "</e2>", "</x:row>", "tail",
    ]);
  });

  it("decodes each entity once and leaves what is not one as written", () => {
    const text = (xml: string) => events(`<t>${xml}</t>`)[1];
    expect(text("&amp;lt; &amp;amp;")).toBe("&lt; &amp;");
    expect(text("&&amp;&")).toBe("&&&");
    expect(text("&constructor; &toString; &unknown; & alone; R&D")).toBe("&constructor; &toString; &unknown; & alone; R&D");
    expect(text("&#x1F600;&#20013;&#x;&#12a;")).toBe("😀中&#x;&#12a;");
    expect(text("&quot;&apos;&gt;")).toBe("\"'>");
  });

  it("reads a part as bytes: UTF-8 values and text decoded, a character reference kept apart from the bytes around it", () => {
    const part = Buffer.from(`<si a="绩效&amp;" b='x'><t>自评&#x4E2D;报告</t><t><![CDATA[中<文]]></t><t>ascii</t></si>`, "utf8").toString("latin1");
    expect(events(part)).toEqual(["<si a=绩效& b=x>", "<t>", "自评中报告", "</t>", "<t>", "中<文", "</t>", "<t>", "ascii", "</t>", "</si>"]);
    // bytesOf gives a text's UTF-8 bytes, utf8Of reads them back; ASCII is the same either way.
    expect(utf8Of(bytesOf("得分 ≥ 90 分"))).toBe("得分 ≥ 90 分");
    expect(bytesOf("plain")).toBe("plain");
  });

  it("stops at a tag cut off at the end of a damaged part instead of reading past it", () => {
    expect(events('<a b="1"><c d="')).toEqual(["<a b=1>"]);
    expect(events("<a><!-- never closed")).toEqual(["<a>"]);
  });
});

