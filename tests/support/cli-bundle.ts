import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { awaitRunBuild } from "./run-build";

const ROOT = join(__dirname, "../..");

/**
 * The CLI bundle the tests run as a child process: `npm test` builds it beside the tests (waited for
 * here); a lone test file builds it when dist/ has none.
 */
export async function ensureCliBundle(): Promise<void> {
  await awaitRunBuild();
  if (existsSync(join(ROOT, "dist/cli/jixiao.cjs"))) return;
  execFileSync(process.execPath, [join(ROOT, "node_modules/webpack/bin/webpack.js"), "--mode", "production", "--config-name", "cli"], { cwd: ROOT, stdio: "pipe" });
}
