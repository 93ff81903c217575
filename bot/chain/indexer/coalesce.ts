/**
 * Reads asked for in the same turn of the event loop go out together: the indexer's read-ahead
 * starts a dozen transactions' reads at once, and the campaigns they name are then one
 * `getMultipleAccountsInfo` instead of one each.
 */

/**
 * `read(key)` resolves with `readMany`'s answer for that key; keys asked for before the next
 * macrotask share calls of at most `max` keys each (a failed call fails each of its keys).
 */
export function coalesce<K, V>(readMany: (keys: readonly K[]) => Promise<readonly V[]>, max: number): (key: K) => Promise<V> {
  let waiting: { key: K; resolve: (value: V) => void; reject: (error: unknown) => void }[] = [];

  function flush(): void {
    const batch = waiting;
    waiting = [];
    for (let start = 0; start < batch.length; start += max) {
      const chunk = batch.slice(start, start + max);
      readMany(chunk.map((w) => w.key)).then(
        (values) => {
          chunk.forEach((w, i) => {
            if (i < values.length) w.resolve(values[i] as V);
            else w.reject(new RangeError(`no answer for key ${i} of ${chunk.length}`));
          });
        },
        (error: unknown) => {
          for (const w of chunk) w.reject(error);
        },
      );
    }
  }

  return (key) =>
    new Promise<V>((resolve, reject) => {
      if (waiting.length === 0) setImmediate(flush);
      waiting.push({ key, resolve, reject });
    });
}
