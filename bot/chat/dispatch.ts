/**
 * Runs a command for a caller: checks where it may run, its parameters, who may run it and
 * whether this deployment can write, asks for what is missing (a form for long text, a
 * picker for a campaign, milestone or researcher), then calls `run`. Every expected refusal
 * is a reply with a code; an outage is logged and answered, never thrown at the adapter.
 */
import { campaignLabel } from "../core/labels.js";
import { listCampaigns, resolveCampaignName, searchResearchers } from "../core/usecases/campaign-directory.js";
import { poolLabel } from "../core/pools.js";
import { campaignStatus } from "../core/usecases/campaign-status.js";
import { withdrawHeldNotice } from "../core/usecases/notify.js";
import { kpiChoices } from "./choices.js";
import type { AnyCommand, Caller, ParamSpecs } from "./command.js";
import type { ChatDeps } from "./deps.js";
import { ADDRESS, checkParams, usage, type CheckedParams, type RawValue } from "./params.js";
import { outage, refusal } from "./replies.js";
import { reply, type Invocation, type Reply } from "./reply.js";
import { clip, line, type Line } from "./text.js";

/** Most choices offered as buttons when a typed command leaves a campaign or milestone out. */
const MAX_PICKS = 10;

/** A command as an adapter received it. */
export interface CommandCall {
  readonly command: AnyCommand;
  readonly raw: Readonly<Record<string, RawValue | undefined>>;
  /** Typed as text (Telegram, console): milestones count from 1 and campaigns may be named. */
  readonly typed: boolean;
}

/** Runs the call; never throws. Each answer is counted by its outcome. */
export async function dispatch(deps: ChatDeps, caller: Caller, call: CommandCall): Promise<Reply> {
  const answer = await answerCall(deps, caller, call);
  deps.metrics?.commandAnswered(caller.chat.platform, call.command.name, outcomeOf(answer));
  return answer;
}

/**
 * The platform took `answer`: the notice it stands in for is withdrawn. Never throws: a notice
 * that could not be withdrawn is sent when its hold ends (the user hears the outcome twice).
 */
export async function answerDelivered(deps: ChatDeps, answer: Reply): Promise<void> {
  if (answer.standsInFor === undefined) return;
  try {
    if (!(await withdrawHeldNotice(deps, answer.standsInFor))) deps.log.warn(`chat: the notice ${answer.standsInFor.dedupeKey} went out before its answer was delivered`);
  } catch (error) {
    deps.log.warn(`chat: the notice ${answer.standsInFor.dedupeKey} could not be withdrawn: ${(error as Error).message}`);
  }
}

/** A reply as a metric label: its refusal code ("Outage" is "error"), "asked" for a form or picker, else "ok". */
function outcomeOf(answer: Reply): string {
  if (answer.refusal !== undefined) return answer.refusal.code === "Outage" ? "error" : answer.refusal.code;
  return answer.form !== undefined || answer.pick === true ? "asked" : "ok";
}

async function answerCall(deps: ChatDeps, caller: Caller, call: CommandCall): Promise<Reply> {
  const { command } = call;
  const visibility = command.private ? "private" : "public";
  try {
    if (command.place === "private" && caller.place !== "private") return refusal("WrongPlace", { place: "private" }, visibility);
    if (command.place === "group" && caller.place !== "group") return refusal("WrongPlace", { place: "group" }, visibility);
    // An answer about the caller's own wallet is never shown to a whole group.
    if (command.personal === true && caller.place === "group" && !caller.platform.privateAnswersInGroups) {
      return refusal("WrongPlace", { place: "private" }, visibility);
    }
    const checked = checkParams(command.params as ParamSpecs, call.raw, call.typed);
    if (!checked.ok) return refusal("ParameterInvalid", { param: checked.problem.param, usage: usage(command) }, visibility);
    const named = await resolveCampaignNames(deps, command, checked.values);
    if (!named.ok) return named.reply;
    if (command.audience === "chatAdmin" && !(await caller.isChatAdmin())) return refusal("NotChatAdmin", undefined, visibility);
    if (command.audience === "team" && !(await caller.isTeamMember())) return refusal("NotTeamMember", undefined, visibility);
    if (checked.missing.length > 0) {
      // Read beside `beforeForm`, so the two budgets do not add up before Discord's modal.
      const context = formContextOf(deps, command, named.values, checked.missing);
      const early = command.beforeForm === undefined ? null : await command.beforeForm(deps, caller, named.values);
      return early ?? (await askForMissing(deps, command, named.values, checked.missing, context));
    }
    if (command.writes === true && deps.writes === null) return refusal("WritesNotConfigured", undefined, visibility);
    return await command.run(deps, caller, named.values);
  } catch (error) {
    deps.log.error(`chat: /${command.name} for ${caller.chat.platform} failed: ${(error as Error).message}`);
    return outage(visibility);
  }
}

/**
 * A campaign given by name rather than address (its title, `#3`, words of the title, an
 * address prefix) is looked up in the campaign directory:
 * one match is taken, several are offered as a picker, none is `CampaignNotFound`.
 */
async function resolveCampaignNames(
  deps: ChatDeps,
  command: AnyCommand,
  values: CheckedParams,
): Promise<{ ok: true; values: CheckedParams } | { ok: false; reply: Reply }> {
  const out: CheckedParams = { ...values };
  const visibility = command.private ? "private" : "public";
  for (const [name, spec] of Object.entries(command.params as ParamSpecs)) {
    const given = values[name];
    if (spec.kind !== "campaign" || typeof given !== "string" || ADDRESS.test(given) || spec.reserved?.some((r) => r.value === given) === true) continue;
    const found = await resolveCampaignName(deps, given, MAX_PICKS);
    const only = found.length === 1 ? found[0] : undefined;
    if (only !== undefined) {
      out[name] = only.address;
      continue;
    }
    if (found.length === 0) return { ok: false, reply: refusal("CampaignNotFound", undefined, visibility) };
    return {
      ok: false,
      reply: reply({
        visibility,
        lines: [line`Several campaigns match “${clip(given, 60)}”. Which one?`],
        pick: true,
        buttons: found.map((c) => ({ label: clip(c.label, 60), run: { command: command.name, params: { ...carried(values), [name]: c.address } } })),
      }),
    };
  }
  return { ok: true, values: out };
}

/** The values a button or form may carry on (no text typed by the user, no file). */
function carried(values: CheckedParams): Invocation["params"] {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v !== "object")) as Invocation["params"];
}

/** The form's context when a form will be asked for (only its text is missing); never rejects. */
function formContextOf(deps: ChatDeps, command: AnyCommand, values: CheckedParams, missing: string[]): Promise<readonly Line[]> {
  const spec = (command.params as ParamSpecs)[missing[0] ?? ""];
  if (command.formContext === undefined || spec?.form === undefined || missing.length !== 1) return Promise.resolve([]);
  return command.formContext(deps, values).catch((error: unknown) => {
    deps.log.warn(`chat: /${command.name} form context failed: ${(error as Error).message}`);
    return [];
  });
}

/** Asks for the first missing parameter: a form for long text, a picker for a campaign, milestone or researcher, else the usage. */
async function askForMissing(
  deps: ChatDeps,
  command: AnyCommand,
  values: CheckedParams,
  missing: string[],
  formContext: Promise<readonly Line[]>,
): Promise<Reply> {
  const params = command.params as ParamSpecs;
  const name = missing[0] ?? "";
  const spec = params[name];
  const visibility = command.private ? "private" : "public";
  const keep = carried(values);
  if (spec?.form !== undefined && missing.length === 1) {
    const context = await formContext;
    return reply({
      visibility,
      lines: [...context, line`${spec.form.label}`],
      form: {
        title: spec.form.title,
        field: { name, label: spec.form.label, placeholder: spec.form.placeholder, minLength: spec.minLength ?? 1, maxLength: spec.maxLength ?? 2000 },
        submit: { command: command.name, params: keep },
        ...(context.length === 0 ? {} : { context }),
      },
    });
  }
  if (spec?.kind === "campaign") {
    const found = await listCampaigns(deps, MAX_PICKS);
    if (found.length === 0) return reply({ visibility, lines: [line`There is no campaign yet. Use ${usage(command)} once there is one.`] });
    return reply({
      visibility,
      lines: [line`Which campaign? Pick one below. Use ${usage(command)} to name another.`],
      pick: true,
      buttons: found.map((c) => ({ label: clip(`${c.label} (${c.status})`, 60), run: { command: command.name, params: { ...keep, [name]: c.address } } })),
    });
  }
  if (spec?.kind === "address" && spec.suggest === "researcher") {
    const found = await searchResearchers(deps, "", MAX_PICKS);
    if (found.length === 0) return refusal("ParameterInvalid", { param: name, usage: usage(command) }, visibility);
    return reply({
      visibility,
      lines: [line`Which researcher? Pick one below. Use ${usage(command)} to name another.`],
      pick: true,
      buttons: found.map((r) => ({ label: clip(r.label, 60), run: { command: command.name, params: { ...keep, [name]: r.address } } })),
    });
  }
  if (spec?.kind === "milestone" && typeof values.campaign === "string") {
    // A reward pool's address in place of the campaign (/flag, /dispute resolve): its KPIs, the one acted on first.
    const pool = spec.suggest === "pool" ? await deps.pools.getPool(values.campaign) : null;
    if (pool !== null) {
      return reply({
        visibility,
        title: [{ kind: "bold", text: poolLabel(pool) }],
        lines: [line`Which KPI?`],
        pick: true,
        buttons: kpiChoices(pool, spec.focus).map((c) => ({ label: clip(c.label, 60), run: { command: command.name, params: { ...keep, [name]: c.value } } })),
      });
    }
    const status = await campaignStatus(deps, values.campaign);
    if (!status.ok) return refusal(status.code, undefined, visibility);
    return reply({
      visibility,
      title: [{ kind: "bold", text: campaignLabel(status.value.campaign) }],
      lines: [line`Which milestone?`],
      pick: true,
      buttons: status.value.milestones.map((m) => ({
        label: clip(`${m.index + 1}. ${m.title}${m.status === "InReview" ? " (in review)" : ""}`, 60),
        run: { command: command.name, params: { ...keep, [name]: m.index } },
      })),
    });
  }
  return refusal("ParameterInvalid", { param: name, usage: usage(command) }, visibility);
}
