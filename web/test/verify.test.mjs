// verify.js without a browser: Node's WebCrypto checks the same code paths the console runs.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign, webcrypto } from 'node:crypto';
import { test } from 'node:test';

// Node.js 18 (Debian 12's) has WebCrypto but not yet as a global.
globalThis.crypto ??= webcrypto;
const { b64ToBytes, bytesToB64, leafHash, rootFromInclusionProof, verifyCheckpoint, verifyJws } =
  await import('../src/verify.js');

const sha = (...parts) => new Uint8Array(createHash('sha256').update(Buffer.concat(parts)).digest());

// RFC 9162 §2.1.1, straight from the definition: MTH of a list of leaf hashes.
function mth(leaves) {
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

// RFC 9162 §2.1.3.1: the inclusion path of leaf m.
function path(m, leaves) {
  if (leaves.length === 1) return [];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return m < k ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))]
               : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

test('inclusion proofs verify for every leaf of trees of 1 to 33 leaves, and only the right ones', async () => {
  for (let size = 1; size <= 33; ++size) {
    const leaves = [];
    for (let i = 0; i < size; ++i) leaves.push(await leafHash(new TextEncoder().encode(`leaf ${i}`)));
    const root = mth(leaves);
    for (let m = 0; m < size; ++m) {
      const proof = path(m, leaves);
      assert.deepEqual(await rootFromInclusionProof(m, size, leaves[m], proof), root, `${m}/${size}`);
      if (size > 1) {
        const other = leaves[(m + 1) % size];
        assert.notDeepEqual(await rootFromInclusionProof(m, size, other, proof), root);
      }
    }
  }
  await assert.rejects(rootFromInclusionProof(5, 5, new Uint8Array(32), []));
});

function signedNote(name, privateKey, publicRaw, body) {
  const keyBytes = Buffer.concat([Buffer.from([1]), publicRaw]);
  const hash = sha(Buffer.from(`${name}\n`), keyBytes).slice(0, 4);
  const sig = sign(null, Buffer.from(body), privateKey);
  const vkey = `${name}+${Buffer.from(hash).toString('hex')}+${keyBytes.toString('base64')}`;
  return { vkey, note: `${body}\n\u2014 ${name} ${Buffer.concat([hash, sig]).toString('base64')}\n` };
}

test('a signed checkpoint verifies, also with a verifier key whose base64 holds "+"', async () => {
  let key;
  let raw;
  do {
    key = generateKeyPairSync('ed25519');
    raw = key.publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  } while (!Buffer.concat([Buffer.from([1]), raw]).toString('base64').includes('+'));
  const root = bytesToB64(new Uint8Array(32).fill(7));
  const body = `example.com/log\n42\n${root}\n`;
  const { vkey, note } = signedNote('example.com/log', key.privateKey, raw, body);
  const cp = await verifyCheckpoint(note, vkey);
  assert.equal(cp.size, 42);
  assert.deepEqual(cp.root, b64ToBytes(root));
  // One changed byte in the body, or another key, fails.
  await assert.rejects(verifyCheckpoint(note.replace('\n42\n', '\n43\n'), vkey));
  const other = generateKeyPairSync('ed25519');
  const otherRaw = other.publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  await assert.rejects(verifyCheckpoint(note, signedNote('example.com/log', other.privateKey, otherRaw, body).vkey));
});

test('a JWS verifies against its JWKS and a tampered one does not', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const b64u = (b) => Buffer.from(b).toString('base64url');
  const header = b64u(JSON.stringify({ alg: 'EdDSA', kid: 'k1' }));
  const payload = b64u(JSON.stringify({ vc: { id: 'urn:x' } }));
  const sig = b64u(sign(null, Buffer.from(`${header}.${payload}`), privateKey));
  const x = b64u(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
  const jwks = { keys: [{ kty: 'OKP', crv: 'Ed25519', kid: 'k1', x }] };
  assert.deepEqual(await verifyJws(`${header}.${payload}.${sig}`, jwks), { vc: { id: 'urn:x' } });
  const forged = b64u(JSON.stringify({ vc: { id: 'urn:y' } }));
  await assert.rejects(verifyJws(`${header}.${forged}.${sig}`, jwks), /does not verify/);
});
