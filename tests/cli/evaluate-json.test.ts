import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { inputJsonSchema } from "../../src/cli/commands/schema";
import { runCli } from "./run-in-process";

const SAMPLE = join(__dirname, "../../assets/samples/reference-2023.json");
const SCHEMA_FILE = join(__dirname, "../../schema/evaluation-input.schema.json");
const tmp = mkdtempSync(join(tmpdir(), "jixiao-cli-"));

describe("jixiao evaluate FILE.json", () => {
  test("--format json prints the result with the agreed keys; error findings → exit 1", async () => {
    const { code, stdout } = await runCli(["evaluate", SAMPLE, "--format", "json"]);
    expect(code).toBe(1);
    const r = JSON.parse(stdout);
    expect(r.total).toBe(99);
    expect(r.grade).toBe("优");
    expect(r.levels.map((l: { name: string; weight: number; score: number }) => [l.name, l.weight, l.score])).toEqual([
      ["预算执行率", 10, 9],
      ["产出指标", 50, 50],
      ["效益指标", 30, 30],
      ["满意度指标", 10, 10],
    ]);
    expect(r.rates.publicControl).toMatchObject({ label: "公用经费控制率", display: "77.73%" });
    expect(r.indicators[0]).toHaveProperty("computedScore", 10);
    expect(r.findings[0]).toMatchObject({ code: "PUBLIC_EXPENSE_MISMATCH", severity: "error" });
  });

  test("--format text prints a Chinese summary", async () => {
    const { stdout } = await runCli(["evaluate", SAMPLE]);
    expect(stdout).toContain("自评总分：99 分");
    expect(stdout).toContain("评价等级：优");
    expect(stdout).toContain("[错误]");
  });

  test("a clean input exits 0", async () => {
    const data = JSON.parse(readFileSync(SAMPLE, "utf8"));
    data.budget.publicExpense = 29.85;
    data.budget.personnel = 531.24;
    const file = join(tmp, "clean.json");
    writeFileSync(file, JSON.stringify(data));
    const { code, stdout } = await runCli(["evaluate", file, "--format", "json"]);
    expect(JSON.parse(stdout).findings.filter((f: { severity: string }) => f.severity === "error")).toEqual([]);
    expect(code).toBe(0);
  });

  test("wrongly typed values are read like cells: findings with their JSON path, exit 1", async () => {
    const data = JSON.parse(readFileSync(SAMPLE, "utf8"));
    data.indicators[3].weight = "五";
    data.indicators[4].kind = "大于";
    delete data.unit.year;
    const file = join(tmp, "bad.json");
    writeFileSync(file, JSON.stringify(data));
    const { code, stdout } = await runCli(["evaluate", file, "--format", "json"]);
    expect(code).toBe(1);
    const findings: Array<{ code: string; ref: { field: string } }> = JSON.parse(stdout).findings;
    expect(findings).toContainEqual(expect.objectContaining({ code: "JSON_TYPE_MISMATCH", ref: { field: "indicators[3].weight" } }));
    expect(findings).toContainEqual(expect.objectContaining({ code: "INVALID_CHOICE", ref: { field: "indicators[4].kind" } }));
    expect(findings).toContainEqual(expect.objectContaining({ code: "REQUIRED_MISSING", ref: { field: "unit.year" } }));
  });

  test("a file whose structure the model cannot hold: every problem with its JSON path, exit 2, no stack", async () => {
    const data = JSON.parse(readFileSync(SAMPLE, "utf8"));
    data.indicators = { 产出: [] };
    data.unit = "某局";
    const file = join(tmp, "bad-structure.json");
    writeFileSync(file, JSON.stringify(data));
    const { code, stderr } = await runCli(["evaluate", file]);
    expect(code).toBe(2);
    expect(stderr).toContain("$.indicators");
    expect(stderr).toContain("$.unit");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test.each([
    [["evaluate"], "请指定要评价的文件"],
    [["evaluate", "/no/such/file.json"], "文件不存在"],
    [["evaluate", SAMPLE, "--format", "xml"], "--format 只能是"],
    [["evaluate", join(__dirname, "../../README.md")], "不支持的文件类型"],
    [["evaluate", "x.txt"], "文件不存在"],
    [["frobnicate"], "未知命令"],
  ])("%j → exit 2 with %s", async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test("broken JSON syntax is a clear message", async () => {
    const file = join(tmp, "broken.json");
    writeFileSync(file, "{ \"unit\": ");
    const { code, stderr } = await runCli(["evaluate", file]);
    expect(code).toBe(2);
    expect(stderr).toContain("不是有效的 JSON");
  });
});

describe("jixiao schema", () => {
  test("prints the JSON Schema, and the shipped copy is the same (regenerate with UPDATE_DOCS=1)", async () => {
    const { code, stdout } = await runCli(["schema"]);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed.properties.indicators.items.properties.kind.enum).toEqual(["正向", "反向", "等于", "定性"]);
    if (process.env.UPDATE_DOCS) writeFileSync(SCHEMA_FILE, `${JSON.stringify(inputJsonSchema(), null, 2)}\n`);
    expect(JSON.parse(readFileSync(SCHEMA_FILE, "utf8"))).toEqual(printed);
  });

  test("--help works for every command and at the top", async () => {
    expect((await runCli(["--help"])).stdout).toContain("用法 (usage)");
    expect((await runCli(["evaluate", "--help"])).stdout).toContain("jixiao evaluate");
  });
});
