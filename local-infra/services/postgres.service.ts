import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import postgres from 'postgres';
import { DEBIAN_PACKAGES, aptInstall } from './apt.ts';
import type { InfraConfig } from './config.ts';
import { isTraversableBy, lookupUser } from './os-user.ts';
import { defineProcessService } from './process-service.ts';
import { runCommand } from './run-command.ts';
import type { ServiceDefinition } from './types.ts';

/** Major version the project targets (Debian 12's); any installed major works as fallback. */
const PREFERRED_MAJOR = '15';

/** Directory holding `postgres` and `initdb` of the Debian package, if installed. */
export function findPostgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  const preferred = join(root, PREFERRED_MAJOR, 'bin');
  if (existsSync(join(preferred, 'postgres'))) return preferred;
  const majors = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  return majors.map((major) => join(root, major, 'bin')).find((dir) => existsSync(join(dir, 'postgres')));
}

/** OS user postgres runs as: itself when we are root (postgres refuses root), else us. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const user = lookupUser('postgres');
  if (!user) throw new Error('the Debian package should have created the "postgres" OS user, but it is missing');
  return user;
}

/**
 * Data directory: `.state/postgres/data`, unless the postgres OS user cannot reach it (a
 * checkout under a 0700 folder), then a per-state-dir folder in postgres's own home.
 */
export function postgresDataDir(config: InfraConfig): string {
  const inState = join(config.stateDir, 'postgres', 'data');
  const user = process.getuid?.() === 0 ? lookupUser('postgres') : undefined;
  if (!user || isTraversableBy(inState, user.uid)) return inState;
  const id = createHash('sha256').update(config.stateDir).digest('hex').slice(0, 12);
  return join(user.home, 'atlas-edge', id, 'data');
}

/** PostgreSQL from Debian's package, own initdb cluster, listening on 127.0.0.1 only. */
export function createPostgresService(config: InfraConfig): ServiceDefinition {
  const port = config.port('POSTGRES_PORT');
  const user = config.setting('POSTGRES_USER');
  const password = config.setting('POSTGRES_PASSWORD');
  const database = config.setting('POSTGRES_DB');
  const dataDir = postgresDataDir(config);
  const binDir = (): string => findPostgresBinDir() ?? join('/usr/lib/postgresql', PREFERRED_MAJOR, 'bin');

  const connect = (db: string): postgres.Sql =>
    postgres({ host: '127.0.0.1', port, user, password, database: db, max: 1, connect_timeout: 3, idle_timeout: 1, onnotice: () => {} });

  return defineProcessService({
    name: 'postgres',
    config,
    ports: [{ setting: 'POSTGRES_PORT', port }],
    healthTimeoutMs: 30_000,
    stopSignal: 'SIGINT', // fast shutdown: SIGTERM would wait for every client pool to disconnect
    stopGraceMs: 15_000,
    async install({ progress, signal }) {
      if (!findPostgresBinDir()) await aptInstall('postgres', [DEBIAN_PACKAGES.postgres], progress, signal);
    },
    async prepare({ signal }) {
      if (existsSync(join(dataDir, 'PG_VERSION'))) return;
      const owner = serverUser();
      const parent = join(dataDir, '..');
      // Ancestors world-searchable (postgres must walk through them), the data dir private.
      await mkdir(parent, { recursive: true, mode: 0o755 });
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      const pwfile = join(parent, 'initdb-password');
      await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
      if (owner) {
        await chown(parent, owner.uid, owner.gid);
        await chown(dataDir, owner.uid, owner.gid);
        await chown(pwfile, owner.uid, owner.gid);
      }
      try {
        await runCommand(
          join(binDir(), 'initdb'),
          [
            '-D',
            dataDir,
            '-U',
            user,
            `--pwfile=${pwfile}`,
            '--auth-host=scram-sha-256',
            '--auth-local=trust',
            '--encoding=UTF8',
            '--locale=C.UTF-8',
          ],
          { uid: owner?.uid, gid: owner?.gid, signal, cwd: parent },
        );
      } finally {
        await rm(pwfile, { force: true });
      }
    },
    launch() {
      const owner = serverUser();
      return {
        command: join(binDir(), 'postgres'),
        args: [
          '-D',
          dataDir,
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          `port=${port}`,
          // TCP only: socket paths under a deep checkout exceed the 107-byte limit.
          '-c',
          'unix_socket_directories=',
          '-c',
          'max_connections=200',
          '-c',
          'logging_collector=off',
        ],
        uid: owner?.uid,
        gid: owner?.gid,
        cwd: join(dataDir, '..'),
      };
    },
    async probe(signal) {
      const sql = connect('postgres');
      signal.addEventListener('abort', () => void sql.end({ timeout: 0 }), { once: true });
      try {
        await sql`select 1`;
      } finally {
        await sql.end({ timeout: 1 });
      }
    },
    async provision() {
      const sql = connect('postgres');
      try {
        const found = await sql`select 1 from pg_database where datname = ${database}`;
        if (found.length === 0) await sql.unsafe(`create database "${database.replaceAll('"', '""')}"`);
      } finally {
        await sql.end({ timeout: 1 });
      }
    },
  });
}
