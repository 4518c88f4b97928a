// The output-sheet contract lives with the template (src/template/outputs.ts); re-exported for callers in src/app.
export type { OutputContext, OutputSheets } from "../template/outputs";
