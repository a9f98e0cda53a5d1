// Test harness for the API suite: runs the real build/frontdoor binary on a free loopback port
// with a temporary demo database, and offers helpers to sign in and make JSON requests.
// It is not a client library for the product: it knows only what /tmp/api.md (the HTTP
// contract) promises, and every test file starts its own server so files can run in parallel.
//
// The binary is build/frontdoor under the repository root, or FRONTDOOR_BIN if set. The server's
// stderr goes to server.log in its temporary directory; FRONTDOOR_TEST_KEEP=1 keeps that directory.

import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = process.env.FRONTDOOR_BIN || join(REPO_ROOT, 'build', 'frontdoor');
export const DEMO_PASSWORD = 'demo-password-2026';
// username -> role, as created by `frontdoor init --demo`.
export const DEMO_USERS = {
    agent: 'agent',
    practitioner: 'practitioner',
    manager: 'manager',
    duty: 'duty_manager',
    coordinator: 'coordinator',
    analyst: 'analyst',
    admin: 'admin',
};

// Upper bounds on waiting for a child process; they guard against hangs, they are not assertions.
const START_LIMIT_MS = 20000;
const STOP_LIMIT_MS = 10000;
const REQUEST_LIMIT_MS = 30000;

// Runs the CLI synchronously. input is written to stdin. Returns {status, stdout, stderr}.
// It runs in cwd (default: the system temp directory, so a default database path never lands
// in the repository) without FRONTDOOR_DB in its environment.
export function cli(args, { input, cwd } = {}) {
    const env = { ...process.env };
    delete env.FRONTDOOR_DB;
    const r = spawnSync(BIN, args, {
        input: input ?? '',
        encoding: 'utf8',
        timeout: 30000,
        cwd: cwd ?? tmpdir(),
        env,
    });
    if (r.error) throw r.error;
    return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

// A free TCP port on 127.0.0.1, found by binding a listener to port 0 and closing it.
export function freePort() {
    return new Promise((resolve, reject) => {
        const srv = createServer();
        srv.unref();
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const { port } = srv.address();
            srv.close(() => resolve(port));
        });
    });
}

// A fresh temporary directory holding a demo database. Caller removes dir (or uses Server.cleanup).
export function makeDemoDb() {
    const dir = mkdtempSync(join(tmpdir(), 'fd-api-'));
    const db = join(dir, 'frontdoor.db');
    let r;
    try {
        r = cli(['init', '--db', db, '--demo']);
    } catch (e) {
        rmSync(dir, { recursive: true, force: true });
        throw e;
    }
    if (r.status !== 0) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`frontdoor init failed (${r.status}): ${r.stderr}`);
    }
    return { dir, db };
}

function sleep(ms) {
    return new Promise((r) => setTimeout(r, ms));
}

export class Server {
    constructor({ dir, db }) {
        this.dir = dir;
        this.db = db;
        this.child = null;
        this.port = 0;
        this.url = '';
        this.stderr = '';
    }

    // Starts `frontdoor serve` on a free port and waits until GET /healthz answers 200.
    async start() {
        this.port = await freePort();
        this.url = `http://127.0.0.1:${this.port}`;
        this.stderr = '';
        const env = { ...process.env };
        delete env.FRONTDOOR_DB;
        delete env.FRONTDOOR_LISTEN;
        const child = spawn(BIN, ['serve', '--db', this.db, '--listen', `127.0.0.1:${this.port}`], {
            stdio: ['ignore', 'ignore', 'pipe'],
            cwd: this.dir,
            env,
        });
        this.child = child;
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (d) => {
            // Keep the tail only in memory: request logs can be long. All of it goes to
            // server.log in the temporary directory (kept with FRONTDOOR_TEST_KEEP=1).
            this.stderr = (this.stderr + d).slice(-20000);
            // the last lines can arrive after cleanup removed the directory
            if (existsSync(this.dir)) appendFileSync(join(this.dir, 'server.log'), d);
        });
        let exited = null;
        child.once('exit', (code, signal) => {
            exited = { code, signal };
        });
        const deadline = Date.now() + START_LIMIT_MS;
        for (;;) {
            if (exited) {
                throw new Error(
                    `frontdoor serve exited early (${exited.code ?? exited.signal}): ${this.stderr}`,
                );
            }
            try {
                const res = await fetch(`${this.url}/healthz`);
                await res.arrayBuffer();
                if (res.status === 200) return this;
            } catch {
                // not listening yet
            }
            if (Date.now() > deadline) {
                await this.stop();
                throw new Error(`frontdoor serve did not become healthy: ${this.stderr}`);
            }
            await sleep(50);
        }
    }

    // Sends SIGTERM and waits for the process to exit; returns {code, signal}.
    async stop() {
        const child = this.child;
        if (!child) return null;
        this.child = null;
        if (child.exitCode !== null || child.signalCode !== null) {
            return { code: child.exitCode, signal: child.signalCode };
        }
        // 'close' follows 'exit' once stderr is drained, so no output lands after cleanup
        const done = new Promise((resolve) =>
            child.once('close', (code, signal) => resolve({ code, signal })),
        );
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_LIMIT_MS);
        const result = await done;
        clearTimeout(timer);
        return result;
    }

    async restart() {
        await this.stop();
        return this.start();
    }

    async cleanup() {
        await this.stop();
        if (process.env.FRONTDOOR_TEST_KEEP) {
            process.stderr.write(`frontdoor test: kept ${this.dir}\n`);
            return;
        }
        rmSync(this.dir, { recursive: true, force: true });
    }

    // One HTTP request. opts: method, json (serialised as the body with Content-Type
    // application/json), body (raw), contentType, cookie, csrf, bearer, headers.
    // Returns {status, headers, text, json} where json is the parsed body or undefined.
    async request(path, opts = {}) {
        const headers = { ...(opts.headers || {}) };
        let body = opts.body;
        if (opts.json !== undefined) {
            body = JSON.stringify(opts.json);
            headers['Content-Type'] = 'application/json';
        }
        if (opts.contentType) headers['Content-Type'] = opts.contentType;
        if (opts.cookie) headers.Cookie = opts.cookie;
        if (opts.csrf) headers['X-CSRF-Token'] = opts.csrf;
        if (opts.bearer) headers.Authorization = `Bearer ${opts.bearer}`;
        let res;
        let text;
        try {
            res = await fetch(this.url + path, {
                method: opts.method || 'GET',
                headers,
                body,
                redirect: 'manual',
                signal: AbortSignal.timeout(REQUEST_LIMIT_MS),
            });
            text = await res.text();
        } catch (e) {
            const c = this.child;
            const state = !c
                ? 'stopped'
                : c.exitCode === null && c.signalCode === null
                  ? 'running'
                  : `exited (${c.exitCode ?? c.signalCode})`;
            throw new Error(
                `${opts.method || 'GET'} ${path} failed (${e.cause?.code || e.message}); ` +
                    `server ${state}; stderr tail:\n${this.stderr.slice(-2000)}`,
                { cause: e },
            );
        }
        let json;
        try {
            json = text.length ? JSON.parse(text) : undefined;
        } catch {
            json = undefined;
        }
        return { status: res.status, headers: res.headers, text, json };
    }

    // Signs in; returns {cookie, csrf, user, setCookie, res}. Throws unless 200.
    async signIn(username, password = DEMO_PASSWORD) {
        const res = await this.request('/api/session', {
            method: 'POST',
            json: { username, password },
        });
        if (res.status !== 200) {
            throw new Error(`sign in as ${username} failed: ${res.status} ${res.text}`);
        }
        const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('fd_session='));
        if (!setCookie) throw new Error(`sign in as ${username}: no fd_session cookie`);
        const cookie = setCookie.split(';')[0];
        return { cookie, csrf: res.json.csrf_token, user: res.json.user, setCookie, res };
    }

    // Makes a request as a signed-in session (cookie + CSRF token).
    as(session, path, opts = {}) {
        return this.request(path, { ...opts, cookie: session.cookie, csrf: session.csrf });
    }

    // Total number of contacts, read through the API as the given session.
    async contactTotal(session) {
        const res = await this.as(session, '/api/contacts?limit=1');
        if (res.status !== 200) throw new Error(`list contacts: ${res.status} ${res.text}`);
        return res.json.total;
    }
}

// Creates a demo database and starts a server on it. Caller awaits server.cleanup().
export async function startServer() {
    const { dir, db } = makeDemoDb();
    const server = new Server({ dir, db });
    try {
        await server.start();
    } catch (e) {
        rmSync(dir, { recursive: true, force: true });
        throw e;
    }
    return server;
}

// A valid contact body; fields can be overridden. received_at is one hour ago, in UTC.
export function contactBody(over = {}) {
    const receivedAt = new Date(Date.now() - 3600 * 1000);
    receivedAt.setUTCMilliseconds(0);
    return {
        channel: 'phone',
        received_at: receivedAt.toISOString().replace('.000Z', 'Z'),
        caller_name: 'Test Caller',
        summary: 'Neighbour worried about an older man living alone.',
        ...over,
    };
}

// Asserts the contract's error body shape; returns the error object.
export function errorOf(res) {
    const e = res.json && res.json.error;
    if (!e || typeof e.code !== 'string' || typeof e.message !== 'string') {
        throw new Error(`expected an error body, got ${res.status} ${res.text.slice(0, 300)}`);
    }
    return e;
}

export function binExists() {
    return existsSync(BIN);
}
