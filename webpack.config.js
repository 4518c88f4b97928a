// Two named builds:
//   taskpane  the Excel add-in pages (taskpane.html, commands.html) → dist/
//   cli       the reviewers' command-line tool (src/cli/main.ts) → dist/cli/jixiao.cjs
// A build whose entry file does not exist yet is left out, so `webpack` builds whatever exists;
// `--config-name taskpane` builds only the pane.
//
// Environment:
//   OFFICE_JS=cdn   load office.js from Microsoft's CDN instead of the local copy (default: local, because
//                   政务网 machines cannot reach the CDN).
//   JIXIAO_DIST     output directory (default: dist/); tests build into a temporary directory.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const webpack = require("webpack");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const MinimizerPlugin = require("minimizer-webpack-plugin");

const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const OFFICE_JS_LOCAL = "office-js/office.js";
const DEV_PORT = 3000;

// The CLI bundle (1 MB, mostly exceljs) is minified by esbuild: ~10 s less per build than terser, for ~3 %
// more bytes that a local disk and the V8 code cache make irrelevant.
function esbuildMinifier() {
  return new MinimizerPlugin({ minify: MinimizerPlugin.esbuildMinify });
}

// The pane is minified by swc: its bytes cross the 政务网 on every first load, and swc's are as small as
// terser's (measured 2026-12-04: 146,724 vs 147,392 B gzip before first paint, 1,158,758 vs 1,175,922 B of
// JS in all) in less than half the CPU (the pane build 14.8 vs 32.2 CPU-s, terser 18.7 of them).
// esbuild's were 5.7 KB gzip larger.
function swcMinifier() {
  return new MinimizerPlugin({ minify: MinimizerPlugin.swcMinify, minimizerOptions: { compress: true, mangle: true } });
}

const officeJsDist = path.join(path.dirname(require.resolve("@microsoft/office-js/package.json")), "dist");

// The part of @microsoft/office-js that office.js loads at run time in Excel (read from office.js and the
// host files), instead of the whole 86 MB package with ~140 locales and every other Office host:
//  - o15apptofilemappingtable.js: loaded whenever no host info is passed — plain browser, Office 2013;
//  - excel-<platform>-<version>.js: the host file, chosen from the host info Excel passes
//    (OSF.HostSpecificFileVersionMap caps win32 at 16.01, mac/web/ios at 16.00). Not copied:
//    excel-win32-16.00.js (Excel 2016 RTM, which lacks ExcelApi 1.7 anyway, and it pulls MicrosoftAjax
//    from a Microsoft CDN), the "-core" variants (custom-function runtimes only), android/winrt;
//  - <locale>/office_strings.js: the UI locale's strings; any locale not copied falls back to en-us;
//  - telemetry/oteljs_agave.js, ariatelemetry/aria-web-telemetry.js: requested by office.js / host files
//    from the same base path; without them the page logs 404s;
//  - agaveerrorux/: the error page Excel on the web shows when it does not trust the host.
const OFFICE_JS_FILES = [
  "office.js",
  "o15apptofilemappingtable.js",
  "excel-win32-16.01.js",
  "excel-mac-16.00.js",
  "excel-web-16.00.js",
  "excel-ios-16.00.js",
  "zh-cn/office_strings.js",
  "en-us/office_strings.js",
  "telemetry/oteljs_agave.js",
  "ariatelemetry/aria-web-telemetry.js",
  "agaveerrorux/**/*",
];

/** Reads the office-addin-dev-certs certificates directly (their getHttpsServerOptions throws here). */
function devCertificates() {
  const dir = path.join(os.homedir(), ".office-addin-dev-certs");
  const files = { key: "localhost.key", cert: "localhost.crt", ca: "ca.crt" };
  if (!Object.values(files).every((f) => fs.existsSync(path.join(dir, f)))) return undefined;
  return Object.fromEntries(Object.entries(files).map(([k, f]) => [k, fs.readFileSync(path.join(dir, f))]));
}

/** Content-Security-Policy for the add-in pages (meta tag; frame-ancestors cannot be set there). */
function contentSecurityPolicy({ cdn, dev }) {
  const cdnOrigin = new URL(OFFICE_JS_CDN).origin;
  const list = (...items) => items.filter(Boolean).join(" ");
  return [
    "default-src 'self'",
    `script-src ${list("'self'", cdn && cdnOrigin)}`,
    // Fluent UI (Griffel) inserts its CSS at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    // The dev server's live-reload socket.
    `connect-src ${list("'self'", dev && "ws:", dev && "wss:")}`,
    // office.js on the web may frame its error page from wherever office.js came from.
    `frame-src ${list("'self'", cdn && cdnOrigin)}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

/** Builds that exist: a config is left out until its entry file does. */
function existing(configs) {
  return configs.filter((c) =>
    Object.values(c.entry).every((e) => fs.existsSync(path.resolve(__dirname, typeof e === "string" ? e : e.import))),
  );
}

/** Both configurations, whether or not their entries exist (tests build them with substitute entries). */
function createConfigs(env = {}, argv = {}) {
  const mode = argv.mode ?? (process.env.NODE_ENV === "production" ? "production" : "development");
  const dev = mode !== "production";
  const cdn = (env.OFFICE_JS ?? process.env.OFFICE_JS) === "cdn";
  const outDir = path.resolve(__dirname, process.env.JIXIAO_DIST ?? "dist");
  const officeJs = cdn ? OFFICE_JS_CDN : OFFICE_JS_LOCAL;
  const csp = contentSecurityPolicy({ cdn, dev });
  const certificates = dev ? devCertificates() : undefined;

  const tsRule = {
    test: /\.[cm]?tsx?$/,
    exclude: /node_modules/,
    // Loaders run last to first: TypeScript, then Griffel.
    use: [
      {
        // makeStyles compiled to CSS at build time (Griffel's ahead-of-time mode): otherwise the pane's first
        // render parses and hashes each of our style rules in the browser (stylis; first render 338 instead of
        // 375 ms, medians of 15 alternating loads). The loader evaluates what the style objects import:
        // `tokens` comes from @fluentui/react-theme, not the react-components barrel, whose evaluation made
        // the build 24 s instead of 14. Files without makeStyles pass through untouched.
        loader: "@griffel/webpack-loader",
        // styles.ts, imported by style objects, is evaluated as TypeScript.
        options: { babelOptions: { presets: ["@babel/preset-typescript"] } },
      },
      {
        loader: "ts-loader",
        // Type checking is `tsc --noEmit`; the bundle only needs transpiling. tsconfig says noEmit for tsc.
        options: { transpileOnly: true, compilerOptions: { noEmit: false, sourceMap: dev } },
      },
    ],
  };
  const resolve = {
    extensions: [".ts", ".tsx", ".js", ".mjs", ".json"],
    // Lets sources import "./x.js" for a file x.ts (the Node ESM convention) as well as "./x".
    extensionAlias: { ".js": [".ts", ".tsx", ".js"], ".mjs": [".mts", ".mjs"] },
  };

  // webpack's persistent cache: a build after a small change re-parses only what changed (Fluent alone is
  // ~2,000 modules): npm run build 24 -> 9 CPU-s. One cache per build variant; the config file and the
  // lockfile invalidate it. Not on CI (CI=true), whose clones are thrown away: writing the cache made a
  // first build cost 35 CPU-s instead of 24.
  const persistentCache = (name) =>
    dev || process.env.CI
      ? { type: "memory" }
      : {
          type: "filesystem",
          name: `${name}-${mode}-${cdn ? "cdn" : "local"}`,
          cacheDirectory: path.join(__dirname, "node_modules/.cache/webpack"),
          buildDependencies: { config: [__filename, path.join(__dirname, "package-lock.json")] },
        };

  /** @type {import("webpack").Configuration} */
  const taskpane = {
    name: "taskpane",
    cache: persistentCache("taskpane"),
    mode,
    context: __dirname,
    target: "web",
    // eval-based source maps would need 'unsafe-eval' in the CSP.
    devtool: dev ? "source-map" : false,
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      commands: "./src/commands/commands.ts",
    },
    output: {
      path: outDir,
      filename: dev ? "[name].js" : "[name].[contenthash:8].js",
      chunkFilename: dev ? "[name].js" : "[name].[contenthash:8].js",
      // Relative URLs: the pages work wherever dist/ is hosted (e.g. a sub-path of an internal server).
      publicPath: "auto",
      // dist/cli belongs to the cli build.
      clean: { keep: /^cli[\\/]/ },
      // Every build rewrites every file, so a file's time says when it was built (tests/e2e/harness.ts
      // reuses dist/ only when it is newer than every source): webpack otherwise skips identical files.
      compareBeforeEmit: false,
    },
    resolve,
    module: { rules: [tsRule] },
    optimization: {
      minimizer: [swcMinifier()],
      splitChunks: {
        // Separate chunks for later imports (e.g. `import("../report")` for the Word export) and a cacheable
        // vendor chunk for React/Fluent in the initial load.
        chunks: "all",
        cacheGroups: {
          vendor: {
            test: /[\\/]node_modules[\\/](react|react-dom|scheduler|@fluentui|@griffel|tabster|keyborg|@floating-ui|@swc|tslib|use-sync-external-store)[\\/]/,
            name: "vendor",
            chunks: "initial",
            priority: 10,
          },
        },
      },
    },
    performance: { hints: false }, // budget is checked on gzip size by tests/skeleton
    plugins: [
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/index.html",
        chunks: ["taskpane"],
        // The template places the bundle's <script defer> tags itself, between unsupported.js and office.js.
        inject: false,
        officeJs,
        csp,
      }),
      new HtmlWebpackPlugin({
        filename: "commands.html",
        template: "./src/commands/commands.html",
        chunks: ["commands"],
        officeJs,
        csp,
      }),
      new CopyWebpackPlugin({
        patterns: [
          // Plain ES5, loaded before the bundle; never transpiled or bundled (src/taskpane/unsupported.js).
          { from: "src/taskpane/unsupported.js", to: "unsupported.js", context: __dirname, info: { minimized: true } },
          {
            from: "assets/*.{png,svg}",
            to: "[path][name][ext]",
            context: __dirname,
            info: { minimized: true },
          },
          ...(cdn
            ? []
            : OFFICE_JS_FILES.map((from) => ({
                from,
                context: officeJsDist,
                // A glob keeps its relative paths under the target directory; a single file needs its full
                // target path, or zh-cn/ and en-us/office_strings.js would land on the same name.
                ...(from.includes("*") ? { to: "office-js/" } : { to: `office-js/${from}`, toType: "file" }),
                // Microsoft's files ship minified; re-running terser on 5 MB of them only costs build time.
                info: { minimized: true },
              }))),
        ],
      }),
      new webpack.DefinePlugin({ "process.env.OFFICE_JS": JSON.stringify(cdn ? "cdn" : "local") }),
    ],
    devServer: {
      host: "localhost",
      port: DEV_PORT,
      server: certificates ? { type: "https", options: certificates } : "https",
      headers: { "Access-Control-Allow-Origin": "*" },
      static: false,
      // The overlay is noise inside a task pane; errors go to the terminal and the console.
      client: { overlay: false, logging: "warn" },
    },
  };

  /** @type {import("webpack").Configuration} */
  const cli = {
    name: "cli",
    cache: persistentCache("cli"),
    mode,
    context: __dirname,
    target: "node20",
    devtool: false,
    entry: { jixiao: "./src/cli/main.ts" },
    resolve,
    module: { rules: [tsRule] },
    externalsPresets: { node: true },
    // npm packages are bundled too: one file to parse instead of ~1,000 module files to resolve and read
    // is most of a cold start (exceljs alone was 267 ms). Commands still load their code lazily: webpack
    // runs a module only when an import() reaches it.
    // Minified: less source to parse on every start.
    optimization: { minimize: !dev, minimizer: [esbuildMinifier()] },
    ignoreWarnings: [{ module: /node_modules/ }],
    // Each command's import() is a chunk of its own (loaded with require() when the command runs), so
    // `jixiao --help` parses a few kilobytes, not the megabyte of exceljs and zod.
    output: {
      path: path.join(outDir, "cli"),
      filename: "jixiao.cjs",
      chunkFilename: "[name].cjs",
      library: { type: "commonjs2" },
      clean: true,
    },
  };

  return [taskpane, cli];
}

module.exports = (env, argv) => existing(createConfigs(env, argv));
module.exports.createConfigs = createConfigs;
module.exports.existing = existing;
module.exports.OFFICE_JS_FILES = OFFICE_JS_FILES;
module.exports.OFFICE_JS_CDN = OFFICE_JS_CDN;
module.exports.contentSecurityPolicy = contentSecurityPolicy;
