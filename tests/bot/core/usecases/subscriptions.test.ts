/**
 * Which channel follows which campaign, against the embedded database and (when reachable)
 * the real PostgreSQL. Only chat admins may change it: the adapter passes the platform's
 * answer in as `isChatAdmin`, and the use case refuses without it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../../../bot/core/ports.js";
import {
  channelSubscriptions,
  subscribe,
  unsubscribe,
  type ChannelCommand,
  type SubscriptionDeps,
} from "../../../../bot/core/usecases/subscriptions.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { campaign } from "../../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { FakeChain, ManualClock, randomAddress } from "../../support/fakes.js";

let nextScope = 100;

describe.each(databaseKinds)("subscriptions on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  let chain: FakeChain;
  let deps: SubscriptionDeps;

  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma);
    chain = new FakeChain();
    deps = { store, chain, clock: new ManualClock() };
  });
  afterAll(async () => {
    await db.dispose();
  });

  /** An admin's command in a fresh Discord channel for a campaign that exists on-chain. */
  function adminCommand(overrides: Partial<ChannelCommand> = {}): ChannelCommand {
    nextScope += 1;
    const view = campaign();
    chain.campaigns.set(view.address, view);
    return {
      platform: "DISCORD",
      scopeId: String(nextScope),
      channelId: "42",
      userId: "9001",
      isChatAdmin: true,
      campaign: view.address,
      ...overrides,
    };
  }

  const channelOf = (c: ChannelCommand) => ({ platform: c.platform, scopeId: c.scopeId, channelId: c.channelId });

  describe("subscribe", () => {
    it("GIVEN an admin and a campaign on-chain THEN the channel follows it and the audit log says who did it", async () => {
      const command = adminCommand();
      const result = await subscribe(deps, command);
      expect(result).toEqual({
        ok: true,
        value: { campaign: command.campaign, platform: "DISCORD", scopeId: command.scopeId, channelId: "42", createdBy: "9001" },
      });
      expect(await channelSubscriptions(deps, channelOf(command))).toEqual([result.ok && result.value]);
      expect(await store.audit.listBySubject(command.campaign)).toMatchObject([
        {
          action: "subscription.added",
          platform: "DISCORD",
          userId: "9001",
          details: { scopeId: command.scopeId, channelId: "42" },
        },
      ]);
    });

    it("GIVEN a Telegram admin in a whole chat (no topic) THEN the chat follows the campaign", async () => {
      const command = adminCommand({ platform: "TELEGRAM", scopeId: "-1001234567890", channelId: "" });
      expect(await subscribe(deps, command)).toMatchObject({ ok: true, value: { channelId: "" } });
      expect(await channelSubscriptions(deps, channelOf(command))).toHaveLength(1);
    });

    it("GIVEN a user who is not a chat admin THEN NotChatAdmin, nothing stored, nothing audited", async () => {
      const command = adminCommand({ isChatAdmin: false });
      expect(await subscribe(deps, command)).toEqual({ ok: false, code: "NotChatAdmin" });
      expect(await channelSubscriptions(deps, channelOf(command))).toEqual([]);
      expect(await store.audit.listBySubject(command.campaign)).toEqual([]);
    });

    it("GIVEN a malformed or unknown campaign THEN CampaignNotFound and nothing stored", async () => {
      const malformed = adminCommand({ campaign: "0OIl-not-base58" });
      expect(await subscribe(deps, malformed)).toEqual({ ok: false, code: "CampaignNotFound" });
      const unknown = adminCommand({ campaign: randomAddress() });
      expect(await subscribe(deps, unknown)).toEqual({ ok: false, code: "CampaignNotFound" });
      expect(await channelSubscriptions(deps, channelOf(unknown))).toEqual([]);
    });

    it("GIVEN the channel already follows the campaign THEN AlreadySubscribed and one audit entry only", async () => {
      const command = adminCommand();
      expect((await subscribe(deps, command)).ok).toBe(true);
      expect(await subscribe(deps, { ...command, userId: "9002" })).toEqual({ ok: false, code: "AlreadySubscribed" });
      expect(await channelSubscriptions(deps, channelOf(command))).toHaveLength(1);
      expect(await store.audit.listBySubject(command.campaign)).toHaveLength(1);
    });

    it("GIVEN malformed scope, channel or user ids THEN MalformedInput before anything else", async () => {
      for (const bad of [{ scopeId: "abc" }, { scopeId: "" }, { channelId: "4 2" }, { userId: "" }, { userId: "1".repeat(21) }]) {
        const command = adminCommand({ ...bad, isChatAdmin: false });
        expect(await subscribe(deps, command)).toEqual({ ok: false, code: "MalformedInput" });
      }
    });

    it("GIVEN two channels of one server THEN each follows only its own campaigns", async () => {
      const first = adminCommand({ channelId: "1" });
      const second = { ...adminCommand({ channelId: "2" }), scopeId: first.scopeId };
      await subscribe(deps, first);
      await subscribe(deps, second);
      expect((await channelSubscriptions(deps, channelOf(first))).map((s) => s.campaign)).toEqual([first.campaign]);
      expect((await channelSubscriptions(deps, channelOf(second))).map((s) => s.campaign)).toEqual([second.campaign]);
    });
  });

  describe("unsubscribe", () => {
    it("GIVEN an admin and a followed campaign THEN the channel stops following it and it is audited", async () => {
      const command = adminCommand();
      await subscribe(deps, command);
      expect(await unsubscribe(deps, { ...command, userId: "9003" })).toEqual({ ok: true, value: undefined });
      expect(await channelSubscriptions(deps, channelOf(command))).toEqual([]);
      expect((await store.audit.listBySubject(command.campaign)).map((e) => [e.action, e.userId])).toEqual([
        ["subscription.added", "9001"],
        ["subscription.removed", "9003"],
      ]);
    });

    it("GIVEN a user who is not a chat admin THEN NotChatAdmin and the channel still follows the campaign", async () => {
      const command = adminCommand();
      await subscribe(deps, command);
      expect(await unsubscribe(deps, { ...command, isChatAdmin: false })).toEqual({ ok: false, code: "NotChatAdmin" });
      expect(await channelSubscriptions(deps, channelOf(command))).toHaveLength(1);
    });

    it("GIVEN a campaign the channel does not follow THEN NotSubscribed and nothing audited", async () => {
      const command = adminCommand();
      expect(await unsubscribe(deps, command)).toEqual({ ok: false, code: "NotSubscribed" });
      expect(await store.audit.listBySubject(command.campaign)).toEqual([]);
    });

    it("GIVEN the campaign followed in another channel only THEN NotSubscribed and that channel keeps it", async () => {
      const other = adminCommand({ channelId: "7" });
      await subscribe(deps, other);
      expect(await unsubscribe(deps, { ...other, channelId: "8" })).toEqual({ ok: false, code: "NotSubscribed" });
      expect(await channelSubscriptions(deps, channelOf(other))).toHaveLength(1);
    });

    it("GIVEN malformed ids THEN MalformedInput", async () => {
      const command = adminCommand();
      await subscribe(deps, command);
      expect(await unsubscribe(deps, { ...command, scopeId: "x" })).toEqual({ ok: false, code: "MalformedInput" });
      expect(await channelSubscriptions(deps, channelOf(command))).toHaveLength(1);
    });
  });
});
