/**
 * Appended to a batch worker thread's argv: the bundle's entry knows it is a worker without loading
 * node:worker_threads (and its message and stream modules) in every command's process.
 */
export const BATCH_WORKER_FLAG = "--jixiao-batch-worker";

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
