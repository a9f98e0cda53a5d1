/*
 * cmd_import: `frontdoor import KIND --db PATH FILE` — CSV files of teams, workers and
 * allocations from a legacy system (cli/import.h describes the contract with each kind), and
 * a worker's calendar from an iCalendar file (`import calendar --worker ID FILE.ics`). It
 * reads the file, checks the header row against the kind's columns, runs the kind's importer
 * in one store transaction, and prints either a summary or every problem with its row, column
 * and reason (exit 1, nothing imported). It holds no rules of its own.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/import.h"
#include "core/timefmt.h"
#include "core/xalloc.h"
#include "domain/ics.h"
#include "store/store_audit.h"
#include "store/store_worker.h"

#define CMD "import"
#define CSV_FILE_MAX (512L * 1024 * 1024)
#define ICS_FILE_MAX (16L * 1024 * 1024)

/* The kinds of CSV import: one line each. */
static const struct import_kind *const kinds[] = {
    &import_kind_persons,
    &import_kind_teams,
    &import_kind_workers,
    &import_kind_allocations,
};
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

static void usage(FILE *out)
{
    fprintf(out, "usage: frontdoor import KIND --db PATH FILE.csv\n"
                 "       frontdoor import calendar --db PATH --worker ID FILE.ics\n\n"
                 "Imports records from a legacy system. A CSV file's first row names its "
                 "columns (any\norder, any case); every row is checked before anything is "
                 "written, and if any\nrow is wrong nothing is imported and each problem is "
                 "listed with its row (the\nheader is row 1), column and reason. Exit status 0 "
                 "imported, 1 not imported,\n2 bad usage.\n\nKINDS\n");
    for (size_t i = 0; i < N_KINDS; i++) {
        fprintf(out, "  %-12s %s\n", kinds[i]->name, kinds[i]->summary);
        fprintf(out, "%s", kinds[i]->help);
    }
    fprintf(out, "  %-12s %s\n", "calendar",
            "a worker's calendar from an iCalendar (.ics) export: leave, appointments,\n"
            "               supervision, travel and training; imported again, an event "
            "replaces itself.\n"
            "               --worker is the worker's id or staff number.\n");
    fprintf(out, "\nThe rules are explained in docs/directory.md.\n");
}

/* --- the run's helpers (cli/import.h) ------------------------------------------------------ */

void import_error(struct import_run *run, size_t row, const char *column, const char *fmt, ...)
{
    run->n_errors++;
    if (run->n_errors > IMPORT_MAX_ERRORS)
        return;
    if (row)
        buf_addf(&run->errors, "row %zu", row);
    else
        buf_adds(&run->errors, "file");
    if (column && *column)
        buf_addf(&run->errors, ", column %s", column);
    buf_adds(&run->errors, ": ");
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(&run->errors, fmt, ap);
    va_end(ap);
    buf_addc(&run->errors, '\n');
}

void import_error_info(struct import_run *run, size_t row, const struct err_info *info)
{
    const char *column = info->field;
    const char *dot = strchr(column, '.');
    if (dot && strncmp(column, "hours.", 6) == 0)
        column = dot + 1;
    import_error(run, row, column, "%s", info->message[0] ? info->message : "not valid");
}

const char *import_get(struct import_run *run, const char *column, char *out, size_t out_len)
{
    return csv_get(&run->reader, &run->header, column, out, out_len);
}

int import_has(const struct import_run *run, const char *column)
{
    return csv_header_find(&run->header, column) >= 0;
}

/* --- running an import -------------------------------------------------------------------- */

/* Reads the whole file (at most max bytes) into a NUL-terminated buffer; caller frees. */
static char *read_file(const char *path, long max, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "frontdoor %s: could not open '%s': %s\n", CMD, path, strerror(errno));
        return NULL;
    }
    struct buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if ((long)(b.len + n) > max) {
            fprintf(stderr, "frontdoor %s: '%s' is larger than %ld MiB\n", CMD, path,
                    max / (1024 * 1024));
            fclose(f);
            buf_release(&b);
            return NULL;
        }
        buf_add(&b, chunk, n);
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        fprintf(stderr, "frontdoor %s: could not read '%s'\n", CMD, path);
        buf_release(&b);
        return NULL;
    }
    return buf_detach(&b, len_out);
}

struct csv_job {
    const struct import_kind *kind;
    struct import_run run;
    int header_ok;
};

/* Starts a fresh attempt: the reader at the first data row, no errors. */
static enum err reset_run(struct csv_job *job)
{
    struct import_run *run = &job->run;
    csv_header_release(&run->header);
    csv_reader_release(&run->reader);
    buf_reset(&run->errors);
    run->n_errors = run->n_created = run->n_updated = 0;
    csv_reader_init(&run->reader, run->data, run->len);
    struct err_info info = {{0}, {0}};
    if (csv_header_read(&run->reader, &run->header, &info) != E_OK) {
        import_error(run, 1, NULL, "%s", info.message);
        return E_INVALID;
    }
    for (size_t i = 0; i < run->header.n; i++) {
        int known = 0;
        for (const char *const *c = job->kind->columns; *c && !known; c++)
            known = strcmp(*c, run->header.names[i]) == 0;
        if (!known)
            import_error(run, 1, run->header.names[i],
                         "'%s' is not a column of a %s import (see frontdoor import --help)",
                         run->header.names[i], job->kind->name);
    }
    for (const char *const *c = job->kind->required; *c; c++)
        if (!import_has(run, *c))
            import_error(run, 1, *c, "the file has no '%s' column, which is required", *c);
    return run->n_errors ? E_INVALID : E_OK;
}

static enum err csv_apply(struct store_tx *tx, void *arg)
{
    struct csv_job *job = arg;
    enum err rc = reset_run(job);
    if (rc)
        return rc;
    rc = job->kind->run(tx, &job->run);
    if (!rc && job->run.n_errors)
        rc = E_INVALID;
    if (rc)
        return rc;
    char reason[160];
    snprintf(reason, sizeof(reason), "%s: %zu created, %zu updated", job->kind->name,
             job->run.n_created, job->run.n_updated);
    return store_audit_append(tx, "import.csv", "import", 0, reason);
}

static int run_csv(const struct import_kind *kind, const char *db, const char *path)
{
    size_t len = 0;
    char *data = read_file(path, CSV_FILE_MAX, &len);
    if (!data)
        return EXIT_FAIL;
    struct store *s = cli_open_store(CMD, cli_db_path(db));
    if (!s) {
        free(data);
        return EXIT_FAIL;
    }
    struct csv_job *job = xcalloc(1, sizeof(*job));
    job->kind = kind;
    job->run.path = path;
    job->run.data = data;
    job->run.len = len;
    job->run.now_ms = timefmt_now_ms();
    buf_init(&job->run.errors);
    csv_reader_init(&job->run.reader, NULL, 0);
    enum err rc = store_write(s, csv_apply, job);
    store_close(s);
    int status = EXIT_OK;
    if (rc == E_INVALID && job->run.n_errors) {
        fprintf(stderr, "frontdoor %s: nothing imported from '%s': %zu problem%s\n", CMD, path,
                job->run.n_errors, job->run.n_errors == 1 ? "" : "s");
        fputs(job->run.errors.data, stderr);
        if (job->run.n_errors > IMPORT_MAX_ERRORS)
            fprintf(stderr, "... and %zu more\n", job->run.n_errors - IMPORT_MAX_ERRORS);
        status = EXIT_FAIL;
    } else if (rc) {
        fprintf(stderr, "frontdoor %s: nothing imported from '%s': the database said %s\n", CMD,
                path, err_name(rc));
        status = EXIT_FAIL;
    } else {
        printf("Imported %zu %s from %s: %zu new, %zu updated.\n",
               job->run.n_created + job->run.n_updated, kind->name, path, job->run.n_created,
               job->run.n_updated);
    }
    csv_header_release(&job->run.header);
    csv_reader_release(&job->run.reader);
    buf_release(&job->run.errors);
    free(job);
    free(data);
    return status;
}

/* --- calendar ----------------------------------------------------------------------------- */

struct calendar_job {
    const char *worker_ref; /* id or staff number */
    const char *path;
    struct ics_import *imp;
    int64_t worker_id;
    char worker_name[WORKER_NAME_MAX * 4 + 1];
};

static enum err calendar_apply(struct store_tx *tx, void *arg)
{
    struct calendar_job *job = arg;
    struct worker *w = xmalloc(sizeof(*w));
    char *end;
    errno = 0;
    long long id = strtoll(job->worker_ref, &end, 10);
    enum err rc;
    if (errno == 0 && *end == '\0' && id > 0)
        rc = store_worker_get(tx, id, w);
    else
        rc = store_worker_by_staff_number(tx, job->worker_ref, w);
    if (!rc) {
        job->worker_id = w->id;
        snprintf(job->worker_name, sizeof(job->worker_name), "%s", w->name);
    }
    free(w);
    if (rc)
        return rc;
    char reason[600];
    snprintf(reason, sizeof(reason), "%zu entries from %.500s", job->imp->n, job->path);
    return store_worker_entries_import(tx, job->worker_id, job->imp->entries, job->imp->n, reason);
}

static int run_calendar(const char *db, const char *worker, const char *path)
{
    if (!worker || !*worker)
        return cli_usage_error(CMD, "import calendar needs --worker ID");
    size_t len = 0;
    char *data = read_file(path, ICS_FILE_MAX, &len);
    if (!data)
        return EXIT_FAIL;
    struct ics_import imp;
    struct err_info info = {{0}, {0}};
    enum err rc = ics_parse(data, timefmt_now_ms(), &imp, &info);
    free(data);
    if (rc) {
        fprintf(stderr, "frontdoor %s: nothing imported from '%s': %s\n", CMD, path,
                info.message[0] ? info.message : err_name(rc));
        ics_import_release(&imp);
        return EXIT_FAIL;
    }
    struct store *s = cli_open_store(CMD, cli_db_path(db));
    if (!s) {
        ics_import_release(&imp);
        return EXIT_FAIL;
    }
    struct calendar_job job = {.worker_ref = worker, .path = path, .imp = &imp};
    rc = store_write(s, calendar_apply, &job);
    store_close(s);
    int status = EXIT_OK;
    if (rc == E_NOTFOUND) {
        fprintf(stderr, "frontdoor %s: there is no worker '%s'\n", CMD, worker);
        status = EXIT_FAIL;
    } else if (rc) {
        fprintf(stderr, "frontdoor %s: nothing imported from '%s': the database said %s\n", CMD,
                path, err_name(rc));
        status = EXIT_FAIL;
    } else {
        printf("Imported %zu calendar entries for %s from %s (%zu events, %zu left out: free, "
               "cancelled or past).\n",
               imp.n, job.worker_name, path, imp.n_events, imp.n_skipped);
    }
    ics_import_release(&imp);
    return status;
}

/* --- the subcommand ------------------------------------------------------------------------ */

int cmd_import(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(CMD, "name what to import: persons, teams, workers, allocations or "
                                    "calendar (see --help)");
    const char *what = argv[1];
    if (strcmp(what, "--help") == 0 || strcmp(what, "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    /* the file is the one argument that is not an option or an option's value */
    const char *file = NULL;
    char **opts_argv = xcalloc((size_t)argc + 1, sizeof(char *));
    int n_opts = 0;
    opts_argv[n_opts++] = argv[0];
    opts_argv[n_opts++] = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) == 0 || strcmp(a, "-h") == 0) {
            opts_argv[n_opts++] = argv[i];
            int takes_value = (strcmp(a, "--db") == 0 || strcmp(a, "--worker") == 0);
            if (takes_value && i + 1 < argc)
                opts_argv[n_opts++] = argv[++i];
            continue;
        }
        if (file) {
            free(opts_argv);
            return cli_usage_error(CMD, "give one file only ('%s' and '%s')", file, a);
        }
        file = a;
    }
    const char *db = NULL, *worker = NULL;
    const struct cli_opt opts[] = {
        {"db", &db, NULL}, {"worker", &worker, NULL}, {NULL, NULL, NULL}};
    struct buf help = BUF_INIT;
    /* cli_parse prints usage text on --help; build it once */
    {
        char *text = NULL;
        size_t text_len = 0;
        FILE *mem = open_memstream(&text, &text_len);
        if (mem) {
            usage(mem);
            fclose(mem);
            buf_add(&help, text, text_len);
            free(text);
        }
    }
    int rc = cli_parse(CMD, help.data, n_opts, opts_argv, 2, opts);
    free(opts_argv);
    buf_release(&help);
    if (rc < 0)
        return EXIT_OK;
    if (rc != EXIT_OK)
        return rc;
    if (!file)
        return cli_usage_error(CMD, "name the file to import (see --help)");
    if (strcmp(what, "calendar") == 0)
        return run_calendar(db, worker, file);
    if (worker)
        return cli_usage_error(CMD, "--worker is for import calendar only");
    for (size_t i = 0; i < N_KINDS; i++)
        if (strcmp(what, kinds[i]->name) == 0)
            return run_csv(kinds[i], db, file);
    return cli_usage_error(CMD,
                           "cannot import '%s': the kinds are persons, teams, workers, allocations "
                           "and calendar",
                           what);
}
