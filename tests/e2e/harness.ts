// Shared by the browser tests and the pane benchmark: a production build of the pane into a temporary
// directory, a tiny static server for it on 127.0.0.1, and headless Chromium through playwright-core.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "playwright-core";
import { awaitRunBuild } from "../support/run-build";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Debian's full Chromium: the pane bench measures in it (Excel's pane is a full WebView2). */
export const CHROMIUM = "/usr/bin/chromium";
/**
 * The browser tests' Chromium: Debian's chromium-headless-shell, the same Blink and V8 without the full
 * browser's UI processes ("more performant for automation tasks", https://pptr.dev/guides/headless-modes/).
 * The 14 browser tests took 85.5 CPU-s of Chromium in the full browser and 34.3 in the shell.
 */
export const CHROMIUM_HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** `webpack --mode production --config-name taskpane` into `outDir` (local office.js). */
export function buildPane(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, "node_modules/webpack-cli/bin/cli.js"), "--mode", "production", "--config-name", "taskpane"],
      { cwd: ROOT, env: { ...process.env, OFFICE_JS: "", JIXIAO_DIST: outDir }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let log = "";
    child.stdout.on("data", (d: Buffer) => (log += d.toString()));
    child.stderr.on("data", (d: Buffer) => (log += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`webpack exited ${code}:\n${log}`))));
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Newest modification time of the files a pane build depends on. */
function newestInput(): number {
  const inputs = [
    ...walk(path.join(ROOT, "src")),
    ...walk(path.join(ROOT, "assets")),
    ...["webpack.config.js", "package-lock.json", "tsconfig.json"].map((f) => path.join(ROOT, f)),
  ];
  return Math.max(...inputs.map((f) => statSync(f).mtimeMs));
}

/**
 * dist/ when the build of an `npm test` run (waited for here) or `npm run build` left a production pane build (local
 * office.js) newer than every source; otherwise (a lone `vitest run`) a fresh build into `tmpDir`. Building
 * it again right after `npm test` built it cost half a minute per test file and checked nothing more.
 * dist/ is only read.
 */
export async function productionPaneBuild(tmpDir: string): Promise<string> {
  await awaitRunBuild();
  const dist = path.join(ROOT, "dist");
  const html = path.join(dist, "taskpane.html");
  const production = existsSync(dist) && readdirSync(dist).some((f) => /^commands\.[0-9a-f]{8}\.js$/.test(f));
  const localOfficeJs = existsSync(path.join(dist, "office-js", "office.js"));
  if (production && localOfficeJs && existsSync(html) && statSync(html).mtimeMs >= newestInput()) return dist;
  await buildPane(tmpDir);
  return tmpDir;
}

/** src of each <script> tag of an HTML page, in document order (the minified HTML leaves them unquoted). */
export function scriptSources(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => {
    const src = /\bsrc=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/.exec(m[1]!);
    return src?.[1] ?? src?.[2] ?? src?.[3] ?? "";
  });
}

/** The JS taskpane.html loads before first paint (office.js and the initial bundles): bytes raw and gzip. */
export function initialScripts(dir: string): { files: { src: string; bytes: number; gzip: number }[]; bytes: number; gzip: number } {
  const html = readFileSync(path.join(dir, "taskpane.html"), "utf8");
  const files = scriptSources(html)
    .filter((src) => src !== "")
    .map((src) => {
      const body = readFileSync(path.join(dir, src));
      return { src, bytes: body.length, gzip: gzipSync(body).length };
    });
  return { files, bytes: files.reduce((n, f) => n + f.bytes, 0), gzip: files.reduce((n, f) => n + f.gzip, 0) };
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

export interface StaticServer {
  origin: string;
  /** Paths requested so far, e.g. "/office-js/office.js". */
  requested: string[];
  close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1 at a free port; anything outside it or missing is a 404. */
export async function serveDir(dir: string): Promise<StaticServer> {
  const base = path.resolve(dir);
  const requested: string[] = [];
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    requested.push(pathname);
    const file = path.join(base, pathname);
    if (!file.startsWith(base + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requested,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Headless Chromium; fails (never skips) when it is not installed: CI installs the headless shell. */
export async function launchChromium(executablePath = CHROMIUM_HEADLESS_SHELL): Promise<Browser> {
  if (!existsSync(executablePath)) {
    const pkg = path.basename(executablePath);
    throw new Error(`Chromium is missing at ${executablePath}: apt-get install -y --no-install-recommends ${pkg}`);
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}
