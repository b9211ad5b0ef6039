// playground-examples.js: the example records shipped in pkg/examples/, by record kind.
// Used by the playground (to fill the record editor) and the audit page (to try a batch).

/** Example file for each record kind (the files are named after the plural). */
export const EXAMPLE_FILES = {
  catalogue_entry: 'catalogue_entries.json',
  catalogue: 'catalogue.json',
  document: 'documents.json',
  proposal_reply: 'proposal_replies.json',
  application: 'applications.json',
  enterprise_disclosure: 'enterprise_disclosures.json',
  publication: 'publications.json',
  opinion_event: 'opinion_events.json',
};

/** URL of the example file for `kind`, or null. */
export function exampleUrl(kind) {
  const file = EXAMPLE_FILES[kind];
  return file ? new URL(`./pkg/examples/${file}`, import.meta.url) : null;
}

const cache = new Map();

/** The example records of `kind` (always an array; empty if there are none). */
export async function exampleRecords(kind) {
  const url = exampleUrl(kind);
  if (!url) return [];
  if (!cache.has(kind)) {
    cache.set(kind, fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${url.pathname}: HTTP ${r.status}`);
      return r.json();
    }).then((data) => (Array.isArray(data) ? data : [data])));
  }
  try {
    return await cache.get(kind);
  } catch (error) {
    cache.delete(kind);
    throw error;
  }
}

/** A short human label for a record, for pickers: its title, subject, owner or the like. */
export function recordLabel(record) {
  if (!record || typeof record !== 'object') return '';
  const pick = record.title ?? record.content ?? record.owner ?? record.unit_name ?? record.item
    ?? record.description ?? record.summary ?? record.subject ?? record.category ?? '';
  const text = String(pick);
  return text.length > 28 ? `${text.slice(0, 27)}…` : text;
}
