import { describe, expect, it } from "vitest";
import { openInWalletLinks } from "../../../bot/core/wallet-apps.js";

describe("openInWalletLinks", () => {
  it("builds each wallet's documented browse link, the page and its origin URL-encoded", () => {
    expect(openInWalletLinks("https://pepfund.example/link/7Yq3kQ9xXv2Lr8PfH1aB")).toEqual([
      {
        wallet: "phantom",
        label: "Open in Phantom",
        url: "https://phantom.app/ul/browse/https%3A%2F%2Fpepfund.example%2Flink%2F7Yq3kQ9xXv2Lr8PfH1aB?ref=https%3A%2F%2Fpepfund.example",
      },
      {
        wallet: "solflare",
        label: "Open in Solflare",
        url: "https://solflare.com/ul/v1/browse/https%3A%2F%2Fpepfund.example%2Flink%2F7Yq3kQ9xXv2Lr8PfH1aB?ref=https%3A%2F%2Fpepfund.example",
      },
      {
        wallet: "backpack",
        label: "Open in Backpack",
        url: "https://backpack.app/ul/v1/browse/https%3A%2F%2Fpepfund.example%2Flink%2F7Yq3kQ9xXv2Lr8PfH1aB?ref=https%3A%2F%2Fpepfund.example",
      },
    ]);
  });

  it("encodes a page URL with a port, a query and a fragment so the wallet gets it back whole", () => {
    const page = "http://127.0.0.1:8080/sign/abc?amount=1.5&x=a b#top";
    const [phantom] = openInWalletLinks(page);
    expect(phantom?.url).toBe(
      "https://phantom.app/ul/browse/http%3A%2F%2F127.0.0.1%3A8080%2Fsign%2Fabc%3Famount%3D1.5%26x%3Da%20b%23top?ref=http%3A%2F%2F127.0.0.1%3A8080",
    );
    // The wallet reads `url` back by decoding the path segment: the exact page, query included.
    const link = new URL(phantom?.url ?? "");
    expect(decodeURIComponent(link.pathname.slice("/ul/browse/".length))).toBe(page);
    expect(link.searchParams.get("ref")).toBe("http://127.0.0.1:8080");
  });

  it("offers nothing for a page that is not an absolute http(s) URL", () => {
    expect(openInWalletLinks("/link/abc")).toEqual([]);
    expect(openInWalletLinks("javascript:alert(1)")).toEqual([]);
  });
});
