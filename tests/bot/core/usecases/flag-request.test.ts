/**
 * Flag requests against the embedded database and (when reachable) the real PostgreSQL.
 * Eligibility mirrors `flag_submit.rs`: the holder's deposited backer tokens are the
 * weight, the minimum is max(1, ceil(supply snapshot × 10 / 10,000)) of the backer +
 * allocation supply at submission, flags are accepted while now < window end, one per
 * holder per submission; refusals carry the program's variant names, in its order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignView, ChatRef, HolderView, MilestoneView, Store } from "../../../../bot/core/ports.js";
import { MAX_RATIONALE_CHARS, requestFlag, type FlagCommand, type FlagDeps } from "../../../../bot/core/usecases/flag-request.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { campaign, milestone } from "../../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { FakeChain, ManualClock, randomAddress } from "../../support/fakes.js";

const RELAYER = randomAddress();
/** Backer 1,500,000 + allocation 500,000 at submission: the 0.1% minimum is 2,000. */
const SUPPLY = 2_000_000n;
const BACKER_SUPPLY = 1_500_000n;
const THRESHOLD = 2_000n;

let nextUser = 5000;

describe.each(databaseKinds)("flag requests on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  let chain: FakeChain;
  let clock: ManualClock;
  let deps: FlagDeps;
  let now: number;

  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma);
    chain = new FakeChain();
    clock = new ManualClock();
    now = Math.floor(clock.now().getTime() / 1000);
    deps = { store, chain, clock, relayer: RELAYER };
  });
  afterAll(async () => {
    await db.dispose();
  });

  /**
   * A linked holder with `deposited` tokens (relayer as delegate) in an active campaign whose
   * milestone 2 (index 1) is under review, first submission, window closing in an hour.
   */
  async function scene(options: { deposited?: bigint; linked?: boolean } = {}) {
    nextUser += 1;
    const chat: ChatRef = { platform: "DISCORD", userId: String(nextUser), chatId: "777" };
    const wallet = randomAddress();
    if (options.linked !== false) {
      await store.links.insert({ ...chat, address: wallet, challengeNonce: `nonce-${nextUser}`, linkedAt: clock.now() });
    }
    const view = campaign({
      milestones: [
        milestone(0, { status: "Released", attempts: 1 }),
        milestone(1, {
          status: "InReview",
          attempts: 1,
          submittedAt: now - 100,
          windowEnd: now + 3_600,
          supplySnapshot: SUPPLY,
          backerSupplySnapshot: BACKER_SUPPLY,
        }),
        milestone(2),
      ],
    });
    chain.campaigns.set(view.address, view);
    chain.setHolder(view.address, { owner: wallet, deposited: options.deposited ?? 5_000n, delegate: RELAYER, lockedUntil: 0 });
    const command: FlagCommand = { chat, campaign: view.address, milestoneIndex: 1, rationale: "The dataset link is empty." };
    return { chat, wallet, address: view.address, command };
  }

  function editCampaign(address: string, change: (c: CampaignView) => CampaignView): void {
    chain.campaigns.set(address, change(chain.campaigns.get(address)!));
  }

  function editMilestone(address: string, index: number, overrides: Partial<MilestoneView>): void {
    editCampaign(address, (c) => ({
      ...c,
      milestones: c.milestones.map((m) => (m.index === index ? { ...m, ...overrides } : m)),
    }));
  }

  function editHolder(address: string, wallet: string, overrides: Partial<HolderView>): void {
    const holder = chain.holders.get(`${address}:${wallet}`)!;
    chain.setHolder(address, { ...holder, ...overrides });
  }

  describe("GIVEN an eligible holder", () => {
    it("THEN the request is stored once, for the current submission, with the whole deposit as weight", async () => {
      const { command, wallet, address, chat } = await scene({ deposited: 5_000n });
      const result = await requestFlag(deps, { ...command, rationale: "  The dataset link is empty.  " });
      expect(result).toMatchObject({
        ok: true,
        value: {
          weight: 5_000n,
          request: {
            idempotencyKey: `${address}:1:1:${wallet}`,
            wallet,
            campaign: address,
            milestoneIndex: 1,
            attempt: 1,
            userId: chat.userId,
            chatId: chat.chatId,
            rationale: "The dataset link is empty.",
            status: "ACCEPTED",
          },
        },
      });
    });

    it("THEN the submission named by the user's button is accepted when it is the current one", async () => {
      const { command } = await scene();
      expect(await requestFlag(deps, { ...command, attempt: 1 })).toMatchObject({ ok: true });
    });

    it("THEN the same request again (double click) is FlagAlreadyRequested and stores nothing new", async () => {
      const { command } = await scene();
      const first = await requestFlag(deps, command);
      expect(first.ok).toBe(true);
      expect(await requestFlag(deps, { ...command, rationale: "another reason" })).toMatchObject({
        ok: false,
        code: "FlagAlreadyRequested",
      });
      const stored = await db.prisma.flagRequest.findMany({ where: { campaign: command.campaign } });
      expect(stored.map((r) => r.rationale)).toEqual(["The dataset link is empty."]);
    });

    /** `requestFlag` with the link, stored-request and chain reads logged as they start and end (each takes 5 ms, so overlap shows). */
    async function loggedFlag(command: FlagCommand): Promise<{ result: Awaited<ReturnType<typeof requestFlag>>; started: (name: string) => number; ended: (name: string) => number }> {
      const log: string[] = [];
      function logged<T extends object>(target: T, methods: readonly string[]): T {
        return new Proxy(target, {
          get(t, key, receiver) {
            const value: unknown = Reflect.get(t, key, receiver);
            if (typeof value !== "function" || !methods.includes(String(key))) return value;
            return async (...args: unknown[]) => {
              log.push(`start ${String(key)}`);
              await new Promise((resolve) => setTimeout(resolve, 5));
              const result: unknown = await (value as (...a: unknown[]) => unknown).apply(t, args);
              log.push(`end ${String(key)}`);
              return result;
            };
          },
        });
      }
      const watched = {
        ...deps,
        store: {
          ...store,
          links: logged(store.links, ["findByUser"]),
          flagRequests: logged(store.flagRequests, ["findByKey"]),
        },
        chain: logged(chain, ["getCampaign", "getHolder", "hasFlagged"]),
      };
      const result = await requestFlag(watched, command);
      return { result, started: (name) => log.indexOf(`start ${name}`), ended: (name) => log.indexOf(`end ${name}`) };
    }

    it("THEN with the campaign read lately it waits for the link, then one round: campaign, holder, flag record and stored request at once", async () => {
      const { command, address } = await scene();
      await chain.getCampaign(address);
      const { result, started, ended } = await loggedFlag(command);
      expect(result.ok).toBe(true);
      const round = ["getCampaign", "getHolder", "hasFlagged", "findByKey"];
      expect(Math.min(...round.map(started))).toBeGreaterThan(ended("findByUser"));
      expect(Math.max(...round.map(started))).toBeLessThan(Math.min(...round.map(ended)));
    });

    it("THEN with the submission named by the button it reads all at once, the campaign unread before", async () => {
      const { command } = await scene();
      const { result, started, ended } = await loggedFlag({ ...command, attempt: 1 });
      expect(result.ok).toBe(true);
      expect(started("hasFlagged")).toBeLessThan(ended("getCampaign"));
      expect(started("findByKey")).toBeLessThan(ended("getCampaign"));
    });

    it("THEN without the campaign read lately the flag record and stored request wait for the campaign, which names the submission", async () => {
      const { command } = await scene();
      const { result, started, ended } = await loggedFlag(command);
      expect(result.ok).toBe(true);
      expect(started("getHolder")).toBeLessThan(ended("getCampaign"));
      expect(started("hasFlagged")).toBeGreaterThan(ended("getCampaign"));
      expect(started("findByKey")).toBeGreaterThan(ended("getCampaign"));
    });

    it("THEN a campaign read before a re-submission still flags the one under review, and finds it already flagged", async () => {
      const { command, address, wallet } = await scene();
      await chain.getCampaign(address);
      editMilestone(address, 1, { attempts: 2, submittedAt: now, windowEnd: now + 7_200 });
      expect(await requestFlag(deps, command)).toMatchObject({ ok: true, value: { request: { attempt: 2, idempotencyKey: `${address}:1:2:${wallet}` } } });
      // Flagged on-chain meanwhile (e.g. from the signing page): the guess (attempt 1) says no, the chain's attempt 2 says yes.
      const { command: other, address: otherAddress, wallet: otherWallet } = await scene();
      await chain.getCampaign(otherAddress);
      editMilestone(otherAddress, 1, { attempts: 2, submittedAt: now, windowEnd: now + 7_200 });
      chain.flags.add(`${otherAddress}:1:2:${otherWallet}`);
      expect(await requestFlag(deps, other)).toMatchObject({ ok: false, code: "AlreadyFlagged" });
    });

    it("THEN after a rejection and a new submission (attempt 2) the holder may flag again", async () => {
      const { command, address } = await scene();
      expect((await requestFlag(deps, command)).ok).toBe(true);
      editMilestone(address, 1, { attempts: 2, submittedAt: now, windowEnd: now + 7_200 });
      expect(await requestFlag(deps, command)).toMatchObject({ ok: true, value: { request: { attempt: 2 } } });
    });
  });

  describe("Flag minimum: max(1, ceil(supply snapshot × 0.1%)) of backer + allocation supply", () => {
    it("GIVEN exactly the minimum deposited THEN accepted", async () => {
      const { command } = await scene({ deposited: THRESHOLD });
      expect(await requestFlag(deps, command)).toMatchObject({ ok: true, value: { weight: THRESHOLD } });
    });

    it("GIVEN one unit below THEN BelowFlagThreshold with the deposit and the minimum", async () => {
      const { command } = await scene({ deposited: THRESHOLD - 1n });
      expect(await requestFlag(deps, command)).toEqual({
        ok: false,
        code: "BelowFlagThreshold",
        details: { deposited: "1999", threshold: "2000" },
      });
    });

    it("GIVEN a deposit above 0.1% of the backer supply but below 0.1% of the total THEN BelowFlagThreshold (the base is backer + allocation)", async () => {
      // 0.1% of the backer supply alone is 1,500: a core using it would accept 1,500.
      const { command } = await scene({ deposited: 1_500n });
      expect(await requestFlag(deps, command)).toMatchObject({ ok: false, code: "BelowFlagThreshold" });
    });

    it("GIVEN a tiny supply where 0.1% rounds to zero THEN one unit is still needed and enough", async () => {
      const { command, address } = await scene({ deposited: 1n });
      editMilestone(address, 1, { supplySnapshot: 999n, backerSupplySnapshot: 999n });
      expect(await requestFlag(deps, command)).toMatchObject({ ok: true, value: { weight: 1n } });
    });

    it("GIVEN a supply where 0.1% is not whole THEN the minimum rounds up", async () => {
      const { command, address } = await scene({ deposited: 2_000n });
      editMilestone(address, 1, { supplySnapshot: 2_000_001n });
      expect(await requestFlag(deps, command)).toMatchObject({
        ok: false,
        code: "BelowFlagThreshold",
        details: { threshold: "2001" },
      });
    });
  });

  describe("Deposit: the weight is what the holder deposited", () => {
    it("GIVEN a holder record with nothing deposited THEN NoDeposit", async () => {
      const { command } = await scene({ deposited: 0n });
      expect(await requestFlag(deps, command)).toMatchObject({ ok: false, code: "NoDeposit" });
    });

    it("GIVEN no holder record for the wallet THEN NotDeposited", async () => {
      const { command, address, wallet } = await scene();
      chain.holders.delete(`${address}:${wallet}`);
      expect(await requestFlag(deps, command)).toMatchObject({ ok: false, code: "NotDeposited" });
    });
  });

  describe("Window: flags accepted while now < window end", () => {
    it("GIVEN one second before the end THEN accepted; at the end second THEN WindowClosed", async () => {
      const early = await scene();
      editMilestone(early.address, 1, { windowEnd: now + 1 });
      expect((await requestFlag(deps, early.command)).ok).toBe(true);

      const late = await scene();
      editMilestone(late.address, 1, { windowEnd: now });
      expect(await requestFlag(deps, late.command)).toMatchObject({ ok: false, code: "WindowClosed" });
    });

    it("GIVEN a window that ended an hour ago THEN WindowClosed", async () => {
      const { command, address } = await scene();
      editMilestone(address, 1, { windowEnd: now - 3_600 });
      expect(await requestFlag(deps, command)).toMatchObject({ ok: false, code: "WindowClosed" });
    });
  });

  describe("One flag per holder per submission", () => {
    it("GIVEN the holder's flag on this submission already on-chain THEN AlreadyFlagged", async () => {
      const { command, address, wallet } = await scene();
      chain.flags.add(`${address}:1:1:${wallet}`);
      expect(await requestFlag(deps, command)).toMatchObject({ ok: false, code: "AlreadyFlagged" });
    });

    it("GIVEN an on-chain flag on an earlier submission only THEN the current one may be flagged", async () => {
      const { command, address, wallet } = await scene();
      chain.flags.add(`${address}:1:1:${wallet}`);
      editMilestone(address, 1, { attempts: 2 });
      expect(await requestFlag(deps, command)).toMatchObject({ ok: true, value: { request: { attempt: 2 } } });
    });

    it("GIVEN a button for an earlier submission THEN StaleSubmission", async () => {
      const { command, address } = await scene();
      editMilestone(address, 1, { attempts: 2 });
      expect(await requestFlag(deps, { ...command, attempt: 1 })).toMatchObject({ ok: false, code: "StaleSubmission" });
    });
  });

  describe("Relayer: it signs for the holder only as the holder's delegate", () => {
    it("GIVEN a holder who named no delegate THEN NotHolderOrDelegate", async () => {
      const { command, address, wallet } = await scene();
      editHolder(address, wallet, { delegate: null });
      expect(await requestFlag(deps, command)).toMatchObject({ ok: false, code: "NotHolderOrDelegate" });
    });

    it("GIVEN a holder whose delegate is someone else THEN NotHolderOrDelegate", async () => {
      const { command, address, wallet } = await scene();
      editHolder(address, wallet, { delegate: randomAddress() });
      expect(await requestFlag(deps, command)).toMatchObject({ ok: false, code: "NotHolderOrDelegate" });
    });
  });

  describe("Campaign and milestone state", () => {
    it("GIVEN a malformed or unknown campaign address THEN CampaignNotFound", async () => {
      const { command } = await scene();
      expect(await requestFlag(deps, { ...command, campaign: "not-an-address" })).toMatchObject({
        ok: false,
        code: "CampaignNotFound",
      });
      expect(await requestFlag(deps, { ...command, campaign: randomAddress() })).toMatchObject({
        ok: false,
        code: "CampaignNotFound",
      });
    });

    it("GIVEN a campaign that is not active THEN InvalidCampaignState", async () => {
      for (const status of ["Fundraising", "Completed", "Failed", "Abandoned"] as const) {
        const { command, address } = await scene();
        editCampaign(address, (c) => ({ ...c, status }));
        expect(await requestFlag(deps, command)).toMatchObject({ ok: false, code: "InvalidCampaignState" });
      }
    });

    it("GIVEN a milestone index past the roadmap, negative or fractional THEN MilestoneNotFound", async () => {
      const { command } = await scene();
      for (const milestoneIndex of [3, 255, -1, 0.5]) {
        expect(await requestFlag(deps, { ...command, milestoneIndex })).toMatchObject({
          ok: false,
          code: "MilestoneNotFound",
        });
      }
    });

    it("GIVEN a milestone pending, disputed or released THEN InvalidMilestoneState", async () => {
      const { command } = await scene();
      for (const milestoneIndex of [0, 2]) {
        expect(await requestFlag(deps, { ...command, milestoneIndex })).toMatchObject({
          ok: false,
          code: "InvalidMilestoneState",
        });
      }
      const disputed = await scene();
      editMilestone(disputed.address, 1, { status: "Disputed" });
      expect(await requestFlag(deps, disputed.command)).toMatchObject({ ok: false, code: "InvalidMilestoneState" });
    });
  });

  describe("Chat side", () => {
    it("GIVEN a user with no linked wallet THEN NotLinked", async () => {
      const { command } = await scene({ linked: false });
      expect(await requestFlag(deps, command)).toMatchObject({ ok: false, code: "NotLinked" });
    });

    it("GIVEN an empty, blank or over-long rationale THEN RationaleRequired; exactly the limit THEN accepted", async () => {
      const { command } = await scene();
      for (const rationale of ["", "   \n ", "x".repeat(MAX_RATIONALE_CHARS + 1)]) {
        expect(await requestFlag(deps, { ...command, rationale })).toMatchObject({ ok: false, code: "RationaleRequired" });
      }
      expect(await requestFlag(deps, { ...command, rationale: "x".repeat(MAX_RATIONALE_CHARS) })).toMatchObject({ ok: true });
    });

    it("GIVEN a refused request THEN nothing is stored: the same holder is accepted once the cause is gone", async () => {
      const { command, address, wallet } = await scene({ deposited: 0n });
      expect((await requestFlag(deps, command)).ok).toBe(false);
      editHolder(address, wallet, { deposited: THRESHOLD });
      expect(await requestFlag(deps, command)).toMatchObject({ ok: true });
    });
  });

  describe("Order: when several rules fail, the program's first refusal is the one given", () => {
    it("GIVEN no holder record and a closed window THEN NotDeposited (a missing account fails before any check)", async () => {
      const { command, address, wallet } = await scene();
      chain.holders.delete(`${address}:${wallet}`);
      editMilestone(address, 1, { windowEnd: now });
      expect(await requestFlag(deps, command)).toMatchObject({ ok: false, code: "NotDeposited" });
    });

    it("GIVEN a flag already on-chain and a closed window THEN AlreadyFlagged (the flag account fails first)", async () => {
      const { command, address, wallet } = await scene();
      chain.flags.add(`${address}:1:1:${wallet}`);
      editMilestone(address, 1, { windowEnd: now });
      expect(await requestFlag(deps, command)).toMatchObject({ ok: false, code: "AlreadyFlagged" });
    });

    it("GIVEN no delegate and an inactive campaign THEN NotHolderOrDelegate", async () => {
      const { command, address, wallet } = await scene();
      editHolder(address, wallet, { delegate: null });
      editCampaign(address, (c) => ({ ...c, status: "Completed" }));
      expect(await requestFlag(deps, command)).toMatchObject({ ok: false, code: "NotHolderOrDelegate" });
    });

    it("GIVEN an inactive campaign and a missing milestone THEN InvalidCampaignState", async () => {
      const { command, address } = await scene();
      editCampaign(address, (c) => ({ ...c, status: "Failed" }));
      expect(await requestFlag(deps, { ...command, milestoneIndex: 9 })).toMatchObject({
        ok: false,
        code: "InvalidCampaignState",
      });
    });

    it("GIVEN a stale button and a closed window THEN StaleSubmission", async () => {
      const { command, address } = await scene();
      editMilestone(address, 1, { attempts: 2, windowEnd: now });
      expect(await requestFlag(deps, { ...command, attempt: 1 })).toMatchObject({ ok: false, code: "StaleSubmission" });
    });

    it("GIVEN a closed window and nothing deposited THEN WindowClosed", async () => {
      const { command, address } = await scene({ deposited: 0n });
      editMilestone(address, 1, { windowEnd: now });
      expect(await requestFlag(deps, command)).toMatchObject({ ok: false, code: "WindowClosed" });
    });
  });
});
