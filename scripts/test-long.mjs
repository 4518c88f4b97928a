// `npm run test:long`: the long runs that do not fit npm test's time budget, in one go: the LibreOffice
// oracle over 200 seeded random workbooks (as `npm run test:oracle`) and every entry point over 200
// random workbooks (npm test runs 32), the shipped office.js's requests for 5000 indicators besides 1000, and
// the long counts of the random round trip, engine properties and incremental edits.
// JIXIAO_ORACLE_RANDOM / JIXIAO_ENTRY_POINT_SEEDS (per range, ≤ 100)
// change the counts. Takes several minutes.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
const env = {
  ...process.env,
  JIXIAO_ORACLE_RANDOM: process.env.JIXIAO_ORACLE_RANDOM ?? "200",
  JIXIAO_ENTRY_POINT_SEEDS: process.env.JIXIAO_ENTRY_POINT_SEEDS ?? "100",
  JIXIAO_LONG: "1",
};
const files = [
  "tests/template/libreoffice.test.ts",
  "tests/architecture/entry-points.test.ts",
  "tests/architecture/entry-points-2.test.ts",
  "tests/excel/office-js-payloads.test.ts",
  // Their random counts grow with JIXIAO_LONG (tests/support/long-run.ts).
  "tests/template/roundtrip.test.ts",
  "tests/domain/properties.test.ts",
  "tests/domain/incremental.test.ts",
];
const run = spawnSync(process.execPath, [vitest, "run", ...files, ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(run.status ?? 1);
