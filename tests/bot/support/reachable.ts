/** Whether something still answers HTTP at `url` (any status): used to prove a stopped part is gone. */
export async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}
