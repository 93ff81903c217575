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

/** A failed send: the program's refusal in words when it is one, else what the node said. */
function sendFailure(error: unknown, instruction: string): CliError {
  const code = coreErrorOf(error, instruction);
  if (code !== null) return refusal(code);
  if (error instanceof SendTransactionError) return new CliError(`The transaction was refused: ${error.message.split("\n")[0] ?? ""}`);
  return new CliError(`The Solana RPC endpoint did not answer (${(error as Error).message}); nothing was confirmed.`);
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
      throw sendFailure({ logs: landed?.meta?.logMessages ?? [] }, instruction);
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

