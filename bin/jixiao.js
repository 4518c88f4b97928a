#!/usr/bin/env node
// The CLI is bundled by webpack (config "cli", `npm run build:cli`; `npm run build` builds it too). Before
// that build, as right after `npm ci && npm run demo`, the TypeScript sources run through tsx (a dev
// dependency): slower to start, same behaviour.
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const bundle = join(__dirname, "..", "dist", "cli", "jixiao.cjs");
if (existsSync(bundle)) {
  // V8's code cache where node has it built in (≥ 22.1): a run after the first skips most compiling. On
  // node 20 a require-hook cache (v8-compile-cache) was measured: no gain for evaluate, +15 ms for --help.
  const nodeModule = require("node:module");
  if (typeof nodeModule.enableCompileCache === "function") nodeModule.enableCompileCache();
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
