/** The parts of an OpenAPI 3.1 document the docs function reads and writes. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: Record<string, Record<string, unknown>>;
  [extension: `x-${string}`]: unknown;
}

/** An operation, with the function that serves it recorded as `x-atlas-function`. */
export interface OpenApiOperation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  'x-atlas-function'?: string;
  [key: string]: unknown;
}
