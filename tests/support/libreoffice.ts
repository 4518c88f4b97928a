import { execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join, resolve } from "node:path";

/**
 * LibreOffice as the independent engine of the tests: forced recalculation on load (so cached
 * values written by us are never trusted), one private profile per run, many files per call.
 *
 * In a vitest run the test files share one LibreOffice (tests/support/global-setup.ts): each start
 * costs ~4 s of CPU, and a `soffice --convert-to` with the profile of a running instance hands its files to
 * that instance and waits until they are converted.
 */

export const SOFFICE = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => existsSync(p));

export function libreOfficeAvailable(): boolean {
  return SOFFICE !== undefined;
}

const RECALC_XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** Maps the Windows font names our documents ask for onto the CJK fonts Debian ships. */
const FONTS_CONF = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  ${["宋体", "SimSun", "仿宋", "仿宋_GB2312", "FangSong", "楷体", "楷体_GB2312", "KaiTi", "方正小标宋简体"]
    .map((f) => `<alias binding="same"><family>${f}</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>`)
    .join("\n  ")}
  ${["黑体", "SimHei", "微软雅黑", "Microsoft YaHei", "等线", "DengXian", "Calibri"]
    .map((f) => `<alias binding="same"><family>${f}</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>`)
    .join("\n  ")}
</fontconfig>
`;

export interface ConvertOptions {
  /** LibreOffice filter, e.g. "xlsx", "pdf", "xlsx:Calc MS Excel 2007 XML". */
  format: string;
  outDir: string;
  timeoutMs?: number;
  /** Reuse this LibreOffice profile folder (created on first use): a warm start, as a daily user has. */
  workDir?: string;
}

/** The profile and font configuration of a LibreOffice working folder, written before every start. */
function prepareWork(work: string): { profile: string; env: NodeJS.ProcessEnv } {
  const profile = join(work, "profile");
  mkdirSync(join(profile, "user"), { recursive: true });
  const xcu = join(profile, "user", "registrymodifications.xcu");
  // LibreOffice rewrites this file on exit; our recalculation items must be there before every start.
  if (!existsSync(xcu) || !readFileSync(xcu, "utf8").includes("OOXMLRecalcMode")) writeFileSync(xcu, RECALC_XCU);
  const fontsConf = join(work, "fonts.conf");
  writeFileSync(fontsConf, FONTS_CONF);
  return { profile, env: { ...process.env, FONTCONFIG_FILE: fontsConf, HOME: work } };
}

const BASE_ARGS = ["--headless", "--norestore", "--nolockcheck"];

/** Set by tests/support/global-setup.ts for a vitest run: the shared instance's working folder. */
export const SHARED_WORK_ENV = "JIXIAO_LO_SHARED_WORK";
const SHARED_PID_FILE = "server.pid";

/** The accept pipe a shared instance opens once it has started (LibreOffice creates it in /tmp). */
export function sharedPipe(work: string): string {
  return join("/tmp", `OSL_PIPE_${process.getuid?.() ?? 0}_jixiao-lo-${basename(work)}`);
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The shared instance's working folder once it is up: the first caller of the run starts it (an exclusive
 * lock file decides who), the others wait for its accept pipe, the sign that it takes requests.
 * undefined outside vitest, or when it does not come up in time (each call then starts its own).
 */
function sharedInstance(): string | undefined {
  const work = process.env[SHARED_WORK_ENV];
  if (!work || !SOFFICE) return undefined;
  const pipe = sharedPipe(work);
  if (existsSync(pipe)) return work;
  let starter = false;
  try {
    closeSync(openSync(join(work, "server.lock"), "wx"));
    starter = true;
  } catch {
    // Another test file is starting it.
  }
  if (starter) {
    const { profile, env } = prepareWork(work);
    // LibreOffice ends after a handed-over conversion when no document is left open: one stays open.
    const keepOpen = join(work, "keep-open.txt");
    writeFileSync(keepOpen, "jixiao\n");
    const accept = `--accept=pipe,name=jixiao-lo-${basename(work)};urp;`;
    const server = spawn(SOFFICE, [`-env:UserInstallation=file://${profile}`, ...BASE_ARGS, accept, keepOpen], {
      env,
      stdio: "ignore",
      // Its own process group, so the run's teardown stops soffice and soffice.bin together.
      detached: true,
    });
    server.unref();
    writeFileSync(join(work, SHARED_PID_FILE), String(server.pid));
  }
  // Polls for a condition (the pipe); the cap only keeps a broken LibreOffice from hanging the run.
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; pause(50)) if (existsSync(pipe)) return work;
  return undefined;
}

/** Stops the shared instance of a run (its whole process group); called by the run's teardown. */
export function stopSharedInstance(work: string): void {
  const pidFile = join(work, SHARED_PID_FILE);
  if (!existsSync(pidFile)) return;
  try {
    process.kill(-Number(readFileSync(pidFile, "utf8")), "SIGTERM");
  } catch {
    // Already gone.
  }
}

/** Converts every input in one soffice call; returns the output paths in input order (checked to exist). */
export function convertWithLibreOffice(inputs: readonly string[], options: ConvertOptions): string[] {
  if (!SOFFICE) throw new Error("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui");
  // An explicit profile folder means a LibreOffice of its own (the bench times whole starts).
  const shared = options.workDir ? undefined : sharedInstance();
  // Handing files to the shared instance leaves its folder alone: it read its fonts and settings at start.
  const { profile, env } = shared ? { profile: join(shared, "profile"), env: process.env } : prepareWork(options.workDir ?? mkdtempSync(join(tmpdir(), "jixiao-lo-")));
  mkdirSync(options.outDir, { recursive: true });
  execFileSync(
    SOFFICE,
    [
      `-env:UserInstallation=file://${profile}`,
      ...BASE_ARGS,
      "--convert-to",
      options.format,
      "--outdir",
      resolve(options.outDir),
      ...inputs.map((p) => resolve(p)),
    ],
    {
      stdio: "pipe",
      timeout: options.timeoutMs ?? 300_000,
      env,
    },
  );
  const ext = options.format.split(":")[0]!;
  const outputs = inputs.map((p) => join(resolve(options.outDir), `${basename(p, extname(p))}.${ext}`));
  const missing = outputs.filter((p) => !existsSync(p));
  // soffice exits 0 even when a conversion failed: the output files are the only evidence.
  if (missing.length) throw new Error(`LibreOffice produced no output for: ${missing.join(", ")}`);
  return outputs;
}

/** Renders page `page` (1-based) of a PDF to PNG with pdftoppm; returns the PNG path. */
export function pdfPageToPng(pdf: string, outPrefix: string, page = 1, dpi = 110): string {
  execFileSync("pdftoppm", ["-png", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", pdf, outPrefix]);
  const png = `${outPrefix}.png`;
  if (!existsSync(png)) throw new Error(`pdftoppm produced no ${png}`);
  return png;
}
