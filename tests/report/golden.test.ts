import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import sample from "../../assets/samples/reference-2023.json";
import { evaluate, evaluationInputSchema, type EvaluationInput } from "../../src/domain";
import { generateReport } from "../../src/domain/narrative";
import { zlibGzip } from "../../src/cli/zlib-gzip";
import { exportDocx, exportProjectsDocx } from "../../src/report";
import { largeInput } from "../support/large-input";
import { projectsSample } from "../support/projects";

/**
 * The Word files stay what they are: each export is compared, part by part, with a .docx kept in
 * tests/fixtures/docx (first written by the `docx` library, which the exports used until they wrote
 * WordprocessingML themselves). Compared after normalising only what cannot change the document: the
 * order of the files in the zip, the order of an element's attributes, `<x></x>` against `<x/>`, quotes
 * written as entities or not, and the time stamps in docProps/core.xml.
 *
 * After an intended change of the documents (the narrative's wording, the layout), write the fixtures
 * anew and look at them in Word or LibreOffice before committing:
 *   UPDATE_DOCX_FIXTURES=1 npx vitest run tests/report/golden.test.ts
 */

const FIXTURES = resolve(__dirname, "../fixtures/docx");
const DATE = new Date(2024, 2, 15);

/** A start tag's attributes in a fixed order; an empty element self-closing; text without &quot; / &apos;. */
function canonicalXml(xml: string): string {
  return xml
    .replace(/<([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>/g, (_, name: string, attrs: string, slash: string) => {
      const list = [...attrs.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)].map((m) => `${m[1]}="${m[2]}"`).sort();
      return `<${name}${list.map((a) => ` ${a}`).join("")}${slash}>`;
    })
    .replace(/<([\w:.-]+)([^<>]*[^/<>])?><\/\1>/g, (_, name: string, attrs?: string) => `<${name}${attrs ?? ""}/>`)
    .replace(/>([^<]+)</g, (_, text: string) => `>${text.replace(/&quot;/g, '"').replace(/&apos;/g, "'")}<`)
    .replace(/<dcterms:(created|modified)([^>]*)>[^<]*</g, "<dcterms:$1$2>(time)<");
}

async function parts(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, string>();
  for (const name of Object.keys(zip.files).sort()) {
    const file = zip.files[name]!;
    if (!file.dir) out.set(name, canonicalXml(await file.async("string")));
  }
  return out;
}

/** Where two texts first differ, with some context: a readable failure for a 1 MB part. */
function firstDifference(a: string, b: string): { at: number; actual: string; expected: string } | null {
  if (a === b) return null;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 300);
  return { at: i, actual: a.slice(from, i + 300), expected: b.slice(from, i + 300) };
}

async function expectSameDocument(name: string, bytes: Uint8Array) {
  const path = join(FIXTURES, name);
  if (process.env.UPDATE_DOCX_FIXTURES === "1" || !existsSync(path)) {
    if (process.env.UPDATE_DOCX_FIXTURES !== "1") throw new Error(`no fixture ${path}: write it with UPDATE_DOCX_FIXTURES=1`);
    mkdirSync(FIXTURES, { recursive: true });
    writeFileSync(path, bytes);
  }
  const [actual, expected] = await Promise.all([parts(bytes), parts(readFileSync(path))]);
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [part, xml] of expected) {
    const diff = firstDifference(actual.get(part)!, xml);
    expect(diff, `${name}: ${part}`).toBeNull();
  }
}

function department(input: EvaluationInput, options: Parameters<typeof exportDocx>[3] = {}) {
  const result = evaluate(input);
  return exportDocx(generateReport(input, result).paragraphs, input, result, { date: DATE, ...options });
}

describe("the Word exports write the documents of the fixtures", () => {
  it("the reference sample's 自评报告", async () => {
    await expectSameDocument("report-sample.docx", await department(evaluationInputSchema.parse(structuredClone(sample))));
  });

  it("500 indicators, with placeholders, a line break in a cell and characters XML escapes", async () => {
    const input = largeInput(500);
    delete input.problems;
    input.indicators[0]!.name = `A&B <指标> "一" '二'\u0001`;
    input.indicators[1]!.name = "第一行\n第二行";
    input.indicators[2]!.deviationReason = "=SUM(A1) +@-原因";
    await expectSameDocument("report-500.docx", await department(input));
  });

  it("the projects' 自评报告 (three projects in one document)", async () => {
    await expectSameDocument("projects-sample.docx", await exportProjectsDocx(evaluate(projectsSample()).projects, 2023));
  });

  it("compressed by node's zlib, as the CLI does", async () => {
    await expectSameDocument("report-sample.docx", await department(evaluationInputSchema.parse(structuredClone(sample)), { gzip: zlibGzip }));
    await expectSameDocument("projects-sample.docx", await exportProjectsDocx(evaluate(projectsSample()).projects, 2023, { gzip: zlibGzip }));
  });
});
