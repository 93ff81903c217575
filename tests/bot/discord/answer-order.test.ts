/**
 * Acknowledgements before final answers: a final answer the bot has ready while a later
 * interaction's acknowledgement is still in flight (the local server holds that callback) is
 * not sent until the acknowledgement is through, so a burst's answers never delay the
 * acknowledgements that have Discord's 3-second deadline (bot/discord/interaction-rest.ts).
 * Ordering only: the answer is absent while the callback is held (after the test's own round
 * trips to the server, which give an unheld answer every chance to arrive), then follows it.
 */
import { Events, Routes } from "discord.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ChainReader } from "../../../bot/core/ports.js";
import { campaign } from "../support/campaigns.js";
import type { FakeChain } from "../support/fakes.js";
import { startHarness, type Harness } from "./harness.js";

/** While set, every chain read waits for it: the test decides when a command's work finishes. */
let chainGate: Promise<void> | null = null;

function gated(fake: FakeChain): ChainReader {
  return new Proxy(fake, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        if (chainGate !== null) await chainGate;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ chain: gated });
}, 60_000);
afterAll(async () => {
  await h.stop();
});

it("GIVEN an answer ready while a later interaction's acknowledgement is in flight THEN it is sent only after that acknowledgement", async () => {
  const c = campaign();
  h.chain.campaigns.set(c.address, c);
  let openChain = (): void => undefined;
  chainGate = new Promise<void>((resolve) => (openChain = resolve));
  const first = h.server.slash(h.member, "campaign", { campaign: c.address });
  await first.firstResponse();
  const answerRoute = Routes.webhookMessage(h.server.applicationId, first.token, "@original");
  // Told when the bot hands the first command's final answer to its REST client.
  const rest = h.bot.client.rest;
  const queue = rest.queueRequest.bind(rest);
  let handed = (): void => undefined;
  const answerHanded = new Promise<void>((resolve) => (handed = resolve));
  rest.queueRequest = (request) => {
    if (request.fullRoute === answerRoute) handed();
    return queue(request);
  };
  try {
    const releaseCallbacks = h.server.holdCallbacks();
    const received = new Promise((resolve) => h.bot.client.once(Events.InteractionCreate, resolve));
    const second = h.server.slash(h.member, "help");
    await received;
    openChain();
    chainGate = null;
    await answerHanded;
    for (let i = 0; i < 5; i += 1) await fetch(`${h.server.apiBase}/v10${Routes.gatewayBot()}`, { headers: { authorization: `Bot ${h.server.token}` } });
    const answered = () => h.server.rest.calls.findIndex((call) => call.method === "PATCH" && call.path === answerRoute);
    expect(answered()).toBe(-1);
    releaseCallbacks();
    await first.waitFor((call) => call.kind === "edit-original");
    const acknowledged = h.server.rest.calls.findIndex((call) => call.path === Routes.interactionCallback(second.id, second.token));
    expect(acknowledged).toBeGreaterThan(-1);
    expect(answered()).toBeGreaterThan(acknowledged);
    await second.waitFor((call) => call.kind === "edit-original");
  } finally {
    rest.queueRequest = queue;
  }
}, 30_000);
