/**
 * What `jixiao --help` and a usage error print, kept apart from the commands' code: help and a mistyped
 * option load nothing else (exceljs and zod cost most of a cold start).
 */
export interface CommandInfo {
  name: string;
  summary: string;
  usage: string;
  /** One line per option, printed with the usage. */
  options: string[];
}

export const EVALUATE: CommandInfo = {
  name: "evaluate",
  summary: "计算自评得分并检查数据；--out 时写出评价后的工作簿和 Word 报告（evaluate; with --out, write the evaluated workbook and the Word report）",
  usage: "jixiao evaluate FILE.xlsx|FILE.json [--out DIR] [--format text|json] [--force]",
  options: [
    "--out DIR        写出评价后的工作簿（.xlsx）和自评报告（.docx）到文件夹 DIR",
    "--format F       输出格式：text（默认）或 json",
    "--force          允许覆盖 DIR 中已有的同名输出文件",
  ],
};

export const TEMPLATE: CommandInfo = {
  name: "template",
  summary: "生成标准自评工作簿（write the standard evaluation workbook）",
  usage: "jixiao template --out 文件.xlsx [--sample] [--profile 评分规则] [--force]",
  options: [
    "--out 文件.xlsx  输出文件",
    "--sample         填入参考报告的示例数据",
    "--profile 名称   评分规则（cz2020 默认、hubei、jiangxi、legacy2017）",
    "--force          允许覆盖已有文件",
  ],
};

export const REPAIR: CommandInfo = {
  name: "repair",
  summary: "修复模板：恢复公式、定义名称、数据验证和工作表保护，不改动已填写的内容（repair a workbook）",
  usage: "jixiao repair 文件.xlsx --out 修复后.xlsx [--force]",
  options: ["--out 文件.xlsx  修复后另存的文件（原文件不变）", "--force          允许覆盖已有的输出文件"],
};

export const BATCH: CommandInfo = {
  name: "batch",
  summary: "批量评价一个文件夹中的自评工作簿，生成汇总表（evaluate every workbook in a folder into one summary）",
  usage: "jixiao batch DIR --out SUMMARY.xlsx [--workers N]",
  options: ["--out 汇总.xlsx  汇总表", "--workers N      并行线程数（默认：处理器核数）"],
};

export const PROJECT: CommandInfo = {
  name: "project",
  summary: "在已有工作簿中新增、复制或删除项目支出绩效自评表，导出项目自评报告（add, copy or remove a project sheet; export project reports）",
  usage:
    "jixiao project add|copy|remove 文件.xlsx [--name 项目名称] [--from 要复制的项目] [--out 另存为.xlsx] | jixiao project report 文件.xlsx|.json [--name 项目名称] --out 报告.docx",
  options: ["--name 名称      项目名称", "--from 名称      copy 时要复制的项目", "--out 文件       另存为的工作簿，或 report 的 Word 文件"],
};

export const DIFF: CommandInfo = {
  name: "diff",
  summary: "比较同一单位的两个版本：填报数据、得分等级、检查发现和报告段落的变化（what changed between two versions）",
  usage: "jixiao diff OLD.xlsx NEW.xlsx [--out DIFF.xlsx]",
  options: ["--out 文件.xlsx  把变化写成工作簿"],
};

export const SCHEMA: CommandInfo = {
  name: "schema",
  summary: "打印自评数据的 JSON Schema（print the JSON Schema of the input model）",
  usage: "jixiao schema",
  options: [],
};

export const COMMAND_INFO: readonly CommandInfo[] = [EVALUATE, TEMPLATE, PROJECT, REPAIR, BATCH, DIFF, SCHEMA];

/** A command's usage and options, as printed for `--help` and after a usage error. */
export function commandUsage(info: CommandInfo): string {
  return [`用法 (usage): ${info.usage}`, ...(info.options.length ? ["选项 (options):", ...info.options.map((o) => `  ${o}`)] : [])].join("\n");
}
