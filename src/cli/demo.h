/*
 * demo: the demo council's data, one loader per feature, run in order inside the single
 * transaction of `frontdoor init --demo`. A feature adds its loader in its own file
 * (cli/demo_<feature>.c) and one line to the table in cmd_init.c. Loaders are fiction built
 * from the seeds' front doors; no real person's data.
 */
#ifndef FD_CLI_DEMO_H
#define FD_CLI_DEMO_H

#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

struct demo_ctx {
    int64_t agent_id; /* user ids of the demo users, by role */
    int64_t practitioner_id;
    int64_t manager_id;
    int64_t duty_manager_id;
    int64_t coordinator_id;
    int64_t analyst_id;
    int64_t admin_id;
};

typedef enum err (*demo_loader_fn)(struct store_tx *tx, const struct demo_ctx *ctx);

#endif
