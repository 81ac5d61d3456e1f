// Runs async tasks with at most `limit` in flight, starting them in order. Netlink requests on one socket are
// processed by the kernel in the order they were sent, so this keeps keepalived's ordering while paying one round
// trip per window instead of one per request (platform-notes §5: 48 µs/op with 200 in flight, 144 µs sequential).
// Every task runs; a failure is recorded for its item and does not stop the others.
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export async function runInFlight<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<Settled<R>[]> {
  const results: Settled<R>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { ok: true, value: await task(items[i]) };
      } catch (error) {
        results[i] = { ok: false, error };
      }
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
