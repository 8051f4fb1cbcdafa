import type { ErrorHandler, MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

/**
 * Runs the layer's middleware as ONE Hono middleware. Hono's own composition costs an async
 * dispatch frame, a closure and a promise per middleware (about 0.15 us each in
 * `npm run bench:middleware`'s in-process figure); this one costs a closure and a `then`.
 *
 * It keeps what Hono's composition guarantees at every level, so each middleware behaves as if
 * installed with `app.use`: an Error thrown (or rejected) by a middleware is rendered by
 * `onError` into `c.res` at that level, so the middleware outside it (access log, metrics,
 * shedder) see the error's status; a Response a middleware returns becomes `c.res`; calling
 * `next()` twice is refused.
 */
export function composeLayer(handlers: readonly MiddlewareHandler<AppEnv>[], onError: ErrorHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  return function reliabilityLayer(c, next) {
    let reached = -1;
    const render = async (error: unknown): Promise<void> => {
      if (!(error instanceof Error)) throw error;
      c.error = error;
      c.res = await onError(error, c);
    };
    const dispatch = (i: number): Promise<void> => {
      if (i <= reached) return Promise.reject(new Error('next() called multiple times'));
      reached = i;
      const handler = handlers[i];
      if (!handler) return next();
      let result: ReturnType<MiddlewareHandler<AppEnv>>;
      try {
        result = handler(c, () => dispatch(i + 1));
      } catch (error) {
        return render(error);
      }
      return result.then((response) => {
        // A middleware that answers without calling next (the shedder's 503) returns its Response.
        if (response && !c.finalized) c.res = response;
      }, render);
    };
    return dispatch(0);
  };
}
