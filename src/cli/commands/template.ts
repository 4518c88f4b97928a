import { parseArgs } from "node:util";
import { extname } from "node:path";
import sample from "../../../assets/samples/reference-2023.json";
import projectsSample from "../../../assets/samples/reference-2023-projects.json";
import { evaluationInputSchema, type EvaluationInput } from "../../domain/model";
import { buildXlsx, planWorkbook, saveXlsxFile, UnknownProfileError, WorkbookFileError } from "../../template";
import { evaluateExcelJs } from "../../app/evaluate-xlsx";
import { EXIT, UsageError, refuseOverwrite } from "../errors";
import { TEMPLATE } from "./meta";

/** The reference report's inputs (bundled: the CLI must work without the repository). */
export function sampleInput(): EvaluationInput {
  return evaluationInputSchema.parse(sample);
}

/** The reference department with its three projects (the second sample). */
export function projectsSampleInput(): EvaluationInput {
  return evaluationInputSchema.parse(projectsSample);
}

export const templateCommand = {
  ...TEMPLATE,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: "string" },
        sample: { type: "boolean", default: false },
        "sample-projects": { type: "boolean", default: false },
        projects: { type: "string" },
        "only-projects": { type: "boolean", default: false },
        profile: { type: "string" },
        force: { type: "boolean", default: false },
      },
    });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(" ")}。用法：${templateCommand.usage}`);
    const out = values.out;
    if (!out) throw new UsageError(`请用 --out 指定输出文件，例如：${templateCommand.usage}`);
    if (extname(out).toLowerCase() !== ".xlsx") throw new UsageError(`输出文件必须是 .xlsx：${out}`);
    const projects = values.projects === undefined ? undefined : Number(values.projects);
    if (projects !== undefined && !(Number.isInteger(projects) && projects >= 0 && projects <= 500)) {
      throw new UsageError(`--projects 须为0至500之间的整数，收到“${values.projects}”。`);
    }
    if ((values.sample || values["sample-projects"]) && projects !== undefined) {
      throw new UsageError("--projects 只用于空白模板；示例工作簿的项目来自示例数据（--sample-projects）。");
    }
    if (values["only-projects"] && !projects) throw new UsageError("--only-projects 需要与 --projects N（N ≥ 1）一起使用。");
    if (!values.force) await refuseOverwrite([out]);
    const input = values["sample-projects"] ? projectsSampleInput() : values.sample ? sampleInput() : undefined;
    let plan;
    try {
      plan = planWorkbook(input, {
        ...(values.profile ? { profile: values.profile } : {}),
        ...(projects ? { projects } : {}),
        ...(values["only-projects"] ? { department: false } : {}),
      });
    } catch (e) {
      if (e instanceof UnknownProfileError) throw new UsageError(e.message);
      throw e;
    }
    const wb = buildXlsx(plan);
    // A filled workbook gets its 自评表 rows and 自评报告 text, as the add-in would write them.
    if (input) evaluateExcelJs(wb);
    try {
      await saveXlsxFile(wb, out);
    } catch (e) {
      if (e instanceof WorkbookFileError) throw new UsageError(e.message);
      throw e;
    }
    const rules = plan.sheets.find((s) => s.key === "rules")!.cells.find((c) => c.field === "rule.profile")!.value;
    const count = plan.sheets.filter((s) => s.key === "project").length;
    const scope = values["only-projects"] ? `，仅项目表 ${count} 张` : count ? `，含项目表 ${count} 张` : "";
    process.stdout.write(`已生成${input ? "示例" : "空白"}自评工作簿：${out}（评分规则：${String(rules)}；模板版本 ${plan.version}${scope}）\n`);
    return EXIT.ok;
  },
};
