/**
 * `npm run demo`: the product's main job on the bundled sample, through the same commands a user
 * types. Leaves out/ with the sample workbook, its evaluated copy and Word report, and a batch
 * summary of a few generated variants (one of them damaged on purpose).
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sample from "../assets/samples/reference-2023.json";
import { main } from "../src/cli/app";
import { evaluationInputSchema, type EvaluationInput } from "../src/domain";
import { buildXlsx, planWorkbook, saveXlsxFile } from "../src/template";
import { evaluateExcelJs } from "../src/app/evaluate-xlsx";

// Relative paths, as a user types them: the transcript (and the README's copy of it) is the same on
// every machine.
const OUT = "out";
const INBOX = join(OUT, "收件箱");

/** What an exit code means, said in the transcript so exit 1 does not read like a failure. */
const EXIT_MEANING: Record<number, string> = {
  0: "完成",
  1: "完成；有“错误”级检查发现",
  2: "输入无法使用",
};

async function run(args: string[]): Promise<number> {
  process.stdout.write(`\n$ jixiao ${args.join(" ")}\n`);
  const code = await main(args);
  process.stdout.write(`（退出码 ${code}：${EXIT_MEANING[code] ?? "未知"}）\n`);
  return code;
}

/** Variants of the sample as other units would submit them: different spending, one unmet target. */
function variants(): Array<[string, EvaluationInput]> {
  const base = () => evaluationInputSchema.parse(structuredClone(sample));
  const a = base();
  a.unit.name = "示例单位甲（预算执行偏低）";
  a.budget.project.actual = 198.91;
  a.budget.fiscal.actual = 760;
  a.budget.lowExecutionReason = "部分项目跨年度结算，资金在次年拨付。";
  a.execution = {};
  const b = base();
  b.unit.name = "示例单位乙（满意度未达标）";
  b.budget.publicExpense = 29.85;
  b.budget.personnel = 531.24;
  b.indicators.at(-1)!.actual = "85%";
  b.indicators.at(-1)!.deviationReason = "基层反馈渠道不畅，下一年度增加走访。";
  const c = base();
  c.unit.name = "示例单位丙（扣分未写原因，江西规则）";
  c.profile = "jiangxi";
  c.execution = {};
  c.budget.project.actual = 274.2;
  c.budget.fiscal.actual = 835.29;
  c.indicators[0]!.qualitativeScore = 8;
  return [
    ["甲.xlsx", a],
    ["乙.xlsx", b],
    ["丙.xlsx", c],
  ];
}

async function demo(): Promise<void> {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(INBOX, { recursive: true });
  const workbook = join(OUT, "示例-自评工作簿.xlsx");
  process.stdout.write("绩效自评助手演示：湖南某区委办公室 2023 年度部门整体支出绩效自评（参考报告的数据）\n");

  await run(["template", "--sample", "--out", workbook]);
  await run(["evaluate", workbook, "--out", join(OUT, "评价结果")]);

  for (const [file, input] of variants()) {
    const wb = buildXlsx(planWorkbook(input));
    evaluateExcelJs(wb);
    await saveXlsxFile(wb, join(INBOX, file));
  }
  await writeFile(join(INBOX, "损坏的文件.xlsx"), "这不是一个 Excel 文件");

  // The second sample: the same department with its three projects (各部门经费、档案经费、目标管理考核及调研经费).
  process.stdout.write("\n第二个示例：同一单位及其三个项目的项目支出绩效自评表（合计 279.04 / 305.65 / 305.65 万元）\n");
  const withProjects = join(OUT, "示例-含项目-自评工作簿.xlsx");
  await run(["template", "--sample-projects", "--out", withProjects]);
  await run(["evaluate", withProjects, "--out", join(OUT, "评价结果")]);
  await run(["project", "report", withProjects, "--name", "档案经费", "--out", join(OUT, "评价结果", "档案经费-项目自评报告.docx")]);
  await run(["template", "--sample-projects", "--out", join(INBOX, "丁-含项目.xlsx")]);
  await run(["batch", INBOX, "--out", join(OUT, "汇总.xlsx")]);

  process.stdout.write(
    [
      "",
      "演示完成，结果在 out/ 中：",
      "  out/示例-自评工作簿.xlsx          标准自评工作簿（示例数据），可用 Excel、WPS 或 LibreOffice 打开",
      "  out/评价结果/示例-自评工作簿.xlsx  评价后的工作簿（自评表、自评报告已填写）",
      "  out/评价结果/示例-自评工作簿.docx  自评报告 Word 文档（公文格式）",
      "  out/示例-含项目-自评工作簿.xlsx    第二个示例：部门整体 + 3 个项目支出绩效自评表 + 项目自评汇总",
      "  out/评价结果/示例-含项目-自评工作簿-项目自评报告.docx  3 个项目的自评报告（每个项目另起一页，附自评表）",
      "  out/评价结果/档案经费-项目自评报告.docx                 单个项目的自评报告",
      "  out/汇总.xlsx                      收件箱中各单位的汇总与检查发现（“项目”工作表列出每个单位的每个项目）",
      "",
    ].join("\n"),
  );
}

demo().catch((e: unknown) => {
  process.stderr.write(`演示失败：${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
