/** An input the CLI cannot use: printed as a Chinese message (no stack trace), exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const EXIT = { ok: 0, errorFindings: 1, unusable: 2 } as const;
