import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import sample from "../../assets/samples/reference-2023.json";
import { evaluate, evaluationInputSchema, type EvaluationInput } from "../../src/domain";
import { generateReport } from "../../src/domain/narrative";
import { CHAR_SPACING, exportDocx, mmToTwips } from "../../src/report";
import { convertWithLibreOffice, pdfPageToPng } from "../support/libreoffice";

const input = evaluationInputSchema.parse(sample);

async function build(i: EvaluationInput) {
  const result = evaluate(i);
  const { paragraphs } = generateReport(i, result);
  const bytes = await exportDocx(paragraphs, i, result);
  const zip = await JSZip.loadAsync(bytes);
  const read = async (path: string) => {
    const f = zip.file(path);
    if (!f) throw new Error(`no ${path} in the docx`);
    return f.async("string");
  };
  return { bytes, zip, read, paragraphs };
}

/** The text of a WordprocessingML part, runs joined per paragraph. */
function paragraphsText(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(""),
  );
}

describe("exportDocx: GB/T 9704 layout", () => {
  let documentXml = "";
  let fontTable = "";
  let footers: string[] = [];
  let settingsXml = "";
  let bytes: Uint8Array;

  beforeAll(async () => {
    const built = await build(input);
    bytes = built.bytes;
    documentXml = await built.read("word/document.xml");
    fontTable = await built.read("word/fontTable.xml");
    settingsXml = await built.read("word/settings.xml");
    footers = await Promise.all(Object.keys(built.zip.files).filter((p) => /^word\/footer\d+\.xml$/.test(p)).map(built.read));
  });

  it("returns a zip (docx) as a Uint8Array", () => {
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
  });

  it("converts millimetres to twips exactly", () => {
    expect([mmToTwips(210), mmToTwips(297), mmToTwips(37), mmToTwips(35), mmToTwips(28), mmToTwips(26)]).toEqual([
      11906, 16838, 2098, 1984, 1587, 1474,
    ]);
  });

  it("is A4 with the 公文 margins in every section", () => {
    const sizes = [...documentXml.matchAll(/<w:pgSz [^>]*\/>/g)].map((m) => m[0]);
    const margins = [...documentXml.matchAll(/<w:pgMar [^>]*\/>/g)].map((m) => m[0]);
    expect(sizes).toHaveLength(2);
    for (const s of sizes) {
      expect(s).toContain('w:w="11906"');
      expect(s).toContain('w:h="16838"');
    }
    for (const m of margins) {
      expect(m).toContain('w:top="2098"');
      expect(m).toContain('w:bottom="1984"');
      expect(m).toContain('w:left="1587"');
      expect(m).toContain('w:right="1474"');
    }
  });

  it("sets 22 lines of 28 characters: exact 28.95 pt lines, characters narrowed to 15.75 pt", () => {
    expect(documentXml).toMatch(/<w:docGrid w:type="default" w:linePitch="579"\/>/);
    expect(documentXml).toContain('w:line="579" w:lineRule="exact"');
    expect(CHAR_SPACING).toBe(-5);
    expect(28 * (320 + CHAR_SPACING)).toBeLessThanOrEqual(11906 - 1587 - 1474);
    expect(29 * (320 + CHAR_SPACING)).toBeGreaterThan(11906 - 1587 - 1474);
  });

  it("writes the title in 2号 方正小标宋简体, centred", () => {
    const title = /<w:p>(?:(?!<\/w:p>).)*2023年度部门整体支出绩效自评报告(?:(?!<\/w:p>).)*<\/w:p>/s.exec(documentXml)![0];
    expect(title).toContain('<w:sz w:val="44"/>');
    expect(title).toContain('w:eastAsia="方正小标宋简体"');
    expect(title).toContain('<w:jc w:val="center"/>');
  });

  it("writes body text in 3号 仿宋_GB2312 with a two-character first-line indent", () => {
    const p = /<w:p>(?:(?!<\/w:p>).)*基本支出是保障机构正常运转(?:(?!<\/w:p>).)*<\/w:p>/s.exec(documentXml)![0];
    expect(p).toContain('<w:sz w:val="32"/>');
    expect(p).toContain('w:eastAsia="仿宋_GB2312"');
    expect(p).toMatch(/<w:ind w:firstLine="630" w:firstLineChars="200"\/>/);
    expect(p).toContain('<w:spacing w:val="-5"/>');
  });

  it("uses 黑体 for 一、 headings, 楷体_GB2312 for （一）, the body font for 1.", () => {
    const para = (text: string) =>
      new RegExp(`<w:p>(?:(?!</w:p>).)*${text}(?:(?!</w:p>).)*</w:p>`, "s").exec(documentXml)![0];
    expect(para("一、基本情况")).toContain('w:eastAsia="黑体"');
    expect(para("（一）基本支出情况")).toContain('w:eastAsia="楷体_GB2312"');
    expect(para("（一）部门基本情况")).toContain('w:eastAsia="楷体_GB2312"');
    expect(para("1.负责区委会议")).toContain('w:eastAsia="仿宋_GB2312"');
  });

  it("numbers pages “— 1 —” in 4号 宋体 on the outer side: odd pages right, even pages left", () => {
    expect(footers.length).toBeGreaterThan(0);
    expect(footers.filter((f) => f.includes('<w:jc w:val="right"/>')).length).toBeGreaterThan(0);
    expect(footers.filter((f) => f.includes('<w:jc w:val="left"/>')).length).toBeGreaterThan(0);
    expect(settingsXml).toContain("<w:evenAndOddHeaders/>");
    for (const f of footers) {
      expect(f).toMatch(/<w:t[^>]*>— <\/w:t>[\s\S]*PAGE[\s\S]*<w:t[^>]*> —<\/w:t>/);
      expect(f).toContain('<w:sz w:val="28"/>');
      expect(f).toContain('w:eastAsia="宋体"');
    }
  });

  it("names the fallback fonts in the font table", () => {
    expect(fontTable).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
    expect(fontTable).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    expect(fontTable).toContain('<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>');
  });

  it("contains the report text and the 自评表 appendix", () => {
    const texts = paragraphsText(documentXml);
    expect(texts.some((t) => t.startsWith("财政拨款年初预算数734.03万元，全年预算数866.74万元，全年执行数866.74万元，预算执行率100%。"))).toBe(true);
    expect(texts).toContain("附件：中共雁峰区委办公室2023年度部门整体支出绩效自评表");
    expect(texts).toContain("中共雁峰区委办公室2023年度部门整体支出绩效自评表");
    // 落款: the unit, then the date, right-aligned, after the 附件说明.
    const at = texts.indexOf("附件：中共雁峰区委办公室2023年度部门整体支出绩效自评表");
    const after = texts.slice(at + 1).filter(Boolean);
    expect(after[0]).toBe("中共雁峰区委办公室");
    expect(after[1]).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    expect(/<w:p>(?:(?!<\/w:p>).)*<w:jc w:val="right"\/>(?:(?!<\/w:p>).)*中共雁峰区委办公室<\/w:t>/s.test(documentXml)).toBe(true);
    // The 年度总体目标 row of the 自评表.
    const goals = /<w:tr>(?:(?!<\/w:tr>).)*>年度总体目标<(?:(?!<\/w:tr>).)*<\/w:tr>/gs;
    expect([...documentXml.matchAll(goals)].length).toBe(2);
    for (const header of ["年初预算数", "全年预算数", "全年执行数", "执行率", "一级指标", "三级指标", "偏差原因分析及改进措施", "总分", "评价等级"]) {
      expect(texts).toContain(header);
    }
    // Money block: 财政拨款合计 734.03 | 866.74 | 866.74 | 10 | 100% | 9.
    const row = /<w:tr>(?:(?!<\/w:tr>).)*财政拨款合计(?:(?!<\/w:tr>).)*<\/w:tr>/s.exec(documentXml)![0];
    expect(paragraphsText(row)).toEqual(["财政拨款合计", "734.03", "866.74", "866.74", "10", "100%", "9"]);
    const ind = /<w:tr>(?:(?!<\/w:tr>).)*公用经费控制率(?:(?!<\/w:tr>).)*<\/w:tr>/s.exec(documentXml)![0];
    // The first cell continues the merged 一级指标 cell (产出指标) above; 成本指标 starts a new 二级.
    expect(paragraphsText(ind)).toEqual(["", "成本指标", "公用经费控制率", "≤100%", "77.73%", "5", "5", ""]);
    const total = /<w:tr>(?:(?!<\/w:tr>).)*>总分<(?:(?!<\/w:tr>).)*<\/w:tr>/s.exec(documentXml)![0];
    expect(paragraphsText(total).slice(0, 3)).toEqual(["总分", "100", "99"]);
    expect(texts).toContain("优");
  });
});

describe("exportDocx: text stays text", () => {
  it("an indicator named =SUM(A1) and reasons beginning with + - @ appear verbatim", async () => {
    const changed = structuredClone(input);
    changed.indicators[0]!.name = "=SUM(A1)";
    changed.indicators[13]!.actual = "85%";
    changed.indicators[13]!.deviationReason = "+@-原因";
    changed.measures = ["@全体 -加强管理"];
    const { read } = await build(changed);
    const xml = await read("word/document.xml");
    const texts = paragraphsText(xml);
    expect(texts).toContain("=SUM(A1)"); // the table cell
    expect(texts.some((t) => t.startsWith("1.=SUM(A1)，年度指标值"))).toBe(true);
    expect(texts).toContain("+@-原因");
    expect(texts).toContain("@全体 -加强管理。");
    expect(xml).not.toMatch(/<w:fldSimple|<w:instrText[^>]*>[^<]*SUM/);
  });

  it("highlights placeholders", async () => {
    const changed = structuredClone(input);
    delete changed.problems;
    const xml = await (await build(changed)).read("word/document.xml");
    expect(xml).toMatch(/<w:highlight w:val="yellow"\/>(?:(?!<\/w:r>).)*【请填写存在的问题及原因分析】/s);
  });
});

describe("exportDocx through LibreOffice", () => {
  it("converts to a PDF of at least two pages and renders page 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jixiao-docx-"));
    const { bytes } = await build(input);
    const docx = join(dir, "report.docx");
    writeFileSync(docx, bytes);
    const [pdf] = convertWithLibreOffice([docx], { format: "pdf", outDir: dir });
    const info = execFileSync("pdfinfo", [pdf!], { encoding: "utf8" });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    // The text of page 1 as laid out: the title, then the opening.
    const page1 = execFileSync("pdftotext", ["-f", "1", "-l", "1", "-layout", pdf!, "-"], { encoding: "utf8" });
    // pdftotext puts spaces between CJK and Latin runs and between grid-spaced characters.
    const squeezed = page1.replace(/\s+/g, "");
    expect(squeezed).toContain("2023年度部门整体支出绩效自评报告");
    expect(squeezed).toContain("—1—");
    const png = pdfPageToPng(pdf!, join(dir, "page1"));
    if (process.env.UPDATE_DOCS === "1") {
      const docs = resolve(__dirname, "../../docs");
      mkdirSync(docs, { recursive: true });
      copyFileSync(png, join(docs, "report-page1.png"));
    }
  }, 180_000);
});
