import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/fixtures/**", "node_modules/**"],
    pool: "forks",
    testTimeout: 30_000,
    // Hooks start databases, local servers and the localnet; a loaded 2-core machine needs minutes.
    hookTimeout: 180_000,
    // Repository tests open a database per file; two workers fit two cores.
    maxWorkers: 2,
  },
});
