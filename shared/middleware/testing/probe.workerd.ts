import { buildProbeApp } from './probe-app.ts';

// workerd entry of the probe app (bundled by wrangler in layer-conformance.workerd.int.test.ts).
// Built on the first request: workerd forbids timers and randomness at module scope.
let app: ReturnType<typeof buildProbeApp> | undefined;

export default {
  fetch(request: Request, env: unknown, ctx: unknown): Response | Promise<Response> {
    app ??= buildProbeApp();
    return app.fetch(request, env, ctx as never);
  },
};
