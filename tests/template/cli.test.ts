import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/app";
import { evaluate } from "../../src/domain";
import { FIELD_CELLS, TEMPLATE_VERSION, indicatorLayout, loadXlsxFile, readEvaluation, snapshotFromExcelJs } from "../../src/template";
import { cellAddress } from "../../src/template/addr";
import { comparable, sampleInput } from "./helpers";

/** The CLI in-process: jixiao template / evaluate FILE.xlsx / repair, their output and exit codes. */

let dir: string;
let out = "";
let err = "";

async function run(...argv: string[]): Promise<number> {
  out = "";
  err = "";
  return main(argv);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "jixiao-cli-"));
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
});
afterEach(() => {
  out = "";
  err = "";
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function fingerprint(path: string) {
  const s = statSync(path);
  return { hash: createHash("sha256").update(readFileSync(path)).digest("hex"), mtime: s.mtimeMs, size: s.size };
}

describe("jixiao template", () => {
  it("writes the empty workbook", async () => {
    const file = join(dir, "空白.xlsx");
    expect(await run("template", "--out", file)).toBe(0);
    expect(out).toContain("空白自评工作簿");
    const read = readEvaluation(snapshotFromExcelJs(await loadXlsxFile(file)));
    expect(read.version).toBe(TEMPLATE_VERSION);
    expect(read.input.indicators).toEqual([]);
    expect(read.formulaIssues).toEqual([]);
  });

  it("--sample --profile hubei: the sample under the Hubei rules (预算执行率 20 分)", async () => {
    const file = join(dir, "hubei.xlsx");
    expect(await run("template", "--out", file, "--sample", "--profile", "hubei")).toBe(0);
    expect(out).toContain("湖北");
    const read = readEvaluation(snapshotFromExcelJs(await loadXlsxFile(file)));
    expect(read.profile.id).toBe("hubei");
    expect(read.profile.weights.execution).toBe(20);
  });

  it("usage errors exit 2 with a Chinese message", async () => {
    expect(await run("template")).toBe(2);
    expect(err).toContain("--out");
    expect(await run("template", "--out", join(dir, "x.xlsx"), "--profile", "浙江")).toBe(2);
    expect(err).toContain("评分规则“浙江”不存在");
    expect(await run("template", "--out", join(dir, "x.csv"))).toBe(2);
  });
});

describe("jixiao evaluate FILE.xlsx", () => {
  let sample: string;
  beforeAll(async () => {
    sample = join(dir, "示例.xlsx");
    await main(["template", "--out", sample, "--sample"]);
  });

  it("--format json prints the same result as the JSON path (plus cells), exit 1 for error findings", async () => {
    const before = fingerprint(sample);
    expect(await run("evaluate", sample, "--format", "json")).toBe(1);
    const result = JSON.parse(out);
    expect(comparable(result)).toEqual(comparable(JSON.parse(JSON.stringify(evaluate(sampleInput())))));
    expect(result.findings[0].ref.cell).toBe("'预算执行'!C15");
    // Read-only: the file is byte-for-byte and timestamp identical.
    expect(fingerprint(sample)).toEqual(before);
  });

  it("--format text: the summary, with cells", async () => {
    const before = fingerprint(sample);
    expect(await run("evaluate", sample)).toBe(1);
    expect(out).toContain("自评总分：99 分");
    expect(out).toContain("评价等级：优");
    expect(out).toContain("'预算执行'!C15");
    expect(fingerprint(sample)).toEqual(before);
  });

  it("a workbook that is not a template, and a file that is not a workbook: exit 2", async () => {
    const other = join(dir, "other.xlsx");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").getCell("A1").value = 1;
    await wb.xlsx.writeFile(other);
    expect(await run("evaluate", other)).toBe(2);
    expect(err).toContain("不是绩效自评模板");
    const junk = join(dir, "junk.xlsx");
    writeFileSync(junk, "not a zip");
    expect(await run("evaluate", junk)).toBe(2);
    expect(err).toContain("不是有效的 Excel 工作簿");
    expect(await run("evaluate", join(dir, "missing.xlsx"))).toBe(2);
    expect(err).toContain("文件不存在");
  });
});

describe("jixiao repair", () => {
  it("restores a typed-over formula into a new file; the original is untouched", async () => {
    const file = join(dir, "damaged.xlsx");
    await main(["template", "--out", file, "--sample"]);
    const wb = await loadXlsxFile(file);
    const layout = indicatorLayout(1);
    wb.getWorksheet("绩效指标")!.getCell(cellAddress(layout.firstRow + 2, layout.col("score"))).value = 3;
    wb.getWorksheet("绩效指标")!.getCell(FIELD_CELLS.get("grade")!.address).value = "优";
    await wb.xlsx.writeFile(file);
    const before = fingerprint(file);

    expect(await run("evaluate", file, "--format", "json")).toBe(1);
    expect(JSON.parse(out).findings.filter((f: { code: string }) => f.code === "FORMULA_OVERWRITTEN")).toHaveLength(2);

    const fixed = join(dir, "fixed.xlsx");
    expect(await run("repair", file, "--out", fixed)).toBe(0);
    expect(out).toContain("修复了 2 处问题");
    expect(fingerprint(file)).toEqual(before);
    const read = readEvaluation(snapshotFromExcelJs(await loadXlsxFile(fixed)));
    expect(read.findings).toEqual([]);
  });

  it("refuses to overwrite its input and needs --out", async () => {
    const file = join(dir, "same.xlsx");
    await main(["template", "--out", file]);
    expect(await run("repair", file, "--out", file)).toBe(2);
    expect(err).toContain("不能与原文件相同");
    expect(await run("repair", file)).toBe(2);
  });
});
