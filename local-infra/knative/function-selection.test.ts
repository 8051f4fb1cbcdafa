import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '#functions/registry.ts';
import { DEFAULT_CONTAINER_PORT, FunctionSelectionError, parseFunctionSelection } from './function-selection.ts';

const KNOWN = FUNCTIONS.map((fn) => fn.name);

function issuesOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    parseFunctionSelection(env, KNOWN);
  } catch (error) {
    if (error instanceof FunctionSelectionError) return error.issues;
    throw error;
  }
  throw new Error('expected a FunctionSelectionError');
}

describe('parseFunctionSelection', () => {
  it("serves the named function on every interface, on Knative's default port, with triggers", () => {
    expect(parseFunctionSelection({ ATLAS_FUNCTION: 'users' }, KNOWN)).toEqual({
      functionName: 'users',
      port: DEFAULT_CONTAINER_PORT,
      hostname: '0.0.0.0',
      triggers: true,
    });
  });

  it('takes the port from PORT, the interface from HOST and ATLAS_TRIGGERS=0 for HTTP only', () => {
    const selection = parseFunctionSelection({ ATLAS_FUNCTION: 'posts', PORT: '9090', HOST: '127.0.0.1', ATLAS_TRIGGERS: '0' }, KNOWN);
    expect(selection).toEqual({ functionName: 'posts', port: 9090, hostname: '127.0.0.1', triggers: false });
  });

  it('treats empty values as unset', () => {
    expect(parseFunctionSelection({ ATLAS_FUNCTION: 'docs', PORT: '', HOST: '', ATLAS_TRIGGERS: '' }, KNOWN)).toEqual({
      functionName: 'docs',
      port: 8080,
      hostname: '0.0.0.0',
      triggers: true,
    });
  });

  it('requires ATLAS_FUNCTION and names the known functions', () => {
    expect(issuesOf({})).toEqual([`ATLAS_FUNCTION: required, one of ${KNOWN.join(', ')}`]);
  });

  it('refuses an unknown function', () => {
    expect(issuesOf({ ATLAS_FUNCTION: 'billing' })[0]).toMatch(/^ATLAS_FUNCTION: unknown function "billing" \(known: users, /);
  });

  it.each(['0', '65536', '80a', '-1', '8080.5'])('refuses PORT=%s', (port) => {
    expect(issuesOf({ ATLAS_FUNCTION: 'users', PORT: port })).toEqual([`PORT: expected a port number 1-65535, got "${port}"`]);
  });

  it('lists every problem at once', () => {
    expect(issuesOf({ PORT: 'http', ATLAS_TRIGGERS: 'yes' })).toHaveLength(3);
  });
});
