import { defineFunction } from '#shared/app/function-definition.ts';
import { MEDIA_SETTINGS } from './media-settings.ts';
import { mediaRoutes } from './media.routes.ts';

/**
 * The media function: image uploads streamed to the object store, reads through presigned URLs.
 * Postgres is required too: every upload reserves its bytes of the user's quota there first.
 */
export const mediaFunction = defineFunction({
  name: 'media',
  nodePort: 8084,
  routePrefixes: ['/media'],
  requires: ['s3', 'postgres'],
  // The function app rejects a larger Content-Length up front; the upload still streams.
  maxBodyBytes: MEDIA_SETTINGS.maxBytes,
  routes: mediaRoutes,
});

export default mediaFunction;
