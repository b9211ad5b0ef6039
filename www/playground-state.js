// playground-state.js: the playground's state in the URL, so a rule can be shared as a link.
//
// The state (rule source, record text, kind, today, whether the standard rules run too) goes in
// the fragment, never the query string: a fragment is not sent to the server, so a shared rule
// stays between the people who exchange the link. Rule files are several kilobytes of mostly
// Chinese text, which percent-encoding triples; deflate-raw + base64url keeps links short.
// Links are read back whichever way they were written (`#z=` compressed, `#s=` plain JSON), so a
// browser without CompressionStream can still open a link made by one with it.
//
// The "no operation limit" option is deliberately not part of the state: a link must never make
// the recipient's browser spin until they press Stop.

const KEYS = ['source', 'record', 'kind', 'today', 'standard'];

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** Encodes the state as a URL fragment (without the leading `#`). */
export async function encodeState(state) {
  const picked = Object.fromEntries(KEYS.filter((k) => state[k] !== undefined).map((k) => [k, state[k]]));
  const json = JSON.stringify(picked);
  if (typeof CompressionStream === 'function') {
    const packed = await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw'));
    return `z=${toBase64Url(packed)}`;
  }
  return `s=${encodeURIComponent(json)}`;
}

/** Decodes a fragment made by encodeState; null if there is none or it cannot be read. */
export async function decodeState(hash) {
  const fragment = hash.replace(/^#/, '');
  try {
    let json;
    if (fragment.startsWith('z=')) {
      const bytes = await pipe(fromBase64Url(fragment.slice(2)), new DecompressionStream('deflate-raw'));
      json = new TextDecoder().decode(bytes);
    } else if (fragment.startsWith('s=')) {
      json = decodeURIComponent(fragment.slice(2));
    } else {
      return null;
    }
    const state = JSON.parse(json);
    if (!state || typeof state !== 'object') return null;
    return Object.fromEntries(KEYS.filter((k) => k in state).map((k) => [k, state[k]]));
  } catch {
    return null;
  }
}
