/**
 * Confirmations (已导出…, 模板已修复…) for the toaster. The toaster lives in the workspace chunk, loaded
 * after the first paint; a confirmation raised before it mounts waits for it here.
 */
type Listener = (message: string) => void;

let listener: Listener | undefined;
const waiting: string[] = [];

export function notify(message: string): void {
  if (listener) listener(message);
  else waiting.push(message);
}

/** The toaster subscribes; whatever was raised before is shown at once. */
export function onNotify(next: Listener): () => void {
  listener = next;
  for (const message of waiting.splice(0)) next(message);
  return () => {
    if (listener === next) listener = undefined;
  };
}
