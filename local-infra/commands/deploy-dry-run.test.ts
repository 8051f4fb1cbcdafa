import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '#functions/registry.ts';
import { wranglerEnvs } from './deploy-dry-run.ts';

describe('wranglerEnvs', () => {
  it('lists the top level and each env table once, ignoring sub-tables', () => {
    const toml = [
      'name = "x"',
      '[env.users]',
      '[[env.users.hyperdrive]]',
      '[env.users.vars]',
      '[env.users-production]',
      '[env.users-production.secrets]',
    ].join('\n');
    expect(wranglerEnvs(toml)).toEqual(['', 'users', 'users-production']);
  });

  it('finds a local and a production env for every function in wrangler.toml', () => {
    const envs = wranglerEnvs(readFileSync('wrangler.toml', 'utf8'));
    expect(envs).toContain('users');
    for (const fn of FUNCTIONS) expect(envs).toEqual(expect.arrayContaining([fn.name, `${fn.name}-production`]));
  });
});
