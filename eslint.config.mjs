import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "dist/**", "lib/generated/**", ".tmp/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  {
    rules: {
      // Server code must not reach into routes or components (STYLE.md).
      "no-restricted-imports": ["error", { patterns: [] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  {
    files: ["lib/**/*.ts"],
    // Tests are not server code: a test may drive a route handler as HTTP would.
    ignores: ["lib/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*", "@/components/*", "../app/*", "../components/*"], message: "lib/ must not import routes or components" }] }],
    },
  },
]);
