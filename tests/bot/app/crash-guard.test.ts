/** An unhandled rejection is logged as one JSON error line and stops the app in order, exiting 1. */
import { EventEmitter } from "node:events";
import { afterEach, expect, it } from "vitest";
import { stopOnUnhandledRejection } from "../../../bot/app/crash-guard.js";
import { createLogger } from "../../../bot/app/logger.js";

afterEach(() => {
  process.exitCode = undefined;
});

it("GIVEN a rejection nobody handled THEN one JSON error line names it with its stack, the orderly stop is asked for, and the exit code is 1", () => {
  const lines: string[] = [];
  const stops: string[] = [];
  const processLike = new EventEmitter();
  stopOnUnhandledRejection(processLike, createLogger("info", { format: "json", write: (line) => lines.push(line) }), (reason) => stops.push(reason));

  processLike.emit("unhandledRejection", new TypeError("fetch failed: other side closed"), Promise.resolve());

  expect(stops).toEqual(["unhandled rejection"]);
  expect(process.exitCode).toBe(1);
  expect(lines).toHaveLength(1);
  const line = JSON.parse(lines[0]!) as { level: string; msg: string; stack: string };
  expect(line.level).toBe("error");
  expect(line.msg).toContain("unhandled rejection: fetch failed: other side closed");
  expect(line.stack).toContain("TypeError: fetch failed");
});
