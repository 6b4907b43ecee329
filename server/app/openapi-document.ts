/** The HTTP API as OpenAPI 3.1, served at `/openapi.json` (hand-written; kept beside the routes). */
export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'impcard server', version: '0.1.0' },
  paths: {},
} as const;
