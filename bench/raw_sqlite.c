/*
 * raw_sqlite: the baseline for the contact write path. It does the database work that creating
 * a contact does (advance the reference counter, insert a contacts row of about 1 KB of text and
 * its first version, queue it, append a BLAKE2b hash-chained audit row, start the contact's
 * clock with its first clock event; the same tables and indexes, foreign keys on)
 * straight into SQLite with the server's durability (WAL, synchronous=FULL), one contact per
 * transaction or K per transaction (the group-commit ceiling: each contact in its own savepoint,
 * as the server's writer does). It prints rows per second and p50/p99 transaction latency, from
 * BEGIN to the return of COMMIT. It does not link the server's code: it is what the same durable
 * work costs with nothing else in the way (no HTTP, no JSON, no sessions, no threads), so the
 * server's figures can be read as a fraction of it.
 */
#include <errno.h>
#include <math.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RAW_N_BODIES 256

struct options {
    double seconds;
    long n_rows; /* 0: run for seconds */
    int per_tx;
    const char *sync; /* FULL, NORMAL or OFF */
    const char *db_path;
    const char *dir;
    int keep;
    int savepoints;
};

struct contact_text {
    char channel[16];
    char caller_name[128];
    char summary[1200];
    int64_t received_at_ms;
};

struct bench {
    sqlite3 *db;
    sqlite3_stmt *begin, *commit, *savepoint, *release;
    sqlite3_stmt *next_reference, *insert_contact, *insert_version, *insert_work, *insert_audit;
    sqlite3_stmt *insert_clock, *insert_clock_event;
    int64_t next_seq;
    char prev_hash[65];
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("raw_sqlite: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long parse_long(const char *s, const char *what, long min, long max)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end != '\0' || v < min || v > max)
        die("cannot use \"%s\" as %s (expected %ld..%ld)", s, what, min, max);
    return v;
}

static void usage(FILE *f)
{
    fputs("usage: raw_sqlite [--seconds S | --rows N] [--per-tx K] [--sync FULL|NORMAL|OFF]\n"
          "                  [--db PATH | --dir DIR] [--keep] [--no-savepoints]\n"
          "Inserts contact + audit rows into a fresh SQLite database in WAL mode and prints\n"
          "one line of key=value results: rows_per_s, p50_ms and p99_ms of each transaction.\n"
          "Defaults: --seconds 5 --per-tx 1 --sync FULL, a temporary file in $TMPDIR (or\n"
          "/tmp) that is removed afterwards unless --keep.\n",
          f);
}

static void parse_options(int argc, char **argv, struct options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->seconds = 5.0;
    opt->per_tx = 1;
    opt->sync = "FULL";
    opt->savepoints = 1;
    opt->dir = getenv("TMPDIR");
    if (!opt->dir || !*opt->dir)
        opt->dir = "/tmp";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strcmp(a, "--keep") == 0) {
            opt->keep = 1;
            continue;
        }
        if (strcmp(a, "--no-savepoints") == 0) {
            opt->savepoints = 0;
            continue;
        }
        if (i + 1 >= argc)
            die("option %s needs a value (see --help)", a);
        const char *v = argv[++i];
        if (strcmp(a, "--seconds") == 0) {
            char *end = NULL;
            errno = 0;
            opt->seconds = strtod(v, &end);
            if (errno || end == v || *end || !(opt->seconds > 0.0) || opt->seconds > 86400.0)
                die("cannot use \"%s\" as --seconds", v);
        } else if (strcmp(a, "--rows") == 0) {
            opt->n_rows = parse_long(v, "--rows", 1, 1000000000L);
        } else if (strcmp(a, "--per-tx") == 0) {
            opt->per_tx = (int)parse_long(v, "--per-tx", 1, 100000);
        } else if (strcmp(a, "--sync") == 0) {
            if (strcmp(v, "FULL") != 0 && strcmp(v, "NORMAL") != 0 && strcmp(v, "OFF") != 0)
                die("cannot use \"%s\" as --sync (FULL, NORMAL or OFF)", v);
            opt->sync = v;
        } else if (strcmp(a, "--db") == 0) {
            opt->db_path = v;
        } else if (strcmp(a, "--dir") == 0) {
            opt->dir = v;
        } else {
            die("unknown option %s (see --help)", a);
        }
    }
}

/* ---- the same kind of text the load generator sends (fictional) ---- */

static const char *const first_names[] = {
    "Amara", "Bethan", "Callum",   "Dafydd", "Eilidh", "Farah", "Gareth", "Hannah", "Imran",
    "Kwame", "Leila",  "Mohammed", "Niamh",  "Priya",  "Rhys",  "Siân",   "Tomasz", "Zoë",
};
static const char *const surnames[] = {
    "Adeyemi",  "Begum", "Campbell", "Davies",   "Evans", "Gallagher", "Hussain",  "Jones",
    "Kowalski", "Lewis", "Nowak",    "O'Connor", "Patel", "Singh",     "Thompson", "Williams",
};
static const char *const concerns[] = {
    "has had two falls at home in the past week and is struggling with the stairs",
    "was discharged from hospital yesterday without a package of care in place",
    "is caring for a partner with dementia and says they cannot cope any longer",
    "has mentioned that a relative takes money from their pension every week",
    "needs help with washing and dressing since a stroke in the spring",
    "is isolated since moving to the area and has asked about day opportunities",
};
static const char *const details[] = {
    "Lives alone in a ground floor flat; a key safe is fitted and the code is held by the family.",
    "Has capacity to make this decision and consents to the referral being made today.",
    "GP is aware and has asked for an occupational therapy assessment to be considered.",
    "Prefers contact by telephone in the mornings; hearing is poor on the left side.",
    "A neighbour has been doing the shopping but is going away for three weeks from Friday.",
    "Asked about charges for care and was told that written information would follow.",
    "Carer's assessment offered to the caller, who would like to think about it first.",
};
static const char *const channels[] = {"phone", "email", "letter", "web", "face_to_face"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static size_t pick(uint64_t *s, size_t n)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return (size_t)((x * 0x2545F4914F6CDD1DULL) % n);
}

static void make_texts(struct contact_text *t, size_t n)
{
    uint64_t rng = 0x853C49E6748FEA9BULL;
    int64_t now = wall_ms();
    for (size_t i = 0; i < n; i++) {
        snprintf(t[i].channel, sizeof t[i].channel, "%s", channels[pick(&rng, COUNT(channels))]);
        snprintf(t[i].caller_name, sizeof t[i].caller_name, "%s %s",
                 first_names[pick(&rng, COUNT(first_names))],
                 surnames[pick(&rng, COUNT(surnames))]);
        size_t len = (size_t)snprintf(
            t[i].summary, sizeof t[i].summary, "Call from a neighbour about %s %s, who %s. ",
            first_names[pick(&rng, COUNT(first_names))], surnames[pick(&rng, COUNT(surnames))],
            concerns[pick(&rng, COUNT(concerns))]);
        while (len < 880) {
            const char *d = details[pick(&rng, COUNT(details))];
            int w = snprintf(t[i].summary + len, sizeof t[i].summary - len, "%s ", d);
            if (w < 0 || (size_t)w >= sizeof t[i].summary - len)
                break;
            len += (size_t)w;
        }
        t[i].received_at_ms = now - 60000 - (int64_t)pick(&rng, 6 * 3600) * 1000;
    }
}

/* ---- schema: what a contact write touches. It follows the server's migrations
 * (src/store/migrations/0001_platform.sql for contacts and audit events, 0004_clocks.sql for the
 * clock a contact starts, 0005_contact_workflow.sql for its first version and work queue row)
 * for the tables, indexes and foreign keys a contact write touches; clock columns no write here
 * sets are left out. Keep the two in step when they change, or the ratio
 * in the benchmark table stops meaning anything. ---- */

/* One string per table (with its indexes): C11 only promises string literals of 4095 bytes. */
static const char *const schema_sql[] = {
    "CREATE TABLE users(id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL, role TEXT NOT NULL);"
    "INSERT INTO users(id, username, name, role) VALUES (1, 'agent', 'Demo Agent', 'agent');",
    "CREATE TABLE api_tokens(id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
    "CREATE TABLE teams(id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
    "CREATE TABLE workers(id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
    "CREATE TABLE sla_policies(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
    "INSERT INTO sla_policies(id, name) VALUES (1, 'contact: action within 24 hours');",
    "CREATE TABLE reference_counters(prefix TEXT NOT NULL, year INTEGER NOT NULL,"
    "  last_seq BIGINT NOT NULL, PRIMARY KEY (prefix, year));",
    "CREATE TABLE contacts(id INTEGER PRIMARY KEY, reference TEXT NOT NULL UNIQUE,"
    "  channel TEXT NOT NULL, received_at BIGINT NOT NULL, caller_name TEXT NOT NULL,"
    "  summary TEXT NOT NULL, created_at BIGINT NOT NULL,"
    "  created_by INTEGER REFERENCES users(id),"
    "  created_by_token INTEGER REFERENCES api_tokens(id),"
    "  CHECK ((created_by IS NULL) <> (created_by_token IS NULL)));"
    "CREATE INDEX contacts_received ON contacts(received_at, id);",
    "CREATE TABLE audit_events(seq INTEGER PRIMARY KEY, at BIGINT NOT NULL,"
    "  user_id INTEGER NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL,"
    "  entity_id BIGINT NOT NULL, request_id TEXT NOT NULL, reason TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE INDEX audit_entity ON audit_events(entity, entity_id, seq);",
    "CREATE TABLE clocks(id INTEGER PRIMARY KEY,"
    "  policy_id INTEGER NOT NULL REFERENCES sla_policies(id),"
    "  policy_version INTEGER NOT NULL, entity TEXT NOT NULL, entity_id BIGINT NOT NULL,"
    "  owner_user_id INTEGER REFERENCES users(id), owner_worker_id INTEGER REFERENCES workers(id),"
    "  team_id INTEGER REFERENCES teams(id),"
    "  state TEXT NOT NULL CHECK (state IN ('running','paused','met','breached','cancelled')),"
    "  started_at BIGINT NOT NULL, due_at BIGINT, warn_at BIGINT, paused_at BIGINT,"
    "  due_left_ms BIGINT, breached_at BIGINT, stopped_at BIGINT, next_at BIGINT,"
    "  created_at BIGINT NOT NULL,"
    "  CHECK (state <> 'paused' OR (due_at IS NULL AND due_left_ms IS NOT NULL)),"
    "  CHECK (state <> 'running' OR due_at IS NOT NULL));"
    "CREATE INDEX clocks_next ON clocks(next_at) WHERE next_at IS NOT NULL;"
    "CREATE INDEX clocks_due ON clocks(due_at) WHERE stopped_at IS NULL;"
    "CREATE UNIQUE INDEX clocks_open_per_entity ON clocks(entity, entity_id, policy_id)"
    "  WHERE stopped_at IS NULL;"
    "CREATE INDEX clocks_entity ON clocks(entity, entity_id, id);"
    "CREATE INDEX clocks_team ON clocks(team_id, due_at) WHERE stopped_at IS NULL;"
    "CREATE INDEX clocks_owner ON clocks(owner_user_id, due_at) WHERE stopped_at IS NULL;"
    "CREATE INDEX clocks_paused ON clocks(state) WHERE state = 'paused';"
    "CREATE INDEX clocks_breached ON clocks(breached_at) WHERE breached_at IS NOT NULL;"
    "CREATE INDEX clocks_stopped ON clocks(stopped_at) WHERE stopped_at IS NOT NULL;",
    "CREATE TABLE clock_events(id INTEGER PRIMARY KEY,"
    "  clock_id INTEGER NOT NULL REFERENCES clocks(id), at BIGINT NOT NULL,"
    "  scheduled_at BIGINT, kind TEXT NOT NULL, step INTEGER, tell TEXT NOT NULL DEFAULT '',"
    "  told_user_id INTEGER REFERENCES users(id), told_worker_id INTEGER REFERENCES workers(id),"
    "  told_name TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '',"
    "  by_user_id BIGINT NOT NULL DEFAULT 0, due_at BIGINT);",
    "CREATE TABLE contact_versions(id INTEGER PRIMARY KEY,"
    "  contact_id INTEGER NOT NULL REFERENCES contacts(id), version INTEGER NOT NULL,"
    "  channel TEXT NOT NULL, received_at BIGINT NOT NULL, answered_at BIGINT NOT NULL DEFAULT 0,"
    "  caller_name TEXT NOT NULL, summary TEXT NOT NULL, source_kind TEXT NOT NULL DEFAULT '',"
    "  source_code TEXT NOT NULL DEFAULT '10', caller_organisation TEXT NOT NULL DEFAULT '',"
    "  caller_role TEXT NOT NULL DEFAULT '', caller_phone TEXT NOT NULL DEFAULT '',"
    "  caller_email TEXT NOT NULL DEFAULT '', caller_address TEXT NOT NULL DEFAULT '',"
    "  requested_worker_id INTEGER REFERENCES workers(id),"
    "  requested_team_id INTEGER REFERENCES teams(id), reason_code TEXT NOT NULL DEFAULT '',"
    "  interpreter_language TEXT NOT NULL DEFAULT '', bsl INTEGER NOT NULL DEFAULT 0,"
    "  private_room INTEGER NOT NULL DEFAULT 0, communication_other TEXT NOT NULL DEFAULT '',"
    "  consent TEXT NOT NULL DEFAULT '', consent_justification TEXT NOT NULL DEFAULT '',"
    "  danger_now INTEGER NOT NULL DEFAULT 0, line_team_id INTEGER REFERENCES teams(id),"
    "  service TEXT NOT NULL DEFAULT '', changed TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL,"
    "  created_at BIGINT NOT NULL, created_by BIGINT NOT NULL, UNIQUE (contact_id, version),"
    "  CHECK (version >= 1), CHECK (consent IN ('', 'yes', 'no', 'not_asked')),"
    "  CHECK (consent <> 'no' OR consent_justification <> ''),"
    "  CHECK (service IN ('', 'children', 'adults')), CHECK (reason <> ''));",
    "CREATE TABLE contact_work(contact_id INTEGER PRIMARY KEY REFERENCES contacts(id),"
    "  queue TEXT NOT NULL, team_id INTEGER REFERENCES teams(id),"
    "  owner_user_id INTEGER REFERENCES users(id), received_at BIGINT NOT NULL,"
    "  CHECK (queue IN ('contact_centre', 'duty', 'team')),"
    "  CHECK (queue <> 'team' OR team_id IS NOT NULL));"
    "CREATE INDEX contact_work_queue ON contact_work(queue, team_id, received_at);"
    "CREATE INDEX contact_work_owner ON contact_work(owner_user_id, received_at);"
    "CREATE INDEX clock_events_clock ON clock_events(clock_id, id);"
    "CREATE INDEX clock_events_told ON clock_events(told_user_id, clock_id)"
    "  WHERE told_user_id IS NOT NULL;",
};

static void check(struct bench *b, int rc, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        die("could not %s: %s", what, sqlite3_errmsg(b->db));
}

static sqlite3_stmt *prepare(struct bench *b, const char *sql)
{
    sqlite3_stmt *st = NULL;
    check(b, sqlite3_prepare_v3(b->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL), "prepare");
    return st;
}

static void step_once(struct bench *b, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        die("could not %s: %s", what, sqlite3_errmsg(b->db));
    sqlite3_reset(st);
}

static void bench_open(struct bench *b, const char *path, const char *sync)
{
    memset(b, 0, sizeof *b);
    if (sqlite3_open_v2(path, &b->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK)
        die("could not open database \"%s\": %s", path,
            b->db ? sqlite3_errmsg(b->db) : "out of memory");
    char pragmas[160];
    snprintf(pragmas, sizeof pragmas,
             "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s; PRAGMA foreign_keys=ON;", sync);
    check(b, sqlite3_exec(b->db, pragmas, NULL, NULL, NULL), "set pragmas");
    for (size_t i = 0; i < COUNT(schema_sql); i++)
        check(b, sqlite3_exec(b->db, schema_sql[i], NULL, NULL, NULL), "create the schema");
    b->begin = prepare(b, "BEGIN IMMEDIATE");
    b->commit = prepare(b, "COMMIT");
    b->savepoint = prepare(b, "SAVEPOINT work");
    b->release = prepare(b, "RELEASE work");
    b->next_reference = prepare(b, "INSERT INTO reference_counters(prefix, year, last_seq)"
                                   " VALUES ('C', 2026, 1) ON CONFLICT (prefix, year)"
                                   " DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq");
    b->insert_contact =
        prepare(b, "INSERT INTO contacts(reference, channel, received_at, caller_name, summary,"
                   " created_at, created_by, created_by_token) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)");
    b->insert_audit = prepare(b, "INSERT INTO audit_events(seq, at, user_id, action, entity,"
                                 " entity_id, request_id, reason, prev_hash, hash)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    b->insert_clock = prepare(b, "INSERT INTO clocks(policy_id, policy_version, entity, entity_id,"
                                 " owner_user_id, owner_worker_id, team_id, state, started_at,"
                                 " due_at, warn_at, next_at, created_at)"
                                 " VALUES (1, 1, 'contact', ?, 1, NULL, NULL, 'running', ?, ?,"
                                 " ?, ?, ?)");
    b->insert_clock_event =
        prepare(b, "INSERT INTO clock_events(clock_id, at, scheduled_at, kind, step, tell,"
                   " told_user_id, told_worker_id, told_name, detail, by_user_id, due_at)"
                   " VALUES (?, ?, NULL, 'started', NULL, '', NULL, NULL, '', '', 1, ?)");
    b->insert_version =
        prepare(b, "INSERT INTO contact_versions(contact_id, version, channel, received_at,"
                   " caller_name, summary, reason, created_at, created_by)"
                   " VALUES (?, 1, ?, ?, ?, ?, 'recorded', ?, 1)");
    b->insert_work = prepare(b, "INSERT INTO contact_work(contact_id, queue, team_id,"
                                " owner_user_id, received_at) VALUES (?, 'contact_centre', NULL,"
                                " 1, ?)");
    b->next_seq = 1;
    memset(b->prev_hash, '0', 64);
    b->prev_hash[64] = '\0';
}

static void bench_close(struct bench *b)
{
    sqlite3_stmt *all[] = {
        b->begin,          b->commit,         b->savepoint,         b->release,
        b->next_reference, b->insert_contact, b->insert_version,    b->insert_work,
        b->insert_audit,   b->insert_clock,   b->insert_clock_event};
    for (size_t i = 0; i < COUNT(all); i++)
        sqlite3_finalize(all[i]);
    sqlite3_close(b->db);
}

static void hash_field(crypto_generichash_state *st, const char *s)
{
    unsigned char len[8];
    uint64_t n = strlen(s);
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(n >> (8 * i));
    crypto_generichash_update(st, len, sizeof len);
    crypto_generichash_update(st, (const unsigned char *)s, n);
}

/* The audit chain costs a BLAKE2b hash per event, as in the server. */
static void audit_hash(int64_t seq, int64_t at, int64_t entity_id, const char *request_id,
                       const char *prev, char out[65])
{
    crypto_generichash_state st;
    unsigned char h[32];
    char num[24];
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    hash_field(&st, "raw-sqlite-audit");
    snprintf(num, sizeof num, "%lld", (long long)seq);
    hash_field(&st, num);
    snprintf(num, sizeof num, "%lld", (long long)at);
    hash_field(&st, num);
    hash_field(&st, "1");
    hash_field(&st, "contact.create");
    hash_field(&st, "contact");
    snprintf(num, sizeof num, "%lld", (long long)entity_id);
    hash_field(&st, num);
    hash_field(&st, request_id);
    hash_field(&st, "");
    hash_field(&st, prev);
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static void insert_one(struct bench *b, const struct contact_text *t)
{
    int64_t now = wall_ms();
    char reference[32], request_id[32];
    if (sqlite3_step(b->next_reference) != SQLITE_ROW)
        die("could not advance the reference counter: %s", sqlite3_errmsg(b->db));
    long long seq_no = sqlite3_column_int64(b->next_reference, 0);
    sqlite3_reset(b->next_reference);
    snprintf(reference, sizeof reference, "C-2026-%06lld", seq_no);
    snprintf(request_id, sizeof request_id, "raw-%016llx", (unsigned long long)seq_no);

    sqlite3_stmt *c = b->insert_contact;
    sqlite3_bind_text(c, 1, reference, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(c, 2, t->channel, -1, SQLITE_STATIC);
    sqlite3_bind_int64(c, 3, t->received_at_ms);
    sqlite3_bind_text(c, 4, t->caller_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(c, 5, t->summary, -1, SQLITE_STATIC);
    sqlite3_bind_int64(c, 6, now);
    sqlite3_bind_int64(c, 7, 1);
    step_once(b, c, "insert a contact");
    int64_t contact_id = sqlite3_last_insert_rowid(b->db);

    /* Version 1 of the contact (the text again) and its place in the contact centre queue. */
    sqlite3_stmt *v = b->insert_version;
    sqlite3_bind_int64(v, 1, contact_id);
    sqlite3_bind_text(v, 2, t->channel, -1, SQLITE_STATIC);
    sqlite3_bind_int64(v, 3, t->received_at_ms);
    sqlite3_bind_text(v, 4, t->caller_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(v, 5, t->summary, -1, SQLITE_STATIC);
    sqlite3_bind_int64(v, 6, now);
    step_once(b, v, "insert a contact version");
    sqlite3_stmt *w = b->insert_work;
    sqlite3_bind_int64(w, 1, contact_id);
    sqlite3_bind_int64(w, 2, t->received_at_ms);
    step_once(b, w, "queue a contact");

    char hash[65];
    int64_t seq = b->next_seq;
    audit_hash(seq, now, contact_id, request_id, b->prev_hash, hash);
    sqlite3_stmt *a = b->insert_audit;
    sqlite3_bind_int64(a, 1, seq);
    sqlite3_bind_int64(a, 2, now);
    sqlite3_bind_int64(a, 3, 1);
    sqlite3_bind_text(a, 4, "contact.create", -1, SQLITE_STATIC);
    sqlite3_bind_text(a, 5, "contact", -1, SQLITE_STATIC);
    sqlite3_bind_int64(a, 6, contact_id);
    sqlite3_bind_text(a, 7, request_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(a, 8, "", -1, SQLITE_STATIC);
    sqlite3_bind_text(a, 9, b->prev_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(a, 10, hash, -1, SQLITE_TRANSIENT);
    step_once(b, a, "insert an audit event");
    b->next_seq++;
    memcpy(b->prev_hash, hash, sizeof hash);

    /* The clock a contact starts: due 24 hours after it was received, warned at 20. */
    int64_t due_at = t->received_at_ms + 24 * 3600 * 1000LL;
    int64_t warn_at = t->received_at_ms + 20 * 3600 * 1000LL;
    sqlite3_stmt *k = b->insert_clock;
    sqlite3_bind_int64(k, 1, contact_id);
    sqlite3_bind_int64(k, 2, t->received_at_ms);
    sqlite3_bind_int64(k, 3, due_at);
    sqlite3_bind_int64(k, 4, warn_at);
    sqlite3_bind_int64(k, 5, warn_at);
    sqlite3_bind_int64(k, 6, now);
    step_once(b, k, "start a clock");
    int64_t clock_id = sqlite3_last_insert_rowid(b->db);
    sqlite3_stmt *ke = b->insert_clock_event;
    sqlite3_bind_int64(ke, 1, clock_id);
    sqlite3_bind_int64(ke, 2, now);
    sqlite3_bind_int64(ke, 3, due_at);
    step_once(b, ke, "record a clock event");
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

static double percentile_ms(const uint32_t *sorted, size_t n, double pct)
{
    if (n == 0)
        return 0.0;
    size_t rank = (size_t)ceil(pct / 100.0 * (double)n);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return (double)sorted[rank - 1] / 1000.0;
}

static void remove_db(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    char side[4200];
    for (size_t i = 0; i < COUNT(suffixes); i++) {
        int n = snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
        if (n > 0 && (size_t)n < sizeof side)
            unlink(side);
    }
}

int main(int argc, char **argv)
{
    struct options opt;
    parse_options(argc, argv, &opt);
    if (sodium_init() < 0)
        die("could not initialise libsodium");

    char temp_path[4096];
    const char *path = opt.db_path;
    if (!path) {
        int n = snprintf(temp_path, sizeof temp_path, "%s/raw_sqlite-XXXXXX", opt.dir);
        if (n < 0 || (size_t)n >= sizeof temp_path)
            die("cannot use directory \"%s\": path too long", opt.dir);
        int fd = mkstemp(temp_path);
        if (fd < 0)
            die("could not create a temporary file in \"%s\": %s", opt.dir, strerror(errno));
        close(fd);
        path = temp_path;
    } else if (access(path, F_OK) == 0) {
        die("cannot use \"%s\": it exists (raw_sqlite wants a fresh database)", path);
    }

    struct contact_text *texts = calloc(RAW_N_BODIES, sizeof *texts);
    size_t cap_tx = 1 << 16;
    uint32_t *latency_us = malloc(cap_tx * sizeof *latency_us);
    if (!texts || !latency_us)
        die("out of memory");
    make_texts(texts, RAW_N_BODIES);

    struct bench b;
    bench_open(&b, path, opt.sync);

    size_t n_tx = 0;
    long n_rows = 0;
    uint64_t start = now_us();
    uint64_t deadline = start + (uint64_t)(opt.seconds * 1e6);
    for (;;) {
        if (opt.n_rows > 0 ? n_rows >= opt.n_rows : now_us() >= deadline)
            break;
        int k = opt.per_tx;
        if (opt.n_rows > 0 && opt.n_rows - n_rows < k)
            k = (int)(opt.n_rows - n_rows);
        uint64_t t0 = now_us();
        step_once(&b, b.begin, "begin");
        for (int i = 0; i < k; i++) {
            int sp = opt.savepoints && opt.per_tx > 1;
            if (sp)
                step_once(&b, b.savepoint, "open a savepoint");
            insert_one(&b, &texts[(size_t)(n_rows + i) % RAW_N_BODIES]);
            if (sp)
                step_once(&b, b.release, "release a savepoint");
        }
        step_once(&b, b.commit, "commit");
        uint64_t us = now_us() - t0;
        if (n_tx == cap_tx) {
            cap_tx *= 2;
            latency_us = realloc(latency_us, cap_tx * sizeof *latency_us);
            if (!latency_us)
                die("out of memory");
        }
        latency_us[n_tx++] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
        n_rows += k;
    }
    double elapsed = (double)(now_us() - start) / 1e6;
    bench_close(&b);
    if (!opt.keep)
        remove_db(path);

    qsort(latency_us, n_tx, sizeof *latency_us, cmp_u32);
    printf("per_tx=%d sync=%s seconds=%.2f rows=%ld transactions=%zu rows_per_s=%.0f "
           "p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
           opt.per_tx, opt.sync, elapsed, n_rows, n_tx, elapsed > 0 ? (double)n_rows / elapsed : 0,
           percentile_ms(latency_us, n_tx, 50.0), percentile_ms(latency_us, n_tx, 99.0),
           n_tx ? (double)latency_us[n_tx - 1] / 1000.0 : 0.0);
    if (opt.keep)
        fprintf(stderr, "raw_sqlite: kept %s\n", path);
    free(texts);
    free(latency_us);
    return 0;
}
