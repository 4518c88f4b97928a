// webpack.config.js beyond the pane build: configuration names and filtering, the dev server, later
// imports landing in their own chunk, and the CLI's single-file CommonJS output. The chunk and CLI checks
// build small fixtures (in .tmp/, so ts-loader finds the repo's tsconfig) with the real configurations.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import webpack, { type Configuration } from "webpack";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

type Argv = { mode?: string };
interface ConfigModule {
  (env?: Record<string, unknown>, argv?: Argv): Configuration[];
  createConfigs(env?: Record<string, unknown>, argv?: Argv): Configuration[];
  existing(configs: Configuration[]): Configuration[];
  contentSecurityPolicy(options: { cdn: boolean; dev: boolean }): string;
}
const config = createRequire(import.meta.url)(path.join(root, "webpack.config.js")) as ConfigModule;

mkdirSync(path.join(root, ".tmp"), { recursive: true });
const work = mkdtempSync(path.join(root, ".tmp", "skeleton-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function write(file: string, text: string): string {
  const full = path.join(work, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

function compile(cfg: Configuration): Promise<webpack.Stats> {
  return new Promise((resolve, reject) => {
    const compiler = webpack(cfg);
    compiler.run((err, stats) => {
      compiler.close(() => {
        if (err) reject(err);
        else if (!stats || stats.hasErrors()) reject(new Error(stats?.toString("errors-only") ?? "no stats"));
        else resolve(stats);
      });
    });
  });
}

function named(configs: Configuration[], name: string): Configuration {
  const found = configs.find((c) => c.name === name);
  if (!found) throw new Error(`no config named ${name}`);
  return found;
}

describe("configurations", () => {
  it('are named "taskpane" (web) and "cli" (node)', () => {
    const all = config.createConfigs({}, { mode: "production" });
    expect(all.map((c) => [c.name, c.target])).toEqual([
      ["taskpane", "web"],
      ["cli", "node20"],
    ]);
  });

  it("leave out a build whose entry file does not exist", () => {
    const [taskpane] = config.createConfigs({}, { mode: "production" });
    const missing: Configuration = { ...taskpane, name: "missing", entry: { x: "./src/does-not-exist.ts" } };
    expect(config.existing([taskpane!, missing]).map((c) => c.name)).toEqual(["taskpane"]);
    const expected = ["taskpane", ...(existsSync(path.join(root, "src/cli/main.ts")) ? ["cli"] : [])];
    expect(config({}, { mode: "production" }).map((c) => c.name)).toEqual(expected);
  });

  it("keep a persistent cache per production variant, invalidated by the config and the lockfile, but not on CI", () => {
    const ci = process.env.CI;
    try {
      delete process.env.CI;
      const caches = [
        ...config.createConfigs({}, { mode: "production" }),
        ...config.createConfigs({ OFFICE_JS: "cdn" }, { mode: "production" }),
      ].map((c) => c.cache as { type: string; name?: string; buildDependencies?: { config: string[] } });
      expect(caches.map((c) => c.type)).toEqual(["filesystem", "filesystem", "filesystem", "filesystem"]);
      expect(new Set(caches.map((c) => c.name)).size).toBe(4);
      expect(caches[0]!.buildDependencies!.config.map((f) => path.basename(f))).toEqual(["webpack.config.js", "package-lock.json"]);
      expect(config.createConfigs({}, { mode: "development" }).map((c) => (c.cache as { type: string }).type)).toEqual(["memory", "memory"]);
      process.env.CI = "true";
      expect(config.createConfigs({}, { mode: "production" }).map((c) => (c.cache as { type: string }).type)).toEqual(["memory", "memory"]);
    } finally {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
    }
  });

  it("serve the pane over https on localhost:3000 with CORS and no network-bound overlay", () => {
    const dev = named(config.createConfigs({}, { mode: "development" }), "taskpane");
    // webpack's own Configuration type does not declare devServer (webpack-dev-server augments it).
    const server = (dev as { devServer?: Record<string, unknown> }).devServer ?? {};
    expect(server.port).toBe(3000);
    const type = typeof server.server === "string" ? server.server : (server.server as { type: string }).type;
    expect(type).toBe("https");
    expect(server.headers).toEqual({ "Access-Control-Allow-Origin": "*" });
    expect((server.client as { overlay: unknown }).overlay).toBe(false);
    // eval-based source maps would be blocked by the CSP.
    expect(String(dev.devtool)).not.toMatch(/eval/);
  });

  it("allow the dev server's socket only in development, the CDN only with OFFICE_JS=cdn", () => {
    expect(config.contentSecurityPolicy({ cdn: false, dev: true })).toContain("connect-src 'self' ws: wss:");
    expect(config.contentSecurityPolicy({ cdn: false, dev: false })).toContain("connect-src 'self';");
    expect(config.contentSecurityPolicy({ cdn: true, dev: false })).toContain(
      "script-src 'self' https://appsforoffice.microsoft.com;",
    );
    expect(config.contentSecurityPolicy({ cdn: false, dev: false })).not.toContain("appsforoffice");
  });
});

describe("taskpane build", () => {
  it("puts code imported later with import() in a chunk of its own, not loaded by taskpane.html", async () => {
    const entry = write("pane/index.ts", 'document.title = "FIXTURE_INITIAL";\nvoid import("./later").then((m) => m.later());\n');
    write("pane/later.ts", 'export function later(): string {\n  return "FIXTURE_LAZY_MARKER";\n}\n');
    const out = path.join(work, "pane-dist");
    const base = named(config.createConfigs({}, { mode: "production" }), "taskpane");
    await compile({ ...base, cache: false, entry: { taskpane: entry }, output: { ...base.output, path: out } });

    const js = readdirSync(out).filter((f) => f.endsWith(".js"));
    const withMarker = js.filter((f) => readFileSync(path.join(out, f), "utf8").includes("FIXTURE_LAZY_MARKER"));
    expect(withMarker).toHaveLength(1);
    const html = readFileSync(path.join(out, "taskpane.html"), "utf8");
    expect(html).not.toContain(withMarker[0]);
    const initial = js.filter((f) => html.includes(f));
    expect(initial.length).toBeGreaterThan(0);
    expect(initial.some((f) => readFileSync(path.join(out, f), "utf8").includes("FIXTURE_INITIAL"))).toBe(true);
  }, 120_000);
});

describe("cli build", () => {
  it("bundles npm packages, puts import()ed code in a chunk of its own (loaded only when reached), and runs", async () => {
    const entry = write(
      "cli/main.ts",
      [
        'import path from "node:path";',
        'import Decimal from "decimal.js";',
        'const sum = new Decimal("0.1").plus("0.2").toString();',
        'void import("./lazy").then((m) => process.stdout.write(`${m.greet(path.basename("/a/b.txt"))} ${sum}\\n`));',
        "",
      ].join("\n"),
    );
    write("cli/lazy.ts", "export const greet = (s: string): string => `FIXTURE_LAZY:${s}`;\n");
    const out = path.join(work, "cli-dist");
    const base = named(config.createConfigs({}, { mode: "production" }), "cli");
    await compile({ ...base, cache: false, entry: { jixiao: entry }, output: { ...base.output, path: out } }); // fixture entries: not in the real build's cache

    const files = readdirSync(out).filter((f) => f.endsWith(".cjs"));
    expect(files).toContain("jixiao.cjs");
    const code = readFileSync(path.join(out, "jixiao.cjs"), "utf8");
    expect(code).not.toMatch(/require\(["']decimal\.js["']\)/); // bundled: nothing resolved from node_modules
    expect(code).toContain("[DecimalError]");
    expect(code).not.toContain("FIXTURE_LAZY");
    expect(files.filter((f) => readFileSync(path.join(out, f), "utf8").includes("FIXTURE_LAZY"))).toHaveLength(1);
    const run = spawnSync(process.execPath, [path.join(out, "jixiao.cjs")], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("FIXTURE_LAZY:b.txt 0.3\n");
  }, 120_000);
});
