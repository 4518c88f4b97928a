/**
 * What the adapter uses beyond the manifest's ExcelApi 1.7, each checked with
 * `Office.context.requirements.isSetSupported` at run time. A missing set degrades the feature, never
 * the add-in: the list says what each Excel gets (README "Requirement sets").
 */

export interface Requirements {
  isSetSupported(name: string, minVersion?: string | number): boolean;
}

export type FeatureId =
  | "collectionEvents"
  | "changeDetails"
  | "validation"
  | "pageLayout"
  | "mergedAreas"
  | "triggerSource"
  | "nameChangedEvent"
  | "mergeUndoGroup";

export interface FeatureInfo {
  id: FeatureId;
  version: string;
  /** What the user gets with it (Chinese, for the pane and the README). */
  gives: string;
  /** What happens without it. */
  without: string;
}

export const FEATURES: readonly FeatureInfo[] = [
  {
    id: "collectionEvents",
    version: "1.9",
    gives: "一次注册监听所有工作表的修改",
    without: "逐个工作表注册（新建模板后自动补注册）",
  },
  {
    id: "changeDetails",
    version: "1.9",
    gives: "单个单元格修改带修改前后的值：重算只需一次写入",
    without: "每次修改先整体读取工作簿（两次往返）",
  },
  { id: "validation", version: "1.8", gives: "下拉列表与数值范围校验", without: "不设置数据验证（仍由助手检查）" },
  { id: "pageLayout", version: "1.9", gives: "打印设置：A4、横向/纵向、适应页宽、标题行、页脚页码", without: "保留 Excel 默认打印设置" },
  { id: "mergedAreas", version: "1.13", gives: "读取合并单元格，发现表格中的合并单元格", without: "不检查合并单元格" },
  {
    id: "triggerSource",
    version: "1.14",
    gives: "可靠识别插件自己的写入",
    without: "按已写入的单元格和值识别自己的写入",
  },
  { id: "nameChangedEvent", version: "1.17", gives: "工作表改名后立即更新", without: "下次读取时更新工作表名称" },
  { id: "mergeUndoGroup", version: "1.20", gives: "每次重算在“撤消”中只占一步", without: "每次写入一个撤消步骤" },
];

export class Capabilities {
  constructor(private readonly requirements: Requirements) {}

  /** ExcelApi ≥ version. */
  api(version: string): boolean {
    try {
      return this.requirements.isSetSupported("ExcelApi", version);
    } catch {
      return false;
    }
  }

  has(id: FeatureId): boolean {
    return this.api(FEATURES.find((f) => f.id === id)!.version);
  }

  /** Every feature and whether this Excel has it. */
  report(): Array<FeatureInfo & { available: boolean }> {
    return FEATURES.map((f) => ({ ...f, available: this.api(f.version) }));
  }
}

/**
 * Office.js defines every API on its proxies whatever the host supports; the requirement set is the
 * real test. The property check additionally guards hosts (and test doubles) that lack the member.
 */
export function hasMember(object: object, member: string): boolean {
  return member in object;
}
