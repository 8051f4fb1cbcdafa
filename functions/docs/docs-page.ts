/** Where the page and its parts live (absolute: the same under a function's own port and the dev gateway). */
export const DOCS_PATHS = {
  page: '/docs',
  document: '/openapi.json',
  init: '/docs/init.js',
  asset: (name: string) => `/docs/${name}`,
} as const;

/**
 * Content-Security-Policy of the page: everything from this origin only, so the page cannot
 * reach the internet even by accident (Swagger UI's default spec validator is off too).
 * Swagger UI sets inline styles, hence `'unsafe-inline'` for styles only.
 */
export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page: Swagger UI's bundle and stylesheet from this origin, no inline script. */
export function docsPageHtml(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${DOCS_PATHS.asset('swagger-ui.css')}">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${DOCS_PATHS.asset('swagger-ui-bundle.js')}"></script>
  <script src="${DOCS_PATHS.init}"></script>
</body>
</html>
`;
}

/** Starts Swagger UI on the generated document (a file, not inline, so the CSP needs no exception). */
export function docsInitScript(): string {
  return `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(DOCS_PATHS.document)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  docExpansion: 'list',
});
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
