import { isMainThread, parentPort } from "node:worker_threads";
import { main } from "./app";
import { serveBatchWorker } from "./batch/run-batch";
import { EXIT } from "./errors";
import { setWorkerScript } from "./worker-script";

// The CLI bundle's entry. The same file serves as the batch worker thread, so the bundle stays one file.
if (!isMainThread && parentPort) {
  serveBatchWorker(parentPort);
} else {
  setWorkerScript(process.argv[1]);
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`jixiao：内部错误：${String(e)}\n`);
      process.exitCode = EXIT.unusable;
    },
  );
}
