/**
 * vitest globalSetup: a working folder for the LibreOffice the run's test files share
 * (tests/support/libreoffice.ts starts it on first use), and its end after the last file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SHARED_WORK_ENV, sharedPipe, stopSharedInstance } from "./libreoffice";

export default function setup(): () => void {
  // The workers inherit the variable: vitest starts them after the global setup.
  const work = mkdtempSync(join(tmpdir(), "jixiao-lo-shared-"));
  process.env[SHARED_WORK_ENV] = work;
  return () => {
    stopSharedInstance(work);
    rmSync(work, { recursive: true, force: true, maxRetries: 5 });
    rmSync(sharedPipe(work), { force: true });
  };
}
