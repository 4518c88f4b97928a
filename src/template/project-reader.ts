import type { Indicator, ProjectInput } from "../domain/model";
import { parseCount } from "../domain/parse";
import { PROJECT_INPUTS, PROJECT_SCALAR_SPECS, projectFieldId } from "../domain/project";
import { qualified } from "./addr";
import { projectFieldInfo, projectName, projectRowFormula, projectScalarFormula, projectSheetName, projectTableName } from "./project-plan";
import { readIndicators, type Book, type Loc, type Reader, type TableRowRead } from "./reader";
import { PROJECT_SHEET, PROJECT_TEMPLATE_VERSION, TITLE_CELL } from "./spec";

/**
 * Reads the project sheets of a workbook by their Proj<n>_ names and Proj<n>_Indicators tables, with
 * the department reader's own machinery (cells, number cells, formula checks, the indicator table).
 * A deleted project sheet, a project sheet from another template version, a renamed one and a sheet
 * the user copied with Excel's own 移动或复制 (its table gets a new name, its names stay local to it)
 * are findings with their place.
 */

/** Names only a workbook with the department form has. */
export const DEPARTMENT_MARKERS = ["TotalScore", "Grade", "Budget_Basic_Actual"] as const;

export interface ProjectRead {
  /** The project's number in its names (Proj<n>_…). */
  number: number;
  sheet: string;
  input: ProjectInput;
  version: string | null;
  indicatorRows: readonly TableRowRead[];
}

const PROJECT_NAME = new RegExp(`^${PROJECT_SHEET.namePrefix}(\\d+)_`, "i");
const PROJECT_TABLE = new RegExp(`^${PROJECT_SHEET.namePrefix}\\d+_Indicators`, "i");

/** The project numbers present in the workbook's names, ascending. */
export function discoverProjects(book: Book): number[] {
  const numbers = new Set<number>();
  for (const entry of book.names.values()) {
    const m = PROJECT_NAME.exec(entry.name);
    if (m) numbers.add(Number(m[1]));
  }
  return [...numbers].sort((a, b) => a - b);
}

const NUMERIC = new Set(["amount", "count", "year", "score"]);

function blank(v: unknown): boolean {
  return v === "" || v === undefined || v === null || (typeof v === "string" && v.trim() === "");
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let o = target;
  for (const k of keys.slice(0, -1)) {
    if (typeof o[k] !== "object" || o[k] === null) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]!] = value;
}

export function readProjects(r: Reader, book: Book, numbers: readonly number[]): ProjectRead[] {
  const out: ProjectRead[] = [];
  for (const n of numbers) {
    const index = out.length;
    const fid = (local: string) => projectFieldId(index, local);
    const locate = (local: string): Loc | null => {
      const entry = book.name(projectName(n, local));
      if (!entry?.target || !book.hasSheet(entry.target.sheet)) return null;
      return { sheet: book.sheetName(entry.target.sheet)!, row: entry.target.range.top, col: entry.target.range.left };
    };
    const nameLoc = locate("name");
    const table = r.table(projectTableName(n));
    const tableSheet = table && book.hasSheet(table.sheet) ? book.sheetName(table.sheet) : null;
    const sheet = nameLoc?.sheet ?? tableSheet;
    if (!sheet) {
      r.add(
        "PROJECT_SHEET_MISSING", `第${n}个项目表（定义名称 ${projectName(n, "name")}）已找不到工作表，可能已被删除。该项目未计入评价；如需保留，请从备份恢复该工作表。`,
        `projects.Proj${n}`,
      );
      continue;
    }
    r.record(`projects[${index}]`, { sheet, row: 1, col: 1 });

    const project: Record<string, unknown> = { name: "", funds: { total: {} }, indicators: [] };
    let version: string | null = null;
    const vloc = locate("template.version");
    if (vloc) {
      const v = r.read(vloc).value;
      version = blank(v) ? null : String(v);
    }
    if (version !== PROJECT_TEMPLATE_VERSION) {
      r.add(
        "PROJECT_VERSION_MISMATCH", `工作表“${sheet}”的项目表版本为${version ?? "（无）"}，本助手使用 ${PROJECT_TEMPLATE_VERSION} 版。请运行“修复模板”升级（已填写的内容不会改动），或新建项目表后把内容粘贴过去。`,
        fid("template.version"),
        vloc ? qualified(vloc.sheet, TITLE_CELL) : qualified(sheet, TITLE_CELL),
      );
    }

    const missingName = (local: string, label: string) =>
      r.add(
        "NAME_MISSING", `工作表“${sheet}”中定义名称 ${projectName(n, local)}（${label}）已被删除或失效，该项无法读取。请用“复制项目”重建该项目表。`,
        fid(local),
        qualified(sheet, TITLE_CELL),
      );
    for (const f of PROJECT_INPUTS) {
      const loc = locate(f.id);
      if (!loc) {
        // Bookkeeping cells came with a later version (the version finding says so; 修复模板 adds them):
        // without one there is nothing to read, and nothing to check against.
        if (!f.bookkeeping) missingName(f.id, f.label);
        continue;
      }
      const where = r.record(fid(f.id), loc);
      const c = r.read(loc);
      const kind = projectFieldInfo(f.id).kind;
      let value: unknown;
      if (NUMERIC.has(kind)) {
        const v = r.numberCell(c, fid(f.id), f.label, where, { amount: f.type === "amount" });
        value = typeof v === "string" && (kind === "year" || kind === "score") ? (parseCount(v).value ?? undefined) : v;
      } else value = blank(c.value) ? undefined : String(c.value);
      if (value !== undefined) setPath(project, f.id, value);
    }
    const exec = project.execution as { override?: { score?: number; replaced?: number } } | undefined;
    if (exec?.override && typeof exec.override.score !== "number") {
      // A cleared override's stored score is cleared with it (ReadResult.orphanedReplacedScores).
      if (exec.override.replaced !== undefined) r.orphanedReplacedScores.push(fid("execution.override.replaced"));
      delete project.execution;
    }

    for (const spec of PROJECT_SCALAR_SPECS) {
      const loc = locate(spec.id);
      if (!loc) {
        missingName(spec.id, spec.label);
        continue;
      }
      r.record(fid(spec.id), loc);
      r.checkFormula(loc, projectScalarFormula(n, spec.id), fid(spec.id), spec.label, projectTableName(n));
    }

    const name = String(project.name).trim();
    const indicatorRows = readIndicators(r, book, project.indicators as Indicator[], {
      tableName: projectTableName(n),
      root: fid("indicators"),
      rowFormula: (id) => projectRowFormula(n, id),
      title: `项目“${name || sheet}”的绩效指标表`,
      fallback: () => qualified(sheet, PROJECT_SHEET.table.header),
    });

    const expected = projectSheetName(name, n, new Set());
    if (name && !sheet.toLowerCase().startsWith(expected.slice(0, 27).toLowerCase())) {
      r.add(
        "SHEET_RENAMED", `项目“${name}”所在的工作表名为“${sheet}”，与项目名称不一致，审阅时不易对应。已按定义名称读取；建议把工作表改名为“${expected}”。`,
        fid("sheet"),
        qualified(sheet, TITLE_CELL),
      );
    }
    out.push({ number: n, sheet, input: project as ProjectInput, version, indicatorRows });
  }

  // A project sheet copied with Excel's own command: its table has a new name and no project names point at it.
  const known = new Set(out.map((p) => p.sheet.toLowerCase()));
  const flagged = new Set<string>();
  for (const t of book.snapshot.tables) {
    const s = t.sheet.toLowerCase();
    if (!PROJECT_TABLE.test(t.name) || known.has(s) || flagged.has(s)) continue;
    flagged.add(s);
    r.add(
      "PROJECT_SHEET_UNADOPTED", `工作表“${t.sheet}”像是复制的项目表（表格 ${t.name}），但不是助手建立的项目，未计入评价。请用“复制项目”或“新增项目”建立项目表，再把内容粘贴过去。`,
      `projects.unadopted.${t.sheet}`,
      qualified(t.sheet, TITLE_CELL),
    );
  }
  return out;
}
