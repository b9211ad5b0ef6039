// Helpers shared by the engine adapters.

import { readFileSync, readdirSync } from 'node:fs';

export const BENCH = new URL('../', import.meta.url);

/** Bytes of a file, path relative to bench/. */
export const bytes = (path) => readFileSync(new URL(path, BENCH));

/** Text of a file, path relative to bench/. */
export const text = (path) => readFileSync(new URL(path, BENCH), 'utf8');

/** Version of an installed package. */
export const version = (pkg) => JSON.parse(text(`node_modules/${pkg}/package.json`)).version;

/**
 * The JavaScript snippets wasm-bindgen ships with gongkai's glue (www/pkg/snippets/: how a
 * report and check options cross), paths relative to bench/, for the download size.
 */
export const gongkaiSnippets = () =>
  readdirSync(new URL('../www/pkg/snippets/', BENCH), { recursive: true })
    .filter((n) => n.endsWith('.js'))
    .sort()
    .map((n) => `../www/pkg/snippets/${n}`);

/** The rule sources of a bench pack folder: [[file name, source]], sorted. */
export const ruleSources = (dir) =>
  readdirSync(new URL(dir, BENCH)).filter((n) => n.endsWith('.rhai')).sort().map((n) => [n, text(`${dir}/${n}`)]);
