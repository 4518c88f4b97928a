/**
 * Report exports. Loaded lazily by the task pane (import("../report")): `docx` is large and is not
 * needed until the user asks for a Word file. Nothing in src/domain imports from here.
 */
export { exportDocx, mmToTwips, PAGE, FONTS, SIZES, LINE_PITCH, CHAR_SPACING, type DocxParagraph } from "./docx";
export { exportProjectsDocx } from "./project-docx";
