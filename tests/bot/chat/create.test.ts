/**
 * /create in the chat layer: the campaign form link, bound to the caller and their linked
 * wallet (stored only by its SHA-256), for a new campaign or an edit of the caller's own
 * unapproved campaign; refusals by code with nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommand } from "../../../bot/chat/commands/create.js";
import type { ChatDeps } from "../../../bot/chat/deps.js";
import { dispatch } from "../../../bot/chat/dispatch.js";
import { urlsOf, type Reply } from "../../../bot/chat/reply.js";
import type { Caller } from "../../../bot/chat/command.js";
import type { RawValue } from "../../../bot/chat/params.js";
import { draftTokenKey } from "../../../bot/core/usecases/campaign-drafts.js";
import { campaign } from "../support/campaigns.js";
import { randomAddress } from "../support/fakes.js";
import { FakeRelayer } from "../support/relayer.js";
import { startChat, type ChatFixture } from "./fixture.js";

let f: ChatFixture;
let deps: ChatDeps;

beforeAll(async () => {
  f = await startChat();
  deps = { ...f.deps, writes: { relayer: new FakeRelayer(), evidence: f.evidence, gatewayUrl: "https://gateway.pepfund.test" } };
});
afterAll(async () => {
  await f.stop();
});

const run = (who: Caller, raw: Record<string, RawValue> = {}, with_: ChatDeps = deps): Promise<Reply> => dispatch(with_, who, { command: createCommand, raw, typed: true });

async function linked(who: Caller): Promise<string> {
  const address = randomAddress();
  await f.deps.store.links.insert({ platform: "TELEGRAM", userId: who.chat.userId, address, chatId: who.chat.chatId, challengeNonce: randomAddress(), linkedAt: f.clock.now() });
  return address;
}

/** The form link in a reply and its stored record. */
async function formLink(reply: Reply) {
  const url = urlsOf(reply).find((u) => u.startsWith("https://pepfund.test/create/"));
  if (url === undefined) throw new Error(`no form link in ${JSON.stringify(reply)}`);
  const token = url.slice("https://pepfund.test/create/".length);
  return { token, record: await f.deps.store.draftLinks.find(draftTokenKey(token)) };
}

describe("/create", () => {
  it("GIVEN a researcher with a linked wallet WHEN /create THEN a private form link for a new campaign, bound to them and their wallet, valid a day", async () => {
    const rae = f.caller();
    const wallet = await linked(rae);
    const answer = await run(rae);
    expect(answer.visibility).toBe("private");
    expect(answer.refusal).toBeUndefined();
    const { token, record } = await formLink(answer);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({ researcher: wallet, userId: rae.chat.userId, platform: "TELEGRAM", campaign: null, signing: null });
    expect(record!.expiresAt.getTime() - f.clock.now().getTime()).toBe(86_400_000);
  });

  it("GIVEN their own draft WHEN /create <campaign> THEN an edit link for it; another's campaign or an approved one is refused", async () => {
    const rae = f.caller();
    const wallet = await linked(rae);
    const draft = campaign({ researcher: wallet, status: "Draft" });
    const theirs = campaign({ status: "Draft" });
    const approved = campaign({ researcher: wallet, status: "Fundraising" });
    for (const c of [draft, theirs, approved]) f.chain.campaigns.set(c.address, c);

    const edit = await formLink(await run(rae, { campaign: draft.address }));
    expect(edit.record).toMatchObject({ researcher: wallet, campaign: draft.address });
    expect((await run(rae, { campaign: theirs.address })).refusal?.code).toBe("NotResearcher");
    expect((await run(rae, { campaign: approved.address })).refusal?.code).toBe("RoadmapLocked");
  });

  it("GIVEN no linked wallet, or a deployment without writes THEN refused by code and no link is handed out", async () => {
    const nobody = f.caller();
    const refused = await run(nobody);
    expect(refused.refusal?.code).toBe("NotLinked");
    expect(urlsOf(refused).some((u) => u.includes("/create/"))).toBe(false);
    const rae = f.caller();
    await linked(rae);
    expect((await run(rae, {}, { ...deps, writes: null })).refusal?.code).toBe("WritesNotConfigured");
  });
});
