/**
 * Files sent to the bot: a Telegram document as the chat layer's {@link ChatFile}. The Bot
 * API lets bots download at most 20 MB, checked on the declared size before `getFile` and
 * again on the bytes as they arrive.
 */
import type { Api } from "grammy";
import type { Document } from "grammy/types";
import type { ChatFile } from "../chat/command.js";

/** Bots may download files of up to 20 MB (Bot API getFile). */
export const BOT_API_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

/** Downloads a file Telegram holds, at most `limit` bytes (never logs the URL: it holds the token). */
export type FileDownloader = (filePath: string, limit: number) => Promise<Uint8Array>;

/** A document as a file the command reads when it needs the bytes. */
export function documentFile(api: Api, document: Document, download: FileDownloader): ChatFile {
  return {
    name: document.file_name ?? "evidence",
    size: document.file_size ?? 0,
    contentType: document.mime_type ?? "application/octet-stream",
    async read(maxBytes) {
      const limit = Math.min(maxBytes, BOT_API_DOWNLOAD_LIMIT);
      if ((document.file_size ?? 0) > limit) throw new Error(`Telegram file is larger than ${limit} bytes`);
      const file = await api.getFile(document.file_id);
      if (file.file_path === undefined) throw new Error("Telegram returned no file_path");
      return download(file.file_path, limit);
    },
  };
}

/** Downloads from the Bot API's file endpoint, refusing more than `limit` bytes. */
export function botApiDownloader(apiRoot: string, token: string): FileDownloader {
  return async (filePath, limit) => {
    const response = await fetch(`${apiRoot}/file/bot${token}/${filePath}`);
    if (!response.ok || response.body === null) throw new Error(`Telegram file download failed with HTTP ${response.status}`);
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > limit) throw new Error(`Telegram file is larger than ${limit} bytes`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      size += part.value.length;
      if (size > limit) {
        await reader.cancel();
        throw new Error(`Telegram file is larger than ${limit} bytes`);
      }
      chunks.push(part.value);
    }
    return new Uint8Array(Buffer.concat(chunks));
  };
}
