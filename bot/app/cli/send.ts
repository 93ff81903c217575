/**
 * The two ways an action leaves the CLI: signed with the command's keypair and sent (then
 * confirmed, or refused in the program's words), or, for a multisig, printed unsigned with
 * the signer as fee payer, in base58 and base64, with a plain summary to check before
 * importing it (bot/chain/unsigned.ts).
 */
import { type Keypair, type PublicKey, SendTransactionError, Transaction, type TransactionInstruction } from "@solana/web3.js";
import { rpcCall } from "../../chain/errors.js";
import { coreErrorOf } from "../../chain/program-errors.js";
import { summarizeTransaction, unsignedTransaction } from "../../chain/unsigned.js";
import { explorerTxUrl } from "../../chat/format.js";
import { plain } from "../../chat/text.js";
import { refusalWords } from "../../chat/words/refusals.js";
import { CliError, type Invocation, type OptionSpec, UsageError } from "./command.js";
import { type CliContext, loadKeypair, parseAddress } from "./context.js";

/** How long to poll for a confirmation between checks. */
const POLL_MS = 500;

/** The options of every command that a multisig may sign instead of a keypair. */
export const SIGNER_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  keypair: { type: "string", value: "file", description: "Sign with this keypair file (solana-keygen JSON) and send." },
  unsigned: { type: "boolean", description: "Print the unsigned transaction for a multisig instead (needs --admin)." },
  admin: { type: "string", value: "address", description: "With --unsigned: the signer and fee payer (the multisig's vault address)." },
};

/** Who signs: a keypair here, or a multisig that will import the unsigned transaction. */
export type Signer = { readonly kind: "keypair"; readonly keypair: Keypair } | { readonly kind: "unsigned"; readonly address: PublicKey };

/** The signer the options name: `--keypair`, or `--unsigned --admin <address>`. */
export async function signerOf(invocation: Invocation): Promise<Signer> {
  const { keypair, unsigned, admin } = invocation.options;
  if (unsigned === true) {
    if (keypair !== undefined) throw new UsageError("--unsigned prints a transaction for another signer: leave out --keypair");
    if (admin === undefined) throw new UsageError("--unsigned needs --admin <address>: the multisig's vault that signs and pays");
    return { kind: "unsigned", address: parseAddress(admin, "--admin") };
  }
  if (admin !== undefined) throw new UsageError("--admin is for --unsigned; with --keypair the keypair is the signer");
  return { kind: "keypair", keypair: await loadKeypair(keypair) };
}

export function signerAddress(signer: Signer): PublicKey {
  return signer.kind === "keypair" ? signer.keypair.publicKey : signer.address;
}

/** A refusal as the CLI says it: the program's words and its code. */
export function refusal(code: string, details?: Readonly<Record<string, string>>): CliError {
  return new CliError(`${plain(refusalWords(code, details))} (${code})`);
}

/** Lamports as SOL for a message. */
const sol = (lamports: string) => (Number(lamports) / 1e9).toString();

/**
 * A failed transaction in words: the program's refusal when it is one, else the node's
 * reason from the logs (web3.js's own first line is only "Simulation failed.").
 */
function failure(logs: readonly string[], instruction: string, nodeMessage?: string): CliError {
  const code = coreErrorOf({ logs }, instruction);
  if (code !== null) return refusal(code);
  // The System Program's line when an account's rent is more than the payer holds.
  const short = logs.map((l) => /insufficient lamports (\d+), need (\d+)/.exec(l)).find((m) => m !== null);
  if (short !== undefined && short !== null) {
    return new CliError(`The signing wallet holds ${sol(short[1]!)} SOL after the fee, and the new accounts' rent is ${sol(short[2]!)} SOL: fund it and run the command again. Nothing happened on-chain.`);
  }
  const anchorLine = logs.find((l) => l.includes("AnchorError"))?.replace(/^Program log: /, "");
  const why = [nodeMessage, anchorLine].filter((w) => w !== undefined && w !== "").join("; ");
  return new CliError(`The transaction was refused: ${why === "" ? "no reason given" : why}. Nothing happened on-chain.`);
}

/** A failed send: the program's or the node's refusal, else an RPC that did not answer. */
function sendFailure(error: unknown, instruction: string): CliError {
  if (error instanceof SendTransactionError) return failure(error.transactionError.logs ?? [], instruction, error.transactionError.message);
  return new CliError(`The Solana RPC endpoint did not answer (${(error as Error).message}); nothing was confirmed.`);
}

/** One signature's fee in lamports: a keypair holding less cannot pay for anything. */
const SIGNATURE_FEE_LAMPORTS = 5_000;

/**
 * Refuses a fee payer that cannot pay even the fee, before anything is uploaded: a
 * researcher's new wallet often holds no SOL, and the Arweave upload before the transaction
 * is paid for either way. (Rent beyond the fee is the node's to refuse, in its words.)
 */
export async function requireFeeFunds(ctx: CliContext, payer: PublicKey): Promise<void> {
  const { connection } = ctx.program.provider;
  const lamports = await rpcCall("getBalance", () => connection.getBalance(payer, "confirmed"));
  if (lamports < SIGNATURE_FEE_LAMPORTS) {
    throw new CliError(`${payer.toBase58()} holds no SOL to pay the transaction's fee: fund it first. Nothing was uploaded or sent.`);
  }
}

/**
 * Simulates `instructions` signed by `keypair` before anything is paid for (an Arweave
 * upload comes first in create and edit): the program's refusal, or rent the wallet cannot
 * pay, is said then, not after the texts are stored.
 */
export async function dryRun(ctx: CliContext, keypair: Keypair, instructions: readonly TransactionInstruction[], instruction: string): Promise<void> {
  await requireFeeFunds(ctx, keypair.publicKey);
  const { connection } = ctx.program.provider;
  const { blockhash, lastValidBlockHeight } = await rpcCall("getLatestBlockhash", () => connection.getLatestBlockhash("confirmed"));
  const tx = new Transaction({ feePayer: keypair.publicKey, blockhash, lastValidBlockHeight }).add(...instructions);
  const { value } = await rpcCall("simulateTransaction", () => connection.simulateTransaction(tx, [keypair]));
  if (value.err !== null) throw failure(value.logs ?? [], instruction, JSON.stringify(value.err));
}

/** Signs with `keypair` (fee payer too), sends, waits for confirmation; returns the signature. */
export async function signAndSend(
  ctx: CliContext,
  keypair: Keypair,
  instructions: readonly TransactionInstruction[],
  instruction: string,
): Promise<string> {
  const { connection } = ctx.program.provider;
  const { blockhash, lastValidBlockHeight } = await rpcCall("getLatestBlockhash", () => connection.getLatestBlockhash("confirmed"));
  const tx = new Transaction({ feePayer: keypair.publicKey, blockhash, lastValidBlockHeight }).add(...instructions);
  tx.sign(keypair);
  let signature: string;
  try {
    signature = await connection.sendRawTransaction(tx.serialize(), { preflightCommitment: "confirmed" });
  } catch (error) {
    throw sendFailure(error, instruction);
  }
  ctx.io.progress(`Sent ${signature}; waiting for confirmation...`);
  for (;;) {
    const status = (await rpcCall("getSignatureStatuses", () => connection.getSignatureStatuses([signature]))).value[0];
    if (status?.err) {
      const landed = await rpcCall("getTransaction", () =>
        connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 }),
      );
      throw failure(landed?.meta?.logMessages ?? [], instruction, JSON.stringify(status.err));
    }
    if (status?.confirmationStatus === "confirmed" || status?.confirmationStatus === "finalized") break;
    if ((await rpcCall("getBlockHeight", () => connection.getBlockHeight("confirmed"))) > lastValidBlockHeight) {
      throw new CliError(`The transaction ${signature} expired before it landed; nothing happened on-chain. Run the command again.`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  ctx.io.out(`Signature: ${signature}`);
  ctx.io.out(`Explorer: ${explorerTxUrl(signature, ctx.explorer)}`);
  return signature;
}

/** Prints the unsigned transaction (fee payer and signer: `signer`) and its summary. */
export async function printUnsigned(ctx: CliContext, signer: PublicKey, instructions: readonly TransactionInstruction[]): Promise<void> {
  const unsigned = await unsignedTransaction(ctx.program, instructions, signer);
  const { io } = ctx;
  io.out(`Unsigned transaction for ${unsigned.feePayer} to sign (it is also the fee payer).`);
  io.out(`Blockhash ${unsigned.blockhash}, valid until block height ${unsigned.lastValidBlockHeight} (about a minute).`);
  io.out("Instructions:");
  for (const [i, ix] of summarizeTransaction(ctx.program, Transaction.from(unsigned.bytes)).entries()) {
    io.out(`  ${i + 1}. ${ix.name} on ${ix.program}`);
    for (const a of ix.args) io.out(`       ${a.name} = ${a.value}`);
    for (const a of ix.accounts) {
      const flags = [a.writable ? "writable" : "read-only", ...(a.signer ? ["signer"] : []), ...(a.address === unsigned.feePayer ? ["fee payer"] : [])].join(", ");
      io.out(`       ${a.name.padEnd(18)} ${a.address} (${flags})`);
    }
  }
  io.out(`base58: ${unsigned.base58}`);
  io.out(`base64: ${unsigned.base64}`);
  io.out("Import it in the multisig (docs/MULTISIG.md), approve to threshold, execute.");
}

/** Sends with the signer's keypair, or prints the transaction unsigned. */
export async function deliver(ctx: CliContext, signer: Signer, instructions: readonly TransactionInstruction[], instruction: string): Promise<void> {
  if (signer.kind === "unsigned") return printUnsigned(ctx, signer.address, instructions);
  await signAndSend(ctx, signer.keypair, instructions, instruction);
}

