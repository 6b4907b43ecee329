import { widgetFiles as built } from '#widget-files';
import { ConfigError } from '../config-error.ts';
import { sha256, toHex } from '../crypto/sha256.ts';
import { WIDGET_FILE_NAMES, hashedName, type WidgetFileName } from './widget-file-names.ts';

/** A built widget file, as bytes or text (the `widgetAsset` option). */
export type WidgetAssetLoader = (name: string) => Promise<Uint8Array | string | null>;

/** One widget file as the server sends it. */
export interface ServedWidgetFile {
  bytes: Uint8Array;
  etag: string;
  /** Its content hash, when known before it is asked for (the bundled widget). */
  hash: string | undefined;
}

/** Where the server's widget files come from. */
export interface WidgetFiles {
  /** The file, or null when a `widgetAsset` override has none. */
  get(name: WidgetFileName): Promise<ServedWidgetFile | null>;
  /** The URL, relative to the server's root, that the frame page loads `name` by. */
  href(name: WidgetFileName): string;
}

/** The shape of dist/widget-files.js: each built file's text and content hash, by file name. */
export type BuiltWidgetFiles = Readonly<Record<string, { hash: string; text: string } | undefined>>;

const encoder = new TextEncoder();

let bundled: WidgetFiles | undefined;

/**
 * The widget built into this package (dist/widget-files.js), served by content-hashed URLs. A file
 * missing from it is a start-up error: a server that cannot show its form must not start.
 */
export function bundledWidgetFiles(builtFiles: BuiltWidgetFiles = built): WidgetFiles {
  if (builtFiles === built && bundled) return bundled;
  const missing = WIDGET_FILE_NAMES.filter((name) => !builtFiles[name]?.text);
  if (missing.length > 0) {
    throw new ConfigError(
      `createServer: the built widget lacks ${missing.join(', ')}: reinstall impcard ` +
        '(in a clone of its repository, run "npm run build"), or pass the "widgetAsset" option',
    );
  }
  const files = new Map(
    WIDGET_FILE_NAMES.map((name) => {
      const { hash, text } = builtFiles[name]!;
      return [name, { bytes: encoder.encode(text), etag: `"${hash}"`, hash }] as const;
    }),
  );
  const served: WidgetFiles = {
    get: (name) => Promise.resolve(files.get(name) ?? null),
    href: (name) => hashedName(name, files.get(name)!.hash),
  };
  if (builtFiles === built) bundled = served;
  return served;
}

/** The merchant's own `widgetAsset` loader: read once per file, served by its plain name. */
export function loadedWidgetFiles(load: WidgetAssetLoader): WidgetFiles {
  const cache = new Map<WidgetFileName, Promise<ServedWidgetFile | null>>();
  const read = async (name: WidgetFileName): Promise<ServedWidgetFile | null> => {
    const loaded = await load(name);
    if (loaded === null) {
      cache.delete(name);
      return null;
    }
    const bytes = typeof loaded === 'string' ? encoder.encode(loaded) : loaded;
    return { bytes, etag: `"${toHex((await sha256(bytes)).subarray(0, 12))}"`, hash: undefined };
  };
  return {
    get(name) {
      let file = cache.get(name);
      if (!file) {
        file = read(name).catch((error: unknown) => {
          cache.delete(name);
          throw error;
        });
        cache.set(name, file);
      }
      return file;
    },
    href: (name) => name,
  };
}
