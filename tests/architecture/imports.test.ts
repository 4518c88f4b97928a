/**
 * The import rules of the house (docs/architecture.md), checked on every source file:
 * - src/domain is pure: it imports only itself and its libraries (decimal.js, zod);
 * - layers point one way: domain ← template ← workbook ← app ← hosts and UI (no cycle, in particular
 *   none between src/template and src/workbook);
 * - the Office.js API only in src/excel (plus src/hosts/bootstrap.ts, which asks Office which host this is);
 * - the UI reaches a host only through the bootstrap (src/hosts);
 * - React and Fluent only in the UI folders;
 * - exceljs only in the file host (the .xlsx modules and the CLI).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const SRC = join(ROOT, "src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

interface Source {
  file: string;
  folder: string;
  imports: string[];
  code: string;
}

const stripComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

const SOURCES: Source[] = files(SRC).map((path) => {
  const text = readFileSync(path, "utf8");
  const code = stripComments(text);
  const imports = [...code.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g)].map((m) => {
    const spec = m[1]!;
    return spec.startsWith(".") ? relative(ROOT, resolve(dirname(path), spec)) : spec;
  });
  const file = relative(ROOT, path);
  return { file, folder: file.split("/")[1]!, imports, code };
});

const localFolder = (spec: string): string | null => (spec.startsWith("src/") ? (spec.split("/")[1] ?? null) : null);
const packageOf = (spec: string) => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);

/** Which src folders each folder may import (besides itself). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  domain: [],
  template: ["domain"],
  workbook: ["domain", "template"],
  report: ["domain", "template"],
  app: ["domain", "template", "workbook", "report"],
  excel: ["domain", "template", "workbook", "app"],
  cli: ["domain", "template", "workbook", "report", "app"],
  preview: ["domain", "template", "workbook", "app", "taskpane"],
  /** Chooses and loads the host (Excel or the preview): above both. */
  hosts: ["app", "excel", "preview"],
  /** The UI: renders state and calls actions; reaches a host only through the bootstrap. */
  taskpane: ["domain", "template", "workbook", "app", "hosts", "report"],
  commands: [],
};

/** The file host: the modules that read and write .xlsx files, and the CLI that uses them. */
const FILE_HOST = /^src\/(cli\/|app\/evaluate-xlsx\.ts$|template\/(xlsx|xlsx-patch|xlsx-repair|outputs-xlsx|file|file-errors|project-file|snapshot-exceljs|snapshot-xlsx|snapshot-xlsx-names|exceljs-patches)\.ts$)/;
/** Files that ask office.js which host runs the pane (Office.onReady / Office.context), besides src/excel. */
const HOST_DETECTION = /^src\/(hosts\/bootstrap\.ts|commands\/commands\.ts)$/;

describe("import rules", () => {
  it("covers the source tree", () => {
    expect(SOURCES.length).toBeGreaterThan(60);
    expect(new Set(SOURCES.map((s) => s.folder))).toEqual(new Set(Object.keys(MAY_IMPORT)));
  });

  it("layers point one way: no src folder imports one it may not", () => {
    const bad = SOURCES.flatMap((s) =>
      s.imports.filter((i) => {
        const f = localFolder(i);
        return f !== null && f !== s.folder && !MAY_IMPORT[s.folder]!.includes(f);
      }).map((i) => `${s.file} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it("src/domain imports only itself and its libraries", () => {
    const bad = SOURCES.filter((s) => s.folder === "domain").flatMap((s) =>
      s.imports.filter((i) => !i.startsWith("src/domain/") && !["decimal.js", "zod"].includes(packageOf(i))).map((i) => `${s.file} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it("the Office.js API only in src/excel (and host detection in the bootstrap)", () => {
    const bad = SOURCES.filter((s) => s.folder !== "excel" && !HOST_DETECTION.test(s.file) && /\b(Office|Excel)\.[A-Za-z]/.test(s.code)).map((s) => s.file);
    expect(bad).toEqual([]);
  });

  it("React and Fluent only in the UI folders", () => {
    const bad = SOURCES.filter((s) => !["taskpane", "preview"].includes(s.folder) && s.imports.some((i) => /^(react|react-dom|@fluentui\/)/.test(i))).map((s) => s.file);
    expect(bad).toEqual([]);
  });

  it("exceljs only in the file host", () => {
    const bad = SOURCES.filter((s) => !FILE_HOST.test(s.file) && s.imports.some((i) => packageOf(i) === "exceljs")).map((s) => s.file);
    expect(bad).toEqual([]);
  });
});
