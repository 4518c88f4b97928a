import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import nodeModule from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { ensureCliBundle } from "../support/cli-bundle";

/**
 * bin/code-cache.js: the CLI bundle compiled with V8's bytes from an earlier run (node 20 has no
 * module.enableCompileCache). Run on a copy of bin/ and dist/cli/, so the project's own cache is untouched.
 */
const ROOT = join(__dirname, "../..");
const tmp = mkdtempSync(join(tmpdir(), "jixiao-code-cache-"));
const CACHE = join(tmp, "dist/cli/.v8-cache");
const SAMPLE = join(ROOT, "assets/samples/reference-2023.json");

function jixiao(...args: string[]) {
  const r = spawnSync(process.execPath, [join(tmp, "bin/jixiao.js"), ...args], { encoding: "utf8", cwd: tmp, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const cacheFiles = () => (existsSync(CACHE) ? readdirSync(CACHE).sort() : []);

beforeAll(async () => {
  await ensureCliBundle();
  mkdirSync(join(tmp, "dist"), { recursive: true });
  cpSync(join(ROOT, "bin"), join(tmp, "bin"), { recursive: true });
  cpSync(join(ROOT, "dist/cli"), join(tmp, "dist/cli"), { recursive: true, filter: (src) => !src.includes(".v8-cache") });
}, 180_000);

const usesOwnCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache !== "function";

describe.runIf(usesOwnCache)("the CLI's V8 code cache (node < 22.1)", () => {
  test("the first run writes one cache file per bundle file it loaded; later runs use them unchanged and print the same", () => {
    expect(cacheFiles()).toEqual([]);
    const first = jixiao("evaluate", SAMPLE, "--format", "json");
    expect(first.code).toBe(1); // the sample's one error finding
    const files = cacheFiles();
    expect(files.some((f) => f.startsWith("jixiao.cjs."))).toBe(true);
    expect(files.length).toBeGreaterThan(1);
    const times = files.map((f) => statSync(join(CACHE, f)).mtimeMs);

    const second = jixiao("evaluate", SAMPLE, "--format", "json");
    expect(second).toEqual(first);
    // Accepted by V8, so not written again.
    expect(cacheFiles()).toEqual(files);
    expect(files.map((f) => statSync(join(CACHE, f)).mtimeMs)).toEqual(times);
  });

  test("bytes V8 rejects (damaged, or from another node) cost nothing but a recompile: same output, cache renewed", () => {
    for (const f of cacheFiles()) writeFileSync(join(CACHE, f), "not V8 code cache");
    const before = jixiao("evaluate", SAMPLE, "--format", "json");
    expect(before.code).toBe(1);
    expect(before.stderr).toBe("");
    for (const f of cacheFiles()) expect(readFileSync(join(CACHE, f), "utf8")).not.toBe("not V8 code cache");
    expect(JSON.parse(before.stdout).total).toBe(99);
  });

  test("a cache folder that cannot be written: the command runs as without a cache", () => {
    // A file where the folder should be: mkdir fails for any user, root included.
    const blocked = join(tmp, "blocked");
    cpSync(join(tmp, "bin"), join(blocked, "bin"), { recursive: true });
    cpSync(join(tmp, "dist/cli"), join(blocked, "dist/cli"), { recursive: true, filter: (src) => !src.includes(".v8-cache") });
    writeFileSync(join(blocked, "dist/cli/.v8-cache"), "");
    const r = spawnSync(process.execPath, [join(blocked, "bin/jixiao.js"), "evaluate", SAMPLE, "--format", "json"], { encoding: "utf8", timeout: 120_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).total).toBe(99);
  });
});
