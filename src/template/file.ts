import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import ExcelJS from "exceljs";
import { applyExcelJsPatches } from "./exceljs-patches";
import { WorkbookFileError, readFailure } from "./file-errors";
import { writeXlsxBuffer } from "./xlsx";

/** Node-only file helpers for the CLI and tests: read a workbook without ever writing to its file. */

applyExcelJsPatches();

export { WorkbookFileError };

const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_SIGNATURE = Buffer.from("PK\x03\x04", "latin1");

/**
 * Why bytes that are not a readable .xlsx cannot be used, from what they are: an encrypted workbook and an
 * .xls are both OLE compound files (an encrypted .xlsx keeps its package in an "EncryptionInfo"/
 * "EncryptedPackage" pair, MS-OFFCRYPTO); a zip without xl/workbook.xml is another kind of package.
 * Entry names are stored uncompressed in a zip, so a byte search finds them.
 */
export function unusableWorkbookReason(path: string, data: Buffer): string | undefined {
  if (data.subarray(0, 8).equals(CFB_SIGNATURE)) {
    if (data.includes(Buffer.from("EncryptionInfo", "utf16le")) || data.includes(Buffer.from("EncryptedPackage", "utf16le"))) {
      return `${path} 设有打开密码（已加密），无法读取。请在 Excel 或 WPS 中打开，取消“用密码进行加密”后另存为 .xlsx 再试。`;
    }
    return `${path} 是旧版 .xls 或 .et 格式，无法读取。请先在 Excel 或 WPS 中另存为 .xlsx。`;
  }
  if (data.subarray(0, 4).equals(ZIP_SIGNATURE) && !data.includes(Buffer.from("xl/workbook.xml", "latin1"))) {
    const kind = data.includes(Buffer.from("word/document.xml", "latin1"))
      ? "（看起来是 Word 文档 .docx）"
      : data.includes(Buffer.from("ppt/presentation.xml", "latin1"))
        ? "（看起来是 PowerPoint 演示文稿）"
        : "";
    return `${path} 是 zip 压缩文件，但其中没有 Excel 工作簿（缺少 xl/workbook.xml）${kind}。请提供 .xlsx 自评工作簿。`;
  }
  if (data.length === 0) return `${path} 是空文件（0 字节），不是 Excel 工作簿。`;
  return undefined;
}

/** Loads an .xlsx from a buffer read once; the file itself is never opened for writing. */
export async function loadXlsxFile(path: string): Promise<ExcelJS.Workbook> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (e) {
    throw new WorkbookFileError(readFailure(path, e));
  }
  const reason = unusableWorkbookReason(path, data);
  if (reason) throw new WorkbookFileError(reason);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch (e) {
    // The zip library's own text (English, with a URL) helps nobody here; the cause is the file type.
    void e;
    throw new WorkbookFileError(`${path} 不是有效的 Excel 工作簿（.xlsx），文件可能已损坏或不完整，无法打开。`);
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
