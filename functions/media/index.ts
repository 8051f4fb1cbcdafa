import { defineFunction } from '#shared/app/function-definition.ts';
import { MEDIA_SETTINGS } from './media-settings.ts';
import { mediaRoutes } from './media.routes.ts';

/** The media function: image uploads streamed to the object store, reads through presigned URLs. */
export const mediaFunction = defineFunction({
  name: 'media',
  nodePort: 8084,
  routePrefixes: ['/media'],
  requires: ['s3'],
  // The function app rejects a larger Content-Length up front; the upload still streams.
  maxBodyBytes: MEDIA_SETTINGS.maxBytes,
  routes: mediaRoutes,
});

export default mediaFunction;
