import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join, resolve } from "node:path";

/**
 * LibreOffice as the independent engine of the tests: forced recalculation on load (so cached
 * values written by us are never trusted), one private profile per run, many files per call.
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

/** Converts every input in one soffice call; returns the output paths in input order (checked to exist). */
export function convertWithLibreOffice(inputs: readonly string[], options: ConvertOptions): string[] {
  if (!SOFFICE) throw new Error("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui");
  const work = options.workDir ?? mkdtempSync(join(tmpdir(), "jixiao-lo-"));
  const profile = join(work, "profile");
  mkdirSync(join(profile, "user"), { recursive: true });
  const xcu = join(profile, "user", "registrymodifications.xcu");
  // LibreOffice rewrites this file on exit; our recalculation items must be there before every start.
  if (!existsSync(xcu) || !readFileSync(xcu, "utf8").includes("OOXMLRecalcMode")) writeFileSync(xcu, RECALC_XCU);
  const fontsConf = join(work, "fonts.conf");
  writeFileSync(fontsConf, FONTS_CONF);
  mkdirSync(options.outDir, { recursive: true });
  execFileSync(
    SOFFICE,
    [
      `-env:UserInstallation=file://${profile}`,
      "--headless",
      "--norestore",
      "--nolockcheck",
      "--convert-to",
      options.format,
      "--outdir",
      resolve(options.outDir),
      ...inputs.map((p) => resolve(p)),
    ],
    {
      stdio: "pipe",
      timeout: options.timeoutMs ?? 300_000,
      env: { ...process.env, FONTCONFIG_FILE: fontsConf, HOME: work },
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
