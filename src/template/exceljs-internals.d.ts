// Internal ExcelJS modules patched by exceljs-patches.ts (exceljs 4.4.0 ships no types for them).
declare module "exceljs/lib/xlsx/xform/table/table-column-xform" {
  const TableColumnXform: { prototype: Record<string, unknown> };
  export default TableColumnXform;
}
declare module "exceljs/lib/xlsx/xform/book/defined-name-xform" {
  /** Parses one <definedName> as exceljs does (the light reader drives it with its own XML walker). */
  class DefinedNamesXform {
    model: unknown;
    parseOpen(node: { name: string; attributes: Record<string, string> }): boolean;
    parseText(text: string): void;
    parseClose(name: string): boolean;
  }
  export default DefinedNamesXform;
}
declare module "exceljs/lib/doc/defined-names" {
  /** The workbook's names as exceljs keeps them: `model` in and out. */
  class DefinedNames {
    model: unknown;
  }
  export default DefinedNames;
}
declare module "exceljs/lib/utils/utils" {
  const utils: {
    isDateFmt(fmt: string): boolean;
    excelToDate(v: number, date1904?: boolean): Date;
    xmlDecode(text: string): string;
  };
  export default utils;
}
declare module "exceljs/lib/utils/shared-formula" {
  const sharedFormula: { slideFormula(formula: string, fromCell: string, toCell: string): string };
  export default sharedFormula;
}
declare module "exceljs/lib/xlsx/defaultnumformats" {
  const formats: Record<number, { f?: string } | undefined>;
  export default formats;
}
declare module "exceljs/lib/xlsx/xform/table/auto-filter-xform" {
  const AutoFilterXform: { prototype: Record<string, unknown> };
  export default AutoFilterXform;
}
declare module "exceljs/lib/xlsx/xform/table/table-style-info-xform" {
  const TableStyleInfoXform: { prototype: Record<string, unknown> };
  export default TableStyleInfoXform;
}
declare module "exceljs/lib/xlsx/xform/sheet/page-setup-xform" {
  const PageSetupXform: { prototype: Record<string, unknown> };
  export default PageSetupXform;
}
