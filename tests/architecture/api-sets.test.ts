/**
 * The manifest promises Excel at its ExcelApi floor (manifest.xml). Office.js defines every API on its
 * proxies whatever the host supports, so a call above the floor only fails on an older Excel, in front
 * of a user. This test reads the "[Api set: ExcelApi x.y]" tag @types/office-js gives every member,
 * resolves each member src/excel uses with the TypeScript checker, and fails on any use above the floor
 * that is not behind a capability check (`caps.has(…)`, `caps.api(…)`, `hasMember(…)` in an enclosing
 * condition), or in a function listed below with the check that guards all its callers.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

const ROOT = resolve(__dirname, "../..");

/** Functions whose every caller checks the capability first (the reason is the review record). */
const GUARDED_BY_CALLERS: Record<string, string> = {
  applyPrint: "called only by queuePrint and queueRepairPrint, after caps.has(\"pageLayout\") and hasMember(ws, \"pageLayout\")",
  applyValidation: "called only where caps.has(\"validation\") was checked (queueTemplate, queueRepair)",
  holdsList: "returns before any call unless caps.has(\"validation\")",
  onChanged: "reads the event's payload: `details` is absent below ExcelApi 1.9 and reads as undefined, it never throws",
  sheetOf: "`merged` is loaded (non-null) only when queueSheet found caps.has(\"mergedAreas\")",
};

export function manifestFloor(): string {
  const xml = readFileSync(join(ROOT, "manifest.xml"), "utf8");
  const m = /<Set\s+Name="ExcelApi"\s+MinVersion="([\d.]+)"/.exec(xml);
  if (!m) throw new Error("manifest.xml names no ExcelApi MinVersion");
  return m[1]!;
}

const newer = (a: string, b: string) => {
  const [pa, pb] = [a.split(".").map(Number), b.split(".").map(Number)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  return false;
};

function apiSetOf(decl: ts.Declaration): string | null {
  const sf = decl.getSourceFile();
  if (!/@types[\\/]office-js[\\/]/.test(sf.fileName)) return null;
  const ranges = ts.getLeadingCommentRanges(sf.text, decl.getFullStart()) ?? [];
  for (const r of ranges) {
    const m = /\[Api set: ExcelApi (\d+\.\d+)/.exec(sf.text.slice(r.pos, r.end));
    if (m) return m[1]!;
  }
  return null;
}

const CHECK = /\b(caps\.(has|api)|this\.caps\.(has|api)|hasMember)\(/;

function guarded(node: ts.Node): string | null {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    const p: ts.Node | undefined = n.parent;
    if (!p) break;
    if (ts.isIfStatement(p) && (p.thenStatement === n || p.elseStatement === n) && CHECK.test(p.expression.getText())) return "if";
    if (ts.isConditionalExpression(p) && p.condition !== n && CHECK.test(p.condition.getText())) return "?:";
    if (ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && CHECK.test(p.left.getText())) return "&&";
    if ((ts.isFunctionDeclaration(p) || ts.isMethodDeclaration(p)) && p.name && GUARDED_BY_CALLERS[p.name.getText()]) return "caller";
  }
  return null;
}

export interface Violation {
  at: string;
  api: string;
  version: string;
}

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  resolveJsonModule: true,
  esModuleInterop: true,
  types: ["office-js"],
  typeRoots: [join(ROOT, "node_modules/@types")],
};

/**
 * The declaration files (TypeScript's lib, @types/office-js) parsed once for every program here, as a
 * language service's document registry shares them: parsing them again cost each program ~2 CPU-s.
 */
const parsedDeclarations = new Map<string, ts.SourceFile>();
const host = ts.createCompilerHost(OPTIONS);
const parse = host.getSourceFile.bind(host);
host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
  if (!fileName.endsWith(".d.ts")) return parse(fileName, languageVersion, onError, shouldCreate);
  let file = parsedDeclarations.get(fileName);
  if (!file) {
    file = parse(fileName, languageVersion, onError, shouldCreate);
    if (file) parsedDeclarations.set(fileName, file);
  }
  return file;
};

export function violations(files: readonly string[], floor: string): Violation[] {
  const program = ts.createProgram(files, OPTIONS, host);
  const checker = program.getTypeChecker();
  const out: Violation[] = [];
  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`not in the program: ${file}`);
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) || ts.isPropertyAssignment(node)) {
        const symbol = checker.getSymbolAtLocation(node.name);
        const versions = (symbol?.declarations ?? []).map(apiSetOf).filter((v): v is string => v !== null);
        // Overloads: the lowest set that has the member.
        const version = versions.sort((a, b) => (newer(a, b) ? 1 : newer(b, a) ? -1 : 0))[0];
        if (version && newer(version, floor) && !guarded(node)) {
          const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
          const at = `${file.replace(ROOT + "/", "")}:${line + 1}`;
          // One report per line: `ws.pageLayout.orientation` is two 1.9 members on one line.
          if (!out.some((v) => v.at === at)) out.push({ at, api: node.getText().slice(0, 80), version });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

describe("ExcelApi requirement sets", () => {
  const floor = manifestFloor();

  test("the manifest's floor is what the README and src/excel/features.ts assume", () => {
    expect(floor).toBe("1.7");
  });

  test("src/excel calls nothing above the manifest's floor outside a capability check", () => {
    const dir = join(ROOT, "src/excel");
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => join(dir, f));
    expect(violations(files, floor)).toEqual([]);
  }, 60_000);

  test("the check catches an unguarded call and accepts a guarded one", () => {
    const dir = mkdtempSync(join(tmpdir(), "api-sets-"));
    const file = join(dir, "probe.ts");
    writeFileSync(
      file,
      [
        "declare const ws: Excel.Worksheet;",
        "declare const caps: { has(id: string): boolean };",
        'ws.pageLayout.orientation = "Landscape";',
        'if (caps.has("pageLayout")) ws.pageLayout.orientation = "Portrait";',
        "ws.getRange(\"A1\").values = [[1]];",
      ].join("\n"),
    );
    const found = violations([file], floor);
    expect(found.map((v) => v.at.replace(/^.*probe\.ts/, "probe.ts"))).toEqual(["probe.ts:3"]);
    expect(found[0]!.version).toBe("1.9");
  }, 60_000);
});
