import { convertWithLibreOffice } from "../support/libreoffice";

// Runs one batched LibreOffice conversion in its own process, so two batches can use both CPU cores.
// argv: <format> <outDir> <input...>; prints the output paths as JSON.
const [format, outDir, ...inputs] = process.argv.slice(2);
const outputs = convertWithLibreOffice(inputs, { format: format!, outDir: outDir! });
process.stdout.write(JSON.stringify(outputs));
