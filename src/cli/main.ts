import { EXIT } from "./errors";
import { main } from "./app";

// The CLI bundle's entry: run, and turn anything unexpected into a message and exit code 2.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`jixiao：内部错误：${String(e)}\n`);
    process.exitCode = EXIT.unusable;
  },
);
