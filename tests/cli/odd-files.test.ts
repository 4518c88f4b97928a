import ExcelJS from "exceljs";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { ensureCliBundle } from "../support/cli-bundle";

/** Files a reviewer really receives, given to the built CLI as a child process: exit code and Chinese message. */
const ROOT = join(__dirname, "../..");
const BIN = join(ROOT, "bin/jixiao.js");
const tmp = mkdtempSync(join(tmpdir(), "jixiao-odd-"));
const sample = join(tmp, "sample.xlsx");

function jixiao(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Each file read by exceljs 4.4.0 as installed, in a fresh node process (none of our patches loaded): its
 * sheet names, or the error. One process for all of them: each start and exceljs load cost ~1 CPU-s.
 */
function readWithStockExcelJs(...files: string[]): Array<{ ok: boolean; out: string }> {
  const script = `const E=require("exceljs");(async()=>{const out=[];for(const f of process.argv.slice(1)){const wb=new E.Workbook();try{await wb.xlsx.readFile(f);out.push({ok:true,out:wb.worksheets.map(w=>w.name).join(",")})}catch(e){out.push({ok:false,out:String(e&&e.message)})}}process.stdout.write(JSON.stringify(out))})()`;
  const r = spawnSync(process.execPath, ["-e", script, ...files], { encoding: "utf8", cwd: ROOT, timeout: 60_000 });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Array<{ ok: boolean; out: string }>;
}

beforeAll(async () => {
  await ensureCliBundle();
  expect(jixiao("template", "--sample", "--out", sample).code).toBe(0);
}, 180_000);

describe("odd files", () => {
  test("a workbook re-saved by LibreOffice (tables without a style entry): evaluate --out and repair work", () => {
    // The sample as LibreOffice 7.4 saved it (tests/fixtures/libreoffice/README.md).
    const resaved = join(tmp, "lo", "sample.xlsx");
    mkdirSync(join(tmp, "lo"), { recursive: true });
    copyFileSync(join(ROOT, "tests/fixtures/libreoffice/sample-resaved.xlsx"), resaved);
    const out = jixiao("evaluate", resaved, "--out", join(tmp, "lo-out"));
    expect(out.stderr).toBe("");
    expect(out.code).toBe(1); // the sample's own 29.86/29.85 error finding
    expect(out.stdout).toContain("自评总分：99 分");
    expect(existsSync(join(tmp, "lo-out", "sample.docx"))).toBe(true);
    const fixed = join(tmp, "lo-repaired.xlsx");
    const rep = jixiao("repair", resaved, "--out", fixed);
    expect(rep.stderr).toBe("");
    expect(rep.code).toBe(0);
    expect(readWithStockExcelJs(fixed)[0]!.ok).toBe(true);
  });

  test("every file we write opens in stock exceljs 4.4.0 without our patches", () => {
    const evaluated = jixiao("evaluate", sample, "--out", join(tmp, "stock"));
    expect(evaluated.code).toBe(1);
    const repaired = join(tmp, "stock-repaired.xlsx");
    expect(jixiao("repair", sample, "--out", repaired).code).toBe(0);
    const sheets = "填表说明,基本情况,预算执行,绩效指标,问题与措施,评分规则,自评表,自评报告";
    expect(readWithStockExcelJs(sample, join(tmp, "stock", "sample.xlsx"), repaired)).toEqual([
      { ok: true, out: sheets },
      { ok: true, out: sheets },
      { ok: true, out: sheets },
    ]);
  });

  test("an encrypted (password-protected) workbook is named as such, exit 2", () => {
    // Made with officecrypto-tool (ECMA-376 agile encryption, password 123) from a sample workbook.
    const r = jixiao("evaluate", join(ROOT, "tests/fixtures/encrypted-password-123.xlsx"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("设有打开密码（已加密）");
    expect(r.stderr).not.toContain("旧版");
  });

  test("a zip without a workbook inside (a .docx renamed .xlsx) says so, exit 2", () => {
    expect(jixiao("evaluate", sample, "--out", join(tmp, "docx")).code).toBe(1);
    const renamed = join(tmp, "report.xlsx");
    copyFileSync(join(tmp, "docx", "sample.docx"), renamed);
    const r = jixiao("evaluate", renamed);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("其中没有 Excel 工作簿");
    expect(r.stderr).toContain("Word 文档");
  });

  test("a folder given to evaluate points to batch, exit 2", () => {
    mkdirSync(join(tmp, "收件箱"), { recursive: true });
    const r = jixiao("evaluate", "收件箱");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("收件箱 是文件夹");
    expect(r.stderr).toContain("jixiao batch 收件箱");
  });

  test("an empty file and a text file named .xlsx are told apart from a damaged workbook", () => {
    writeFileSync(join(tmp, "empty.xlsx"), "");
    const empty = jixiao("evaluate", "empty.xlsx");
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("空文件");
    writeFileSync(join(tmp, "text.xlsx"), "这不是一个 Excel 文件");
    const text = jixiao("evaluate", "text.xlsx");
    expect(text.code).toBe(2);
    expect(text.stderr).toContain("不是有效的 Excel 工作簿");
  });

  test("repair keeps a sheet-protection password the unit set", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(sample);
    await wb.getWorksheet("基本情况")!.protect("单位密码", { selectLockedCells: true, selectUnlockedCells: true });
    const locked = join(tmp, "locked.xlsx");
    await wb.xlsx.writeFile(locked);
    const hash = (wb.getWorksheet("基本情况") as unknown as { sheetProtection: { hashValue: string } }).sheetProtection.hashValue;
    expect(hash).toBeTruthy();
    const fixed = join(tmp, "locked-repaired.xlsx");
    expect(jixiao("repair", locked, "--out", fixed).code).toBe(0);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(fixed);
    expect((back.getWorksheet("基本情况") as unknown as { sheetProtection: { hashValue?: string } }).sheetProtection.hashValue).toBe(hash);
  });

  test("a deleted 自评报告 is a finding on evaluate, and repair brings it back filled", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(sample);
    wb.removeWorksheet(wb.getWorksheet("自评报告")!.id);
    const deleted = join(tmp, "no-report.xlsx");
    await wb.xlsx.writeFile(deleted);

    const before = jixiao("evaluate", deleted, "--format", "json");
    const missing = JSON.parse(before.stdout).findings.filter((f: { code: string }) => f.code === "OUTPUT_SHEET_MISSING");
    expect(missing).toHaveLength(1);
    expect(missing[0].message).toContain("找不到工作表“自评报告”");

    const fixed = join(tmp, "no-report-repaired.xlsx");
    const rep = jixiao("repair", deleted, "--out", fixed);
    expect(rep.code).toBe(0);
    expect(rep.stdout).toContain("恢复了缺失的工作表“自评报告”");
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(fixed);
    const report = back.getWorksheet("自评报告")!;
    const paragraphs = report.getColumn("C").values.filter((v, row) => row >= 4 && typeof v === "string" && v.length > 0);
    expect(paragraphs.length).toBeGreaterThan(20);
    const after = JSON.parse(jixiao("evaluate", fixed, "--format", "json").stdout);
    expect(after.findings.map((f: { code: string }) => f.code)).not.toContain("OUTPUT_SHEET_MISSING");
  });

  test("a JSON input with wrongly typed values is read like a workbook: findings naming the fields, not a refusal", () => {
    const input = JSON.parse(readFileSync(join(ROOT, "assets/samples/reference-2023.json"), "utf8"));
    input.unit.year = "2023年";
    input.budget.basic.actual = true;
    input.indicators[1].level1 = "产出";
    input.indicators[2].weight = "abc";
    input.indicators[3].notApplicable = "是";
    const file = join(tmp, "typed-wrong.json");
    writeFileSync(file, JSON.stringify(input));
    const r = jixiao("evaluate", file, "--format", "json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const findings: Array<{ code: string; message: string; ref: { field: string } }> = JSON.parse(r.stdout).findings;
    const at = (field: string) => findings.filter((f) => f.ref.field === field).map((f) => f.code);
    expect(at("unit.year")).toEqual(["JSON_TYPE_MISMATCH"]);
    expect(findings.find((f) => f.ref.field === "unit.year")!.message).toContain("已按 2023 读取");
    expect(at("budget.basic.actual")).toContain("JSON_TYPE_MISMATCH");
    expect(at("indicators[1].level1")).toEqual(["INVALID_CHOICE"]);
    // The third indicator of the file keeps its own index although the second was left out.
    expect(at("indicators[2].weight")).toEqual(["JSON_TYPE_MISMATCH"]);
    // Structure that the model cannot hold is still refused, with the path.
    writeFileSync(file, JSON.stringify({ ...input, indicators: "none" }));
    const refused = jixiao("evaluate", file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("$.indicators");
  });

  test("a mistyped option prints the command's Chinese usage, exit 2", () => {
    const r = jixiao("evaluate", sample, "--fomat", "json");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("不认识的选项 --fomat");
    expect(r.stderr).toContain("用法 (usage): jixiao evaluate");
    expect(r.stderr).toContain("--format F");
    expect(r.stderr).not.toMatch(/Unknown option/);
    const missing = jixiao("template", "--out");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("选项 --out 后面缺少取值");
  });

  test("template and evaluate --out refuse to overwrite without --force", () => {
    const file = join(tmp, "once.xlsx");
    expect(jixiao("template", "--out", file).code).toBe(0);
    const before = readFileSync(file);
    const again = jixiao("template", "--sample", "--out", file);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("已存在，未覆盖");
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(jixiao("template", "--sample", "--out", file, "--force").code).toBe(0);

    const outDir = join(tmp, "twice");
    expect(jixiao("evaluate", sample, "--out", outDir).code).toBe(1);
    const second = jixiao("evaluate", sample, "--out", outDir);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain("sample.xlsx");
    expect(second.stderr).toContain("--force");
    expect(jixiao("evaluate", sample, "--out", outDir, "--force").code).toBe(1);
  });
});
