// ESLint 9 flat config.
// eslint-plugin-office-addins v4 does export flat configs, but they bundle Prettier-as-a-lint-rule and their
// own (older) typescript-eslint parser; so the plugin is registered here and its rules enabled one by one,
// at the levels of its "recommended" config.
import js from "@eslint/js";
import officeAddins from "eslint-plugin-office-addins";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import { SHARED_TEST_DIRS } from "./tests/support/shared-test-dirs.mjs";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "out/", "coverage/", ".tmp/"] },
  {
    files: ["src/**/*.{ts,tsx}", "tests/**/*.{ts,tsx,mts}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { "office-addins": officeAddins },
    rules: {
      "office-addins/call-sync-after-load": "error",
      "office-addins/call-sync-before-read": "error",
      "office-addins/load-object-before-read": "error",
      "office-addins/no-context-sync-in-loop": "warn",
      "office-addins/no-empty-load": "warn",
      "office-addins/no-navigational-load": "warn",
      "office-addins/no-office-initialize": "warn",
      "office-addins/test-for-null-using-isNullObject": "error",
      // `_`-prefixed names are deliberately unused (placeholders in signatures, destructuring).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/**/*.tsx", "tests/**/*.tsx"],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // Style objects are compiled at build time by @griffel/webpack-loader, which evaluates what they import:
    // from the react-components barrel that evaluation made the pane build 24 s instead of 14 (webpack.config.js).
    files: ["src/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@fluentui/react-components",
              importNames: ["makeStyles", "makeResetStyles", "tokens", "createFocusOutlineStyle"],
              message: "Import makeStyles from @griffel/react, tokens from @fluentui/react-theme, createFocusOutlineStyle from @fluentui/react-tabster (webpack.config.js).",
            },
          ],
        },
      ],
    },
  },
  {
    // Only vitest's "shared" project fixes fast-check's seed (vitest.config.mts), so that a run is
    // reproducible: property tests live in its folders.
    files: ["tests/**/*.{ts,tsx,mts}"],
    ignores: [`${SHARED_TEST_DIRS}/**`, "tests/support/{arbitraries,fast-check-setup}.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "fast-check", message: `Property tests go in ${SHARED_TEST_DIRS}: only there is fast-check's seed fixed (vitest.config.mts).` }] },
      ],
    },
  },
);
