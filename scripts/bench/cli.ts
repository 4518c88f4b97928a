import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sample from "../../assets/samples/reference-2023.json";
import { main } from "../../src/cli/app";
import { evaluationInputSchema } from "../../src/domain";
import { buildXlsx, planWorkbook, saveXlsxFile } from "../../src/template";
import { evaluateExcelJs } from "../../src/app/evaluate-xlsx";
import { largeInput, rng } from "../../tests/support/large-input";
import { convertWithLibreOffice } from "../../tests/support/libreoffice";
import type { Metric } from "../bench";

const ROOT = join(__dirname, "../..");
const BIN = join(ROOT, "bin/jixiao.js");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Child processes get the environment a user has: this machine sets NODE_EXTRA_CA_CERTS, which alone adds
 * ~50 ms to every node 20 start, so it is unset for every process timed here (ours and node's own floor).
 */
const USER_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NODE_EXTRA_CA_CERTS"));

function timeProcess(args: string[], bin: string[] = [BIN]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...bin, ...args], { stdio: "ignore", env: USER_ENV });
  if (r.status !== 0 && r.status !== 1) throw new Error(`jixiao ${args.join(" ")} exited ${r.status}`);
  return performance.now() - t0;
}

/**
 * The least work any reader of an .xlsx does, as a new process: node starts, reads the file and inflates
 * every part to text (latin1, the cheapest decoding). Plain JavaScript for `node -e`, no dependency: what
 * is left above it in `cli.evaluate.*` is reading, evaluating and writing.
 */
const READ_FLOOR = `
// Exit 3 on any failure: timeProcess accepts 1, jixiao's exit code for error findings.
process.on("uncaughtException", () => process.exit(3));
const fs = require("fs"), zlib = require("zlib");
const b = fs.readFileSync(process.argv[1]);
const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
let p = b.readUInt32LE(eocd + 16), chars = 0;
for (let i = b.readUInt16LE(eocd + 10); i > 0; i--) {
  const method = b.readUInt16LE(p + 10), size = b.readUInt32LE(p + 20), at = b.readUInt32LE(p + 42);
  const start = at + 30 + b.readUInt16LE(at + 26) + b.readUInt16LE(at + 28);
  const data = b.subarray(start, start + size);
  chars += (method === 8 ? zlib.inflateRawSync(data) : data).toString("latin1").length;
  p += 46 + b.readUInt16LE(p + 28) + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
}
if (!chars) process.exit(3);
`;

async function quiet<T>(work: () => Promise<T>): Promise<T> {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    process.stdout.write = write;
  }
}

export async function cliBench(): Promise<Metric[]> {
  if (!existsSync(join(ROOT, "dist/cli/jixiao.cjs"))) {
    execFileSync(process.execPath, [join(ROOT, "node_modules/webpack/bin/webpack.js"), "--mode", "production", "--config-name", "cli"], { cwd: ROOT, stdio: "ignore" });
  }
  const dir = mkdtempSync(join(tmpdir(), "jixiao-bench-"));
  const workbook = join(dir, "sample.xlsx");
  const input = evaluationInputSchema.parse(structuredClone(sample));
  const wb = buildXlsx(planWorkbook(input));
  evaluateExcelJs(wb);
  await saveXlsxFile(wb, workbook);

  // As a user runs it, a new node process each time: the floor (node itself), --help, evaluate to JSON,
  // evaluate --out (workbook + Word).
  const floor: number[] = [];
  const readFloor: number[] = [];
  const helpTimes: number[] = [];
  const json: number[] = [];
  const cold: number[] = [];
  for (let i = 0; i < 5; i++) {
    floor.push(timeProcess(["-e", "0"], []));
    readFloor.push(timeProcess(["-e", READ_FLOOR, workbook], []));
    helpTimes.push(timeProcess(["--help"]));
    json.push(timeProcess(["evaluate", workbook, "--format", "json"]));
    cold.push(timeProcess(["evaluate", workbook, "--out", join(dir, `out${i}`)]));
  }
  // The same work inside a running process (what the add-in and a batch worker pay): work, not start-up.
  const warm: number[] = [];
  for (let i = 0; i < 2; i++) await quiet(() => main(["evaluate", workbook, "--out", join(dir, `warmup${i}`)]));
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    await quiet(() => main(["evaluate", workbook, "--out", join(dir, `in${i}`), "--force"]));
    warm.push(performance.now() - t0);
  }
  // LibreOffice recalculating the same workbook (forced recalculation on load), warm profile.
  const lo: number[] = [];
  const loWork = join(dir, "lo");
  convertWithLibreOffice([workbook], { format: "xlsx", outDir: join(dir, "lo-warmup"), workDir: loWork });
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    convertWithLibreOffice([workbook], { format: "xlsx", outDir: join(dir, `lo${i}`), workDir: loWork });
    lo.push(performance.now() - t0);
  }

  // evaluate --out on larger workbooks (500 and 5,000 indicators), against LibreOffice on the same file.
  const sizes: Array<{ n: number; ours: number; lo: number; floor: number }> = [];
  for (const [n, runs] of [[500, 3], [5000, 3]] as const) {
    const big = join(dir, `big${n}.xlsx`);
    const b = buildXlsx(planWorkbook(largeInput(n)));
    evaluateExcelJs(b);
    await saveXlsxFile(b, big);
    const ours: number[] = [];
    for (let i = 0; i < runs; i++) ours.push(timeProcess(["evaluate", big, "--out", join(dir, `big${n}-out${i}`)]));
    const floorRuns: number[] = [];
    for (let i = 0; i < runs; i++) floorRuns.push(timeProcess(["-e", READ_FLOOR, big], []));
    const theirs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      convertWithLibreOffice([big], { format: "xlsx", outDir: join(dir, `big${n}-lo${i}`), workDir: loWork });
      theirs.push(performance.now() - t0);
    }
    sizes.push({ n, ours: median(ours), lo: median(theirs), floor: median(floorRuns) });
  }

  // 1,000 workbooks: 20 generated variants, 50 copies each, in one folder tree.
  const inbox = join(dir, "inbox");
  const random = rng(7);
  for (let v = 0; v < 20; v++) {
    const data = evaluationInputSchema.parse(structuredClone(sample));
    data.unit.name = `单位${v + 1}`;
    data.budget.fiscal.actual = Math.round(866.74 * (0.7 + 0.3 * random()) * 100) / 100;
    const file = join(inbox, `v${v}`, "unit-0.xlsx");
    mkdirSync(join(inbox, `v${v}`), { recursive: true });
    const b = buildXlsx(planWorkbook(data));
    evaluateExcelJs(b);
    await saveXlsxFile(b, file);
    for (let c = 1; c < 50; c++) copyFileSync(file, join(inbox, `v${v}`, `unit-${c}.xlsx`));
  }
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, "batch", inbox, "--out", join(dir, "summary.xlsx")], { stdio: "ignore", env: USER_ENV });
  const batchS = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`batch exited ${r.status}`);
  rmSync(dir, { recursive: true, force: true });

  const coldMs = median(cold);
  const jsonMs = median(json);
  const warmMs = median(warm);
  const loMs = median(lo);
  return [
    { name: "node.start.ms", value: median(floor), unit: "ms", note: "node -e 0, the floor of any CLI run, median of 5 (NODE_EXTRA_CA_CERTS unset for every process here)" },
    { name: "read.floor.ms", value: median(readFloor), unit: "ms", note: "node starts, reads sample.xlsx and inflates every part to text: the least work any reader does, median of 5" },
    { name: "cli.help.ms", value: median(helpTimes), unit: "ms", note: "jixiao --help, new process, median of 5; budget ≤ 100 ms" },
    { name: "cli.evaluate.json.ms", value: jsonMs, unit: "ms", note: "jixiao evaluate sample.xlsx --format json, new process, median of 5" },
    { name: "cli.evaluate.out.ms", value: coldMs, unit: "ms", note: "jixiao evaluate sample.xlsx --out DIR (workbook + docx), new process, median of 5" },
    { name: "cli.evaluate.out.inprocess.ms", value: warmMs, unit: "ms", note: "the same work inside a running process (after 2 warm-up runs), median of 7" },
    { name: "libreoffice.recalc.ms", value: loMs, unit: "ms", note: "soffice --convert-to xlsx with recalculation on load, warm profile, median of 3" },
    { name: "cli.vs.libreoffice", value: loMs / jsonMs, unit: "x", note: "evaluate --format json vs LibreOffice, new process each; budget ≥ 20x" },
    { name: "cli.out.vs.libreoffice", value: loMs / coldMs, unit: "x", note: "evaluate --out vs LibreOffice, new process each; budget ≥ 5x" },
    ...sizes.flatMap(({ n, ours, lo, floor }): Metric[] => [
      { name: `read.floor.${n}.ms`, value: floor, unit: "ms", note: `the same least work on the ${n}-indicator workbook, median of 3` },
      { name: `cli.evaluate.out.${n}.ms`, value: ours, unit: "ms", note: `evaluate --out on ${n} indicators, new process, median of 3` },
      { name: `libreoffice.recalc.${n}.ms`, value: lo, unit: "ms", note: `LibreOffice recalculating the same ${n}-indicator workbook, median of 3` },
      { name: `cli.out.vs.libreoffice.${n}`, value: lo / ours, unit: "x", note: "budget ≥ 5x" },
    ]),
    { name: "batch.1000.s", value: batchS, unit: "s", note: "jixiao batch over 1,000 workbooks on both cores" },
  ];
}
