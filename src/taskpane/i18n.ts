import { createContext, useContext } from "react";
import type { BindingStatus, ParagraphStatus } from "../app/state";
import type { Severity } from "../domain/findings-types";

/**
 * The pane's own strings in Simplified Chinese (default) and English (when Office's display language is
 * English). Only the pane's chrome is translated: the engine's findings, level names, grades and the report
 * text stay Chinese, because they are what the unit submits.
 */
export type Lang = "zh-CN" | "en-US";

const zhCN = {
  appTitle: "绩效自评助手",
  binding: {
    detecting: "正在检测工作簿…",
    bound: "已绑定",
    absent: "未找到自评工作簿",
    damaged: "模板受损",
  } satisfies Record<BindingStatus, string>,
  statusLabel: "状态",
  previewMode: "预览模式",
  unitUnknown: "未识别单位",
  year: (year: number) => `${year}年度`,
  templateVersion: (version: string) => `模板 ${version}`,
  profile: (name: string) => `评分规则：${name}`,
  lastRecompute: (time: string, ms: number) => `上次重算 ${time}（${ms} 毫秒）`,
  neverRecomputed: "尚未重算",
  createWorkbook: "新建自评工作簿",
  createWithSample: "新建自评工作簿（含示例数据）",
  repair: "修复模板",
  recompute: "立即重算",
  indicatorRows: "绩效指标行",
  addIndicator: "添加指标",
  deleteIndicator: "删除指标",
  deleteIndicatorHint: "删除所选单元格所在的指标行",
  moreActions: "更多操作",
  tabScore: "评分",
  tabCheck: (n: number) => `检查 (${n})`,
  tabReport: "报告",
  tabsLabel: "自评内容",
  scoreHeading: "评分结果",
  total: "总分",
  grade: "等级",
  outOf: (score: string, weight: string) => `${score} / ${weight} 分`,
  deduction: (points: string) => `扣 ${points} 分`,
  noDeduction: "未扣分",
  notApplicable: "不适用",
  executionRate: (rate: string) => `执行率 ${rate}`,
  levelBar: (name: string, score: string, weight: string) => `${name}：得 ${score} 分，满分 ${weight} 分`,
  noResult: "尚无评分结果：请打开或新建自评工作簿。",
  checkHeading: "检查结果",
  severity: { error: "错误", warning: "警告", info: "提示" } satisfies Record<Severity, string>,
  severityGroup: (name: string, n: number) => `${name}（${n}）`,
  noFindings: "未发现问题。",
  goToCell: (message: string, cell: string) => `${message}。定位到 ${cell}`,
  fieldRef: (field: string) => `字段 ${field}`,
  selectFailed: (cell: string) => `无法定位到单元格 ${cell}。`,
  reportHeading: "报告预览",
  paragraphStatus: { 自动: "自动", 已手动修改: "已手动修改", 数据已变: "数据已变" } satisfies Record<ParagraphStatus, string>,
  staleFigures: (figures: string) => `与表格不一致：${figures}`,
  staleSummary: (n: number) => `${n} 段的数字已与表格不一致，请核对。`,
  copyParagraph: (start: string) => `复制本段：${start}`,
  copied: "已复制",
  copyAll: "复制全文",
  copyFailed: "复制失败：此环境不允许写入剪贴板。请选中文字后按 Ctrl+C。",
  exportWord: "导出 Word",
  exporting: "正在导出…",
  macExport:
    "Office for Mac 的任务窗格不能保存下载的文件（Microsoft 确认为设计如此）。报告全文已复制到剪贴板，请粘贴到 Word 文档；需要带格式的 Word 文件时，请在 Excel 网页版或 Windows 版中点“导出 Word”。",
  exported: (fileName: string) => `已导出 ${fileName}`,
  noNarrative: "尚无报告内容。",
  errorTitle: "出错了",
  showDetail: "显示详情",
  hideDetail: "收起详情",
  dismiss: "关闭",
  actionFailed: (action: string) => `“${action}”未能完成。`,
  notConnected: "尚未连接工作簿",
  notConnectedDetail: "任务窗格还没有连接到 Excel 工作簿，请稍候再试；若一直如此，请关闭后重新打开绩效自评助手。",
  busy: "正在处理…",
  loading: "正在加载…",
  panelLoadFailed: "此部分界面未能加载。请关闭任务窗格后重新打开；若仍如此，请联系系统管理员检查加载项的服务器。",
};

export type Strings = typeof zhCN;

const enUS: Strings = {
  appTitle: "Performance Self-Evaluation",
  binding: {
    detecting: "Looking for the workbook…",
    bound: "Bound",
    absent: "No evaluation workbook",
    damaged: "Template damaged",
  },
  statusLabel: "Status",
  previewMode: "Preview",
  unitUnknown: "Unit not recognised",
  year: (year) => `Year ${year}`,
  templateVersion: (version) => `Template ${version}`,
  profile: (name) => `Rules: ${name}`,
  lastRecompute: (time, ms) => `Last recompute ${time} (${ms} ms)`,
  neverRecomputed: "Not recomputed yet",
  createWorkbook: "New evaluation workbook",
  createWithSample: "New evaluation workbook (with sample data)",
  repair: "Repair template",
  recompute: "Recompute now",
  indicatorRows: "Indicator rows",
  addIndicator: "Add indicator",
  deleteIndicator: "Delete indicator",
  deleteIndicatorHint: "Deletes the indicator row of the selected cell",
  moreActions: "More actions",
  tabScore: "Score",
  tabCheck: (n) => `Checks (${n})`,
  tabReport: "Report",
  tabsLabel: "Evaluation",
  scoreHeading: "Score",
  total: "Total",
  grade: "Grade",
  outOf: (score, weight) => `${score} / ${weight}`,
  deduction: (points) => `−${points} points`,
  noDeduction: "No deduction",
  notApplicable: "Not applicable",
  executionRate: (rate) => `Execution ${rate}`,
  levelBar: (name, score, weight) => `${name}: ${score} of ${weight} points`,
  noResult: "No score yet: open or create an evaluation workbook.",
  checkHeading: "Checks",
  severity: { error: "Errors", warning: "Warnings", info: "Notes" },
  severityGroup: (name, n) => `${name} (${n})`,
  noFindings: "No problems found.",
  goToCell: (message, cell) => `${message}. Go to ${cell}`,
  fieldRef: (field) => `Field ${field}`,
  selectFailed: (cell) => `Could not go to cell ${cell}.`,
  reportHeading: "Report preview",
  paragraphStatus: { 自动: "Generated", 已手动修改: "Edited", 数据已变: "Data changed" },
  staleFigures: (figures) => `No longer matches the table: ${figures}`,
  staleSummary: (n) => `${n} paragraph(s) no longer match the table; please check.`,
  copyParagraph: (start) => `Copy paragraph: ${start}`,
  copied: "Copied",
  copyAll: "Copy all",
  copyFailed: "Copy failed: this environment does not allow clipboard access. Select the text and press Ctrl+C.",
  exportWord: "Export Word",
  exporting: "Exporting…",
  macExport:
    "Office for Mac's task pane cannot save downloaded files (by design, says Microsoft). The report's text is on the clipboard: paste it into a Word document. For the formatted Word file, use 导出 Word in Excel on the web or on Windows.",
  exported: (fileName) => `Exported ${fileName}`,
  noNarrative: "No report text yet.",
  errorTitle: "Something went wrong",
  showDetail: "Show details",
  hideDetail: "Hide details",
  dismiss: "Dismiss",
  actionFailed: (action) => `“${action}” did not complete.`,
  notConnected: "Not connected to a workbook",
  notConnectedDetail:
    "The task pane is not connected to an Excel workbook yet. Try again in a moment; if this persists, close and reopen the add-in.",
  busy: "Working…",
  loading: "Loading…",
  panelLoadFailed: "This part of the pane failed to load. Close and reopen the task pane; if it persists, ask your administrator to check the add-in's server.",
};

const DICTIONARIES: Record<Lang, Strings> = { "zh-CN": zhCN, "en-US": enUS };

export function strings(lang: Lang): Strings {
  return DICTIONARIES[lang];
}

/** Office display languages are BCP 47 tags ("en-US", "en-GB", "zh-CN", "zh-TW"…): English → en-US, else zh-CN. */
export function langFromTag(tag: string | null | undefined): Lang {
  return typeof tag === "string" && /^en(-|$)/i.test(tag) ? "en-US" : "zh-CN";
}

export const StringsContext = createContext<Strings>(zhCN);

export function useStrings(): Strings {
  return useContext(StringsContext);
}
