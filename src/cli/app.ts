import { EXIT, UsageError } from "./errors";
import { evaluateCommand } from "./commands/evaluate";
import { schemaCommand } from "./commands/schema";
import { batchCommand } from "./commands/batch";
import { templateCommand } from "./commands/template";
import { repairCommand } from "./commands/repair";
import { projectCommand } from "./commands/project";

interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

const COMMANDS: Command[] = [evaluateCommand, templateCommand, projectCommand, repairCommand, batchCommand, schemaCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "绩效自评助手 jixiao —— 部门整体支出绩效自评的计算、检查与报告",
    "(jixiao — scores, checks and reports for the yearly department self-evaluation)",
    "",
    "用法 (usage): jixiao <命令> [参数]",
    "",
    "命令 (commands):",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}\n  ${" ".repeat(width)}  ${c.usage}`),
    "",
    "退出码 (exit codes): 0 完成；1 完成但有“错误”级检查发现；2 输入无法使用",
    "查看某个命令的帮助：jixiao <命令> --help",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${help()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`未知命令“${name}”。\n\n${help()}\n`);
    return EXIT.unusable;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${command.summary}\n用法 (usage): ${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    const message =
      e instanceof UsageError
        ? e.message
        : e instanceof TypeError && "code" in e && String((e as { code: unknown }).code).startsWith("ERR_PARSE_ARGS")
          ? `参数错误：${e.message}`
          : `内部错误：${(e as Error).message}\n请将此信息反馈给开发者。`;
    process.stderr.write(`jixiao ${name}：${message}\n`);
    return EXIT.unusable;
  }
}
