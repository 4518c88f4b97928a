import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";

/**
 * Runs a bench entry as the product ships its code: bundled (esbuild, the transpiler tsx itself uses,
 * without tsx's keepNames wrappers that cost ~25 % on the engine's closures), in a fresh node process.
 * The pane and the CLI run webpack bundles, which carry no such wrappers either. Returns its JSON output.
 */
export function runShipped<T>(entry: string): T {
  const dir = mkdtempSync(join(tmpdir(), "jixiao-shipped-"));
  try {
    const outfile = join(dir, "entry.cjs");
    buildSync({ entryPoints: [join(__dirname, "shipped", entry)], bundle: true, platform: "node", format: "cjs", outfile, logLevel: "error" });
    return JSON.parse(execFileSync(process.execPath, [outfile], { encoding: "utf8" })) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
