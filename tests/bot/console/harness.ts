/**
 * The console chat on stream pairs (PassThrough in and out) over the real chat layer and
 * core on a test database, with the fake chain, relayer and evidence store: what a person at
 * the keyboard would see, line by line.
 */
import { PassThrough } from "node:stream";
import { ConsoleChat, type LocalSigner } from "../../../bot/console/chat.js";
import { ConsoleNotifier } from "../../../bot/console/notifier.js";
import type { ChatDeps } from "../../../bot/chat/deps.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { naclVerifier } from "../../../bot/chain/signature-verifier.js";
import type { TestDatabase } from "../support/databases.js";
import { FakeChain, FakePools, ManualClock, secureRandom } from "../support/fakes.js";
import { indexedStore } from "../support/directory.js";
import { PLATFORMS } from "../support/platforms.js";
import { FakeRelayer } from "../support/relayer.js";
import { memoryEvidence, MemoryLogger } from "../telegram/harness.js";

/** A console chat and everything behind it. */
export class ConsoleHarness {
  readonly input = new PassThrough();
  readonly output = new PassThrough();
  readonly chain = new FakeChain();
  readonly clock = new ManualClock(new Date());
  readonly relayer = new FakeRelayer();
  readonly log = new MemoryLogger();
  readonly deps: ChatDeps;
  readonly chat: ConsoleChat;
  readonly notifier: ConsoleNotifier;
  private printed = "";

  constructor(
    readonly db: TestDatabase,
    options: { signLocally?: LocalSigner; historyFile?: string } = {},
  ) {
    const evidence = memoryEvidence();
    this.deps = {
      store: indexedStore(prismaStore(db.prisma), this.chain),
      clock: this.clock,
      random: secureRandom,
      verifier: naclVerifier,
      link: { domain: "pepfund.test", baseUrl: "https://pepfund.test", chainId: "localnet", ttlSeconds: 600 },
      chain: this.chain,
      pools: new FakePools(),
      relayAuthority: this.relayer.authority,
      writes: { relayer: this.relayer, evidence, gatewayUrl: "https://gateway.pepfund.test" },
      evidence,
      gatewayUrl: "https://gateway.pepfund.test",
      maxEvidenceBytes: 1_000_000,
      signing: { baseUrl: "https://pepfund.test", ttlSeconds: 900 },
      team: {},
      explorer: { cluster: "localnet" },
      platforms: PLATFORMS,
      log: { warn: (m) => this.log.warn(m), error: (m) => this.log.error(m) },
    };
    this.output.on("data", (chunk: Buffer) => (this.printed += chunk.toString("utf8")));
    this.chat = new ConsoleChat(this.deps, {
      input: this.input,
      output: this.output,
      signLocally: options.signLocally ?? null,
      ...(options.historyFile === undefined ? {} : { historyFile: options.historyFile }),
    });
    this.notifier = new ConsoleNotifier(this.chat);
  }

  /** Types one line and returns what the console printed in answer. */
  async type(text: string): Promise<string> {
    const before = this.printed.length;
    this.input.write(`${text}\n`);
    // readline hands the line over on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
    await this.chat.idle();
    return this.printed.slice(before);
  }

  /** Everything printed so far. */
  get screen(): string {
    return this.printed;
  }

  close(): void {
    this.chat.close();
  }
}
