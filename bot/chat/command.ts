/**
 * A chat command, declared once for every platform: its name, description, typed
 * parameters (with limits and where their choices come from), who may run it and where,
 * beside `run(deps, caller, params)`, which returns a {@link Reply}. Discord builds its
 * slash commands from these declarations, Telegram its command menus and argument parsing,
 * the console its completion. Adapters hold no business logic: they parse, call `run`,
 * render.
 */
import type { RefusalCode } from "../core/codes.js";
import type { ChatRef } from "../core/ports.js";
import type { ChainWrites, ChatDeps } from "./deps.js";
import type { PlatformDescription } from "./platform.js";
import type { Reply } from "./reply.js";
import type { Line } from "./text.js";

/** Where a command may be used: a private chat (a DM, the console), a group or channel, or both. */
export type Place = "private" | "group" | "both";

/** Who may run a command; checked again by the core where it matters (the team list, the admin wallet). */
export type Audience =
  /** Anyone. */
  | "everyone"
  /** Chat admins (Discord: Manage Server or the manager role; Telegram: group admins). */
  | "chatAdmin"
  /** The PepFund team (Discord: the team role; Telegram: the configured user ids). */
  | "team";

/** A file sent with a command (Discord attachment, Telegram document, console path). */
export interface ChatFile {
  readonly name: string;
  readonly size: number;
  readonly contentType: string;
  /** Reads at most `maxBytes`; throws when the file is larger. */
  read(maxBytes: number): Promise<Uint8Array>;
}

/** What each parameter kind holds once parsed. */
export interface ParamValueOf {
  /** A campaign account address (base58); choices: campaigns by label. */
  readonly campaign: string;
  /** A milestone index (0-based); typed as the 1-based number users see; choices: the campaign's milestones. */
  readonly milestone: number;
  /** A wallet or account address (base58, 32-44 characters). */
  readonly address: string;
  /** Free text within the declared lengths. */
  readonly text: string;
  /** A token or USDC amount as typed ("12.5", "all"): the core parses it so its refusal names it. */
  readonly amount: string;
  /** One of the declared choices' values. */
  readonly choice: string;
  /** Yes or no. */
  readonly boolean: boolean;
  /** A file. */
  readonly file: ChatFile;
  /** A whole number within `min`..`max`. */
  readonly integer: number;
}

/** The kinds of parameter. */
export type ParamKind = keyof ParamValueOf;

/** The KPI state a command acts on (see `ParamSpec.focus`). */
export type KpiFocus = "InReview" | "Disputed";

/** One parameter of a command. */
export interface ParamSpec<K extends ParamKind = ParamKind> {
  readonly kind: K;
  readonly description: string;
  readonly required: boolean;
  /** Text, amount: length limits (characters). */
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Integer: bounds. */
  readonly min?: number;
  readonly max?: number;
  /**
   * Carried by buttons only (which submission an announcement's Flag button means); not an
   * option users see or type.
   */
  readonly hidden?: boolean;
  /** How the usage line names the value ("wallet address"); by default, from the kind and the name. */
  readonly placeholder?: string;
  /**
   * Campaign only: words taken as themselves rather than looked up as a campaign's name
   * (`/subscribe new`: every new campaign), offered first among the choices.
   */
  readonly reserved?: readonly { readonly label: string; readonly value: string }[];
  /**
   * Address: offer the researchers of listed campaigns, or the reward pools, as choices
   * (autocomplete, pickers). Campaign and milestone, "pool" only: the command also takes a
   * reward pool's address for the campaign (/flag, /subscribe), so the pools are offered
   * beside the campaigns, and a chosen pool's KPIs as the milestones.
   */
  readonly suggest?: "researcher" | "pool";
  /**
   * Milestone with `suggest: "pool"` only: the state of the KPI the command acts on (/flag: the
   * one in review, the default; /dispute resolve: the disputed one), offered first and marked.
   */
  readonly focus?: KpiFocus;
  /** Choice: the values and their labels. */
  readonly choices?: readonly { readonly label: string; readonly value: string }[];
  /**
   * Text only: the value is long and typed in a form (Discord modal, Telegram conversation,
   * console prompt) when missing, rather than as a command option.
   */
  readonly form?: { readonly title: string; readonly label: string; readonly placeholder: string };
}

/** A command's parameters by name, in the order a typed command takes them. */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** Parsed values: required parameters are present, optional ones may be missing. */
export type ParamValues<P extends ParamSpecs> = {
  readonly [N in keyof P as P[N]["required"] extends true ? N : never]: ParamValueOf[P[N]["kind"]];
} & {
  readonly [N in keyof P as P[N]["required"] extends true ? never : N]?: ParamValueOf[P[N]["kind"]];
};

/** Who runs a command, and where. Platform facts come from the adapter's description. */
export interface Caller {
  readonly chat: ChatRef;
  readonly platform: PlatformDescription;
  /** A private chat (DM, console) or a group/channel. */
  readonly place: "private" | "group";
  /**
   * Where a subscription made here announces: the scope (Discord guild, Telegram chat) and
   * the channel inside it (Discord channel, Telegram forum topic, "" for the whole chat).
   */
  readonly channel: { readonly scopeId: string; readonly channelId: string };
  /** Whether the caller may change this chat's subscriptions (the platform's own admin notion). */
  isChatAdmin(): Promise<boolean>;
  /** Whether the platform puts the caller in the PepFund team (the core also checks the configured ids). */
  isTeamMember(): Promise<boolean>;
  /** Shows an intermediate answer while a slow command runs (uploading, relaying…). */
  progress(update: Reply): Promise<void>;
}

/** A command: declaration and handler. */
export interface ChatCommand<P extends ParamSpecs = ParamSpecs> {
  /** Lower-case; "group sub" names a subcommand (`/dispute resolve`). */
  readonly name: string;
  /** One line, at most 100 characters (Discord's limit). */
  readonly description: string;
  readonly params: P;
  readonly audience: Audience;
  readonly place: Place;
  /** The answer is only for the caller (Discord ephemeral). Refusals of a public command stay public. */
  readonly private: boolean;
  /**
   * The answer concerns the caller's own wallet (a signing page it signs): where a group
   * cannot show an answer to one member only (Telegram), it runs only in a private chat.
   */
  readonly personal?: boolean;
  /** Needs the relayer and the evidence store; refused with `WritesNotConfigured` without them. */
  readonly writes?: boolean;
  /**
   * Runs before a form is shown for a missing text parameter, with the other values: a
   * refusal here spares the user typing a rationale that would be refused (not linked).
   * Must be quick: Discord's modal is the interaction's first answer.
   */
  beforeForm?(deps: ChatDeps, caller: Caller, params: Partial<ParamValues<P>>): Promise<Reply | null>;
  /**
   * What the user should read while typing the form's text (a flag's form: the milestone's
   * description), shown with the form on every platform. Runs beside `beforeForm` and must be
   * as quick: it answers with what it has within its own budget.
   */
  formContext?(deps: ChatDeps, params: Partial<ParamValues<P>>): Promise<readonly Line[]>;
  run(deps: ChatDeps, caller: Caller, params: ParamValues<P>): Promise<Reply>;
}

/**
 * Declares a command with its parameter types inferred (`params.campaign` is a string when
 * `campaign: { kind: "campaign", required: true }`).
 */
export function defineCommand<const P extends ParamSpecs>(command: ChatCommand<P>): ChatCommand<P> {
  return command;
}

/** The dependencies of a command that writes: the relayer and evidence store are there. */
export type WriteDeps = ChatDeps & { readonly writes: ChainWrites };

/**
 * Declares a command that writes to the chain or to Arweave (`writes: true`): dispatch
 * refuses it with `WritesNotConfigured` in a deployment without the relayer or evidence
 * store, so `run` always gets them.
 */
export function defineWriteCommand<const P extends ParamSpecs>(
  command: Omit<ChatCommand<P>, "writes" | "run"> & { run(deps: WriteDeps, caller: Caller, params: ParamValues<P>): Promise<Reply> },
): ChatCommand<P> {
  return {
    ...command,
    writes: true,
    run: (deps, caller, params) => {
      const writes = deps.writes;
      // Dispatch refuses first; this keeps `run` honest if it is ever called directly.
      if (writes === null) throw new Error(`/${command.name} needs the relayer and evidence store`);
      return command.run({ ...deps, writes }, caller, params);
    },
  };
}

/** A command of any parameters, as the registry holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = ChatCommand<any>;

/** Refusal codes a command may answer with before `run` (parameters, place, audience). */
export type PreconditionCode = Extract<RefusalCode, "WritesNotConfigured" | "NotChatAdmin" | "NotTeamMember">;
