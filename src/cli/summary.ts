import type { EvaluationResult, Finding } from "../domain";
import { formatScore } from "../domain";

const SEVERITY_LABEL = { error: "错误", warning: "警告", info: "提示" } as const;

function where(f: Finding): string {
  return f.ref.cell ? `${f.ref.cell}（${f.ref.field}）` : f.ref.field;
}

/** The readable Chinese summary of `--format text`. */
export function textSummary(result: EvaluationResult, source?: string): string {
  const lines: string[] = [];
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
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of result.findings) counts[f.severity]++;
  lines.push(`检查发现：错误 ${counts.error} 项，警告 ${counts.warning} 项，提示 ${counts.info} 项`);
  for (const f of result.findings) {
    lines.push(`  [${SEVERITY_LABEL[f.severity]}] ${f.message}`);
    lines.push(`         位置：${where(f)}  代码：${f.code}`);
  }
  return lines.join("\n");
}
