/**
 * The architecture, checked: the domain core imports no platform SDK and no adapter; the
 * chat layer (bot/chat) imports only the core; no adapter imports another adapter; only the
 * composition root (bot/app) sees them all.
 * tests/bot/dependency-check.test.ts proves these rules fail on a violating file.
 */
const SDKS = "^(discord\\.js|@discordjs/|grammy|@grammyjs/|@prisma/|prisma|\\.prisma|@solana/web3\\.js|@solana/|@coral-xyz/|arweave|arbundles|tweetnacl|pg|@electric-sql/|pglite-prisma-adapter)";
const ADAPTERS = ["discord", "telegram", "console", "chain", "evidence", "store", "web"];

module.exports = {
  forbidden: [
    {
      name: "core-no-platform-sdk",
      comment: "bot/core holds the rules and use cases; platform SDKs (even their types) belong in adapters.",
      severity: "error",
      from: { path: "^bot/core/" },
      to: { path: `node_modules/${SDKS.slice(1)}` },
    },
    {
      name: "core-no-adapter",
      comment: "The core owns its ports; adapters implement them, never the other way round.",
      severity: "error",
      from: { path: "^bot/core/" },
      to: { path: "^bot/(?!core/)" },
    },
    {
      name: "chat-no-platform-sdk",
      comment: "bot/chat is the platform-neutral chat layer: commands, replies, words. SDKs belong in the adapters that render it.",
      severity: "error",
      from: { path: "^bot/chat/" },
      to: { path: `node_modules/${SDKS.slice(1)}` },
    },
    {
      name: "chat-only-core",
      comment: "bot/chat builds on the core's use cases and ports; adapters import the chat layer, never the other way round.",
      severity: "error",
      from: { path: "^bot/chat/" },
      to: { path: "^bot/(?!core/|chat/)" },
    },
    ...ADAPTERS.map((adapter) => ({
      name: `${adapter}-no-other-adapter`,
      comment: "Adapters meet only in the core's ports and in the composition root (bot/app).",
      severity: "error",
      from: { path: `^bot/${adapter}/` },
      to: { path: `^bot/(${ADAPTERS.filter((a) => a !== adapter).join("|")})/` },
    })),
    {
      name: "adapters-no-app",
      comment: "bot/app composes the adapters; adapters do not reach back into it (types excepted). bot/demo is a composition too (the demo world and npm run demo drive the app's CLI and workers).",
      severity: "error",
      from: { path: "^bot/(?!app/|demo/)" },
      to: { path: "^bot/app/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "bot/store/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".d.ts"],
    },
  },
};
