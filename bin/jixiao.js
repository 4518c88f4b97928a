#!/usr/bin/env node
// The CLI is bundled by webpack (config "cli", `npm run build:cli`; `npm run build` builds it too). Before
// that build, as right after `npm ci && npm run demo`, the TypeScript sources run through tsx (a dev
// dependency): slower to start, same behaviour.
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const bundle = join(__dirname, "..", "dist", "cli", "jixiao.cjs");
if (existsSync(bundle)) {
  // V8's code cache: node's own where it has one (≥ 22.1), else ours (code-cache.js). A run after the
  // first skips most compiling.
  const nodeModule = require("node:module");
  if (typeof nodeModule.enableCompileCache === "function") nodeModule.enableCompileCache();
  else require("./code-cache.js").installCodeCache(join(__dirname, "..", "dist", "cli"));
  require(bundle);
} else {
  let tsx;
  try {
    tsx = join(require.resolve("tsx/package.json"), "..", "dist", "cli.mjs");
  } catch {
    process.stderr.write("jixiao：命令行程序尚未构建，请先运行 npm run build:cli\n(the CLI is not built yet: run npm run build:cli)\n");
    process.exit(2);
  }
  const { spawnSync } = require("node:child_process");
  const run = spawnSync(process.execPath, [tsx, join(__dirname, "..", "src", "cli", "main.ts"), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(run.status ?? 2);
}
