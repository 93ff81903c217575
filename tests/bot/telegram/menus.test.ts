/**
 * The Telegram menus come from the chat layer's declarations: every declared command is
 * routed and listed, private chats list the private and shared commands, groups the group
 * and shared ones, and the router answers nothing it does not list (but /start).
 */
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../../bot/chat/commands/index.js";
import { menus } from "../../../bot/telegram/menus.js";
import { routedNames, telegramName } from "../../../bot/telegram/router.js";

const scope = (type: string) => {
  const menu = menus().find((m) => m.scope.type === type);
  if (menu === undefined) throw new Error(`no ${type} menu`);
  return menu.commands.map((c) => c.command);
};

describe("GIVEN the declared commands", () => {
  it("THEN the routed names are the declared ones plus the conversation's /start and /cancel", () => {
    expect(new Set(routedNames())).toEqual(new Set([...COMMANDS.map(telegramName), "start", "cancel"]));
  });

  it("THEN the private menu lists the private and shared commands, the group menu the group and shared ones", () => {
    const names = (place: "private" | "group") => COMMANDS.filter((c) => c.place === place || c.place === "both").map(telegramName);
    expect(new Set(scope("all_private_chats"))).toEqual(new Set([...names("private"), "cancel"]));
    expect(new Set(scope("all_group_chats"))).toEqual(new Set([...names("group"), "cancel"]));
  });

  it("THEN every menu entry is routed", () => {
    const routed = new Set(routedNames());
    for (const type of ["all_private_chats", "all_group_chats"]) for (const name of scope(type)) expect(routed).toContain(name);
  });

  it("THEN Telegram accepts every entry: 1-32 lower-case letters, digits or _, a description of 1-256 characters", () => {
    for (const menu of menus()) {
      for (const c of menu.commands) {
        expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
        expect(c.description.length).toBeGreaterThan(0);
        expect(c.description.length).toBeLessThanOrEqual(256);
      }
    }
  });
});
