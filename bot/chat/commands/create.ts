/**
 * /create: a researcher's way in. It answers with a link to the campaign form, bound to the
 * caller and to their linked wallet, the only wallet that can sign what the form produces.
 * With a campaign, the link edits that one (the caller's, not yet approved). The form checks
 * every roadmap rule as the researcher types, stores the texts on Arweave and ends on the
 * signing page (docs/CAMPAIGNS.md). Researchers who keep their roadmap in a file use the CLI
 * instead: `npm run pepfund -- campaign create roadmap.json`.
 */
import { DRAFT_LINK_TTL_SECONDS, issueDraftLink } from "../../core/usecases/campaign-drafts.js";
import { linkedWallet } from "../../core/usecases/link-wallet.js";
import { defineWriteCommand } from "../command.js";
import { linkDeps } from "../deps.js";
import { refusal } from "../replies.js";
import { privateReply } from "../reply.js";
import { code, command, line, link, time } from "../text.js";

export const createCommand = defineWriteCommand({
  name: "create",
  description: "Researchers: write a new campaign (or edit your draft) on the campaign form",
  params: {
    campaign: { kind: "campaign", description: "Your draft to edit (leave empty for a new campaign)", required: false },
  },
  audience: "everyone",
  place: "both",
  private: true,

  async run(deps, caller, p) {
    const linked = await linkedWallet(linkDeps(deps), caller.chat);
    if (!linked.ok) return refusal(linked.code);
    const researcher = linked.value.address;
    const issued = await issueDraftLink(
      { store: deps.store, chain: deps.chain, clock: deps.clock, random: deps.random, drafts: { baseUrl: deps.signing.baseUrl, ttlSeconds: DRAFT_LINK_TTL_SECONDS } },
      { chat: caller.chat, researcher, ...(p.campaign === undefined ? {} : { campaign: p.campaign }) },
    );
    if (!issued.ok) return refusal(issued.code, issued.details);
    const { url, expiresAt } = issued.value;
    const until = time(Math.floor(expiresAt.getTime() / 1000));
    return privateReply({
      tone: "good",
      title: p.campaign === undefined ? line`Your campaign form` : line`Edit your campaign`,
      lines: [
        p.campaign === undefined
          ? line`Write the title, summary, goal, deadline and each milestone; every roadmap rule is checked as you type.`
          : line`The form opens with your campaign's current terms and texts. Saving an edit makes it a draft again until you submit it for review.`,
        line`Your wallet ${code(researcher)} signs the result on the signing page. The link is yours alone and works once, until ${until}: ${link(url)}`,
        line`Roadmap in a file? ${code("npm run pepfund -- campaign create roadmap.json --keypair <file>")} does the same. ${command("campaign")} shows the campaign once created.`,
      ],
      links: [{ kind: "page", label: p.campaign === undefined ? "Open the campaign form" : "Edit the campaign", url }],
    });
  },
});
