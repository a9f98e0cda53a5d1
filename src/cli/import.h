/*
 * import: moving records in from a legacy system with `frontdoor import KIND --db PATH
 * FILE.csv`. This header is the contract between the `import` subcommand (cli/cmd_import.c),
 * which reads the file, checks its header row and runs everything in ONE store transaction,
 * and the importer of each kind (cli/import_directory.c for teams, workers and allocations),
 * which reads the rows through the csv reader in struct import_run.
 *
 * An importer works in two passes inside that transaction: first it validates every row
 * (values, and references to records in the database or earlier in the file) and reports each
 * problem with import_error; only if there were none does it write, row by row, through the
 * store functions the API uses (so every write is audited). If anything was reported — in
 * either pass — it returns E_INVALID and the whole transaction is rolled back: nothing is
 * imported. Rows are numbered as a spreadsheet shows them (the header is row 1).
 *
 * Adding a kind: define a `const struct import_kind import_kind_<name>` in your own
 * cli/import_<name>.c, declare it below, and add one line to the table in cmd_import.c.
 */
#ifndef FD_CLI_IMPORT_H
#define FD_CLI_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/err.h"
#include "store/store.h"

#define IMPORT_MAX_ERRORS 200 /* problems listed; all are counted */

struct import_run {
    const char *path; /* the file, for messages */
    const char *data; /* its bytes; borrowed */
    size_t len;
    int64_t now_ms;           /* the time the import started */
    struct csv_reader reader; /* positioned after the header row */
    struct csv_header header; /* the file's column names */
    size_t n_errors;
    struct buf errors;           /* "row N, column C: reason\n" lines */
    size_t n_created, n_updated; /* for the summary line */
};

/* Records a problem with row (0: the whole file) in column (NULL or "": the whole row).
 * Keeps the first IMPORT_MAX_ERRORS; counts all. */
void import_error(struct import_run *run, size_t row, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Records a validation error from the domain, whose info->field names the column; fields of
 * the form "hours.monday" name the column "monday". */
void import_error_info(struct import_run *run, size_t row, const struct err_info *info);
/* The current row's value in column (trimmed; "" when the column is absent), into out. */
const char *import_get(struct import_run *run, const char *column, char *out, size_t out_len);
/* 1 when the file has the column. */
int import_has(const struct import_run *run, const char *column);

/* Runs the two passes for one kind inside the import's transaction. Must start by reading rows
 * with csv_next(&run->reader, ...) (the runner resets the reader before each attempt) and
 * return E_INVALID when it reported errors. */
typedef enum err (*import_fn)(struct store_tx *tx, struct import_run *run);

struct import_kind {
    const char *name;            /* "teams": `frontdoor import teams` */
    const char *summary;         /* one line for --help */
    const char *const *columns;  /* every column it reads, NULL-terminated */
    const char *const *required; /* columns that must be present, NULL-terminated */
    const char *help;            /* what the columns mean, for --help */
    import_fn run;
};

extern const struct import_kind import_kind_teams;
extern const struct import_kind import_kind_workers;
extern const struct import_kind import_kind_allocations;
extern const struct import_kind import_kind_persons; /* cli/import_persons.c */

#endif
