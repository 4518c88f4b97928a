/**
 * The production build of an `npm test` run, made beside the tests instead of before them.
 *
 * `npm test` used to run `npm run build && vitest run`: ~30 s in which only webpack, tsc and ESLint worked
 * while no test ran. Now vitest's global setup starts webpack and returns; most test files never read
 * dist/, and the ones that do (the CLI as a child process, the browser and build tests) wait for this
 * build with `awaitRunBuild()` before they look at it. A lone `vitest run` builds nothing here: those
 * tests then use dist/ when it is fresh and build what they need otherwise, as before.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";

const ROOT = join(__dirname, "../..");
/** Set by the global setup for the workers: the file the build's outcome is written to when it ends. */
export const BUILD_STATUS_ENV = "JIXIAO_RUN_BUILD_STATUS";

/** Whether this vitest run builds: under `npm test` (npm names the script it runs), or when asked to. */
export function runBuilds(): boolean {
  return process.env.npm_lifecycle_event === "test" || process.env.JIXIAO_BUILD === "1";
}

/** Starts `webpack --mode production`; returns a stop function for the teardown. */
export function startRunBuild(work: string): () => void {
  const status = join(work, "build-status.json");
  // Written whole and renamed into place: a waiting worker never reads half of it.
  const settle = (code: number | null, log: string) => {
    writeFileSync(`${status}.tmp`, JSON.stringify({ code, log: log.slice(-20_000) }));
    renameSync(`${status}.tmp`, status);
  };
  const log: string[] = [];
  // What `npm run build` does: into dist/, office.js local.
  const env = { ...process.env };
  delete env.JIXIAO_DIST;
  delete env.OFFICE_JS;
  const child = spawn(process.execPath, [join(ROOT, "node_modules/webpack-cli/bin/cli.js"), "--mode", "production"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d: Buffer) => log.push(d.toString()));
  child.stderr.on("data", (d: Buffer) => log.push(d.toString()));
  child.on("error", (error) => settle(-1, String(error)));
  child.on("close", (code) => settle(code, log.join("")));
  process.env[BUILD_STATUS_ENV] = status;
  return () => {
    if (child.exitCode === null) child.kill();
  };
}

/** Resolves once the run's build has ended (at once outside such a run); throws with webpack's output if it failed. */
export async function awaitRunBuild(): Promise<void> {
  const status = process.env[BUILD_STATUS_ENV];
  if (!status) return;
  // Polls for a condition (the status file); the caller's hook timeout guards against a hung webpack.
  while (!existsSync(status)) await delay(100);
  const { code, log } = JSON.parse(readFileSync(status, "utf8")) as { code: number; log: string };
  if (code !== 0) throw new Error(`the production build of this npm test run failed (webpack exit ${code}):\n${log}`);
}
