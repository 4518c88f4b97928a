import { LIST_INPUTS } from "../domain/fields";
import { ROW_SPECS, SCALAR_SPECS } from "../domain/formulas";
import { colLetters, qualified } from "./addr";
import { TABLE_COLUMNS, fieldInfo, rowFormula, scalarFormula } from "./fields";
import { CHOICE_LAYOUT, FIELD_CELLS, RULE_COLS, RULE_ROWS, indicatorLayout, listLayouts, ruleProfileNamesRange, sheetSpec, tierListRange } from "./layout";
import { ruleActiveFormula } from "./plan";
import {
  COLUMN_VALIDATIONS,
  FIELD_VALIDATIONS,
  INDICATOR_TABLE,
  KIND_VALIDATIONS,
  LIST_TABLES,
  RANGE_NAMES,
  RULE_TABLE,
  SHEETS,
  TEMPLATE_VERSION,
  VERSION_KEYWORD,
  VERSION_NAME,
  type ValidationSpec,
} from "./spec";

/** docs/template.md, generated from the spec (tests/template/docs.test.ts keeps the committed file equal). */

const ROLE = { input: "填写", computed: "公式", rule: "公式（取当前评分规则）", marker: "版本标记" } as const;
const KIND = {
  amount: "金额（万元）",
  count: "人数",
  year: "年份",
  score: "分数",
  rate: "比率",
  percent: "比例",
  number: "数字",
  text: "文字",
  longText: "长文字",
  choice: "选项",
} as const;

function esc(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function rule(v: ValidationSpec | undefined): string {
  if (!v) return "";
  if (v.type === "list") return `下拉：${v.source}`;
  const op = { between: "介于", greaterThan: ">", greaterThanOrEqual: "≥" }[v.operator];
  return `${v.type === "whole" ? "整数" : "数字"} ${op} ${v.formula1}${v.formula2 !== undefined ? ` 与 ${v.formula2}` : ""}`;
}

export function generateTemplateDoc(): string {
  const L: string[] = [];
  const push = (...lines: string[]) => L.push(...lines);
  push(
    "# 标准自评工作簿（模板 " + TEMPLATE_VERSION + "）",
    "",
    "> 本文件由 `src/template/doc.ts` 根据 `src/template/spec.ts` 生成，请勿手工修改。",
    "> 更新：`UPDATE_DOCS=1 npx vitest run tests/template/docs.test.ts`。",
    "",
    "工作簿不安装插件也能用：所有比率和得分都是表内公式（由 `src/domain/formulas.ts` 的定义经 `toExcel` 生成），",
    "在 Excel、WPS 表格和 LibreOffice 中打开即重新计算（`fullCalcOnLoad`）。浅黄色为填写项（未锁定），",
    "浅绿色为公式（锁定）；有公式的工作表受保护但**没有密码**。",
    "",
    "## 版本标记",
    "",
    `- 定义名称 \`${VERSION_NAME}\` 指向 ${qualified(sheetSpec("guide").name, FIELD_CELLS.get("template.version")!.address)}，值为文字 \`${TEMPLATE_VERSION}\`；`,
    `- 文档属性“关键字”为 \`${VERSION_KEYWORD}\`。`,
    "- 读取时两者都没有、也没有任何模板定义名称的工作簿，视为“不是绩效自评模板”（退出码 2）。",
    "",
    "## 工作表",
    "",
    "| 工作表 | 内容 | 保护 | 打印 |",
    "|---|---|---|---|",
  );
  for (const s of SHEETS) {
    const prot = s.protection
      ? `无密码保护${s.protection.insertRows ? "，允许插入/删除行" : ""}`
      : "不保护（只有填写项）";
    push(`| ${s.name} | ${esc(s.title)}${s.output ? "（输出表，预留）" : ""} | ${prot} | A4${s.landscape ? "横向" : "纵向"}，适应页宽${s.printTitleRows ? `，重复标题行 ${s.printTitleRows}` : ""} |`);
  }
  push("", "页脚：`第 &P 页，共 &N 页`。", "");

  push("## 定义名称（单个单元格）", "");
  for (const s of SHEETS) {
    const cells = [...FIELD_CELLS.values()].filter((c) => c.sheet === s.key);
    if (!cells.length) continue;
    push(`### ${s.name}`, "", "| 定义名称 | 单元格 | 字段 | 含义 | 类型 | 性质 | 数据验证 |", "|---|---|---|---|---|---|---|");
    for (const c of cells) {
      const info = fieldInfo(c.id);
      const v = FIELD_VALIDATIONS[c.id] ?? (info.role === "input" ? KIND_VALIDATIONS[info.kind] : undefined);
      push(`| \`${info.name}\` | ${c.address} | \`${c.id}\` | ${esc(info.label)} | ${KIND[info.kind]} | ${ROLE[info.role]} | ${esc(rule(v?.rule))} |`);
    }
    push("");
  }

  push("## 区域名称", "", "| 定义名称 | 区域 | 用途 |", "|---|---|---|");
  push(`| \`${RANGE_NAMES.profiles}\` | ${qualified(sheetSpec(RULE_TABLE.sheet).name, ruleProfileNamesRange())} | 评分规则名称（“当前评分规则”下拉的来源，INDEX/MATCH 的查找行） |`);
  push(`| \`${RANGE_NAMES.tiers}\` | ${qualified(sheetSpec(RULE_TABLE.sheet).name, tierListRange())} | 当前规则的三个定性档次名称（“定性档次”下拉的来源） |`);
  for (const l of CHOICE_LAYOUT) {
    if (l.name) push(`| \`${l.name}\` | ${qualified(sheetSpec("guide").name, l.range)} | ${l.header}：${l.items.join("、")} |`);
  }
  push("", "二级指标使用**一个合并列表**（9 项，见“填表说明”的对照表），不随一级指标联动：联动下拉要靠 INDIRECT", "和中文定义名称，在各软件中表现不一。二级指标不属于本行一级指标时，检查结果给出 LEVEL2_UNKNOWN 警告。", "");

  const layout = indicatorLayout(1);
  const sheet = sheetSpec(INDICATOR_TABLE.sheet).name;
  push(
    "## 绩效指标表（Excel 表格 `" + INDICATOR_TABLE.name + "`）",
    "",
    `表头在 ${qualified(sheet, INDICATOR_TABLE.header)}，每行一个三级指标。插入、删除、排序行都不影响公式：`,
    "公式用结构化引用（`Indicators[[#This Row],[分值]]`、`Indicators[得分]`），计算列带 `calculatedColumnFormula`，",
    "Excel 在表中插入行时自动填入公式。读取按表名和列标题，不按位置。",
    "",
    "| 列 | 列标题（结构化引用） | 字段 | 性质 | 数据验证 |",
    "|---|---|---|---|---|",
  );
  for (const c of TABLE_COLUMNS) {
    const v = COLUMN_VALIDATIONS[c.id];
    const vr = v ? ("formula2Column" in v.rule ? `数字 介于 0 与本行“${TABLE_COLUMNS.find((x) => x.id === (v.rule as { formula2Column: string }).formula2Column)!.label}”` : rule(v.rule)) : "";
    push(`| ${colLetters(layout.col(c.id))} | \`${INDICATOR_TABLE.name}[${c.label}]\` | \`indicators[i].${c.id}\` | ${c.input ? "填写" : "公式"} | ${esc(vr)} |`);
  }
  push(
    "",
    "定量指标的年度指标值、实际完成值存数字（百分数存小数，格式 0.00%）；定性指标存文字。实际完成值取自比率时（`actualFrom`），",
    "单元格是公式 `=Rate_…`，读取时还原为 `actualFrom`。“不适用”为“是”时该行不计分、不计适用分值。",
    "",
    "计算列公式：",
    "",
  );
  for (const s of ROW_SPECS) push(`- **${s.label}**：\`=${rowFormula(s.id)}\``);
  push("");

  push("## 列表（单列表格）", "", "| 表名 | 工作表 | 表头 | 字段 |", "|---|---|---|---|");
  for (const l of listLayouts(() => 1)) {
    const t = LIST_TABLES.find((x) => x.name === l.name)!;
    const label = LIST_INPUTS.find((x) => x.id === l.id)!.label;
    push(`| \`${l.name}\` | ${sheetSpec(l.sheet).name} | ${t.column} | \`${l.id}\`（${label}），每行一条 |`);
  }
  push("", "“下一步改进措施”表位于“存在的问题”表下方，随其行数下移；读取按表名。", "");

  push(
    "## 评分规则表",
    "",
    `“当前评分规则”（\`Rule_Profile\`，${qualified(sheetSpec(RULE_TABLE.sheet).name, RULE_TABLE.selector)}）从 \`${RANGE_NAMES.profiles}\` 下拉选择：`,
    `${RULE_TABLE.profiles.map((p) => `“${p.label}”`).join("、")}。`,
    `第 ${RULE_TABLE.headerRow} 行是各方案名称；每个参数一行，各方案一列（内置方案灰色只读，“自定义”列可改）。`,
    `“当前使用值”列（${colLetters(RULE_COLS.active)} 列）的每个单元格都有定义名称，公式形如 \`=${ruleActiveFormula(RULE_TABLE.firstParamRow)}\`，`,
    "所以切换下拉即全部重算。参数行：",
    "",
    "| 行 | 定义名称 | 参数 |",
    "|---|---|---|",
  );
  for (const [id, row] of RULE_ROWS) {
    const info = fieldInfo(id);
    push(`| ${row} | \`${info.name}\` | ${esc(info.label)}（\`${id}\`） |`);
  }
  push("");

  push("## 计算项的公式", "", "由 `SCALAR_SPECS` 经 `toExcel` 生成（引用上面的定义名称和绩效指标表）：", "");
  for (const s of SCALAR_SPECS) push(`- \`${fieldInfo(s.id).name}\`（${s.label}）：\`=${scalarFormula(s.id)}\``);
  push(
    "",
    "## 读取与修复",
    "",
    "读取（`readEvaluation`）只依赖定义名称、表名和列标题：插入或删除行、调整工作表顺序、增加自己的工作表都不影响。",
    "发现以下问题时给出带单元格位置的检查结果，而不是报错：",
    "",
    "| 代码 | 含义 | 修复模板能否修复 |",
    "|---|---|---|",
    "| FORMULA_OVERWRITTEN | 公式单元格被手工填入数字或文字 | 能 |",
    "| FORMULA_MISSING | 公式单元格为空（如表格新增的行） | 能 |",
    "| FORMULA_MODIFIED | 公式被改动（警告） | 能 |",
    "| NAME_MISSING | 定义名称被删除（按模板默认位置继续读取） | 能 |",
    "| REF_ERROR | 公式或定义名称含 #REF!，或单元格显示错误值 | 能（公式与名称） |",
    "| TABLE_MERGED_CELL | 绩效指标表中有合并单元格 | 能（取消合并） |",
    "| TEXT_IN_NUMBER_CELL | 数字单元格中是文字，表内公式无法计算（助手仍能读出数字） | 否，请改为数字 |",
    "| SHEET_MISSING | 工作表改名（定义名称仍有效时照常读取）或被删除 | 否 |",
    "| TABLE_MISSING / TABLE_COLUMN_MISSING | 表格或列标题找不到 | 否 |",
    "| INVALID_CHOICE / RULE_PROFILE_UNKNOWN / RULE_PARAM_INVALID / RULE_PARAM_CHANGED | 选项或评分规则参数不合规 | 否 |",
    "",
    "修复（`repairPlan` / `jixiao repair`）恢复公式、定义名称、数据验证、工作表保护和打印设置，不改动任何填写项的内容。",
    "",
  );
  return `${L.join("\n")}\n`;
}
