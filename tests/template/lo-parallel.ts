import { execFile } from "node:child_process";
import { cpus } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { convertWithLibreOffice } from "../support/libreoffice";

const run = promisify(execFile);
const CHILD = join(__dirname, "lo-convert-child.ts");
const TSX = join(__dirname, "..", "..", "node_modules", "tsx", "dist", "cli.mjs");

/**
 * convertWithLibreOffice over `parts` batches at once (one soffice call per batch, each with its own
 * profile): a realistic 8-sheet workbook costs LibreOffice ~0.25 s to load, recalculate and save, so 200
 * of them in one call take about a minute on one core; two calls use both cores of the CI machine.
 * One call by default: in `npm test` the other core is busy with other test files anyway, and each
 * LibreOffice start costs ~4 s of CPU. `npm run test:oracle` sets JIXIAO_LO_PARTS to the core count.
 */
export async function convertInParallel(
  inputs: readonly string[],
  format: string,
  outDir: string,
  parts = Number(process.env.JIXIAO_LO_PARTS) || 1,
): Promise<string[]> {
  if (parts <= 1) return convertWithLibreOffice(inputs, { format, outDir });
  const n = Math.min(parts, cpus().length);
  const size = Math.ceil(inputs.length / n);
  const batches = Array.from({ length: n }, (_, i) => inputs.slice(i * size, (i + 1) * size)).filter((b) => b.length);
  const results = await Promise.all(
    batches.map(async (batch) => {
      const { stdout } = await run(process.execPath, [TSX, CHILD, format, outDir, ...batch], { maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
      return JSON.parse(stdout) as string[];
    }),
  );
  return results.flat();
}
