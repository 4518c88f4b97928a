/**
 * Report exports. Loaded lazily by the task pane (import("../report")): not needed until the user asks
 * for a Word file. Nothing in src/domain imports from here. The WordprocessingML is written here
 * (docx.ts, wordml.ts, package.ts) and zipped with a gzip function: fflate's by default (browser-safe),
 * node's zlib from the CLI (`gzip` option).
 */
export { exportDocx, mmToTwips, PAGE, FONTS, SIZES, LINE_PITCH, CHAR_SPACING, type DocxOptions, type DocxParagraph } from "./docx";
export { exportProjectsDocx } from "./project-docx";
export type { Gzip } from "./zip";
