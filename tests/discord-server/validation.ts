/**
 * The limits Discord enforces on what a bot sends (developer docs: Message, Embed limits,
 * Interaction response, Modal, Autocomplete). Breaking one gets 50035 Invalid Form Body
 * here as it would on Discord, so a bot that passes these tests does not fail in production.
 */
import { ApiError, invalidForm } from "./errors.js";

type Json = Record<string, unknown>;

const LENGTH = "BASE_TYPE_MAX_LENGTH";

function tooLong(path: string, max: number): ApiError {
  return invalidForm(path, LENGTH, `Must be ${max} or fewer in length.`);
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** Embed limits: title 256, description 4096, 25 fields (name 256, value 1024), footer 2048, author 256, total 6000. */
function checkEmbed(embed: Json, path: string): ApiError | number {
  const title = text(embed.title);
  const description = text(embed.description);
  if (title.length > 256) return tooLong(`${path}.title`, 256);
  if (description.length > 4096) return tooLong(`${path}.description`, 4096);
  const fields = Array.isArray(embed.fields) ? (embed.fields as Json[]) : [];
  if (fields.length > 25) return tooLong(`${path}.fields`, 25);
  let total = title.length + description.length;
  for (const [i, field] of fields.entries()) {
    const name = text(field.name);
    const value = text(field.value);
    if (name.length === 0) return invalidForm(`${path}.fields.${i}.name`, "BASE_TYPE_REQUIRED", "This field is required");
    if (value.length === 0) return invalidForm(`${path}.fields.${i}.value`, "BASE_TYPE_REQUIRED", "This field is required");
    if (name.length > 256) return tooLong(`${path}.fields.${i}.name`, 256);
    if (value.length > 1024) return tooLong(`${path}.fields.${i}.value`, 1024);
    total += name.length + value.length;
  }
  const footer = text((embed.footer as Json | undefined)?.text);
  const author = text((embed.author as Json | undefined)?.name);
  if (footer.length > 2048) return tooLong(`${path}.footer.text`, 2048);
  if (author.length > 256) return tooLong(`${path}.author.name`, 256);
  return total + footer.length + author.length;
}

/** Buttons: up to 5 rows of 5; label 80; custom_id 100; link buttons need a url and no custom_id. */
function checkComponents(components: unknown, path: string): ApiError | null {
  if (components === undefined) return null;
  const rows = components as Json[];
  if (rows.length > 5) return tooLong(path, 5);
  for (const [r, row] of rows.entries()) {
    const items = (row.components as Json[] | undefined) ?? [];
    if (row.type !== 1 || items.length === 0 || items.length > 5) {
      return invalidForm(`${path}.${r}`, "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,).");
    }
    for (const [c, item] of items.entries()) {
      const at = `${path}.${r}.components.${c}`;
      if (text(item.label).length > 80) return tooLong(`${at}.label`, 80);
      if (item.type === 2 && item.style === 5) {
        if (typeof item.url !== "string" || !/^https?:\/\//.test(item.url)) {
          return invalidForm(`${at}.url`, "URL_TYPE_INVALID_URL", "Not a well formed URL.");
        }
      } else if (typeof item.custom_id !== "string" || item.custom_id.length === 0) {
        return invalidForm(`${at}.custom_id`, "BASE_TYPE_REQUIRED", "This field is required");
      } else if (item.custom_id.length > 100) {
        return tooLong(`${at}.custom_id`, 100);
      }
    }
  }
  return null;
}

/** A message body (create, edit, interaction reply). `requireContent`: a new message cannot be empty. */
export function checkMessage(body: Json, requireContent: boolean): ApiError | null {
  const content = text(body.content);
  if (content.length > 2000) return tooLong("content", 2000);
  const embeds = Array.isArray(body.embeds) ? (body.embeds as Json[]) : [];
  if (embeds.length > 10) return tooLong("embeds", 10);
  let total = 0;
  for (const [i, embed] of embeds.entries()) {
    const size = checkEmbed(embed, `embeds.${i}`);
    if (typeof size !== "number") return size;
    total += size;
  }
  if (total > 6000) return tooLong("embeds", 6000);
  const components = checkComponents(body.components, "components");
  if (components !== null) return components;
  if (requireContent && content.length === 0 && embeds.length === 0 && body.components === undefined) {
    return new ApiError(400, 50006, "Cannot send an empty message");
  }
  return null;
}

/**
 * A modal (callback type 9): custom_id 100, title 45, 1-5 top-level components: rows of one
 * text input (max_length <= 4000), labels (type 18) around one, or Text Displays (type 10,
 * read-only text; 4,000 characters across the modal), with at least one text input.
 */
export function checkModal(data: Json): ApiError | null {
  if (text(data.custom_id).length === 0) return invalidForm("data.custom_id", "BASE_TYPE_REQUIRED", "This field is required");
  if (text(data.custom_id).length > 100) return tooLong("data.custom_id", 100);
  if (text(data.title).length === 0 || text(data.title).length > 45) return tooLong("data.title", 45);
  const rows = (data.components as Json[] | undefined) ?? [];
  if (rows.length === 0 || rows.length > 5) return tooLong("data.components", 5);
  const displays = rows.filter((row) => row.type === 10);
  if (displays.length === rows.length) return invalidForm("data.components", "BASE_TYPE_REQUIRED", "A modal needs an input");
  for (const [r, display] of displays.entries()) {
    if (text(display.content).length === 0) return invalidForm(`data.components.${r}.content`, "BASE_TYPE_REQUIRED", "This field is required");
  }
  if (displays.reduce((n, d) => n + text(d.content).length, 0) > 4000) return tooLong("data.components", 4000);
  for (const [r, row] of rows.entries()) {
    if (row.type === 10) continue;
    const input = (row.type === 18 ? row.component : (row.components as Json[] | undefined)?.[0]) as Json | undefined;
    if (input?.type !== 4) return invalidForm(`data.components.${r}`, "UNION_TYPE_CHOICES", "Invalid component");
    if (typeof input.max_length === "number" && input.max_length > 4000) {
      return invalidForm(`data.components.${r}.components.0.max_length`, "NUMBER_TYPE_MAX", "int value should be less than or equal to 4000.");
    }
    if (text(input.label).length > 45) return tooLong(`data.components.${r}.components.0.label`, 45);
  }
  return null;
}

/** Autocomplete choices (callback type 8): at most 25, name 1-100, string value up to 100. */
export function checkChoices(data: Json): ApiError | null {
  const choices = (data.choices as Json[] | undefined) ?? [];
  if (choices.length > 25) return tooLong("data.choices", 25);
  for (const [i, choice] of choices.entries()) {
    const name = text(choice.name);
    if (name.length === 0 || name.length > 100) return tooLong(`data.choices.${i}.name`, 100);
    if (typeof choice.value === "string" && choice.value.length > 100) return tooLong(`data.choices.${i}.value`, 100);
  }
  return null;
}

/** A Create Message nonce: a string of at most 25 characters or an integer. */
export function checkNonce(nonce: unknown): ApiError | null {
  if (nonce === undefined || nonce === null) return null;
  if (typeof nonce === "string") return nonce.length > 25 ? tooLong("nonce", 25) : null;
  if (typeof nonce === "number" && Number.isInteger(nonce)) return null;
  return invalidForm("nonce", "NONCE_TYPE_INVALID_TYPE", "This field must be a string or integer.");
}
