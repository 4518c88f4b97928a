let script: string | undefined;

/**
 * The file a batch worker thread runs: the CLI bundle itself (set by the bundle's entry). Unset when
 * the CLI runs in-process (tests), where batches run on the calling thread.
 */
export function workerScript(): string | undefined {
  return script;
}

export function setWorkerScript(path: string | undefined): void {
  script = path;
}
