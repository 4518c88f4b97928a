import ExcelJS from "exceljs";
import JSZip from "jszip";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import sample from "../../assets/samples/reference-2023.json";
import { evaluateExcelJs } from "../../src/app/evaluate-xlsx";
import { evaluationInputSchema, type EvaluationInput } from "../../src/domain";
import { buildXlsx, planWorkbook, writeXlsxBuffer } from "../../src/template";
import { ensureCliBundle } from "../support/cli-bundle";

/** The reviewer's batch run as a child process over a realistic inbox: the 汇总 workbook and the terminal. */

const ROOT = join(__dirname, "../..");
const BIN = join(ROOT, "bin/jixiao.js");
const tmp = mkdtempSync(join(tmpdir(), "jixiao-batch-"));
const inbox = join(tmp, "收件箱");
const summaryPath = join(tmp, "汇总.xlsx");
const base = (): EvaluationInput => evaluationInputSchema.parse(structuredClone(sample));

async function save(path: string, input?: EvaluationInput, profile?: string): Promise<void> {
  const wb = buildXlsx(planWorkbook(input, profile ? { profile } : {}));
  if (input) evaluateExcelJs(wb);
  writeFileSync(path, await writeXlsxBuffer(wb));
}

let stdout = "";
let code: number | null = null;
const sheets = new Map<string, ExcelJS.Worksheet>();
let summaryXml = "";

beforeAll(async () => {
  await ensureCliBundle();
  mkdirSync(join(inbox, "第二批"), { recursive: true });
  // 甲 and 乙 score the same (99): they share rank 1. 丙 loses a point: rank 3.
  const a = base();
  a.unit.name = "示例单位甲";
  await save(join(inbox, "甲.xlsx"), a);
  const b = base();
  b.unit.name = "示例单位乙";
  await save(join(inbox, "乙.xlsx"), b);
  const c = base();
  c.unit.name = "示例单位丙";
  c.indicators[1]!.override = { score: 9 };
  await save(join(inbox, "丙.xlsx"), c);
  // 甲 again, in the second batch folder: the same unit submitted twice.
  await save(join(inbox, "第二批", "甲-修改稿.xlsx"), a);
  // 丁 is scored under Jiangxi's rules while the others use the default.
  const d = base();
  d.unit.name = "示例单位丁";
  await save(join(inbox, "丁.xlsx"), d, "jiangxi");
  // 戊 lets the rules score 预算执行率 (no hand override).
  const e = base();
  e.unit.name = "示例单位戊";
  e.execution = {};
  await save(join(inbox, "戊.xlsx"), e);
  await save(join(inbox, "空白模板.xlsx"));
  writeFileSync(join(inbox, "损坏.xlsx"), "PK\u0003\u0004 truncated");

  const r = spawnSync(process.execPath, [BIN, "batch", inbox, "--out", summaryPath], { encoding: "utf8", cwd: tmp, timeout: 120_000 });
  stdout = r.stdout;
  code = r.status;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(summaryPath);
  for (const ws of wb.worksheets) sheets.set(ws.name, ws);
  const zip = await JSZip.loadAsync(readFileSync(summaryPath));
  summaryXml = (await Promise.all(Object.values(zip.files).filter((f) => !f.dir).map((f) => f.async("string")))).join("\n");
}, 240_000);

const cellText = (v: ExcelJS.CellValue): string => (v && typeof v === "object" && "text" in v ? String(v.text) : v === null || v === undefined ? "" : String(v));

function summaryRows(): Array<Record<string, string>> {
  const ws = sheets.get("汇总")!;
  const headers = (ws.getRow(1).values as ExcelJS.CellValue[]).map(cellText);
  const out: Array<Record<string, string>> = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const rec: Record<string, string> = {};
    headers.forEach((h, j) => {
      if (h) rec[h] = cellText(row.getCell(j).value);
    });
    out.push(rec);
  });
  return out;
}

describe("jixiao batch: the reviewer's summary", () => {
  test("exit 0; the terminal lists every file with its rank, score and marks", () => {
    expect(code).toBe(0);
    for (const unit of ["示例单位甲", "示例单位乙", "示例单位丙", "示例单位丁", "示例单位戊"]) expect(stdout).toContain(unit);
    expect(stdout).toContain("空白模板.xlsx");
    expect(stdout).toContain("损坏.xlsx");
    expect(stdout).not.toContain("仅列出前");
    expect(stdout).toMatch(/同一单位重复提交/);
  });

  test("equal totals share a rank; blank and unreadable files are listed without a rank", () => {
    const rows = summaryRows();
    expect(rows).toHaveLength(8);
    const byFile = new Map(rows.map((r) => [r["文件"], r]));
    const shared = byFile.get("收件箱/甲.xlsx")!["排名"];
    expect(byFile.get("收件箱/乙.xlsx")!["排名"]).toBe(shared);
    expect(byFile.get("收件箱/第二批/甲-修改稿.xlsx")!["排名"]).toBe(shared);
    // Competition ranking: a rank is 1 + the number of files with a higher total.
    const ranked = rows.filter((r) => r["排名"] !== "—");
    expect(ranked).toHaveLength(6);
    for (const r of ranked) expect(Number(r["排名"])).toBe(1 + ranked.filter((x) => Number(x["总分"]) > Number(r["总分"])).length);
    expect(Number(byFile.get("收件箱/丙.xlsx")!["排名"])).toBeGreaterThan(Number(shared) + 2);
    const blank = byFile.get("收件箱/空白模板.xlsx")!;
    expect(blank["排名"]).toBe("—");
    expect(blank["总分"]).toBe("");
    expect(blank["备注"]).toContain("不参与排名");
    expect(byFile.get("收件箱/损坏.xlsx")!["排名"]).toBe("—");
  });

  test("the same unit twice, another rule profile and hand overrides stand out", () => {
    const rows = summaryRows();
    const twice = rows.filter((r) => r["单位"] === "示例单位甲");
    expect(twice).toHaveLength(2);
    for (const r of twice) expect(r["备注"]).toContain("同一单位重复提交");
    const other = rows.find((r) => r["单位"] === "示例单位丁")!;
    expect(other["备注"]).toMatch(/评分规则与多数单位不同/);
    expect(other["评分规则"]).not.toBe(rows.find((r) => r["单位"] === "示例单位乙")!["评分规则"]);
    const ws = sheets.get("汇总")!;
    const row = rows.indexOf(other) + 2;
    expect((ws.getCell(`E${row}`).fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFC000");
    expect(rows.find((r) => r["单位"] === "示例单位乙")!["人工调整得分"]).toBe("是");
    expect(rows.find((r) => r["单位"] === "示例单位戊")!["人工调整得分"]).toBe("否");
    // 丙's 综合文稿 lowered by hand to 9 without a reason; the sample's own 扣分 has its reason.
    expect(Number(rows.find((r) => r["单位"] === "示例单位丙")!["扣分无理由"])).toBeGreaterThanOrEqual(1);
    expect(rows.find((r) => r["单位"] === "示例单位乙")!["扣分无理由"]).toBe("0");
  });

  test("print and screen set-up: A4 landscape, frozen header, filters, colours for grade and errors", () => {
    const ws = sheets.get("汇总")!;
    expect(ws.pageSetup.orientation).toBe("landscape");
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(summaryXml).toContain('<conditionalFormatting sqref="G2:G9">');
    expect(summaryXml).toContain('<conditionalFormatting sqref="H2:H9">');
  });

  test("findings in Chinese with links to their cells; no absolute path of this machine anywhere", () => {
    const ws = sheets.get("检查发现")!;
    const titles: string[] = [];
    const links: string[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      titles.push(cellText(row.getCell(4).value));
      const cell = row.getCell(6).value as ExcelJS.CellHyperlinkValue | string;
      if (typeof cell === "object" && cell && "hyperlink" in cell) links.push(cell.hyperlink);
    });
    expect(titles).toContain("调低得分无理由");
    expect(titles).toContain("两处日常公用经费不一致");
    expect(titles.every((t) => !/^[A-Z_]+$/.test(t))).toBe(true);
    expect(links.length).toBeGreaterThan(0);
    expect(links.some((l) => /^收件箱\/.+\.xlsx#'.+'!\$?[A-Z]+\$?\d+$/.test(l))).toBe(true);
    expect(summaryXml).not.toContain(tmp);
    expect(summaryXml).not.toContain(tmpdir());
  });
});
