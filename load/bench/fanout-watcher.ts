/**
 * Watches fan-out end to end while k6 posts: tails the ACK lines k6 logs for each 201 from
 * POST /posts, and for a sample of posts polls the home timelines (Redis sorted sets
 * `timeline:<follower>`, the timeline function's contract) of some of the author's followers
 * until the post is there. Latency = first seen - acknowledged at the client.
 */
import { open } from 'node:fs/promises';
import { Redis } from 'ioredis';

/** Options of {@link startFanoutWatcher}. */
export interface FanoutWatcherOptions {
  readonly logPath: string;
  readonly redisUrl: string;
  /** author id -> follower ids. */
  readonly followers: ReadonlyMap<string, readonly string[]>;
  /** Share of acknowledged posts watched (default 0.2). */
  readonly sample?: number;
  /** Followers watched per post (default 5). */
  readonly followersPerPost?: number;
  /** Give up on a (post, follower) after this long, ms (default 15 s). */
  readonly timeoutMs?: number;
}

/** What the watcher saw. */
export interface FanoutObservation {
  /** Delivery latencies (ack -> visible), ms, one per (post, follower) pair. */
  readonly latenciesMs: number[];
  /** Pairs not visible within the timeout. */
  readonly timedOut: number;
  readonly postsWatched: number;
  readonly acks: number;
}

interface Pending {
  readonly postId: string;
  readonly follower: string;
  readonly ackAt: number;
}

/** Starts watching; `stop()` waits for pending pairs (bounded by the timeout) and returns the figures. */
export function startFanoutWatcher(options: FanoutWatcherOptions): { stop(): Promise<FanoutObservation> } {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
  const sample = options.sample ?? 0.2;
  const perPost = options.followersPerPost ?? 5;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const latenciesMs: number[] = [];
  let pending: Pending[] = [];
  let timedOut = 0;
  let postsWatched = 0;
  let acks = 0;
  let offset = 0;
  let buffered = '';
  let stopping = false;

  const readAcks = async (): Promise<void> => {
    const file = await open(options.logPath, 'r').catch(() => undefined);
    if (!file) return;
    try {
      const { bytesRead, buffer } = await file.read({ buffer: Buffer.alloc(1 << 20), position: offset });
      offset += bytesRead;
      buffered += buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await file.close();
    }
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const at = line.indexOf('ACK ');
      if (at < 0) continue;
      const msg = (JSON.parse(line) as { msg: string }).msg;
      const ack = JSON.parse(msg.slice(msg.indexOf('ACK ') + 4)) as { postId: string; authorId: string; ackAt: number };
      acks += 1;
      if (Math.random() >= sample) continue;
      const followers = options.followers.get(ack.authorId) ?? [];
      if (followers.length === 0) continue;
      postsWatched += 1;
      for (let i = 0; i < Math.min(perPost, followers.length); i += 1) {
        pending.push({ postId: ack.postId, follower: followers[Math.floor(Math.random() * followers.length)] ?? '', ackAt: ack.ackAt });
      }
    }
  };

  const poll = async (): Promise<void> => {
    if (pending.length === 0) return;
    const pipeline = redis.pipeline();
    for (const pair of pending) pipeline.zscore(`timeline:${pair.follower}`, pair.postId);
    const results = (await pipeline.exec()) ?? [];
    const now = Date.now();
    const next: Pending[] = [];
    pending.forEach((pair, i) => {
      const score = results[i]?.[1];
      if (score !== null && score !== undefined) latenciesMs.push(now - pair.ackAt);
      else if (now - pair.ackAt > timeoutMs) timedOut += 1;
      else next.push(pair);
    });
    pending = next;
  };

  const loop = (async () => {
    let lastRead = 0;
    while (!stopping || pending.length > 0) {
      if (Date.now() - lastRead >= 100) {
        await readAcks().catch(() => undefined);
        lastRead = Date.now();
      }
      await poll().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();

  return {
    async stop() {
      await readAcks().catch(() => undefined);
      stopping = true;
      await loop;
      redis.disconnect();
      return { latenciesMs, timedOut, postsWatched, acks };
    },
  };
}
