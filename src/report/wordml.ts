import { PLACEHOLDER_PATTERN } from "../domain/narrative";
import type { XmlWriter } from "./xml-writer";

/**
 * The WordprocessingML the reports use: paragraphs of one run format, tables (written by docx.ts), and
 * the run and paragraph properties, each element written as the `docx` library wrote it (attribute order
 * included) so the documents stay what they were (tests/report/golden.test.ts). Properties are markup
 * strings, made once per kind of paragraph: a report has thousands of paragraphs of a handful of kinds.
 */

/** Markup characters, and the control characters XML 1.0 does not allow (all but tab, line feed, carriage return). */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const ESCAPED = /[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const ESCAPES: Record<string, string> = { "&": "&amp;", '"': "&quot;", "'": "&apos;", "<": "&lt;", ">": "&gt;" };

/** Text or an attribute value: markup characters as entities, control characters left out (as the docx library did). */
export function escapeXml(text: string): string {
  return text.search(ESCAPED) < 0 ? text : text.replace(ESCAPED, (c) => ESCAPES[c] ?? "");
}

export interface Font {
  ascii: string;
  hAnsi: string;
  cs: string;
  eastAsia: string;
}

export interface RunFormat {
  font?: Font;
  /** Half-points. */
  size?: number;
  /** Twentieths of a point; 0 writes nothing. */
  characterSpacing?: number;
}

/** The children of a w:rPr. */
export function runProperties({ font, size, characterSpacing }: RunFormat): string {
  return (
    (font ? `<w:rFonts w:ascii="${escapeXml(font.ascii)}" w:cs="${escapeXml(font.cs)}" w:eastAsia="${escapeXml(font.eastAsia)}" w:hAnsi="${escapeXml(font.hAnsi)}"/>` : "") +
    (characterSpacing ? `<w:spacing w:val="${characterSpacing}"/>` : "") +
    (size ? `<w:sz w:val="${size}"/><w:szCs w:val="${size}"/>` : "")
  );
}

export interface Spacing {
  before: number;
  after: number;
  line: number;
  lineRule: "exact" | "auto";
}

export interface ParagraphFormat {
  style?: string;
  keepNext?: boolean;
  /** false: no lines moved to the next page to avoid a widow or an orphan. */
  widowControl?: false;
  tabStops?: ReadonlyArray<{ type: "right"; position: number }>;
  spacing?: Spacing;
  indent?: { left?: number; right?: number; firstLine?: number; firstLineChars?: number };
  alignment?: "left" | "center" | "right" | "both";
  /** 0 for 一、, 1 for （一）, 2 for 1. */
  outlineLevel?: number;
}

export const spacingXml = (s: Spacing): string => `<w:spacing w:after="${s.after}" w:before="${s.before}" w:line="${s.line}" w:lineRule="${s.lineRule}"/>`;

/** The children of a w:pPr. */
export function paragraphProperties(f: ParagraphFormat): string {
  const ind = f.indent;
  const indent = ind
    ? "<w:ind" +
      (ind.left !== undefined ? ` w:left="${ind.left}"` : "") +
      (ind.right !== undefined ? ` w:right="${ind.right}"` : "") +
      (ind.firstLine !== undefined ? ` w:firstLine="${ind.firstLine}"` : "") +
      (ind.firstLineChars !== undefined ? ` w:firstLineChars="${ind.firstLineChars}"` : "") +
      "/>"
    : "";
  return (
    (f.style ? `<w:pStyle w:val="${escapeXml(f.style)}"/>` : "") +
    (f.keepNext ? "<w:keepNext/>" : "") +
    (f.widowControl === false ? '<w:widowControl w:val="false"/>' : "") +
    (f.tabStops?.length ? `<w:tabs>${f.tabStops.map((t) => `<w:tab w:val="${t.type}" w:pos="${t.position}"/>`).join("")}</w:tabs>` : "") +
    (f.spacing ? spacingXml(f.spacing) : "") +
    indent +
    (f.alignment ? `<w:jc w:val="${f.alignment}"/>` : "") +
    (f.outlineLevel !== undefined ? `<w:outlineLvl w:val="${f.outlineLevel}"/>` : "")
  );
}

/** A paragraph whose text is in one run format. */
export interface Paragraph {
  /** The children of its w:pPr (paragraphProperties). */
  pPr: string;
  /** The children of its runs' w:rPr (runProperties); "" for none. */
  rPr: string;
  text: string;
  /** Each 【请填写…】 placeholder in a run of its own, highlighted so nobody prints it unnoticed (default); false: one run. */
  highlight?: boolean;
}

/** A table: writes its own XML (a 5,000-row table goes straight into the bytes). */
export interface Table {
  write(w: XmlWriter): void;
}

export type Block = Paragraph | Table;

export const isTable = (block: Block): block is Table => "write" in block;

function writeRun(w: XmlWriter, text: string, rPr: string): void {
  w.raw(rPr ? "<w:r><w:rPr>" : "<w:r>");
  if (rPr) w.raw(rPr).raw("</w:rPr>");
  w.raw('<w:t xml:space="preserve">').text(text).raw("</w:t></w:r>");
}

const HIGHLIGHT = '<w:highlight w:val="yellow"/>';

/** The runs of a text in `rPr`, each 【请填写…】 placeholder in a highlighted run of its own. */
export function writeRuns(w: XmlWriter, text: string, rPr: string, highlight = true): void {
  if (!highlight || !text.includes("【")) return writeRun(w, text, rPr);
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER_PATTERN)) {
    if (m.index > last) writeRun(w, text.slice(last, m.index), rPr);
    writeRun(w, m[0], rPr + HIGHLIGHT);
    last = m.index + m[0].length;
  }
  if (last < text.length || last === 0) writeRun(w, text.slice(last), rPr);
}

/** A paragraph; `sectPr`, when it ends a section, is the section's properties (the last of its own). */
export function writeParagraph(w: XmlWriter, p: Paragraph, sectPr = ""): void {
  if (p.pPr || sectPr) w.raw("<w:p><w:pPr>").raw(p.pPr).raw(sectPr).raw("</w:pPr>");
  else w.raw("<w:p>");
  writeRuns(w, p.text, p.rPr, p.highlight);
  w.raw("</w:p>");
}
