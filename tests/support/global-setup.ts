/**
 * vitest globalSetup, once per run: a working folder for the LibreOffice the test files share
 * (tests/support/libreoffice.ts starts it on first use) and, under `npm test`, the production build
 * (tests/support/run-build.ts); both end after the last file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SHARED_WORK_ENV, sharedPipe, stopSharedInstance } from "./libreoffice";
import { runBuilds, startRunBuild } from "./run-build";

export default function setup(): () => void {
  // The workers inherit these variables: vitest starts them after the global setup.
  const work = mkdtempSync(join(tmpdir(), "jixiao-run-"));
  process.env[SHARED_WORK_ENV] = work;
  // Nothing in the tests goes out to the network, and node 20 parses the extra CA file at every start
  // (~40 ms of CPU here, where the environment sets it): ~130 node processes a run (workers, the CLI's
  // child processes, the build) go without it.
  delete process.env.NODE_EXTRA_CA_CERTS;
  const stopBuild = runBuilds() ? startRunBuild(work) : () => {};
  return () => {
    stopBuild();
    stopSharedInstance(work);
    rmSync(work, { recursive: true, force: true, maxRetries: 5 });
    rmSync(sharedPipe(work), { force: true });
  };
}
