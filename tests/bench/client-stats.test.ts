/**
 * The bench reports AtlasClient.stats; this pins that concurrent requests' budget waits add up
 * (a `throttledMs += await acquire()` lost all but one of the overlapping waits).
 */
import { defaultRetryPolicy } from "../../provider/atlas";
import { sendWithRetry, type AtlasClientStats } from "../../provider/atlas/send-with-retry";

test("budget waits of concurrent requests all count in stats.throttledMs", async () => {
  const stats: AtlasClientStats = { requests: 0, retries: 0, rateLimited: 0, throttledMs: 0 };
  // Three overlapping waits of 10, 20 and 30 ms.
  const waits = [10, 20, 30];
  await Promise.all(
    waits.map((ms) =>
      sendWithRetry(async () => "ok", {
        method: "GET",
        path: "/x",
        label: "GET /x",
        policy: defaultRetryPolicy,
        stats,
        budget: {
          acquire: () => new Promise((r) => setTimeout(() => r({ waitedMs: ms, settle: () => undefined }), ms)),
          pause: () => undefined,
        },
      }),
    ),
  );
  expect(stats.throttledMs).toBe(60);
});
