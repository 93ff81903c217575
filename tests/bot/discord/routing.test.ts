/**
 * The Discord adapter over the chat layer: every declared command is registered and answered
 * by the router (none falls through unanswered), /help mentions commands as clickable
 * `</name:id>` with the ids Discord registered, and a personal answer (a flag's outcome) is
 * ephemeral, never posted to the channel.
 */
import { describe, expect, it } from "vitest";
import type { ParamSpec, ParamSpecs } from "../../../bot/chat/command.js";
import { COMMANDS } from "../../../bot/chat/commands/index.js";
import { commandBodies } from "../../../bot/discord/slash.js";
import type { OptionValue } from "../../discord-server/server.js";
import { campaign, milestone } from "../support/campaigns.js";
import { randomAddress } from "../support/fakes.js";
import { linkWallet, harnessPerFile, type Harness } from "./harness.js";

type Json = Record<string, unknown>;

let h: Harness;
harnessPerFile({ writes: true }, (started) => (h = started));

/** A value Discord would accept for the option (forms and button-only values are no options). */
function sample(spec: ParamSpec, campaignAddress: string): OptionValue | undefined {
  if (spec.hidden === true || spec.form !== undefined) return undefined;
  switch (spec.kind) {
    case "campaign":
      return campaignAddress;
    case "milestone":
      return 0;
    case "address":
      return randomAddress();
    case "choice":
      return spec.choices?.[0]?.value ?? "";
    case "boolean":
      return true;
    case "integer":
      return spec.min ?? 1;
    case "file":
      return h.server.attachment("x.txt", new Uint8Array([1]), "text/plain");
    default:
      return spec.required ? "1" : undefined;
  }
}

describe("GIVEN the declared commands", () => {
  it("THEN each is registered with Discord under its name (a subcommand under its group)", () => {
    const registered = new Set([...h.server.world.guildCommands.values()].map((c) => c.name));
    expect(new Set(commandBodies().map((b) => b.name))).toEqual(registered);
    for (const c of COMMANDS) expect(registered).toContain(c.name.split(" ")[0]);
  });

  it("THEN every one is answered within 3 s and never fails (the router routes them all)", async () => {
    const c = campaign();
    h.chain.campaigns.set(c.address, c);
    for (const command of COMMANDS) {
      const values: Record<string, OptionValue> = {};
      for (const [name, spec] of Object.entries(command.params as ParamSpecs)) {
        const v = sample(spec, c.address);
        if (v !== undefined) values[name] = v;
      }
      const ix = h.server.slash(h.manager, command.name, values);
      const first = await ix.firstResponse();
      expect(first.afterMs, `/${command.name}`).toBeLessThan(3000);
      expect([4, 5, 9], `/${command.name}`).toContain(first.type);
      if (first.type === 5) await ix.waitFor((x) => x.kind === "edit-original" || x.kind === "followup", 20_000);
    }
  }, 60_000);
});

describe("GIVEN /help", () => {
  it("THEN it mentions commands as clickable </name:id> with the registered ids", async () => {
    const ix = h.server.slash(h.member, "help");
    await ix.waitFor((x) => x.kind === "edit-original");
    const text = JSON.stringify(ix.visible());
    const flag = [...h.server.world.guildCommands.values()].find((x) => x.name === "flag");
    expect(text).toContain(`</flag:${flag?.id ?? "?"}>`);
    for (const command of COMMANDS.filter((x) => !x.name.includes(" "))) expect(text).toMatch(new RegExp(`</${command.name}:\\d+>`));
  });
});

describe("GIVEN a flag relayed at once", () => {
  it("THEN the outcome is the ephemeral answer to the flagger, and nothing is posted to the channel", async () => {
    const now = Math.floor(h.clock.now().getTime() / 1000);
    const c = campaign({ milestones: [milestone(0, { status: "InReview", attempts: 1, windowEnd: now + 86_400, supplySnapshot: 1_000_000_000n, backerSupplySnapshot: 900_000_000n }), milestone(1)] });
    h.chain.campaigns.set(c.address, c);
    const member = h.server.addMember("private-flagger");
    const wallet = await linkWallet(h, member);
    h.chain.setHolder(c.address, { owner: wallet.address, deposited: 5_000_000n, delegate: h.relayer, lockedUntil: 0 });
    const postsBefore = h.server.channelPosts(h.server.channel.id).length;
    const opened = h.server.slash(member, "flag", { campaign: c.address, milestone: 0 });
    await opened.firstResponse();
    const submit = h.server.submitModal(member, opened, { rationale: "No controls" });
    await submit.waitFor((x) => x.kind === "edit-original" && !(typeof x.body.content === "string" && x.body.content.endsWith("…")), 20_000);
    const first = submit.calls.find((x) => x.kind === "callback");
    expect(Number((first?.body.data as Json | undefined)?.flags ?? 0) & 64).toBe(64);
    expect(JSON.stringify(submit.visible())).toContain("is on-chain");
    expect(submit.calls.filter((x) => x.kind === "followup")).toEqual([]);
    expect(h.server.channelPosts(h.server.channel.id)).toHaveLength(postsBefore);
  }, 30_000);
});
