/**
 * The console chat through its streams, against the real chat layer and core on the test
 * database: a typed command and its answer, tab completion of commands and campaigns, a
 * refusal with its code, a form's prompt and its answer on the next line, numbered buttons,
 * an announcement printed as the outbox delivers it, and /sign with a local signer.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../../bot/chat/commands/index.js";
import { announce } from "../../../bot/core/usecases/announce.js";
import { deliverOutbox } from "../../../bot/core/usecases/deliver-outbox.js";
import { ok } from "../../../bot/core/result.js";
import { campaignRef, type Notice } from "../../../bot/core/notices.js";
import { descriptionSha256, encodeCampaignTexts, sha256Hex } from "../../../bot/core/campaign-texts.js";
import type { CampaignView, EvidenceStore } from "../../../bot/core/ports.js";
import { campaign, milestone } from "../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";
import { randomAddress } from "../support/fakes.js";
import { PLATFORMS } from "../support/platforms.js";
import { ConsoleHarness } from "./harness.js";

const kind = databaseKinds[0]!;

/** A tranche of `campaign`'s first milestone released to its researcher. */
function released(c: CampaignView | null, address: string, amount: bigint): Notice {
  return {
    kind: "TrancheReleased",
    campaign: campaignRef(address, c),
    milestone: { index: 0, title: "Cell cultures" },
    amount,
    recipient: c?.researcher ?? randomAddress(),
    releasedTotal: amount,
  };
}

describe(`console chat on ${kind.name}`, () => {
  let db: TestDatabase;
  let h: ConsoleHarness;
  beforeAll(async () => {
    db = await kind.open();
  });
  afterAll(async () => {
    await db.dispose();
  });
  afterEach(() => h.close());

  /** A campaign in the fake chain whose first milestone is in review. */
  function inReview(title = "Protein folding at scale") {
    const now = Math.floor(h.clock.now().getTime() / 1000);
    const c = campaign({
      milestones: [
        milestone(0, { title: "Cell cultures", status: "InReview", attempts: 1, submittedAt: now - 60, windowEnd: now + 86_400, supplySnapshot: 1_000_000_000n, backerSupplySnapshot: 1_000_000_000n }),
        milestone(1),
      ],
    });
    h.chain.campaigns.set(c.address, c);
    return { ...c, title };
  }

  /** Links the console user ("1") to a fresh wallet. */
  async function linked(): Promise<string> {
    const wallet = randomAddress();
    await h.deps.store.links.remove("CONSOLE", "1");
    await h.deps.store.links.insert({ platform: "CONSOLE", userId: "1", address: wallet, chatId: "1", challengeNonce: randomAddress(), linkedAt: h.clock.now() });
    return wallet;
  }

  it("GIVEN a typed /campaign with an address THEN its status is printed as text, without ANSI on a non-terminal", async () => {
    h = new ConsoleHarness(db);
    const c = inReview();
    const out = await h.type(`/campaign ${c.address}`);
    expect(out).toContain("Cell cultures");
    expect(out).not.toContain("\u001b[");
  });

  it("GIVEN Tab THEN command names complete, and a campaign parameter completes to the address found by its label", async () => {
    h = new ConsoleHarness(db);
    const c = inReview();
    expect(await h.chat.complete("/mil")).toEqual([["/milestones"], "/mil"]);
    expect((await h.chat.complete("/"))[0]).toEqual(expect.arrayContaining(["/flag", "/help", "/sign", "/quit"]));
    const label = `#${c.id}`;
    const [hits, partial] = await h.chat.complete(`/milestones ${label}`);
    expect(partial).toBe(label);
    expect(hits).toContain(c.address);
    // A milestone completes as the number typed (from 1) once the campaign is given.
    expect((await h.chat.complete(`/flag ${c.address} `))[0]).toEqual(["1", "2"]);
    // A researcher completes to the address of the one whose campaign matches the words.
    const titled = campaign({ title: "Planarian memory study" });
    h.chain.campaigns.set(titled.address, titled);
    expect((await h.chat.complete("/profile planarian"))[0]).toEqual([titled.researcher]);
  });

  it("GIVEN /flag without a linked wallet THEN the refusal is printed with its code", async () => {
    h = new ConsoleHarness(db);
    await h.deps.store.links.remove("CONSOLE", "1");
    const c = inReview();
    const out = await h.type(`/flag ${c.address} 1`);
    expect(out).toContain("code NotLinked");
  });

  it("GIVEN /flag without a rationale THEN the console asks for it and the next line is the rationale: the flag goes on-chain", async () => {
    h = new ConsoleHarness(db);
    const c = inReview();
    const wallet = await linked();
    h.chain.setHolder(c.address, { owner: wallet, deposited: 50_000_000n, delegate: h.relayer.authority, lockedUntil: 0 });
    const prompt = await h.type(`/flag ${c.address} 1`);
    expect(prompt).toContain("Type it on the next line, or /cancel.");
    const done = await h.type("The dataset is missing half of the samples.");
    expect(done).toContain("Your flag on milestone 1 is on-chain (weight 50)");
    const stored = await db.prisma.flagRequest.findMany({ where: { wallet } });
    expect(stored).toMatchObject([{ platform: "CONSOLE", userId: "1", campaign: c.address, milestoneIndex: 0, rationale: "The dataset is missing half of the samples." }]);
  });

  it("GIVEN /flag on a milestone whose description is stored THEN the prompt prints it with its check", async () => {
    h = new ConsoleHarness(db);
    const c = inReview();
    const wallet = await linked();
    h.chain.setHolder(c.address, { owner: wallet, deposited: 50_000_000n, delegate: h.relayer.authority, lockedUntil: 0 });
    const texts = { title: "Protein folding", summary: "Folding.", milestones: [{ title: "Cell cultures", description: "Three cell lines, passage logs." }, { title: "Milestone 2", description: "A preprint." }] };
    const bytes = encodeCampaignTexts(texts);
    const { id } = await (h.deps.evidence as EvidenceStore).upload(bytes, "application/json");
    // Milestone 1's bound hash is of another text: the prompt must say it does not match.
    h.chain.campaigns.set(c.address, { ...c, metadataId: id, metadataSha256: sha256Hex(bytes), milestones: c.milestones.map((m) => ({ ...m, descriptionSha256: descriptionSha256("another text") })) });
    const prompt = await h.type(`/flag ${c.address} 1`);
    expect(prompt).toContain("Three cell lines, passage logs.");
    expect(prompt).toContain("❌ Milestone 1's description does NOT match its on-chain SHA-256");
    expect(prompt).toContain("Type it on the next line, or /cancel.");
  });

  it("GIVEN a reply with buttons THEN they are numbered with the command they run, and typing the number runs it", async () => {
    h = new ConsoleHarness(db);
    const c = inReview();
    const out = await h.type(`/flag ${c.address}`);
    // No milestone: a numbered picker of the campaign's milestones.
    expect(out).toMatch(/1\) .*Cell cultures/);
    const picked = await h.type("1");
    expect(picked).toMatch(/code NotLinked|Type it on the next line/);
  });

  it("GIVEN /subscribe in the console THEN it follows the campaign, and its announcement is printed as the outbox delivers it", async () => {
    h = new ConsoleHarness(db);
    const c = inReview();
    // The console is its own group for /subscribe: its announcements print here.
    await h.type(`/subscribe ${c.address}`);
    expect(await h.deps.store.subscriptions.listByChannel("CONSOLE", "1", "")).toMatchObject([{ campaign: c.address }]);
    const notice = released(c, c.address, 300_000_000n);
    await announce({ store: h.deps.store, platforms: PLATFORMS }, notice, `console-test:${c.address}`);
    const before = h.screen.length;
    // The outbox row carries the database's time: deliver with a clock just after it.
    const report = await deliverOutbox({ store: h.deps.store, notifiers: { CONSOLE: h.notifier }, clock: { now: () => new Date(Date.now() + 1_000) } }, 50);
    expect(report).toMatchObject({ sent: 1, failed: 0 });
    const printed = h.screen.slice(before);
    expect(printed).toContain("Cell cultures");
    expect(printed).toContain(c.address);
    // The campaign's public page, as a URL the terminal opens.
    expect(printed).toMatch(new RegExp(`Campaign page: \\S*https://pepfund\\.test/c/${c.address}`));
  });

  it("GIVEN a signing link THEN /sign last signs that request with the local signer and prints the outcome", async () => {
    const asked: string[] = [];
    h = new ConsoleHarness(db, {
      signLocally: (id) => {
        asked.push(id);
        return Promise.resolve(ok(released(null, randomAddress(), 1n)));
      },
    });
    const c = inReview();
    const wallet = await linked();
    h.chain.backerBalances.set(`${c.address}:${wallet}`, 10_000_000n);
    const out = await h.type(`/deposit ${c.address}`);
    const id = /\/sign\/([0-9a-f-]{36})/.exec(out)?.[1];
    expect(id).toBeDefined();
    expect(out).toContain("Or type /sign");
    await h.type("/sign last");
    expect(asked).toEqual([id]);
  });

  it("GIVEN a script piped in that ends right after a command THEN the console closes only once that command is answered", async () => {
    h = new ConsoleHarness(db);
    const c = inReview();
    // A slow chain: the answer comes after the input has ended.
    const slow = h.chain.getCampaign.bind(h.chain);
    h.chain.getCampaign = async (address) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return slow(address);
    };
    h.input.end(`/campaign ${c.address}\n`);
    await h.chat.whenClosed();
    expect(h.screen).toContain("Cell cultures");
  });

  it("GIVEN every declared command THEN the console routes it (none is 'There is no /name') and Tab offers it", async () => {
    h = new ConsoleHarness(db);
    const [names] = await h.chat.complete("/");
    for (const command of COMMANDS) {
      const out = await h.type(`/${command.name}`);
      expect(out, command.name).not.toContain("There is no /");
      expect(names, command.name).toContain(`/${command.name.split(" ")[0] ?? ""}`);
    }
  });

  it("GIVEN a history file THEN typed lines are kept in it", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "pepfund-console-")), "history");
    h = new ConsoleHarness(db, { historyFile: file });
    await h.type("/help");
    await h.type("/campaign #1");
    expect(readFileSync(file, "utf8").split("\n").filter((l) => l !== "")).toEqual(["/campaign #1", "/help"]);
  });
});
