#!/usr/bin/env node
// The CLI is bundled by webpack (config "cli"); this shim only locates it.
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const bundle = join(__dirname, "..", "dist", "cli", "jixiao.cjs");
if (!existsSync(bundle)) {
  process.stderr.write("jixiao：命令行程序尚未构建，请先运行 npm run build:cli\n(the CLI is not built yet: run npm run build:cli)\n");
  process.exit(2);
}
require(bundle);
