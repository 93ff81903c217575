/**
 * One campaign's whole life, step by step, through the chat: the researcher, the PepFund
 * team and three backers type commands in console chats, and sign the signing pages'
 * transactions with `/sign` (the development-wallet signer of `npm start`); two channels
 * subscribe and show the announcements the outbox delivers. The app's workers do the rest:
 * the indexer turns chain events into announcements, the scheduler's cranks close the raise
 * and finalize review windows and the stale review once the clock passes them. Only what the
 * chat has no command for goes elsewhere, and the narration says so: the campaign is created
 * with the CLI, and the researcher's wallet opens its USDC account.
 */
import type { Keypair, PublicKey } from "@solana/web3.js";
import { pepfundProgram } from "../chain/program.js";
import { AnchorChainReader } from "../chain/reader.js";
import { createAssociatedTokenAccountIdempotent } from "../chain/token.js";
import { STALE_AFTER_SECS, STALE_REVIEW_SECS } from "../core/rules/constants.js";
import type { EvidenceStore } from "../core/ports.js";
import type { CampaignView, MilestoneView } from "../core/views.js";
import { type Balances, balancesLine, readBalances, usdc } from "./balances.js";
import { type ChatSeat, type ChatStage, linkWallet } from "./chat-stage.js";
import { livePool, type PoolResult } from "./pool-life.js";
import type { DemoRoadmap } from "./roadmaps.js";
import type { WorldBuilder } from "./world.js";
import { USDC } from "./world.js";

/** The campaign the demo lives through. */
export const LIFE: DemoRoadmap = {
  title: "Open GHK-Cu skin repair study",
  summary: "A blinded study of topical GHK-Cu on skin repair, every measurement published.",
  goal: "1000",
  raiseDays: 20,
  milestones: [
    { title: "Protocol and pilot", description: "The blinded protocol, ethics approval and a pilot of 10 subjects.", share: "40%" },
    { title: "Full study", description: "All 60 subjects measured, raw images and scores published.", share: "30%" },
    { title: "Preprint", description: "A preprint with methods, results and the dataset's DOI.", share: "30%" },
  ],
};

/** What each backer contributes (USDC base units). */
export const CONTRIBUTIONS = [400n * USDC, 300n * USDC, 300n * USDC] as const;
/** Backer tokens each backer deposits to flag and to vote the campaign stale. */
const DEPOSITS = [400n * USDC, 300n * USDC, 50n * USDC] as const;
/** How long the campaign directory (a pass every 5 s) may take to verify a new campaign's title. */
const DIRECTORY_WAIT_MS = 8_000;
/** How long a crank or an announcement may take to show after the clock moved. */
const CRANK_WAIT_MS = 30_000;

export interface Narrator {
  /** A step's headline. */
  step(title: string): void;
  /** A line under the current step. */
  line(text: string): void;
}

/** Everything the story acts through. */
export interface Stage {
  readonly builder: WorldBuilder;
  readonly chats: ChatStage;
  readonly evidence: EvidenceStore;
  readonly usdcMint: PublicKey;
  /** The app's web server: the link page's API. */
  readonly webUrl: string;
  /** The localnet's RPC (its test-only methods make the pool's mints). */
  readonly rpcUrl: string;
  readonly narrate: Narrator;
}

/** The story's result: the campaign and the final balances. */
export interface Life {
  readonly campaign: string;
  readonly balances: Balances;
  /** The subscribed channels' names. */
  readonly channels: readonly string[];
  /** The reward-pool chapter: the pool and the reward tokens each staking backer claimed. */
  readonly pool: PoolResult;
}

/** An answer is a refusal when the console printed its code last. */
function refused(reply: string): boolean {
  return /^code [A-Za-z]+$/m.test(reply) || /^✗ /m.test(reply);
}

/** A chat's text under the narration's line, indented as one block. */
const indented = (text: string) => text.split("\n").filter((l) => l.trim() !== "").map((l) => `   ${l}`);

/** Lives through the campaign; returns its address and the final balances. */
export async function liveCampaign(stage: Stage): Promise<Life> {
  const { builder, chats, narrate } = stage;
  const { researcher: researcherWallet, admin: adminWallet, treasury, backers: backerWallets } = builder.wallets;
  const reader = new AnchorChainReader(pepfundProgram(builder.connection, builder.wallets.admin));
  const holders = { researcher: researcherWallet.publicKey, treasury: treasury.publicKey, backers: backerWallets.map((w) => w.publicKey) };

  // The people (each a console chat linked to a wallet) and the two channels.
  const researcher = chats.person("researcher", researcherWallet);
  const admin = chats.person("team", adminWallet, chats.team[0]);
  const backers = backerWallets.map((w, i) => chats.person(`backer ${i + 1}`, w));
  const news = chats.channel("#peptide-news");
  const lab = chats.channel("#ghk-backers");
  const channels = [news, lab];
  const printed = new Map<string, number>(channels.map((c) => [c.name, 0]));

  let address = "";
  const view = async (): Promise<CampaignView> => {
    const c = await reader.getCampaign(address);
    if (c === null) throw new Error(`campaign ${address} not found`);
    return c;
  };
  const milestone = async (i: number): Promise<MilestoneView> => {
    const m = (await view()).milestones[i];
    if (m === undefined) throw new Error(`no milestone ${i + 1}`);
    return m;
  };

  /** Types `text` in `seat`'s chat, prints the answer; a refusal stops the demo. */
  const type = async (seat: ChatSeat, text: string, show: "all" | "first" = "first"): Promise<string> => {
    narrate.line(`${seat.name}> ${text}`);
    const reply = await seat.type(text);
    if (refused(reply)) throw new Error(`${seat.name}: ${text} was refused:\n${reply}`);
    const shown = show === "all" ? reply : reply.split("\n").slice(0, 2).join("\n");
    for (const l of indented(shown)) narrate.line(l);
    return reply;
  };
  /** A command that answers with a signing page, then `/sign last` with the seat's wallet. */
  const typeAndSign = async (seat: ChatSeat, text: string): Promise<void> => {
    const reply = await type(seat, text);
    if (!/\/sign\//.test(reply)) throw new Error(`${seat.name}: ${text} gave no signing page:\n${reply}`);
    await type(seat, "/sign last", "all");
  };
  /**
   * Waits for the workers' announcements (the one matching `expected` in each channel that
   * follows the campaign, then a quiet moment); prints what each channel showed since the
   * last time, then the balances. An announcement that never comes stops the demo.
   */
  const showChannels = async (expected: RegExp, only: readonly ChatSeat[] = channels) => {
    for (const channel of only) {
      if (!(await chats.until(channel, expected, printed.get(channel.name) ?? 0, CRANK_WAIT_MS))) {
        throw new Error(`${channel.name} showed no announcement matching ${String(expected)} within ${CRANK_WAIT_MS / 1000} s`);
      }
    }
    await chats.settle(500, CRANK_WAIT_MS);
    for (const channel of channels) {
      const shown = chats.shown(channel);
      const from = printed.get(channel.name) ?? 0;
      printed.set(channel.name, shown.length);
      if (shown.length === from) narrate.line(`${channel.name} shows nothing new`);
      for (const text of shown.slice(from)) {
        narrate.line(`${channel.name} shows:`);
        for (const l of indented(text)) narrate.line(l);
      }
    }
    narrate.line(balancesLine(await readBalances(builder.connection, stage.usdcMint, holders, address)));
  };
  /** Waits until the scheduler's crank has moved the campaign on (`done` holds). */
  const crank = async (what: string, done: (c: CampaignView) => boolean) => {
    const until = Date.now() + CRANK_WAIT_MS;
    while (!done(await view())) {
      if (Date.now() > until) throw new Error(`the scheduler did not ${what} within ${CRANK_WAIT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    narrate.line(`(the scheduler's crank: ${what})`);
  };
  const passWindow = async (m: number) => {
    const by = (await milestone(m)).windowEnd - (await builder.chainNow()) + 60;
    narrate.line(`(moving the local chain's clock ${(by / 86_400).toFixed(1)} days forward, past the review window)`);
    await builder.advanceClock(by);
  };
  /** The researcher's evidence upload (any Arweave wallet can make it), then /submit with its id and SHA-256. */
  const submit = async (text: string) => {
    const stored = await stage.evidence.upload(new TextEncoder().encode(text), "text/plain; charset=utf-8", {
      Type: "milestone-evidence",
      Campaign: address,
      Milestone: "0",
      "File-Name": "milestone-1.txt",
      "Evidence-Type": "Dataset",
    });
    narrate.line(`(the researcher uploads the evidence to Arweave: ${stored.id})`);
    await typeAndSign(researcher, `/submit ${address} 1 ${stored.id} ${stored.sha256}`);
  };

  narrate.step("0. People and channels: each person links a wallet in their console chat; #peptide-news follows new campaigns");
  const people: [ChatSeat, Keypair][] = [[researcher, researcherWallet], [admin, adminWallet], ...backers.map((b, i): [ChatSeat, Keypair] => [b, backerWallets[i] as Keypair])];
  for (const [seat, wallet] of people) {
    narrate.line(`${seat.name}> /link ${wallet.publicKey.toBase58()}   (the wallet signs the link page's message)`);
    await linkWallet(seat, wallet, stage.webUrl);
  }
  await type(news, "/subscribe new");

  narrate.step(`1. Create: the researcher runs the CLI's campaign create roadmap.json --submit ("${LIFE.title}"); the team approves in chat`);
  narrate.line("(the chat's /create opens a web form for a browser wallet: the demo creates with the CLI)");
  address = await builder.create(LIFE);
  narrate.line(`campaign ${address}: texts on Arweave, status ${(await view()).status}`);
  // The chat names a campaign by its title once the app's directory worker has checked the texts' hash.
  const titled = Date.now() + DIRECTORY_WAIT_MS;
  while ((await chats.title(address)) === null && Date.now() < titled) await new Promise((resolve) => setTimeout(resolve, 100));
  narrate.line(`(the campaign directory read the texts from Arweave and checked their SHA-256: the chat says "${(await chats.title(address)) ?? "not verified yet"}")`);
  await type(admin, "/review");
  await typeAndSign(admin, `/approve ${address}`);
  narrate.line(`status ${(await view()).status}`);
  await type(news, `/subscribe ${address}`);
  await type(lab, `/subscribe ${address}`);
  await showChannels(/Fundraising open/, [news]);

  narrate.step("2. Fund: three backers contribute; the raise's deadline passes and the scheduler closes it");
  for (const [i, backer] of backers.entries()) await typeAndSign(backer, `/contribute ${address} ${(CONTRIBUTIONS[i] ?? 0n) / USDC}`);
  // The researcher's USDC account receives the tranches: a wallet opens it (the crank pays no rent).
  narrate.line("(the researcher's wallet opens its USDC account, which receives the tranches)");
  await builder.send(researcherWallet, [createAssociatedTokenAccountIdempotent(researcherWallet.publicKey, researcherWallet.publicKey, stage.usdcMint)], "open_usdc_account");
  const toDeadline = (await view()).deadline - (await builder.chainNow()) + 60;
  narrate.line(`(moving the local chain's clock ${(toDeadline / 86_400).toFixed(1)} days forward, past the raise's deadline)`);
  await builder.advanceClock(toDeadline);
  await crank("close the raise", (c) => c.status === "Active");
  narrate.line(`status ${(await view()).status}: ${usdc((await view()).raised)} raised`);
  await showChannels(/Fundraising succeeded/);

  narrate.step("3. Submit evidence: backers deposit backer tokens; the researcher submits milestone 1's evidence");
  for (const i of [1, 2, 0]) await typeAndSign(backers[i] as ChatSeat, `/deposit ${address} ${(DEPOSITS[i] ?? 0n) / USDC}`);
  await submit("Pilot of 10 subjects: scores attached. (The blinding log is missing.)");
  narrate.line(`milestone 1 ${(await milestone(0)).status}, attempt ${(await milestone(0)).attempts}`);
  await showChannels(/submitted/);

  narrate.step("4. Flags to quorum: backers flag the evidence in chat (quorum: 10% of the supply; the relayer signs as their delegate)");
  await type(backers[2] as ChatSeat, `/flag ${address} 1 The blinding log is missing: the pilot cannot show the protocol was blinded.`);
  await type(backers[1] as ChatSeat, `/flag ${address} 1 Without the blinding log the scores cannot be checked.`);
  const flagged = await milestone(0);
  narrate.line(`flag weight ${usdc(flagged.flagWeight).replace(" USDC", "")} of ${usdc(flagged.supplySnapshot).replace(" USDC", "")} backer tokens`);
  await showChannels(/flag quorum reached/);

  narrate.step("5. Dispute and rejection: the window closes with quorum, the scheduler opens a dispute; the team rejects it in chat");
  await passWindow(0);
  await crank("finalize the window with quorum: dispute opened", (c) => c.milestones[0]?.status === "Disputed");
  await showChannels(/dispute opened/);
  await type(admin, "/dispute list");
  await typeAndSign(admin, `/dispute resolve ${address} 1 reject The protocol promised blinding; the blinding log is missing. Re-submit with it.`);
  narrate.line(`milestone 1 ${(await milestone(0)).status}`);
  await showChannels(/dispute rejected/);

  narrate.step("6. Re-submission: the researcher adds the blinding log; nobody flags it");
  await submit("Pilot of 10 subjects: scores and the blinding log attached.");
  const resubmitted = await milestone(0);
  narrate.line(`milestone 1 ${resubmitted.status}, attempt ${resubmitted.attempts}`);
  await showChannels(/submitted/);

  narrate.step("7. Release: the window passes without quorum; the scheduler finalizes it and the tranche is paid");
  await passWindow(0);
  await crank("finalize the window: milestone 1 released", (c) => c.milestones[0]?.status === "Released");
  narrate.line(`milestone 1: ${usdc((await milestone(0)).releasedAmount)} paid to the researcher`);
  await showChannels(/tranche released/);

  narrate.step("8. Stale: milestone 2 is 90 days past its estimate with no evidence; a backer opens the stale review, the scheduler ends it, refunds open");
  const staleAt = (await milestone(1)).estimatedCompletion + STALE_AFTER_SECS + 60;
  const now = await builder.chainNow();
  narrate.line(`(moving the clock ${Math.round((staleAt - now) / 86_400)} days forward)`);
  await builder.advanceClock(staleAt - now);
  await showChannels(/Campaign is stale/);
  await type(backers[0] as ChatSeat, `/stale ${address}`);
  await showChannels(/Stale review 1: support added/);
  narrate.line("(moving the clock past the 7-day stale review)");
  await builder.advanceClock(STALE_REVIEW_SECS + 60);
  await crank("finalize the stale review: campaign abandoned", (c) => c.status === "Abandoned");
  narrate.line(`status ${(await view()).status}`);
  await showChannels(/Campaign abandoned/);
  for (const backer of backers) await typeAndSign(backer, `/refund ${address}`);
  await showChannels(/Refunds[^]*Claimed so far: 600 USDC/);
  const balances = await readBalances(builder.connection, stage.usdcMint, holders, address);

  narrate.step("9. A reward pool: a sponsor funds KPI tranches; two backers /stake, KPI 1 passes its window, they /claim their shares");
  const stakers = backers.slice(0, 2).map((seat, i): [ChatSeat, Keypair] => [seat, backerWallets[i] as Keypair]);
  const pool = await livePool({ builder, rpcUrl: stage.rpcUrl, sponsor: researcherWallet, stakers, type, typeAndSign, line: (t) => narrate.line(t) });
  return { campaign: address, balances, channels: channels.map((c) => c.name), pool };
}
