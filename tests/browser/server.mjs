// Shared set-up for the browser tests: a real frontdoor server on a free loopback port with a
// fresh demo database, and a headless Chromium. Like Redis's start_server, each test file starts
// its own server and stops it afterwards; nothing is mocked. This module does not test anything.
//
// FRONTDOOR_BIN overrides the binary (default build/frontdoor). FRONTDOOR_TEST_URL points the
// tests at a server that is already running (with the demo data) instead of starting one.

import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const execFileP = promisify(execFile);
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEMO_PASSWORD = 'demo-password-2026';

const STARTUP_TIMEOUT_MS = 20000;
const STOP_TIMEOUT_MS = 5000;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitHealthy(url, child, output) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`frontdoor serve exited with ${child.exitCode} before it was ready:\n`
        + output());
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`frontdoor serve did not answer ${url}/healthz within ${STARTUP_TIMEOUT_MS} ms:\n`
    + output());
}

/*
 * startServer(): { url, db, stop() }. Creates a temporary directory with a demo database
 * (`frontdoor init --demo`), serves it on 127.0.0.1 and waits for /healthz. stop() sends SIGTERM,
 * waits for the exit (SIGKILL after STOP_TIMEOUT_MS) and removes the directory.
 */
export async function startServer() {
  if (process.env.FRONTDOOR_TEST_URL) {
    const url = process.env.FRONTDOOR_TEST_URL.replace(/\/$/, '');
    await waitHealthy(url, null, () => '');
    return { url, db: null, stop: async () => {} };
  }
  const bin = path.resolve(ROOT, process.env.FRONTDOOR_BIN || 'build/frontdoor');
  if (!fs.existsSync(bin)) throw new Error(`${bin} does not exist: run make first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdoor-browser-'));
  const db = path.join(dir, 'frontdoor.db');
  try {
    await execFileP(bin, ['init', '--db', db, '--demo'], { cwd: ROOT });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    // err.message already holds the command and its stderr.
    throw new Error(`frontdoor init failed: ${err.message}\n${err.stdout ?? ''}`.trimEnd());
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-20000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }

  try {
    await waitHealthy(url, child, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, db, stop, log: () => log };
}

/* launchBrowser(): headless Debian Chromium, set up for a machine without network access. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
