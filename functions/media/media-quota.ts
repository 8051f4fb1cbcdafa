import { ProblemError } from '#shared/app/problem.ts';
import type { SqlClient } from '#shared/postgres/sql.port.ts';

/** Default per-user media quota: 100 MiB. `MEDIA_QUOTA_BYTES` overrides it; `0` turns it off. */
export const DEFAULT_MEDIA_QUOTA_BYTES = 100 * 1024 * 1024;

/** The configured quota (bytes per user), or `0` for none. */
export function mediaQuotaBytes(env: Readonly<Record<string, string | undefined>> | undefined): number {
  const raw = env?.['MEDIA_QUOTA_BYTES'];
  const parsed = raw === undefined || raw === '' ? DEFAULT_MEDIA_QUOTA_BYTES : Number(raw);
  return Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : DEFAULT_MEDIA_QUOTA_BYTES;
}

/** Bytes held for one owner while an upload is stored; released if the store fails. */
export interface MediaQuota {
  /** @throws ProblemError 413 `media-quota-exceeded` when `bytes` more would pass the quota. */
  reserve(bytes: number, signal: AbortSignal): Promise<void>;
  release(bytes: number, signal: AbortSignal): Promise<void>;
}

// One statement checks and adds, so concurrent uploads of one user on any instance can never
// pass the quota together: the row lock serialises them, and the WHERE sees the latest total.
const RESERVE = `
INSERT INTO media_usage AS u (user_id, bytes) VALUES ($1, $2)
ON CONFLICT (user_id) DO UPDATE SET bytes = u.bytes + EXCLUDED.bytes, updated_at = now()
  WHERE u.bytes + EXCLUDED.bytes <= $3
RETURNING bytes`;
const RELEASE = 'UPDATE media_usage SET bytes = GREATEST(bytes - $2, 0), updated_at = now() WHERE user_id = $1';
const USED = 'SELECT bytes FROM media_usage WHERE user_id = $1';

/** The quota of `ownerId` in Postgres (`media_usage`); `limitBytes` 0 means unlimited. */
export function createMediaQuota(sql: SqlClient, ownerId: string, limitBytes: number): MediaQuota {
  return {
    async reserve(bytes, signal) {
      if (limitBytes === 0) return;
      if (bytes <= limitBytes) {
        const rows = await sql.query<{ bytes: string }>(RESERVE, [ownerId, bytes, limitBytes], { signal });
        if (rows.length > 0) return;
      }
      const [row] = await sql.query<{ bytes: string }>(USED, [ownerId], { signal });
      const used = Number(row?.bytes ?? 0);
      throw new ProblemError(413, {
        type: 'media-quota-exceeded',
        title: 'Media quota exceeded',
        detail: `This image (${bytes} bytes) would take your stored media past its quota: ${used} of ${limitBytes} bytes used`,
      });
    },
    async release(bytes, signal) {
      if (limitBytes === 0) return;
      await sql.query(RELEASE, [ownerId, bytes], { signal });
    },
  };
}
