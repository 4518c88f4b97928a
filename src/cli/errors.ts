/** An input the CLI cannot use: printed as a Chinese message (no stack trace), exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const EXIT = { ok: 0, errorFindings: 1, unusable: 2 } as const;

/** Refuses to replace existing files unless the user said --force: a reviewer's earlier output is not lost. */
export async function refuseOverwrite(paths: readonly string[]): Promise<void> {
  const { stat } = await import("node:fs/promises");
  const existing: string[] = [];
  for (const p of paths) if (await stat(p).then(() => true, () => false)) existing.push(p);
  if (existing.length) {
    throw new UsageError(`${existing.join("、")} 已存在，未覆盖。如确需覆盖，请加上 --force；或换一个输出位置。`);
  }
}

