import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildXlsx, generateTemplateDoc, planWorkbook, writeXlsxBuffer } from "../../src/template";
import { convertWithLibreOffice, pdfPageToPng } from "../support/libreoffice";
import { sampleInput } from "./helpers";

/**
 * docs/template.md and docs/sample-indicators-sheet.png come from the spec: with UPDATE_DOCS=1 this test
 * regenerates them; otherwise it fails when the committed description no longer matches the spec.
 */

const UPDATE = process.env.UPDATE_DOCS === "1";
const ROOT = join(__dirname, "..", "..");
const DOC = join(ROOT, "docs", "template.md");
const PNG = join(ROOT, "docs", "sample-indicators-sheet.png");

describe("docs", () => {
  it("docs/template.md is the text generated from the spec", () => {
    const text = generateTemplateDoc();
    if (UPDATE) writeFileSync(DOC, text);
    expect(readFileSync(DOC, "utf8")).toBe(text);
    expect(text).toContain("`TotalScore`");
    expect(text).toContain("`Grade`");
  });

  it(
    "docs/sample-indicators-sheet.png: LibreOffice's print of the sample's 绩效指标 sheet",
    async () => {
      if (UPDATE) {
        const dir = mkdtempSync(join(tmpdir(), "jixiao-doc-"));
        try {
          const xlsx = join(dir, "sample.xlsx");
          writeFileSync(xlsx, await writeXlsxBuffer(buildXlsx(planWorkbook(sampleInput()))));
          const [pdf] = convertWithLibreOffice([xlsx], { format: "pdf", outDir: dir });
          const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf!]).toString())![1]);
          let page = 0;
          for (let p = 1; p <= pages && !page; p++) {
            const text = execFileSync("pdftotext", ["-f", String(p), "-l", String(p), pdf!, "-"]).toString();
            if (text.includes("三、绩效指标")) page = p;
          }
          expect(page).toBeGreaterThan(0);
          copyFileSync(pdfPageToPng(pdf!, join(dir, "page"), page, 130), PNG);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
      expect(existsSync(PNG)).toBe(true);
      expect(readFileSync(PNG).subarray(1, 4).toString()).toBe("PNG");
    },
    120_000,
  );
});
