import { EXIT, UsageError } from "./errors";
import { COMMAND_INFO, commandUsage, type CommandInfo } from "./commands/meta";

type Run = (args: string[]) => Promise<number>;

/**
 * Each command's code is loaded only when that command runs: `--help` and a usage error load nothing
 * else, and `schema` does not pay for exceljs or the Word export.
 */
const LOADERS: Record<string, () => Promise<Run>> = {
  evaluate: async () => (await import("./commands/evaluate")).evaluateCommand.run,
  template: async () => (await import("./commands/template")).templateCommand.run,
  repair: async () => (await import("./commands/repair")).repairCommand.run,
  batch: async () => (await import("./commands/batch")).batchCommand.run,
  project: async () => (await import("./commands/project")).projectCommand.run,
  diff: async () => (await import("./commands/diff")).diffCommand.run,
  schema: async () => (await import("./commands/schema")).schemaCommand.run,
};

function help(): string {
  const width = Math.max(...COMMAND_INFO.map((c) => c.name.length));
  return [
    "绩效自评助手 jixiao —— 部门整体支出绩效自评的计算、检查与报告",
    "(jixiao — scores, checks and reports for the yearly department self-evaluation)",
    "",
    "用法 (usage): jixiao <命令> [参数]",
    "",
    "命令 (commands):",
    ...COMMAND_INFO.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}\n  ${" ".repeat(width)}  ${c.usage}`),
    "",
    "退出码 (exit codes): 0 完成；1 完成但有“错误”级检查发现；2 输入无法使用",
    "查看某个命令的帮助：jixiao <命令> --help",
  ].join("\n");
}

/** node:util parseArgs errors (English) in Chinese, with the option they name. */
export function parseArgsMessage(e: Error & { code?: unknown }): string | undefined {
  const code = String(e.code ?? "");
  if (!code.startsWith("ERR_PARSE_ARGS")) return undefined;
  const option = /'(-{1,2}[^'\s]+)/.exec(e.message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `不认识的选项 ${option ?? ""}`.trim();
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return /argument missing/.test(e.message) ? `选项 ${option ?? ""} 后面缺少取值` : `选项 ${option ?? ""} 不接受取值`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return "多余的参数";
  return "参数有误";
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${help()}\n`);
    return EXIT.ok;
  }
  const info: CommandInfo | undefined = COMMAND_INFO.find((c) => c.name === name);
  const load = info && LOADERS[info.name];
  if (!info || !load) {
    process.stderr.write(`未知命令“${name}”。\n\n${help()}\n`);
    return EXIT.unusable;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${info.summary}\n${commandUsage(info)}\n`);
    return EXIT.ok;
  }
  try {
    return await (await load())(rest);
  } catch (e) {
    const parseError = e instanceof TypeError ? parseArgsMessage(e as TypeError & { code?: unknown }) : undefined;
    const message =
      e instanceof UsageError
        ? e.message
        : parseError !== undefined
          ? `参数错误：${parseError}。\n${commandUsage(info)}`
          : `内部错误：${(e as Error).message}\n请将此信息反馈给开发者。`;
    process.stderr.write(`jixiao ${name}：${message}\n`);
    return EXIT.unusable;
  }
}
