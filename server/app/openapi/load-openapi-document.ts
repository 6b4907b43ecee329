import type { buildOpenApiDocument } from './build-openapi-document.ts';

/** The HTTP API as OpenAPI 3.1: what `GET /openapi.json` serves. */
export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

let loading: Promise<OpenApiDocument> | undefined;

/**
 * The OpenAPI document, generated from the route table and the valibot schemas the routes validate
 * with (server/app/openapi/) on first use, then kept: importing the app neither loads the JSON
 * Schema converter nor runs it (a Worker's isolate pays for every module it evaluates at start).
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { loadOpenApiDocument } from 'impcard/server';
 *
 * await writeFile('impcard-openapi.json', JSON.stringify(await loadOpenApiDocument(), null, 2));
 * ```
 */
export function loadOpenApiDocument(): Promise<OpenApiDocument> {
  loading ??= import('./build-openapi-document.ts').then(
    ({ buildOpenApiDocument }) => buildOpenApiDocument(),
    (error: unknown) => {
      // A failed load is tried again by the next request rather than remembered.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
