/** Dependency-free (the JSON path and error messages must not load exceljs). */
/** A workbook file that cannot be read or written, in the user's words (exit 2 in the CLI). */
export class WorkbookFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkbookFileError";
  }
}

/** A file-read failure in the user's words: missing, a folder, or the system's reason. */
export function readFailure(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return `无法读取文件 ${path}：文件不存在`;
  if (code === "EISDIR") return `${path} 是文件夹，不是文件。要评价文件夹中的所有工作簿，请用：jixiao batch ${path} --out 汇总.xlsx`;
  if (code === "EACCES" || code === "EPERM") return `无法读取文件 ${path}：没有读取权限`;
  return `无法读取文件 ${path}：${(e as Error).message}`;
}
