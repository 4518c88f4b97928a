import ExcelJS from "exceljs";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { ensureCliBundle } from "../support/cli-bundle";

/** The built CLI, run as a user runs it: a child process of node on bin/jixiao.js. */
const ROOT = join(__dirname, "../..");
const BIN = join(ROOT, "bin/jixiao.js");
const SAMPLE = join(ROOT, "assets/samples/reference-2023.json");
const tmp = mkdtempSync(join(tmpdir(), "jixiao-proc-"));

function jixiao(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  await ensureCliBundle();
}, 180_000);

describe("jixiao as a child process", () => {
  test("--help in Chinese with English, exit 0", () => {
    const r = jixiao("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("用法 (usage)");
    for (const c of ["evaluate", "template", "repair", "batch", "schema"]) expect(r.stdout).toContain(c);
    expect(jixiao("batch", "--help").stdout).toContain("jixiao batch DIR --out SUMMARY.xlsx");
  });

  test("template → evaluate --out: the evaluated workbook and the .docx, the input untouched; exit 1 for the sample's error", () => {
    const wb = join(tmp, "sample.xlsx");
    expect(jixiao("template", "--sample", "--out", wb).code).toBe(0);
    const before = readFileSync(wb);
    const mtime = statSync(wb).mtimeMs;
    const r = jixiao("evaluate", wb, "--out", join(tmp, "out"));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("自评总分：99 分");
    expect(r.stdout).toContain("'预算执行'!");
    expect(readFileSync(join(tmp, "out/sample.docx")).subarray(0, 2).toString()).toBe("PK");
    expect(readFileSync(join(tmp, "out/sample.xlsx")).length).toBeGreaterThan(10_000);
    expect(readFileSync(wb).equals(before)).toBe(true);
    expect(statSync(wb).mtimeMs).toBe(mtime);
  });

  test("evaluate FILE.json --format json, exit 0 for a clean input", () => {
    const data = JSON.parse(readFileSync(SAMPLE, "utf8"));
    data.budget.publicExpense = 29.85;
    data.budget.personnel = 531.24;
    const file = join(tmp, "clean.json");
    writeFileSync(file, JSON.stringify(data));
    const r = jixiao("evaluate", file, "--format", "json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).total).toBe(99);
  });

  test("unusable input: exit 2 with a reason and no stack trace", () => {
    const bad = join(tmp, "bad.xlsx");
    writeFileSync(bad, "not a workbook");
    for (const args of [["evaluate", bad], ["evaluate", join(tmp, "missing.json")], ["evaluate"], ["nope"], ["batch", join(tmp, "no-such-dir"), "--out", "x.xlsx"]]) {
      const r = jixiao(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.length, args.join(" ")).toBeGreaterThan(5);
      expect(r.stderr, args.join(" ")).not.toMatch(/\n\s+at /);
    }
  });

  test("batch over a folder with a corrupt file, a non-xlsx file and an empty workbook: listed, never stopping the batch", async () => {
    const inbox = join(tmp, "inbox");
    mkdirSync(join(inbox, "sub"), { recursive: true });
    for (let i = 0; i < 6; i++) expect(jixiao("template", "--sample", "--out", join(inbox, "sub", `unit${i}.xlsx`)).code).toBe(0);
    writeFileSync(join(inbox, "corrupt.xlsx"), "PK\u0003\u0004 truncated");
    writeFileSync(join(inbox, "notes.txt"), "hello");
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet("Sheet1");
    await empty.xlsx.writeFile(join(inbox, "empty.xlsx"));
    const summary = join(tmp, "summary.xlsx");
    const r = jixiao("batch", inbox, "--out", summary);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("已评价 6 个文件");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(summary);
    // 汇总 lists every file: the six ranked, then the three it could not use.
    const rows = wb.getWorksheet("汇总")!.getSheetValues().filter(Boolean);
    expect(rows.length).toBe(10);
    const failed = wb.getWorksheet("无法读取")!.getSheetValues().filter(Boolean).map((row) => String((row as unknown[])[1]));
    // Paths as seen from the summary's folder, so its links open the files.
    expect(failed).toEqual(expect.arrayContaining(["inbox/corrupt.xlsx", "inbox/notes.txt", "inbox/empty.xlsx"]));
    const findings = wb.getWorksheet("检查发现")!.getSheetValues().filter(Boolean);
    expect(findings.length).toBeGreaterThan(6);
  });
});
