// After `vite build`: writes a gzip copy beside each text asset (the server sends it to browsers
// that accept gzip) and prints the size of what a browser downloads.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(js|css|html|svg|json)$/.test(name)) files.push(path);
  }
})(dist);
let raw = 0;
let gz = 0;
for (const path of files) {
  const bytes = readFileSync(path);
  const zipped = gzipSync(bytes, { level: 9 });
  writeFileSync(`${path}.gz`, zipped);
  raw += bytes.length;
  gz += zipped.length;
}
const report = { files: files.length, bytes: raw, gzip_bytes: gz };
writeFileSync(join(dist, 'sizes.json'), JSON.stringify(report));
console.log(`console assets: ${files.length} files, ${(raw / 1024).toFixed(1)} KiB, ` +
            `${(gz / 1024).toFixed(1)} KiB gzipped`);
