import { isMainThread, parentPort } from "node:worker_threads";
import { main } from "./app";
import { EXIT } from "./errors";
import { setWorkerScript } from "./worker-script";

// The CLI bundle's entry. The same file serves as the batch worker thread. Both paths load their code
// lazily, so `jixiao --help` parses only this small chunk.
if (!isMainThread && parentPort) {
  const port = parentPort;
  void import("./batch/run-batch").then((m) => m.serveBatchWorker(port));
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
