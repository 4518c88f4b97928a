import type { EvaluationResult, Finding } from "../domain";
import { formatRate, formatScore } from "../domain/format";

const SEVERITY_LABEL = { error: "错误", warning: "警告", info: "提示" } as const;

function where(f: Finding): string {
  return f.ref.cell ? `${f.ref.cell}（${f.ref.field}）` : f.ref.field;
}

/** The readable Chinese summary of `--format text`. */
export function textSummary(result: EvaluationResult, source?: string): string {
  const lines: string[] = [];
  if (!result.hasDepartment) {
    lines.push(`${result.unit.name} ${result.unit.year}年度项目支出绩效自评（仅项目表）${source ? `（${source}）` : ""}`);
    lines.push(`评分规则：${result.profile.name}`);
    lines.push("");
  } else {
    lines.push(`${result.unit.name} ${result.unit.year}年度部门整体支出绩效自评${source ? `（${source}）` : ""}`);
    lines.push(`评分规则：${result.profile.name}`);
    lines.push("");
    const width = Math.max(...result.levels.map((l) => l.name.length));
    for (const l of result.levels) {
      const ded = l.deduction > 0 ? `扣 ${formatScore(l.deduction)}` : "未扣分";
      lines.push(`  ${l.name.padEnd(width + 1, "　")} 分值 ${formatScore(l.applicableWeight).padStart(3)}  得分 ${formatScore(l.score).padStart(6)}  ${ded}`);
    }
    lines.push(`  自评总分：${formatScore(result.total)} 分    评价等级：${result.grade}`);
    lines.push("");
    const shown = Object.values(result.rates).filter((r) => r.value !== null);
    lines.push(`主要比率：${shown.map((r) => `${r.label} ${r.display}`).join("；")}`);
    lines.push("");
  }
  lines.push(...projectLines(result));
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of result.findings) counts[f.severity]++;
  lines.push(`检查发现：错误 ${counts.error} 项，警告 ${counts.warning} 项，提示 ${counts.info} 项`);
  for (const f of result.findings) {
    lines.push(`  [${SEVERITY_LABEL[f.severity]}] ${f.message}`);
    lines.push(`         位置：${where(f)}  代码：${f.code}`);
  }
  return lines.join("\n");
}

/** One line per project: 执行率, 总分, 等级, deductions (the 项目支出绩效自评表 of the file). */
function projectLines(result: EvaluationResult): string[] {
  if (result.projects.length === 0) return [];
  const lines = [`项目支出绩效自评（${result.projects.length} 个项目）：`];
  for (const p of result.projects) {
    const rate = p.execution.rate === null ? "不适用" : formatRate(p.execution.rate);
    const ded = p.deductions.count ? `，扣分指标 ${p.deductions.count} 个${p.deductions.unexplained ? `（${p.deductions.unexplained} 个未说明原因）` : ""}` : "";
    lines.push(`  ${p.name || `项目${p.index + 1}`}：执行率 ${rate}  总分 ${formatScore(p.total)} 分  等级 ${p.grade}${ded}`);
  }
  lines.push("");
  return lines;
}
