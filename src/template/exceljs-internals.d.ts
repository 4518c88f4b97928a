// Internal ExcelJS modules patched by exceljs-patches.ts (exceljs 4.4.0 ships no types for them).
declare module "exceljs/lib/xlsx/xform/table/table-column-xform" {
  const TableColumnXform: { prototype: Record<string, unknown> };
  export default TableColumnXform;
}
declare module "exceljs/lib/xlsx/xform/book/defined-name-xform" {
  const DefinedNamesXform: { prototype: Record<string, unknown> };
  export default DefinedNamesXform;
}
declare module "exceljs/lib/doc/defined-names" {
  const DefinedNames: { prototype: object };
  export default DefinedNames;
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
