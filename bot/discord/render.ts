/**
 * A chat-layer Reply as a Discord message: one embed (title, the lines as its description,
 * facts, bars and sections as fields, the colour from the tone, the refusal's code in the
 * footer), link buttons, command buttons whose custom_id is the invocation they run, and a
 * form as a modal. Every plain span is escaped, so a campaign title or a rationale can never
 * become markup or look like a mention; messages also go out with `allowed_mentions` empty.
 * Texts are cut to Discord's limits here (the builders' validators are off, see client.ts).
 */
import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  type APIModalInteractionResponseCallbackData,
  type MessageMentionOptions,
} from "discord.js";
import { commandForButton } from "../chat/commands/button-command.js";
import { findCommand } from "../chat/commands/index.js";
import { bar } from "../chat/format.js";
import { encodeInvocation } from "../chat/params.js";
import type { CommandButton, FormRequest, LinkRef, Reply, Tone } from "../chat/reply.js";
import { clip, plain, type Line, type Span } from "../chat/text.js";
import { neutraliseMentions, userText } from "./presenters/escape.js";

/** Never ping: applied to every message the bot sends. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [] };

/** Command ids by name ("dispute resolve" shares its group's id), for clickable mentions. */
export type CommandIds = ReadonlyMap<string, string>;

/** A message body as discord.js sends it. */
export interface DiscordMessage {
  readonly content: string;
  readonly embeds: APIEmbed[];
  readonly components: APIActionRowComponent<APIButtonComponent>[];
  readonly allowedMentions: MessageMentionOptions;
}

const COLOUR: Readonly<Record<Tone, number>> = { info: 0x5865f2, good: 0x57f287, warn: 0xfee75c, bad: 0xed4245 };
const STYLE = { primary: ButtonStyle.Primary, secondary: ButtonStyle.Secondary, danger: ButtonStyle.Danger } as const;

/** Only http(s) URLs without spaces or angle brackets are links; anything else is shown as text. */
function safeUrl(url: string): boolean {
  return /^https?:\/\/[^\s<>()]+$/.test(url);
}

function span(s: Span, ids: CommandIds): string {
  switch (s.kind) {
    case "text":
      return userText(s.text, Number.MAX_SAFE_INTEGER);
    case "bold":
      return `**${userText(s.text, Number.MAX_SAFE_INTEGER)}**`;
    case "code":
      return `\`${neutraliseMentions(s.text.replaceAll("`", "ˋ"))}\``;
    case "link":
      if (!safeUrl(s.url)) return userText(s.text, Number.MAX_SAFE_INTEGER);
      return s.text === s.url ? s.url : `[${userText(s.text, 200).replace(/[[\]]/g, "")}](${s.url})`;
    case "time":
      return `<t:${s.unix}:F> (<t:${s.unix}:R>)`;
    case "command": {
      const id = ids.get(s.name.split(" ")[0] ?? "");
      return id === undefined ? `/${s.name}` : `</${s.name}:${id}>`;
    }
  }
}

/** A line as Discord markdown. */
export function markdown(l: Line, ids: CommandIds): string {
  return l.map((s) => span(s, ids)).join("");
}

function lines(ls: readonly Line[], ids: CommandIds, max: number): string {
  return clip(ls.map((l) => markdown(l, ids)).join("\n"), max);
}

function fields(r: Reply, ids: CommandIds): APIEmbedField[] {
  const facts = r.facts.map((f) => ({ name: clip(f.label, 256), value: clip(markdown(f.value, ids), 1024) || "—", inline: true }));
  const bars = r.bars.map((b) => ({ name: clip(b.label, 256), value: clip(`${bar(b.part, b.whole)} ${markdown(b.caption, ids)}`, 1024) }));
  const sections = r.sections.map((s) => ({ name: clip(plain(s.title), 256) || "—", value: lines(s.lines, ids, 1024) || "—" }));
  return [...facts, ...bars, ...sections].slice(0, 25);
}

function footer(r: Reply): string | null {
  const parts = [r.refusal === undefined ? "" : `code ${r.refusal.code}`, r.footer === undefined ? "" : plain(r.footer)].filter(Boolean);
  return parts.length === 0 ? null : clip(parts.join(" · "), 2048);
}

/** The reply's embed; Discord caps an embed at 6,000 characters in all, so the description gives way first. */
export function embedOf(r: Reply, ids: CommandIds): APIEmbed {
  const embed: APIEmbed = { color: COLOUR[r.tone] };
  if (r.title !== undefined) embed.title = clip(markdown(r.title, ids), 256);
  const f = fields(r, ids);
  if (f.length > 0) embed.fields = f;
  const foot = footer(r);
  if (foot !== null) embed.footer = { text: foot };
  const used = (embed.title?.length ?? 0) + (foot?.length ?? 0) + f.reduce((n, x) => n + x.name.length + x.value.length, 0);
  const description = lines(r.lines, ids, Math.max(0, Math.min(4096, 6000 - used)));
  if (description !== "") embed.description = description;
  return embed;
}

function linkButton(l: LinkRef): APIButtonComponent | null {
  return safeUrl(l.url) ? { type: ComponentType.Button, style: ButtonStyle.Link, label: clip(l.label, 80), url: l.url } : null;
}

function commandButton(b: CommandButton): APIButtonComponent | null {
  const customId = encodeInvocation(commandForButton(b.run.command), b.run);
  return customId.length > 100 ? null : { type: ComponentType.Button, style: STYLE[b.style ?? "secondary"], label: clip(b.label, 80), custom_id: customId };
}

/** Links, then command buttons, five to a row; a pick list one per row. Discord allows five rows. */
function rows(r: Reply): APIActionRowComponent<APIButtonComponent>[] {
  const links = r.links.map(linkButton).filter((b) => b !== null);
  const buttons = r.buttons.map(commandButton).filter((b) => b !== null);
  const chunk = (xs: APIButtonComponent[], size: number) => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, i * size + size));
  const groups = r.pick === true ? [...chunk(links, 5), ...chunk(buttons, 1)] : chunk([...links, ...buttons], 5);
  return groups.slice(0, 5).map((components) => ({ type: ComponentType.ActionRow, components }));
}

/** A reply as a message. */
export function messageOf(r: Reply, ids: CommandIds): DiscordMessage {
  return { content: "", embeds: [embedOf(r, ids)], components: rows(r), allowedMentions: NO_MENTIONS };
}

/** An intermediate answer (uploading, relaying…) as plain content: short, and replaced by the answer. */
export function progressOf(r: Reply, ids: CommandIds): DiscordMessage {
  return { content: lines(r.lines, ids, 2000), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}

/** Discord's limit on the text of a modal's Text Display components. */
const MODAL_TEXT_MAX = 4000;

/**
 * A form as a modal: its custom_id is the invocation to run, its one input the field. The
 * form's context (what to read while typing) goes above the input as a Text Display, the
 * modal component for read-only text (a label holds 45 characters, a placeholder 100).
 */
export function modalOf(form: FormRequest): APIModalInteractionResponseCallbackData | null {
  const command = findCommand(form.submit.command);
  if (command === undefined) return null;
  const context = form.context === undefined ? "" : lines(form.context, new Map(), MODAL_TEXT_MAX);
  return {
    custom_id: encodeInvocation(command, form.submit),
    title: clip(form.title, 45),
    components: [
      ...(context === "" ? [] : [{ type: ComponentType.TextDisplay as const, content: context }]),
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: form.field.name,
            label: clip(form.field.label, 45),
            style: TextInputStyle.Paragraph,
            min_length: form.field.minLength,
            max_length: Math.min(form.field.maxLength, 4000),
            placeholder: clip(form.field.placeholder, 100),
            required: true,
          },
        ],
      },
    ],
  };
}
