import { hashPassword, verifyPassword } from '../password-hash.ts';

// Probe worker: hashes and verifies inside workerd, reporting the time per hash
// (password-hash.workerd.int.test.ts).
export default {
  async fetch(request: Request): Promise<Response> {
    const password = new URL(request.url).searchParams.get('password') ?? '';
    const started = Date.now();
    const stored = await hashPassword(password);
    const hashMs = Date.now() - started;
    return Response.json({
      stored,
      hashMs,
      matches: await verifyPassword(password, stored),
      other: await verifyPassword(`${password}!`, stored),
    });
  },
};
