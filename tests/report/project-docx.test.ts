import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { evaluate } from "../../src/domain";
import { projectReport } from "../../src/domain/project-narrative";
import { exportProjectsDocx } from "../../src/report";
import { runCli } from "../cli/run-in-process";
import { projectsSample } from "../support/projects";

/** The 项目支出绩效自评报告: text per project, Word for one project or all, from the CLI too. */

const dir = mkdtempSync(join(tmpdir(), "jixiao-project-docx-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function documentXml(bytes: Uint8Array): Promise<string> {
  return (await JSZip.loadAsync(bytes)).file("word/document.xml")!.async("string");
}

describe("a project's report", () => {
  it("项目基本情况, 绩效目标完成情况, 偏差原因及改进措施 with the project's own figures", () => {
    const input = projectsSample();
    const p = evaluate(input).projects[2]!;
    const text = projectReport(p, 2023).map((x) => `${x.level}|${x.text}`);
    expect(text[0]).toBe("title|2023年度目标管理考核及调研经费项目支出绩效自评报告");
    expect(text).toContain("h1|一、项目基本情况");
    expect(text).toContain(
      "body|目标管理考核及调研经费主管部门为中共雁峰区委办公室，实施单位为区委办公室（区绩效办）。2023年项目资金年初预算数64.00万元，全年预算数71.00万元（其中当年财政拨款71.00万元），全年执行数71.00万元，执行率100%。",
    );
    expect(text).toContain("body|项目自评得分98分，评价等级为“优”。其中预算执行率10分，得10分；产出指标50分，得48分；效益指标30分，得30分；满意度指标10分，得10分。");
    expect(text).toContain("body|（2）形成专题调研报告，年度指标值：≥10篇，实际完成值：8篇，分值10分，得分8分。");
    expect(text).toContain("body|一是“形成专题调研报告”扣2分：受下半年专项任务影响，2个调研课题顺延至下一年度；下一步提前制定调研计划，按季度调度。");
  });

  it("a deduction without reason leaves a visible placeholder", () => {
    const input = projectsSample();
    delete input.projects![2]!.indicators[1]!.deviationReason;
    const report = projectReport(evaluate(input).projects[2]!, 2023);
    expect(report.find((x) => x.key === "p2.s3.0")!.placeholders).toEqual(["【请填写扣分原因】"]);
  });
});

describe("Word export of project reports", () => {
  it("all projects in one document: each report and each 自评表 on new pages", async () => {
    const r = evaluate(projectsSample());
    const xml = await documentXml(await exportProjectsDocx(r.projects, 2023));
    for (const p of r.projects) expect(xml).toContain(`2023年度${p.name}项目支出绩效自评报告`);
    // Two sections per project (report, then table), each starting on a new page.
    expect(xml.match(/<w:sectPr/g)).toHaveLength(6);
    expect(xml.match(/<w:type w:val="nextPage"\/>/g)!.length).toBeGreaterThanOrEqual(5);
    expect(xml).toContain("项目支出绩效自评表");
    expect(xml).toContain("w:w=\"11906\""); // A4 width in twips
  });

  it("jixiao project report: one project, or all; evaluate --out writes the projects' report too", async () => {
    const json = join(dir, "u.json");
    writeFileSync(json, JSON.stringify(projectsSample()));
    const one = join(dir, "one.docx");
    const r = await runCli(["project", "report", json, "--name", "档案经费", "--out", one]);
    expect(r.code).toBe(0);
    const xml = await documentXml(readFileSync(one));
    expect(xml).toContain("档案经费项目支出绩效自评报告");
    expect(xml).not.toContain("各部门经费项目支出绩效自评报告");
    expect((await runCli(["project", "report", json, "--name", "无此项目", "--out", one])).code).toBe(2);
    const out = join(dir, "out");
    const e = await runCli(["evaluate", json, "--out", out]);
    expect(e.stdout).toContain("已写出项目支出绩效自评报告（3 个项目）");
    expect(await documentXml(readFileSync(join(out, "u-项目自评报告.docx")))).toContain("目标管理考核及调研经费项目支出绩效自评报告");
    expect(readFileSync(join(out, "u.docx")).length).toBeGreaterThan(1000);
  });
});
