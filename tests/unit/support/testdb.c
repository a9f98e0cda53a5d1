/*
 * testdb: see testdb.h. Compiled into every unit-test binary by the Makefile.
 */
#include "unit/support/testdb.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "domain/user.h"
#include "store/store_user.h"

int testdb_open(const char *name, char *path, size_t size, struct store **out)
{
    snprintf(path, size, "/tmp/fd-test-%s-%d.db", name, (int)getpid());
    testdb_close(NULL, path); /* what a crashed earlier run left */
    struct err_info info;
    memset(&info, 0, sizeof(info));
    if (store_open(path, NULL, out, &info)) {
        fprintf(stderr, "testdb: cannot open %s: %s %s\n", path, info.field, info.message);
        return -1;
    }
    return 0;
}

void testdb_close(struct store *s, const char *path)
{
    if (s)
        store_close(s);
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        char p[256];
        snprintf(p, sizeof(p), "%s%s", path, suffixes[i]);
        unlink(p);
    }
}

enum err testdb_add_user(struct store_tx *tx, const char *username, const char *name,
                         enum role role, int64_t *id)
{
    struct user u;
    memset(&u, 0, sizeof(u));
    snprintf(u.username, sizeof(u.username), "%s", username);
    snprintf(u.name, sizeof(u.name), "%s", name);
    u.role = role;
    snprintf(u.password_hash, sizeof(u.password_hash), "not-a-real-hash");
    enum err rc = store_user_insert(tx, &u);
    *id = u.id;
    return rc;
}
