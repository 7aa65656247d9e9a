// For the console's end-to-end tests: a real exchange (bourse init + demo + serve on a free port,
// serving the built console) and Debian's Chromium driven headless by playwright-core.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const here = new URL('.', import.meta.url).pathname;
export const bin = process.env.BOURSE_BIN ?? resolve(here, '../../build/release/bourse');
export const consoleDir = process.env.BOURSE_CONSOLE_DIR ?? resolve(here, '../dist');
export const shotsDir = process.env.BOURSE_SCREENSHOTS ?? resolve(here, '../test-results');
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

function freePort() {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

function run(args) {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${args[0]} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export async function startExchange() {
  const dir = mkdtempSync(join(tmpdir(), 'bourse-e2e-'));
  const port = await freePort();
  const listen = `127.0.0.1:${port}`;
  run(['init', '--data-dir', dir, '--listen', listen]);
  run(['demo', '--data-dir', dir]);
  const server = spawn(bin, ['serve', '--data-dir', dir, '--listen', listen], {
    env: { ...process.env, BOURSE_CONSOLE_DIR: consoleDir, BOURSE_ACCESS_LOG: 'false',
           BOURSE_NOTICE_PERIOD_HOURS: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://${listen}`;
  for (let i = 0; i < 300; ++i) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  const accounts = JSON.parse(readFileSync(join(dir, 'demo-accounts.json'), 'utf8'));
  return {
    url,
    accounts,
    operatorToken: readFileSync(join(dir, 'operator.token'), 'utf8').trim(),
    regulatorToken: readFileSync(join(dir, 'regulator.token'), 'utf8').trim(),
    async stop() {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startBrowser() {
  mkdirSync(shotsDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

// A page that records console errors and CSP violations, so that tests can assert there were none.
export async function newPage(browser, url, options = {}) {
  const context = await browser.newContext({ baseURL: url, locale: 'zh-CN', ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') page.problems.push(m.text());
  });
  page.on('pageerror', (e) => page.problems.push(String(e)));
  return page;
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

// axe-core's WCAG 2 A/AA rules on the current page; returns the violations.
export async function accessibilityViolations(page) {
  const source = readFileSync(resolve(here, '../node_modules/axe-core/axe.min.js'), 'utf8');
  // Through the DevTools protocol rather than a <script>: the page's CSP allows no inline code.
  await page.evaluate(source);
  return page.evaluate(async () => {
    const r = await globalThis.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
                                      example: v.nodes[0]?.html }));
  });
}
