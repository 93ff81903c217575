/**
 * The console chat's composition: the chat on the process's terminal (or given streams), its
 * notifier for the outbox, and, on a local cluster with a development wallet, `/sign`: the
 * console may not import bot/chain, so the signing function is built here from the chain's
 * wallet transactions and the core's `prepareSigning` / `completeSigning`, the same steps the
 * signing page takes with a browser wallet.
 */
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { Transaction, type Keypair } from "@solana/web3.js";
import { ConsoleChat, type LocalSigner } from "../console/chat.js";
import { ConsoleNotifier } from "../console/notifier.js";
import type { ChatDeps } from "../chat/deps.js";
import { campaignRef, signingOutcomeNotice } from "../core/notices.js";
import type { ChainReader, Clock, Store, WalletTransactions } from "../core/ports.js";
import { actionSubject } from "../core/wallet-actions.js";
import { fail, ok } from "../core/result.js";
import { completeSigning, prepareSigning } from "../core/usecases/signing-requests.js";

/** What signing with the development wallet needs. */
export interface LocalSigningDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly wallet: WalletTransactions;
  readonly chain: Pick<ChainReader, "getCampaign">;
}

/** Signs a request with `keypair` (refused when the request names another wallet) and sends it once. */
export function localSigner(deps: LocalSigningDeps, keypair: Keypair): LocalSigner {
  return async (requestId) => {
    const request = await deps.store.signingRequests.find(requestId);
    if (request === null) return fail("SigningRequestNotFound");
    if (request.signer !== keypair.publicKey.toBase58()) return fail("AddressMismatch");
    const prepared = await prepareSigning(deps, requestId);
    if (!prepared.ok) return prepared;
    const tx = Transaction.from(prepared.value.transaction);
    tx.partialSign(keypair);
    const sent = await completeSigning(deps, requestId, tx.serialize({ requireAllSignatures: false, verifySignatures: false }));
    if (!sent.ok) return sent;
    const subject = actionSubject(request.action);
    const campaign = await deps.chain.getCampaign(subject).catch(() => null);
    return ok(signingOutcomeNotice(campaignRef(subject, campaign), request.action, sent.value));
  };
}

/** Where the console runs and as whom. */
export interface ConsoleSetup {
  readonly input: Readable;
  readonly output: Writable;
  readonly userId: string;
  /** DATA_DIR: the typed-line history is kept there. */
  readonly dataDir: string;
  readonly signLocally: LocalSigner | null;
  /** Printed before the console's own greeting (the demo's "try this" list), or null. */
  readonly greeting?: string | null;
}

/** A started console chat and the notifier that prints its notices. */
export interface ConsoleHandle {
  readonly chat: ConsoleChat;
  readonly notifier: ConsoleNotifier;
}

/** Starts the console chat over the shared chat dependencies. */
export function startConsole(deps: ChatDeps, setup: ConsoleSetup): ConsoleHandle {
  const chat = new ConsoleChat(deps, {
    input: setup.input,
    output: setup.output,
    userId: setup.userId,
    historyFile: join(setup.dataDir, "console-history"),
    signLocally: setup.signLocally,
  });
  if (setup.greeting) setup.output.write(setup.greeting);
  chat.start();
  return { chat, notifier: new ConsoleNotifier(chat) };
}
