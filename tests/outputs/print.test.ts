import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import sample from "../../assets/samples/reference-2023.json";
import { evaluateExcelJs } from "../../src/app/evaluate-xlsx";
import type { WorkbookEvaluation } from "../../src/app/evaluate-workbook";
import { evaluationInputSchema, type EvaluationInput } from "../../src/domain";
import { exportDocx } from "../../src/report";
import { buildXlsx, loadXlsxFile, planWorkbook, saveXlsxFile } from "../../src/template";
import { randomInput } from "../template/generators";
import { convertWithLibreOffice, pdfPageToPng } from "../support/libreoffice";

/**
 * What a supervisor prints: the evaluated workbook (as `jixiao evaluate --out` leaves it: the template
 * file read, evaluated and saved again) and the Word report, rendered to PDF by LibreOffice in one call.
 * pdftotext then shows whether every indicator name and every paragraph is on paper whole, and whether
 * the pages are numbered right. UPDATE_DOCS=1 also refreshes the page images in docs/.
 */

const dir = mkdtempSync(join(tmpdir(), "jixiao-print-"));
const RANDOM_SEED = 7;

interface Printed {
  input: EvaluationInput;
  evaluation: WorkbookEvaluation;
  book: string;
  report: string;
}

async function prepare(name: string, input: EvaluationInput): Promise<Printed> {
  const template = join(dir, `${name}-template.xlsx`);
  await saveXlsxFile(buildXlsx(planWorkbook(input)), template);
  const wb = await loadXlsxFile(template);
  const evaluation = evaluateExcelJs(wb);
  await saveXlsxFile(wb, join(dir, `${name}-book.xlsx`));
  writeFileSync(join(dir, `${name}-report.docx`), await exportDocx(evaluation.narrative, evaluation.read.input, evaluation.result, { date: new Date(2024, 2, 15) }));
  return { input, evaluation, book: join(dir, `${name}-book.pdf`), report: join(dir, `${name}-report.pdf`) };
}

const pdfPages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))![1]);
const pageText = (pdf: string, page: number, layout = false) =>
  execFileSync("pdftotext", [...(layout ? ["-layout"] : []), "-f", String(page), "-l", String(page), pdf, "-"], { encoding: "utf8" });
/** pdftotext spaces out grid-set characters and breaks wrapped lines: compare without white space. */
const squeeze = (s: string) => s.replace(/\s+/g, "");
const allText = (pdf: string) => squeeze(execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }));

const printed: Record<"sample" | "random", Printed> = {} as never;

beforeAll(async () => {
  printed.sample = await prepare("sample", evaluationInputSchema.parse(structuredClone(sample)));
  printed.random = await prepare("random", evaluationInputSchema.parse(randomInput(RANDOM_SEED)));
  const inputs = ["sample", "random"].flatMap((n) => [join(dir, `${n}-book.xlsx`), join(dir, `${n}-report.docx`)]);
  convertWithLibreOffice(inputs, { format: "pdf", outDir: dir });
}, 240_000);

describe.each(["sample", "random"] as const)("printed %s", (which) => {
  test("the workbook: every page says 第 i 页，共 N 页, numbered on across the sheets after evaluate", () => {
    const { book } = printed[which];
    const n = pdfPages(book);
    expect(n).toBeGreaterThan(5);
    for (let i = 1; i <= n; i++) expect(squeeze(pageText(book, i))).toContain(`第${i}页，共${n}页`);
  });

  test("the 自评表 and the 自评报告 on paper: every indicator name and every paragraph whole", () => {
    const { book, evaluation } = printed[which];
    const text = allText(book);
    const names = evaluation.read.input.indicators.map((i) => squeeze(i.name)).filter(Boolean);
    expect(names.length).toBeGreaterThan(0);
    // Each name twice at least: the 绩效指标 sheet and the 自评表 (the report has it a third time).
    for (const name of names) expect(text.split(name).length - 1, name).toBeGreaterThanOrEqual(2);
    for (const p of evaluation.narrative) expect(text, p.key).toContain(squeeze(p.text));
    expect(text).toContain(`评价等级：${evaluation.result.grade}`);
    // 问题与措施 whole on its own sheet and again in the report's 六、七.
    const items = [...(evaluation.read.input.problems ?? []), ...(evaluation.read.input.measures ?? [])].map((t) => squeeze(t).replace(/[。；]$/, ""));
    for (const item of items.filter(Boolean)) expect(text.split(item).length - 1, item).toBeGreaterThanOrEqual(2);
    // The machinery of 自评报告 (keys, checksum, the duplicate text column) stays off paper.
    expect(text).not.toContain("段落键");
    expect(text).not.toContain("生成时数据校验值");
  });

  test("the Word report: every paragraph whole, pages numbered — i — on the outer side", () => {
    const { report, evaluation } = printed[which];
    const n = pdfPages(report);
    expect(n).toBeGreaterThanOrEqual(2);
    // A paragraph running over a page break has the page number in between. LibreOffice compresses
    // adjacent full-width punctuation ("）、") and pdftotext then drops one mark: compare without them.
    const unpunctuated = (t: string) => squeeze(t).replace(/[、，。；：（）“”]/g, "");
    const text = unpunctuated(allText(report).replace(/—\d+—/g, ""));
    for (const p of evaluation.narrative) expect(text, p.key).toContain(unpunctuated(p.text));
    for (const ind of evaluation.read.input.indicators) if (ind.name.trim()) expect(text).toContain(unpunctuated(ind.name));
    expect(text).toContain(unpunctuated(`${evaluation.read.input.unit.name}${evaluation.read.input.unit.year}年度部门整体支出绩效自评表`));
    for (let i = 1; i <= n; i++) {
      const lines = pageText(report, i, true).split("\n").filter((l) => l.trim());
      const footer = lines.at(-1)!;
      expect(squeeze(footer)).toBe(`—${i}—`);
      // Odd pages right, even pages left: the number starts right of the middle on odd pages.
      const column = footer.search(/\S/);
      if (i % 2 === 1) expect(column, `page ${i}`).toBeGreaterThan(15);
      else expect(column, `page ${i}`).toBeLessThan(5);
    }
  });
});

test("the sample's rendered pages are in docs/ (UPDATE_DOCS=1 refreshes them)", () => {
  const { book, report } = printed.sample;
  const docs = resolve(__dirname, "../../docs");
  const bookPages = pdfPages(book);
  const pageOf = (pdf: string, needle: string) => {
    for (let i = 1; i <= pdfPages(pdf); i++) if (squeeze(pageText(pdf, i)).includes(needle)) return i;
    throw new Error(`no page with ${needle}`);
  };
  const shots: Array<[string, string, number]> = [
    ["print-self-table.png", book, pageOf(book, "部门整体支出绩效自评表")],
    ["print-self-report.png", book, pageOf(book, "中共雁峰区委办公室2023年度部门整体支出绩效自评报告")],
    ["print-report-last.png", report, pageOf(report, "附件：中共雁峰区委办公室")],
    ["print-report-appendix.png", report, pdfPages(report)],
  ];
  expect(bookPages).toBeGreaterThan(shots[1]![2]);
  for (const [file, pdf, page] of shots) {
    const png = pdfPageToPng(pdf, join(dir, file.replace(/\.png$/, "")), page, 80);
    if (process.env.UPDATE_DOCS === "1") copyFileSync(png, join(docs, file));
  }
});
