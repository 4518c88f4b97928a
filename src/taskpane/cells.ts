/** "'预算执行'!D7" → "预算执行!D7": the quotes are A1 syntax, not something the accountant needs to read. */
export function displayCell(cell: string): string {
  const m = /^'((?:[^']|'')*)'!(.*)$/.exec(cell);
  return m ? `${m[1]!.replace(/''/g, "'")}!${m[2]}` : cell;
}
