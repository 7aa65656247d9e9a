// Verification in the browser with WebCrypto (Ed25519 and SHA-256): certificates (VC-JWT
// signatures and their status-list bit) and the transparency log (signed checkpoints and RFC 6962
// proofs of inclusion). Nothing here trusts the server's own word that something is valid.

const enc = new TextEncoder();

export function b64urlToBytes(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return b64ToBytes(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
}

export function b64ToBytes(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; ++i) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToB64(bytes) {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function equal(a, b) {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

async function ed25519Key(raw) {
  return crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
}

// Verifies a compact JWS against a JWKS; returns the payload. Throws on any failure.
export async function verifyJws(jws, jwks) {
  const [h, p, s] = jws.split('.');
  if (!h || !p || !s) throw new Error('not a compact JWS');
  const header = JSON.parse(new TextDecoder().decode(b64urlToBytes(h)));
  if (header.alg !== 'EdDSA') throw new Error(`unexpected alg ${header.alg}`);
  const jwk = jwks.keys.find((k) => k.kid === header.kid) ?? jwks.keys[0];
  if (!jwk) throw new Error('no key in the JWKS');
  const key = await ed25519Key(b64urlToBytes(jwk.x));
  const ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, b64urlToBytes(s),
                                        enc.encode(`${h}.${p}`));
  if (!ok) throw new Error('the signature does not verify');
  return JSON.parse(new TextDecoder().decode(b64urlToBytes(p)));
}

async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// Bitstring Status List: is the bit at `index` set? (Bit 0 is the first byte's high bit.)
export async function statusBit(listJwt, jwks, index) {
  const vc = await verifyJws(listJwt, jwks);
  const subject = (vc.vc ?? vc).credentialSubject;
  const encoded = subject.encodedList;
  const bits = await gunzip(b64urlToBytes(encoded.startsWith('u') ? encoded.slice(1) : encoded));
  const byte = bits[Math.floor(index / 8)];
  if (byte === undefined) throw new Error('status index beyond the list');
  return ((byte >> (7 - (index % 8))) & 1) === 1;
}

// Checks a certificate: signature against the exchange's JWKS, then its status-list entry.
// Returns { valid, revoked, payload }.
export async function verifyCertificate(jwt) {
  const jwks = await (await fetch('/.well-known/jwks.json')).json();
  const payload = await verifyJws(jwt, jwks);
  const vc = payload.vc ?? payload;
  const statuses = [vc.credentialStatus].flat().filter(Boolean);
  let revoked = false;
  for (const st of statuses) {
    const url = new URL(st.statusListCredential, location.origin);
    const list = await (await fetch(url.pathname)).text();
    if (await statusBit(list, jwks, Number(st.statusListIndex))) revoked = true;
  }
  return { valid: true, revoked, payload };
}

// C2SP signed note: verifies the checkpoint's signature with the log's verifier key and returns
// { origin, size, root }.
export async function verifyCheckpoint(note, vkey) {
  // name+hash+key: the key's base64 may itself contain '+'.
  const text0 = vkey.trim();
  const first = text0.indexOf('+');
  const second = text0.indexOf('+', first + 1);
  const name = text0.slice(0, first);
  const hashHex = text0.slice(first + 1, second);
  const keyB64 = text0.slice(second + 1);
  const keyBytes = b64ToBytes(keyB64);
  if (keyBytes[0] !== 1) throw new Error('not an Ed25519 verifier key');
  const blank = note.indexOf('\n\n');
  if (blank < 0) throw new Error('not a signed note');
  const text = note.slice(0, blank + 1);
  const lines = text.split('\n');
  const expectedHash = (await sha256(concat(enc.encode(`${name}\n`), keyBytes))).slice(0, 4);
  if (!equal(expectedHash, hexToBytes(hashHex))) throw new Error('verifier key hash mismatch');
  const key = await ed25519Key(keyBytes.slice(1));
  for (const line of note.slice(blank + 2).split('\n')) {
    const m = line.match(/^\u2014 (\S+) (\S+)$/);
    if (!m || m[1] !== name) continue;
    const sig = b64ToBytes(m[2]);
    if (!equal(sig.slice(0, 4), expectedHash)) continue;
    if (await crypto.subtle.verify({ name: 'Ed25519' }, key, sig.slice(4), enc.encode(text))) {
      return { origin: lines[0], size: Number(lines[1]), root: b64ToBytes(lines[2]) };
    }
  }
  throw new Error('no valid signature by the log key');
}

function hexToBytes(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; ++i) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export async function leafHash(leafBytes) {
  return sha256(concat(new Uint8Array([0]), leafBytes));
}

// RFC 9162 §2.1.3.2: the root implied by a leaf hash, its index, the tree size and the path.
export async function rootFromInclusionProof(index, size, leaf, proof) {
  if (index >= size) throw new Error('index beyond the tree');
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) throw new Error('proof too long');
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(concat(new Uint8Array([1]), p, r));
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await sha256(concat(new Uint8Array([1]), r, p));
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error('proof too short');
  return r;
}

// Fetches entry `index`, re-hashes its leaf, and checks its inclusion in the latest signed
// checkpoint. Returns { checkpoint, entry }; throws when anything fails to verify.
export async function verifyEntryInclusion(index) {
  const [note, vkey] = await Promise.all([
    fetch('/log/checkpoint').then((r) => r.text()),
    fetch('/log/vkey').then((r) => r.text()),
  ]);
  const checkpoint = await verifyCheckpoint(note, vkey);
  const entry = await (await fetch(`/v1/log/entries/${index}`)).json();
  const leafBytes = enc.encode(typeof entry.leaf === 'string' ? entry.leaf
                                                              : JSON.stringify(entry.leaf));
  const hash = await leafHash(leafBytes);
  const proof = await (await fetch(
      `/v1/log/proofs/inclusion?index=${index}&tree_size=${checkpoint.size}`)).json();
  const root = await rootFromInclusionProof(index, checkpoint.size, hash,
                                            proof.hashes.map(b64ToBytes));
  if (!equal(root, checkpoint.root)) throw new Error('the proof does not lead to the signed root');
  return { checkpoint, entry };
}
