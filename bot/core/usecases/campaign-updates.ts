/**
 * A researcher's update (`/update`): a short text only the campaign's researcher may post,
 * proven by the poster's linked wallet being the campaign's researcher. The text is stored
 * on Arweave (the permanent, public record), then recorded and announced to every channel
 * following the campaign in one database transaction, so it is announced exactly once
 * (dedupe key `update:<id>`). A crash between the upload and that transaction costs one
 * orphan upload and announces nothing; the researcher is told it failed and may post again.
 */
import type { BotErrorCode, LinkErrorCode, ProgramErrorName } from "../codes.js";
import { decodeAddress } from "../linking/encoding.js";
import { arweaveLink, campaignRef, type ArweaveLink } from "../notices.js";
import type {
  CampaignUpdateRecord,
  ChainReader,
  ChatPlatforms,
  ChatRef,
  Clock,
  EvidenceStore,
  RandomSource,
  Repositories,
  Store,
} from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { admitRelayAction } from "../rules/rate-limit.js";
import { announce } from "./announce.js";
import { uuid } from "./signing-requests.js";

/** Longest update, in characters. */
export const MAX_UPDATE_CHARS = 2_000;

/** What posting an update needs. */
export interface UpdateDeps {
  readonly store: Pick<Store, "links" | "relayRates" | "audit" | "transaction">;
  readonly chain: ChainReader;
  readonly evidence: EvidenceStore;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly platforms: ChatPlatforms;
  /** Arweave gateway origin for the plain link. */
  readonly gatewayUrl: string;
}

/** An update asked for in chat. */
export interface PostUpdateCommand {
  readonly chat: ChatRef;
  readonly campaign: string;
  readonly text: string;
}

/** The stored update and how many channels were told. */
export interface PostedUpdate {
  readonly update: CampaignUpdateRecord;
  readonly stored: ArweaveLink;
  readonly channels: number;
}

/** Every refusal posting may get. */
export type UpdateRefusal = Extract<BotErrorCode, "UpdateTextRequired" | "CampaignNotFound" | "RateLimited"> | Extract<LinkErrorCode, "NotLinked"> | Extract<ProgramErrorName, "NotResearcher">;

/** Checks the text and the researcher, stores the text on Arweave, records it and announces it. */
export async function postUpdate(deps: UpdateDeps, command: PostUpdateCommand): Promise<Result<PostedUpdate, UpdateRefusal>> {
  const text = command.text.trim();
  if (text.length === 0 || text.length > MAX_UPDATE_CHARS) return fail("UpdateTextRequired");
  const link = await deps.store.links.findByUser(command.chat.platform, command.chat.userId);
  if (link === null) return fail("NotLinked");
  if (decodeAddress(command.campaign) === null) return fail("CampaignNotFound");
  const campaign = await deps.chain.getCampaign(command.campaign);
  if (campaign === null) return fail("CampaignNotFound");
  // The same rule as the program's `has_one = researcher`: the wallet, not the chat account.
  if (campaign.researcher !== link.address) return fail("NotResearcher");
  // Every upload costs the deployment's Arweave wallet: held to the relayed actions' limits.
  const admitted = await admitRelayAction(deps.store.relayRates, { chat: command.chat, wallet: link.address }, "update", deps.clock.now());
  if (!admitted.ok) return admitted;

  const { id: arweaveId } = await deps.evidence.upload(new TextEncoder().encode(text), "text/plain; charset=utf-8", {
    Type: "campaign-update",
    Campaign: campaign.address,
    Researcher: link.address,
  });
  const update: CampaignUpdateRecord = {
    id: uuid(deps.random),
    campaign: campaign.address,
    researcher: link.address,
    arweaveId,
    text,
    platform: command.chat.platform,
    userId: command.chat.userId,
    postedAt: deps.clock.now(),
  };
  const stored = arweaveLink(deps.gatewayUrl, arweaveId);
  const channels = await deps.store.transaction(async (tx: Repositories) => {
    await tx.updates.insert(update);
    await tx.audit.record({
      at: update.postedAt,
      action: "campaign.update_posted",
      platform: command.chat.platform,
      userId: command.chat.userId,
      subject: campaign.address,
      details: { update: update.id, arweaveId },
    });
    const notice = { kind: "ResearcherUpdate" as const, campaign: campaignRef(campaign.address, campaign), text, stored };
    return (await announce({ store: tx, platforms: deps.platforms }, notice, `update:${update.id}`, update.postedAt)).channels;
  });
  return ok({ update, stored, channels });
}

/** The campaign's latest updates, newest first. */
export function latestUpdates(deps: { readonly store: Pick<Repositories, "updates"> }, campaign: string, limit: number): Promise<CampaignUpdateRecord[]> {
  return deps.store.updates.latest(campaign, limit);
}
