import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import ExcelJS from "exceljs";
import { applyExcelJsPatches } from "./exceljs-patches";
import { writeXlsxBuffer } from "./xlsx";

/** Node-only file helpers for the CLI and tests: read a workbook without ever writing to its file. */

applyExcelJsPatches();

export class WorkbookFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkbookFileError";
  }
}

/** Loads an .xlsx from a buffer read once; the file itself is never opened for writing. */
export async function loadXlsxFile(path: string): Promise<ExcelJS.Workbook> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new WorkbookFileError(`无法读取文件 ${path}：${code === "ENOENT" ? "文件不存在" : (e as Error).message}`);
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch (e) {
    // The zip library's own text (English, with a URL) helps nobody here; the cause is the file type.
    void e;
    throw new WorkbookFileError(`${path} 不是有效的 Excel 工作簿（.xlsx），无法打开。如果是 .xls 或 .et 格式，请先在 Excel 或 WPS 中另存为 .xlsx。`);
  }
  return wb;
}

export async function saveXlsxFile(wb: ExcelJS.Workbook, path: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, await writeXlsxBuffer(wb));
  } catch (e) {
    throw new WorkbookFileError(`无法写入文件 ${path}：${(e as Error).message}`);
  }
}
