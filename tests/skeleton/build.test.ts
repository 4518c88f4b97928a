// Production build of the "taskpane" configuration with the local office.js (default; dist/ when `npm test`
// has just built it), and the pages of the OFFICE_JS=cdn variant. dist/ is only read, never written.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import webpack, { type Configuration } from "webpack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { productionPaneBuild } from "../e2e/harness";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const webpackConfig = createRequire(import.meta.url)(path.join(root, "webpack.config.js")) as {
  OFFICE_JS_FILES: string[];
  OFFICE_JS_CDN: string;
  createConfigs(env: Record<string, unknown>, argv: { mode: string }): Configuration[];
};

/** Budget for every script the pane loads before its first paint (office.js + our initial chunks). */
const INITIAL_JS_GZIP_BUDGET = 167_000;

/**
 * The OFFICE_JS=cdn variant differs from the default only in the HTML pages and the copied office-js/
 * folder, so it is built with the real configuration and tiny stand-in entries (the bundles themselves are
 * checked on the default build above).
 */
function cdnPagesBuild(outDir: string): Promise<void> {
  const entries = path.join(outDir, "..", "cdn-entries");
  mkdirSync(entries, { recursive: true });
  writeFileSync(path.join(entries, "taskpane.js"), 'document.title = "pane";\n');
  writeFileSync(path.join(entries, "commands.js"), 'document.title = "commands";\n');
  const base = webpackConfig.createConfigs({ OFFICE_JS: "cdn" }, { mode: "production" }).find((c) => c.name === "taskpane")!;
  const cfg: Configuration = {
    ...base,
    // Stand-in entries: kept out of the real build's persistent cache.
    cache: false,
    entry: { taskpane: path.join(entries, "taskpane.js"), commands: path.join(entries, "commands.js") },
    output: { ...base.output, path: outDir },
  };
  return new Promise((resolve, reject) => {
    const compiler = webpack(cfg);
    compiler.run((err, stats) => {
      compiler.close(() => {
        if (err) reject(err);
        else if (!stats || stats.hasErrors()) reject(new Error(stats?.toString("errors-only") ?? "no stats"));
        else resolve();
      });
    });
  });
}

/** src values of the <script> tags, in document order (the minified HTML leaves attributes unquoted). */
function scripts(html: string): { src: string; defer: boolean }[] {
  return [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => {
    const attrs = m[1]!;
    const src = /\bsrc=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/.exec(attrs);
    return { src: src?.[1] ?? src?.[2] ?? src?.[3] ?? "", defer: /\bdefer\b/.test(attrs) };
  });
}

/** The Content-Security-Policy meta tag's directives, name → sources. */
function csp(html: string): Map<string, string[]> {
  const meta = /<meta\b[^>]*http-equiv=["']?Content-Security-Policy["']?[^>]*>/i.exec(html)?.[0];
  expect(meta, "CSP meta tag").toBeDefined();
  const content = /\bcontent=(?:"([^"]*)"|'([^']*)')/.exec(meta!);
  const policy = content?.[1] ?? content?.[2] ?? "";
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "jixiao-build-"));
let localDir = path.join(tmp, "local");
const cdnDir = path.join(tmp, "cdn");

beforeAll(async () => {
  // Sequential: on a 2-core machine two parallel webpack runs are not faster, only noisier.
  localDir = await productionPaneBuild(localDir);
  await cdnPagesBuild(cdnDir);
}, 300_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("production build, local office.js (default)", () => {
  it("taskpane.html defers every script: the skeleton paints first, then the bundle runs, then office.js", () => {
    const html = readFileSync(path.join(localDir, "taskpane.html"), "utf8");
    const list = scripts(html);
    // All deferred, so none holds up the skeleton's first paint; they run in document order: the ES5 engine
    // check (IE11 / Edge Legacy show a message, not a blank pane), the bundle (its first render does not wait
    // for office.js), then office.js, which the pane waits for before it detects the host.
    expect(list.every((s) => s.defer)).toBe(true);
    expect(list[0]?.src).toBe("unsupported.js");
    expect(list.at(-1)?.src).toBe("office-js/office.js");
    expect(html).toMatch(/<script\b[^>]*\bdata-office-js\b[^>]*>/);
    expect(existsSync(path.join(localDir, "unsupported.js"))).toBe(true);
    expect(html.indexOf("boot-skeleton")).toBeGreaterThan(0);
    expect(html).toContain("正在加载绩效自评助手");
    const bundles = list.slice(1, -1);
    expect(bundles.length).toBeGreaterThan(0);
    for (const s of bundles) {
      expect(s.src).toMatch(/^[\w.-]+\.js$/); // relative, so dist/ can be hosted under any path
      expect(existsSync(path.join(localDir, s.src)), s.src).toBe(true);
    }
    expect(html).not.toContain("appsforoffice.microsoft.com");
    expect(html).toContain("<title>绩效自评助手</title>");
  });

  it("compiles the pane's styles at build time: no script of the pane carries Griffel's run-time CSS compiler", () => {
    // makeStyles left to run time pulls in stylis, which parses each rule in the browser during the first
    // render; its parser's "@namespace" keyword is in no other module of the pane.
    const js = walk(localDir).filter((f) => f.endsWith(".js") && !f.includes(`${path.sep}office-js${path.sep}`));
    expect(js.length).toBeGreaterThan(5);
    for (const file of js) expect(readFileSync(file, "utf8"), path.relative(localDir, file)).not.toContain('"@namespace"');
  });

  it("carries a Content-Security-Policy without remote hosts or dev-server sockets", () => {
    const policy = csp(readFileSync(path.join(localDir, "taskpane.html"), "utf8"));
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("script-src")).toEqual(["'self'"]);
    expect(policy.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    for (const sources of policy.values()) expect(sources).not.toContain("'unsafe-eval'");
  });

  it("commands.html (FunctionFile) loads office.js and its own small script only", () => {
    const html = readFileSync(path.join(localDir, "commands.html"), "utf8");
    const list = scripts(html);
    expect(list[0]?.src).toBe("office-js/office.js");
    expect(list.slice(1).map((s) => s.src)).toEqual([expect.stringMatching(/^commands\.[0-9a-f]+\.js$/)]);
    expect(csp(html).get("script-src")).toEqual(["'self'"]);
  });

  it("copies office.js and only what it loads in Excel into office-js/", () => {
    const dir = path.join(localDir, "office-js");
    expect(statSync(path.join(dir, "office.js")).size).toBeGreaterThan(10_000);
    for (const file of webpackConfig.OFFICE_JS_FILES.filter((f) => !f.includes("*"))) {
      expect(existsSync(path.join(dir, file)), file).toBe(true);
    }
    expect(existsSync(path.join(dir, "agaveerrorux/index.html"))).toBe(true);
    // Locale folders: Chinese and the en-us fallback, not the ~140 of the package.
    const locales = readdirSync(dir).filter((d) => /^[a-z]{2,3}(-[a-z0-9]+)+$/.test(d) && !d.endsWith(".js"));
    expect(locales.sort()).toEqual(["en-us", "zh-cn"]);
    expect(readdirSync(dir).filter((f) => /^(word|outlook|powerpoint|onenote|project|access)-/.test(f))).toEqual([]);
    const bytes = walk(dir).reduce((n, f) => n + statSync(f).size, 0);
    expect(bytes).toBeLessThan(10 * 1024 * 1024);
    // Copied verbatim: terser must not have re-minified Microsoft's files.
    expect(readFileSync(path.join(dir, "office.js"))).toEqual(
      readFileSync(path.join(root, "node_modules/@microsoft/office-js/dist/office.js")),
    );
  });

  it("copies the icons the manifest points at, not assets/samples", () => {
    for (const n of [16, 32, 64, 80, 128]) expect(existsSync(path.join(localDir, `assets/icon-${n}.png`))).toBe(true);
    expect(existsSync(path.join(localDir, "assets/samples"))).toBe(false);
  });

  it("ships no source maps", () => {
    expect(walk(localDir).filter((f) => f.endsWith(".map"))).toEqual([]);
  });

  it(`keeps the JS loaded before first paint within ${INITIAL_JS_GZIP_BUDGET / 1000} KB gzip`, () => {
    const html = readFileSync(path.join(localDir, "taskpane.html"), "utf8");
    let raw = 0;
    let gzip = 0;
    const rows: string[] = [];
    for (const { src } of scripts(html)) {
      const body = readFileSync(path.join(localDir, src));
      const gz = gzipSync(body).length;
      raw += body.length;
      gzip += gz;
      rows.push(`${src}: ${body.length} B, ${gz} B gzip`);
    }
    console.log(`initial pane JS: ${raw} B raw, ${gzip} B gzip\n  ${rows.join("\n  ")}`);
    expect(gzip).toBeLessThanOrEqual(INITIAL_JS_GZIP_BUDGET);
  });
});

describe("production build, OFFICE_JS=cdn", () => {
  it("taskpane.html loads office.js from Microsoft's CDN and allows only that host besides 'self'", () => {
    const html = readFileSync(path.join(cdnDir, "taskpane.html"), "utf8");
    const list = scripts(html);
    expect(list.every((s) => s.defer)).toBe(true);
    expect(list[0]?.src).toBe("unsupported.js");
    expect(list.at(-1)?.src).toBe(webpackConfig.OFFICE_JS_CDN);
    expect(html).not.toContain("office-js/office.js");
    expect(csp(html).get("script-src")).toEqual(["'self'", "https://appsforoffice.microsoft.com"]);
    expect(scripts(readFileSync(path.join(cdnDir, "commands.html"), "utf8"))[0]?.src).toBe(webpackConfig.OFFICE_JS_CDN);
  });

  it("does not copy office-js/", () => {
    expect(existsSync(path.join(cdnDir, "office-js"))).toBe(false);
  });
});
