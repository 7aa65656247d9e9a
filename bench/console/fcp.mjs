// Console load time: first contentful paint of the front page and the catalogue, as Chromium
// measures it, against the exchange with the demo market; and the size of the built assets.
// Each load is in a fresh browser context (empty cache). Goal: under one second.
//   node bench/console/fcp.mjs [--rounds 15]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { consoleDir, newPage, startBrowser, startExchange } from '../../web/e2e/harness.mjs';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] || 15) || 15;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// The page's first-contentful-paint entry, waiting for it if the paint is still to come.
function firstPaint(page) {
  return page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const e = list.getEntriesByName('first-contentful-paint')[0];
      if (e) resolve(e.startTime);
    }).observe({ type: 'paint', buffered: true });
    setTimeout(() => resolve(NaN), 5000);
  }));
}

async function measure(browser, url, path, ready) {
  const fcp = [];
  const done = [];
  for (let i = 0; i < rounds; ++i) {
    const page = await newPage(browser, url);
    const start = Date.now();
    await page.goto(path);
    await page.locator(ready).first().waitFor();
    done.push(Date.now() - start);
    fcp.push(await firstPaint(page));
    await page.context().close();
  }
  return { fcp: median(fcp), ready: median(done) };
}

const exchange = await startExchange();
const browser = await startBrowser();
try {
  // The browser's own floor: a static page with one heading and no scripts, at the same origin.
  const floor = [];
  for (let i = 0; i < rounds; ++i) {
    const page = await newPage(browser, exchange.url);
    await page.route('**/floor.html', (route) =>
        route.fulfill({ body: '<!doctype html><h1>Bourse</h1>', contentType: 'text/html' }));
    await page.goto('/floor.html');
    floor.push(await firstPaint(page));
    await page.context().close();
  }
  const front = await measure(browser, exchange.url, '/', '[data-chart="roles"] rect');
  const catalogue = await measure(browser, exchange.url, '/#/products', '.card');
  const sizes = JSON.parse(readFileSync(resolve(consoleDir, 'sizes.json'), 'utf8'));
  const line = (name, m) =>
    console.log(`${name.padEnd(10)} first contentful paint ${m.fcp.toFixed(0)} ms median ` +
                `(${(m.fcp / 1000).toFixed(2)} of the 1 s goal, ${(m.fcp / median(floor)).toFixed(1)}x ` +
                `a static page's ${median(floor).toFixed(0)} ms); charts/results drawn at ` +
                `${m.ready.toFixed(0)} ms`);
  console.log(`console load, ${rounds} cold loads each, Chromium headless, demo market`);
  line('front', front);
  line('catalogue', catalogue);
  console.log(`assets: ${sizes.files} files, ${(sizes.bytes / 1024).toFixed(1)} KiB, ` +
              `${(sizes.gzip_bytes / 1024).toFixed(1)} KiB gzipped (what a browser downloads)`);
  const ok = front.fcp < 1000 && catalogue.fcp < 1000;
  console.log(`goal: first contentful paint < 1000 ms on both pages: ${ok ? 'met' : 'NOT met'}`);
} finally {
  await browser.close();
  await exchange.stop();
}
