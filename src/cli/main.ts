import { main } from "./app";
import { EXIT } from "./errors";
import { BATCH_WORKER_FLAG, setWorkerScript } from "./worker-script";

function runCommand(): void {
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

// The CLI bundle's entry. The same file serves as the batch worker thread. Both paths load their code
// lazily, so `jixiao --help` parses only this small chunk.
if (process.argv.includes(BATCH_WORKER_FLAG)) {
  void import("node:worker_threads").then(async ({ isMainThread, parentPort }) => {
    // The flag typed on a command line is an unknown option of a command, said as such.
    if (isMainThread || !parentPort) return runCommand();
    (await import("./batch/run-batch")).serveBatchWorker(parentPort);
  });
} else {
  runCommand();
}
