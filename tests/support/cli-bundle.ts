import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

/** The CLI bundle the tests run as a child process: `npm test` builds it first; a lone test file builds it here. */
export function ensureCliBundle(): void {
  if (existsSync(join(ROOT, "dist/cli/jixiao.cjs"))) return;
  execFileSync(process.execPath, [join(ROOT, "node_modules/webpack/bin/webpack.js"), "--mode", "production", "--config-name", "cli"], { cwd: ROOT, stdio: "pipe" });
}
