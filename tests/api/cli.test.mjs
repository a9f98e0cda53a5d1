// The command line: help for every subcommand, and one-line errors for bad usage.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, makeDemoDb } from './server.mjs';

const SUBCOMMANDS = [
    ['init'],
    ['serve'],
    ['user'],
    ['user', 'add'],
    ['user', 'list'],
    ['token'],
    ['token', 'add'],
    ['audit'],
    ['audit', 'verify'],
    ['audit', 'head'],
];

let demo;
after(() => {
    if (demo) rmSync(demo.dir, { recursive: true, force: true });
});

test('frontdoor --help exits 0 and lists the subcommands', () => {
    const r = cli(['--help']);
    assert.equal(r.status, 0, r.stderr);
    for (const name of ['init', 'serve', 'user', 'token', 'audit']) {
        assert.match(r.stdout, new RegExp(`\\b${name}\\b`), `--help does not mention ${name}`);
    }
});

test('every subcommand has --help that exits 0', () => {
    for (const args of SUBCOMMANDS) {
        const r = cli([...args, '--help']);
        assert.equal(r.status, 0, `${args.join(' ')} --help: ${r.stderr}`);
        assert.ok(r.stdout.trim().length > 0, `${args.join(' ')} --help printed nothing`);
        assert.match(r.stdout, new RegExp(args[args.length - 1]), `${args.join(' ')} --help`);
    }
    // Flags the contract documents appear in their subcommand's help.
    assert.match(cli(['serve', '--help']).stdout, /--listen/);
    assert.match(cli(['init', '--help']).stdout, /--demo/);
    assert.match(cli(['user', 'add', '--help']).stdout, /--role/);
    assert.match(cli(['token', 'add', '--help']).stdout, /--scope/);
});

function oneLineError(r, what) {
    assert.notEqual(r.status, 0, `${what} exited 0`);
    assert.equal(r.signal, null, `${what} died of ${r.signal}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${what}: expected a one-line error, got:\n${r.stderr}`);
    assert.ok(lines[0].length > 0, `${what}: empty error`);
    assert.equal(r.stdout, '', `${what} wrote to stdout`);
}

test('unknown subcommand exits non-zero with a one-line error', () => {
    const r = cli(['frobnicate']);
    oneLineError(r, 'frontdoor frobnicate');
    assert.match(r.stderr, /frobnicate/);
    oneLineError(cli(['user', 'frobnicate']), 'frontdoor user frobnicate');
    oneLineError(cli(['audit', 'frobnicate']), 'frontdoor audit frobnicate');
});

test('unknown flag exits non-zero with a one-line error', () => {
    demo = makeDemoDb();
    for (const args of [
        ['--bogus'],
        ['init', '--db', `${demo.dir}/other.db`, '--bogus'],
        ['serve', '--db', demo.db, '--bogus'],
        ['user', 'list', '--db', demo.db, '--bogus'],
        ['audit', 'verify', '--db', demo.db, '--bogus'],
        ['token', 'add', '--db', demo.db, '--name', 'x', '--scope', 'contacts:write', '--bogus'],
    ]) {
        const r = cli(args);
        oneLineError(r, args.join(' '));
        assert.match(r.stderr, /bogus/, `${args.join(' ')}: error does not name the flag`);
    }
});

test('missing flag values and bad values are errors', () => {
    demo ??= makeDemoDb();
    oneLineError(cli(['serve', '--db'], { cwd: demo.dir }), 'serve --db without a value');
    oneLineError(
        cli(['token', 'add', '--db', demo.db, '--name', 'x', '--scope', 'everything:all']),
        'token add with an unknown scope',
    );
});

test('init --demo is safe to run again on an existing database', () => {
    demo ??= makeDemoDb();
    const users = cli(['user', 'list', '--db', demo.db]);
    assert.equal(users.status, 0, users.stderr);
    const r = cli(['init', '--db', demo.db, '--demo']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(cli(['user', 'list', '--db', demo.db]).stdout, users.stdout);
    assert.equal(cli(['audit', 'verify', '--db', demo.db]).status, 0);
});

test('audit verify of a database that does not exist fails and creates nothing', () => {
    demo ??= makeDemoDb();
    const missing = join(demo.dir, 'no-such.db');
    const r = cli(['audit', 'verify', '--db', missing], { cwd: demo.dir });
    assert.notEqual(r.status, 0, `verify of a missing database passed: ${r.stdout}${r.stderr}`);
    assert.equal(existsSync(missing), false, 'audit verify created the database it was checking');
});

test('init prints the demo sign-in details', () => {
    demo ??= makeDemoDb();
    const db = `${demo.dir}/second.db`;
    const r = cli(['init', '--db', db, '--demo']);
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout + r.stderr;
    assert.match(out, /demo-password-2026/);
    assert.match(out, /\bmanager\b/);
});
