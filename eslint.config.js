// Lint rules: type-aware checks that catch real bugs (floating promises, non-exhaustive
// switches) and the import boundary between domains (only through a domain's index.ts).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Domains whose insides are private: others import them only through an index.ts (the domain's,
 * or a sub-area's public surface such as feed/transmitter/index.ts). core/, store/, render/,
 * http/, app/ and cli/ are shared layers, not domains.
 */
const DOMAINS = [
  "accounts",
  "agent",
  "audit",
  "bans",
  "decisions",
  "feed",
  "handbook",
  "incidents",
  "inspect",
  "issuers",
  "risk",
  "tokens",
  "trace",
];

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "ttt-data/**",
      ".tmp/**",
      "test-artifacts/**",
      "bin/**",
      "scripts/**",
      "eslint.config.js",
      "vite.config.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["it", "describe", "test"] },
          ],
        },
      ],
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // A domain imports another domain only through its index.ts.
    files: ["src/**/*.ts"],
    ignores: ["src/**/*.test.ts", "src/test-support/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `^\\.\\./(\\.\\./)*(${DOMAINS.join("|")})/(?!([a-z-]+/)?index\\.js$).+`,
              message: "import another domain through its index.ts",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.test.ts", "src/test-support/**", "test/**"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
);
