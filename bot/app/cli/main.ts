/**
 * `npm run pepfund -- <group> <command> [arguments] [options]`: the researcher's, the
 * admin's and the operator's command line (docs/CLI.md). Exit codes: 0 done, 1 refused or
 * failed (the reason printed, never a stack trace or key material), 2 wrong usage.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ChainUnavailableError } from "../../chain/errors.js";
import { RelayInputError } from "../../chain/relayer/settle.js";
import { EvidenceUnavailableError } from "../../evidence/arweave-store.js";
import { ADMIN_COMMANDS } from "./admin-commands.js";
import { CAMPAIGN_COMMANDS } from "./campaign-commands.js";
import { CliError, type CliGroup, UsageError, commandHelp, groupHelp, parseCommand } from "./command.js";
import { POOL_COMMANDS } from "./pool-commands.js";
import { CONFIG_COMMANDS } from "./config-commands.js";
import { ConfigError } from "../config.js";
import { loadEnvFile } from "../env-file.js";
import { CliContext, type CliOutput } from "./context.js";
import { readCliEnv } from "./env.js";

const GROUPS: readonly CliGroup[] = [CAMPAIGN_COMMANDS, POOL_COMMANDS, ADMIN_COMMANDS, CONFIG_COMMANDS];

function topHelp(): string {
  const lines = ["PepFund command line.", "", "Usage: npm run pepfund -- <group> <command> [arguments] [options]", "", "Commands:"];
  for (const g of GROUPS) for (const c of g.commands) lines.push(`  ${g.name} ${c.name}`.padEnd(34) + c.summary);
  lines.push(
    "",
    "Settings (environment or .env, as for the bot): SOLANA_RPC_URL (required for chain commands), SOLANA_CLUSTER",
    "(explorer links), ARWEAVE_GATEWAYS and ARWEAVE_WALLET (to store texts and reasons).",
    "Run npm run pepfund -- <group> <command> --help for one command. docs/CLI.md has examples.",
  );
  return lines.join("\n");
}

const wantsHelp = (argv: readonly string[]) => argv.includes("--help") || argv.includes("-h");

/** Runs one command line; returns the exit code. */
export async function runCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliOutput): Promise<number> {
  const [groupName, verb, ...rest] = argv;
  if (groupName === undefined || groupName === "help" || groupName === "--help" || groupName === "-h") {
    io.out(topHelp());
    return 0;
  }
  const group = GROUPS.find((g) => g.name === groupName);
  if (group === undefined) {
    io.progress(`Unknown command group "${groupName}". Groups: ${GROUPS.map((g) => g.name).join(", ")}.\n\n${topHelp()}`);
    return 2;
  }
  if (verb === undefined || verb === "--help" || verb === "-h" || verb === "help") {
    io.out(groupHelp(group));
    return verb === undefined ? 2 : 0;
  }
  const command = group.commands.find((c) => c.name === verb);
  if (command === undefined) {
    io.progress(`Unknown command "${group.name} ${verb}".\n\n${groupHelp(group)}`);
    return 2;
  }
  if (wantsHelp(rest)) {
    io.out(commandHelp(group, command));
    return 0;
  }
  try {
    const invocation = parseCommand(group, command, rest);
    await command.run(new CliContext(readCliEnv(env), io), invocation);
    return 0;
  } catch (error) {
    return report(error, io);
  }
}

/** An error in words, with its exit code: usage 2, anything else 1. Never a stack trace. */
function report(error: unknown, io: CliOutput): number {
  if (error instanceof UsageError) {
    io.progress(`Error: ${error.message}${error.usage === undefined ? "" : `\nUsage: ${error.usage}`}`);
    return 2;
  }
  if (error instanceof CliError) io.progress(`Error: ${error.message}`);
  else if (error instanceof ChainUnavailableError) io.progress(`Error: the Solana RPC endpoint (SOLANA_RPC_URL) could not be reached: ${error.message}. Nothing was sent.`);
  else if (error instanceof EvidenceUnavailableError) io.progress(`Error: no Arweave gateway (ARWEAVE_GATEWAYS) took the upload: ${error.message}. Nothing was sent on-chain.`);
  else if (error instanceof RelayInputError) io.progress(`Error: ${error.message}`);
  else io.progress(`Error: ${(error as Error).message ?? String(error)}${process.env.PEPFUND_DEBUG === "1" ? `\n${(error as Error).stack ?? ""}` : ""}`);
  return 1;
}

// Run when invoked as the CLI (npm run pepfund), not when imported by tests.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const io: CliOutput = {
    out: (line) => process.stdout.write(`${line}\n`),
    progress: (line) => process.stderr.write(`${line}\n`),
  };
  try {
    loadEnvFile(); // .env or ENV_FILE; the real environment wins
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.progress(`Error: ${error.message}`);
    process.exit(2);
  }
  runCli(process.argv.slice(2), process.env, io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`Error: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
