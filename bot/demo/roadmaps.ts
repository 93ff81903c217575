/**
 * The demo's campaigns as the roadmap.json files a researcher writes (docs/CLI.md), dated from
 * the chain's clock (the demo moves it forward, so the wall clock would be wrong).
 */
const DAY = 86_400;

export interface DemoRoadmap {
  readonly title: string;
  readonly summary: string;
  /** Decimal USDC, as a researcher writes it. */
  readonly goal: string;
  /** Days from the chain's now until the raise closes. */
  readonly raiseDays: number;
  readonly milestones: readonly { readonly title: string; readonly description: string; readonly share: string }[];
}

/** roadmap.json text for `roadmap`, its raise ending `raiseDays` after `chainNow`, a milestone every 30 days after. */
export function roadmapJson(roadmap: DemoRoadmap, chainNow: number): string {
  const iso = (unix: number) => new Date(unix * 1000).toISOString();
  const deadline = chainNow + roadmap.raiseDays * DAY;
  return JSON.stringify(
    {
      title: roadmap.title,
      summary: roadmap.summary,
      goal: roadmap.goal,
      deadline: iso(deadline),
      milestones: roadmap.milestones.map((m, i) => ({
        title: m.title,
        description: m.description,
        evidenceType: "dataset",
        share: m.share,
        estimatedCompletion: iso(deadline + 30 * DAY * (i + 1)),
      })),
    },
    null,
    2,
  );
}

const threeSteps = (subject: string) => [
  { title: "Protocol and pilot", description: `${subject}: the assay protocol and a pilot run, raw files published.`, share: "40%" },
  { title: "Full measurements", description: `${subject}: every measurement in triplicate, raw traces and notebook.`, share: "30%" },
  { title: "Preprint", description: `${subject}: a preprint with methods, results and the dataset's DOI.`, share: "30%" },
];

/** Raising: approved, partly funded. */
export const RAISING: DemoRoadmap = {
  title: "BPC-157 tendon healing replication",
  summary: "An independent replication of the rat Achilles tendon healing results, every trace published.",
  goal: "2000",
  raiseDays: 30,
  milestones: threeSteps("BPC-157 replication"),
};

/** Active: fully funded, milestone 1's evidence under review. */
export const IN_REVIEW: DemoRoadmap = {
  title: "Peptide serum stability dataset",
  summary: "Serum half-life of 50 candidate peptides, measured and published openly.",
  goal: "1000",
  raiseDays: 30,
  milestones: threeSteps("Serum stability"),
};

/** Ended: the raise missed its goal; backers claim refunds. */
export const FAILED: DemoRoadmap = {
  title: "Thymosin beta-4 wound closure pilot",
  summary: "A small pilot of wound closure in mice; it needed 5000 USDC.",
  goal: "5000",
  raiseDays: 10,
  milestones: threeSteps("Wound closure pilot"),
};
