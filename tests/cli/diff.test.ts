import ExcelJS from "exceljs";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { SELF_REPORT_LAYOUT } from "../../src/template";
import { ensureCliBundle } from "../support/cli-bundle";

/** `jixiao diff` as a supervisor runs it before signing: two versions of a unit's workbook. */

const ROOT = join(__dirname, "../..");
const BIN = join(ROOT, "bin/jixiao.js");
const tmp = mkdtempSync(join(tmpdir(), "jixiao-diff-"));

function jixiao(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const HAND_EDIT = "我办全年人员经费支出531.23万元，日常公用经费支出29.85万元（手工改写）。";

beforeAll(async () => {
  await ensureCliBundle();
  // Version 1: the sample, evaluated (自评表 and 自评报告 written).
  expect(jixiao("template", "--sample", "--out", join(tmp, "v1-source.xlsx")).code).toBe(0);
  expect(jixiao("evaluate", join(tmp, "v1-source.xlsx"), "--out", join(tmp, "v1")).code).toBe(1);
  // Version 2: the accountant corrects 日常公用经费, lowers the satisfaction result, rewrites a
  // paragraph by hand; then evaluates again.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(tmp, "v1", "v1-source.xlsx"));
  const [publicExpense] = wb.definedNames.getRanges("Budget_PublicExpense").ranges;
  const [sheet, address] = publicExpense!.split("!");
  wb.getWorksheet(sheet!.replace(/'/g, ""))!.getCell(address!.replace(/\$/g, "")).value = 29.85;
  const indicators = wb.getWorksheet("绩效指标")!;
  let deviationColumn = 0;
  indicators.getRow(11).eachCell((c, j) => {
    if (c.value === "偏差原因分析及改进措施") deviationColumn = j;
  });
  indicators.eachRow((row) => {
    if (row.getCell("C").value === "区直部门及乡镇街道满意度") {
      row.getCell("G").value = 0.85;
      row.getCell(deviationColumn).value = "基层反馈渠道不畅，下一年度增加走访。";
    }
  });
  const report = wb.getWorksheet("自评报告")!;
  report.eachRow((row, n) => {
    if (n >= SELF_REPORT_LAYOUT.firstRow && String(row.getCell(SELF_REPORT_LAYOUT.columns.text).value).includes("人员经费支出")) {
      row.getCell(SELF_REPORT_LAYOUT.columns.text).value = HAND_EDIT;
    }
  });
  await wb.xlsx.writeFile(join(tmp, "v2-source.xlsx"));
  expect(jixiao("evaluate", join(tmp, "v2-source.xlsx"), "--out", join(tmp, "v2")).code).toBeLessThanOrEqual(1);
}, 240_000);

describe("jixiao diff", () => {
  test("the same file twice: nothing changed, exit 0", () => {
    const v1 = join(tmp, "v1", "v1-source.xlsx");
    const r = jixiao("diff", v1, v1);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("两个版本没有差别");
  });

  test("two versions: inputs, scores, findings and paragraphs in business terms, exit 1", () => {
    const r = jixiao("diff", join(tmp, "v1", "v1-source.xlsx"), join(tmp, "v2", "v2-source.xlsx"), "--out", join(tmp, "变更.xlsx"));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/填报数据（\d+ 项）/);
    expect(r.stdout).toContain("日常公用经费支出：29.86 → 29.85");
    expect(r.stdout).toContain("区直部门及乡镇街道满意度：实际完成值：90% → 85%");
    expect(r.stdout).toMatch(/自评总分：99 → \d+(\.\d+)?/);
    expect(r.stdout).toMatch(/满意度指标：10 → \d/);
    expect(r.stdout).toMatch(/区直部门及乡镇街道满意度（满意度指标）：10 → \d/);
    // The 29.86/29.85 disagreement is gone.
    expect(r.stdout).toMatch(/已解决 两处日常公用经费不一致/);
    expect(r.stdout).toContain(`手动修改：${HAND_EDIT.slice(0, 20)}`);
    expect(r.stdout).toMatch(/重新生成：.*/);
  });

  test("--out: the same changes as a workbook, one row each", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(tmp, "变更.xlsx"));
    const ws = wb.getWorksheet("变更")!;
    const rows: string[][] = [];
    ws.eachRow((row, n) => {
      if (n > 1) rows.push([1, 2, 3, 4, 5, 6].map((j) => String(row.getCell(j).value ?? "")));
    });
    expect(rows.find((x) => x[1] === "日常公用经费支出")).toEqual(["填报数据", "日常公用经费支出", "修改", "29.86", "29.85", expect.stringMatching(/'预算执行'!/)]);
    expect(rows.filter((x) => x[0] === "报告段落" && x[2] === "手动修改").map((x) => x[4])).toContain(HAND_EDIT);
    expect(ws.pageSetup.orientation).toBe("landscape");
  });

  test("a blank template against the sample: every input is new; an unreadable file: exit 2", () => {
    expect(jixiao("template", "--out", join(tmp, "blank.xlsx")).code).toBe(0);
    const r = jixiao("diff", join(tmp, "blank.xlsx"), join(tmp, "v1", "v1-source.xlsx"));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("单位名称：（空） → 中共雁峰区委办公室");
    expect(r.stdout).toMatch(/新增 督查工作/);
    writeFileSync(join(tmp, "bad.xlsx"), "not a workbook");
    const bad = jixiao("diff", join(tmp, "bad.xlsx"), join(tmp, "blank.xlsx"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bad.xlsx");
    expect(jixiao("diff", join(tmp, "blank.xlsx")).code).toBe(2);
  });
});
