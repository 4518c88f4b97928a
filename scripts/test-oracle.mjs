// `npm run test:oracle`: the long LibreOffice oracle run. The default `npm test` checks a fixed set of ~20
// workbooks; this run adds 200 more seeded random ones (or JIXIAO_ORACLE_RANDOM of them), forced to
// recalculate in LibreOffice and compared cell by cell with the engine. Takes a few minutes.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";

const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
// Two hundred workbooks: one LibreOffice per core pays for its start.
const env = { ...process.env, JIXIAO_ORACLE_RANDOM: process.env.JIXIAO_ORACLE_RANDOM ?? "200", JIXIAO_LO_PARTS: process.env.JIXIAO_LO_PARTS ?? String(availableParallelism()) };
const run = spawnSync(process.execPath, [vitest, "run", "tests/template/libreoffice.test.ts", ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(run.status ?? 1);
