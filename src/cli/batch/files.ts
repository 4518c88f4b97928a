import { readdir, stat } from "node:fs/promises";
import { extname, join } from "node:path";

export const EVALUABLE_EXTENSIONS = new Set([".xlsx", ".json"]);

/** Every file below `dir`, recursively, sorted for a stable report; skips Office lock files (~$…). */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string): Promise<void> {
    const entries = await readdir(d, { withFileTypes: true });
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && !e.name.startsWith("~$") && !e.name.startsWith(".")) out.push(p);
    }
  }
  const s = await stat(dir).catch(() => null);
  if (!s) throw new Error(`ENOENT ${dir}`);
  await walk(dir);
  return out.sort();
}

export function isEvaluable(path: string): boolean {
  return EVALUABLE_EXTENSIONS.has(extname(path).toLowerCase());
}
