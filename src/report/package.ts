import { APP, BUILT_IN_STYLES, CUSTOM, DOCUMENT_NAMESPACES, EMPTY_RELS, ENDNOTES, FOOTNOTES, NAMESPACES, NUMBERING, SETTINGS, STYLES_OPEN, THEME } from "./package-parts";
import { escapeXml, isTable, writeParagraph, type Block } from "./wordml";
import { XmlWriter } from "./xml-writer";
import { zip, type Gzip } from "./zip";

/**
 * A .docx (WordprocessingML in an OPC package) from the XML of its body, laid out as the `docx` library
 * laid out our documents, part for part: the same files, relationship ids, section properties and
 * footers (two footer parts a section, default and even), so the documents stay what they were.
 */

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const PLAIN_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

export interface DocxSection {
  blocks: readonly Block[];
  /** The children of its w:sectPr after the footer references: w:type, w:pgSz, w:pgMar, w:pgNumType, w:docGrid. */
  properties: string;
}

export interface DocxContent {
  title: string;
  creator: string;
  /** The document's run and paragraph defaults (w:docDefaults) and its own w:style elements. */
  docDefaults: string;
  styles: string;
  /** word/fontTable.xml. */
  fontTable: string;
  /** The paragraphs of the footer on odd (default) and even pages, as XML; every section gets both. */
  footers: { default: string; even: string };
  sections: readonly DocxSection[];
}

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const relationships = (rels: ReadonlyArray<readonly [type: string, target: string]>) =>
  `${PLAIN_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels
    .map(([type, target], i) => `<Relationship Id="rId${i + 1}" Type="${type}" Target="${target}"/>`)
    .join("")}</Relationships>`;

const WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml";
const CONTENT_TYPE_DEFAULTS = [
  ["image/png", "png"],
  ["image/jpeg", "jpeg"],
  ["image/jpeg", "jpg"],
  ["image/bmp", "bmp"],
  ["image/gif", "gif"],
  ["image/svg+xml", "svg"],
  ["application/vnd.openxmlformats-package.relationships+xml", "rels"],
  ["application/xml", "xml"],
  ["application/vnd.openxmlformats-officedocument.obfuscatedFont", "odttf"],
]
  .map(([type, ext]) => `<Default ContentType="${type}" Extension="${ext}"/>`)
  .join("");

function contentTypes(footers: number): string {
  const overrides: Array<[string, string]> = [
    [`${WORD}.document.main+xml`, "/word/document.xml"],
    [`${WORD}.styles+xml`, "/word/styles.xml"],
    ["application/vnd.openxmlformats-package.core-properties+xml", "/docProps/core.xml"],
    ["application/vnd.openxmlformats-officedocument.custom-properties+xml", "/docProps/custom.xml"],
    ["application/vnd.openxmlformats-officedocument.extended-properties+xml", "/docProps/app.xml"],
    [`${WORD}.numbering+xml`, "/word/numbering.xml"],
    [`${WORD}.footnotes+xml`, "/word/footnotes.xml"],
    [`${WORD}.endnotes+xml`, "/word/endnotes.xml"],
    [`${WORD}.settings+xml`, "/word/settings.xml"],
    [`${WORD}.fontTable+xml`, "/word/fontTable.xml"],
    ["application/vnd.openxmlformats-officedocument.theme+xml", "/word/theme/theme1.xml"],
  ];
  for (let i = 1; i <= footers; i++) overrides.push([`${WORD}.footer+xml`, `/word/footer${i}.xml`]);
  return `${PLAIN_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${CONTENT_TYPE_DEFAULTS}${overrides
    .map(([type, part]) => `<Override ContentType="${type}" PartName="${part}"/>`)
    .join("")}</Types>`;
}

function coreProperties(title: string, creator: string, now: Date): string {
  const time = now.toISOString();
  return (
    `${DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${escapeXml(title)}</dc:title><dc:creator>${escapeXml(creator)}</dc:creator><cp:lastModifiedBy>Un-named</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${time}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${time}</dcterms:modified></cp:coreProperties>`
  );
}

/** The first relationship id of the footers: rId1–5 are styles, numbering, footnotes, endnotes, settings. */
const FIRST_FOOTER_RID = 6;

function documentXml(sections: readonly DocxSection[]): Uint8Array {
  const w = new XmlWriter();
  w.raw(`${DECLARATION}<w:document ${DOCUMENT_NAMESPACES}><w:body>`);
  sections.forEach((section, i) => {
    const rid = FIRST_FOOTER_RID + 2 * i;
    const sectPr = `<w:sectPr><w:footerReference w:type="default" r:id="rId${rid}"/><w:footerReference w:type="even" r:id="rId${rid + 1}"/>${section.properties}</w:sectPr>`;
    const { blocks } = section;
    const final = i === sections.length - 1;
    blocks.forEach((block, k) => {
      if (isTable(block)) block.write(w);
      // Every section but the last ends with a paragraph that holds its properties.
      else writeParagraph(w, block, !final && k === blocks.length - 1 ? sectPr : "");
    });
    if (final) w.raw(sectPr);
    // A section ending with a table (or empty) gets an empty paragraph for them.
    else if (blocks.length === 0 || isTable(blocks[blocks.length - 1]!)) w.raw(`<w:p><w:pPr>${sectPr}</w:pPr></w:p>`);
  });
  return w.raw("</w:body></w:document>").bytes();
}

/** The .docx of `content`, zipped with `gzip`'s DEFLATE. */
export function packDocx(content: DocxContent, gzip: Gzip, now = new Date()): Uint8Array {
  const footerCount = 2 * content.sections.length;
  const footer = (paragraphs: string) => `${PLAIN_DECLARATION}<w:ftr ${NAMESPACES}>${paragraphs}</w:ftr>`;
  const footerXml = [footer(content.footers.default), footer(content.footers.even)];
  const documentRels: Array<[string, string]> = [
    [`${REL}/styles`, "styles.xml"],
    [`${REL}/numbering`, "numbering.xml"],
    [`${REL}/footnotes`, "footnotes.xml"],
    [`${REL}/endnotes`, "endnotes.xml"],
    [`${REL}/settings`, "settings.xml"],
  ];
  for (let i = 1; i <= footerCount; i++) documentRels.push([`${REL}/footer`, `footer${i}.xml`]);
  documentRels.push([`${REL}/theme`, "theme/theme1.xml"], [`${REL}/fontTable`, "fontTable.xml"]);

  const files: Array<[string, string | Uint8Array]> = [
    ["[Content_Types].xml", contentTypes(footerCount)],
    [
      "_rels/.rels",
      relationships([
        [`${REL}/officeDocument`, "word/document.xml"],
        ["http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"],
        [`${REL}/extended-properties`, "docProps/app.xml"],
        [`${REL}/custom-properties`, "docProps/custom.xml"],
      ]),
    ],
    ["docProps/core.xml", coreProperties(content.title, content.creator, now)],
    ["docProps/app.xml", APP],
    ["docProps/custom.xml", CUSTOM],
    ["word/document.xml", documentXml(content.sections)],
    ["word/_rels/document.xml.rels", relationships(documentRels)],
    ["word/styles.xml", `${STYLES_OPEN}${content.docDefaults}${BUILT_IN_STYLES}${content.styles}</w:styles>`],
    ["word/numbering.xml", NUMBERING],
    ["word/footnotes.xml", FOOTNOTES],
    ["word/_rels/footnotes.xml.rels", EMPTY_RELS],
    ["word/endnotes.xml", ENDNOTES],
    ["word/_rels/endnotes.xml.rels", EMPTY_RELS],
    ["word/settings.xml", SETTINGS],
    ["word/fontTable.xml", content.fontTable],
    ["word/_rels/fontTable.xml.rels", EMPTY_RELS],
    ["word/theme/theme1.xml", THEME],
  ];
  for (let i = 1; i <= footerCount; i++) files.push([`word/footer${i}.xml`, footerXml[(i - 1) % 2]!], [`word/_rels/footer${i}.xml.rels`, EMPTY_RELS]);
  const encoder = new TextEncoder();
  const encoded = new Map<string, Uint8Array>();
  const bytes = (xml: string) => {
    let b = encoded.get(xml);
    if (b === undefined) encoded.set(xml, (b = encoder.encode(xml)));
    return b;
  };
  return zip(
    files.map(([name, xml]) => [name, typeof xml === "string" ? bytes(xml) : xml] as const),
    gzip,
    now,
  );
}
