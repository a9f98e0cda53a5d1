/*
 * testdb: a throw-away database for the store-level unit tests. Each test binary gets its own
 * file under /tmp named after the test and the process, created empty with every migration
 * applied, and removed with its WAL and shared-memory files afterwards. It also adds users the
 * way the tests need them (a fixed, unusable password hash). Not a fixture framework: each
 * test keeps its own fixture struct and decides what else to load.
 */
#ifndef FD_TESTS_TESTDB_H
#define FD_TESTS_TESTDB_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/role.h"
#include "store/store.h"

/* Opens a new empty store at /tmp/fd-test-<name>-<pid>.db; the path is written to path (size
 * bytes). On success *out is the open store (closed by testdb_close) and 0 is returned; on
 * failure the reason is printed and -1 returned. */
int testdb_open(const char *name, char *path, size_t size, struct store **out);

/* Closes s (may be NULL) and removes the database at path with its -wal and -shm files. */
void testdb_close(struct store *s, const char *path);

/* Inserts an active user with this username, display name and role; *id is its id. */
enum err testdb_add_user(struct store_tx *tx, const char *username, const char *name,
                         enum role role, int64_t *id) MUST_CHECK;

#endif
