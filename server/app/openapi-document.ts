import { buildOpenApiDocument } from './openapi/build-openapi-document.ts';

/**
 * The HTTP API as OpenAPI 3.1, served at `/openapi.json`: generated once at start-up from the
 * route table and the valibot schemas the routes validate with (server/app/openapi/).
 */
export const openApiDocument = buildOpenApiDocument();
