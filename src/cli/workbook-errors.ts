import { WorkbookFileError } from "../template/file-errors";
import { TemplateNotRecognizedError } from "../template/reader";
import { UsageError } from "./errors";

/**
 * A workbook the CLI cannot use (unreadable, not the template) is a usage error: its message, exit 2.
 * Apart from errors.ts, which `--help` loads: this one loads the reader.
 */
export async function withWorkbookErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof WorkbookFileError || e instanceof TemplateNotRecognizedError) throw new UsageError(e.message);
    throw e;
  }
}
