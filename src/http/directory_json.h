/*
 * directory_json: JSON in and out for the service directory's resources (http/teams,
 * http/workers, http/allocations) — one x_to_json and one x_from_json per type, so the three
 * resources write a team, a worker, an allocation and an availability the same way everywhere.
 * Reading is strict like http/jsonin: unknown fields and wrong types are E_INVALID naming the
 * field. Times go out as UTC ISO-8601 ("...Z"), dates as "YYYY-MM-DD".
 */
#ifndef FD_HTTP_DIRECTORY_JSON_H
#define FD_HTTP_DIRECTORY_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/allocation.h"
#include "domain/availability.h"
#include "domain/team.h"
#include "domain/worker.h"

/* New references (caller owns). */
json_t *team_to_json(const struct team *t);
json_t *worker_to_json(const struct worker *w);
json_t *allocation_to_json(const struct allocation *a, int64_t now_ms);
/* An entry; the title only when show_title (the worker's own or a directory admin's view). */
json_t *entry_to_json(const struct availability_entry *e, bool show_title);
/* {"monday": "09:00-17:00", ...} */
json_t *pattern_to_json(const struct work_pattern *p);
/* UTC ISO-8601 text for at_ms, or JSON null for 0. */
json_t *instant_to_json(int64_t at_ms);

/* Applies the fields present in obj to *t (a team from team_init, or the stored team when
 * changing one); fields absent keep their value. Then validates the result. "reason" is
 * allowed and ignored here (the caller reads it). */
enum err team_from_json(json_t *obj, struct team *t, struct err_info *info) MUST_CHECK;
/* Same for a worker. Teams are [{"id": 3, "is_manager": false}] or [3, 4]; "username" may
 * name the sign-in instead of "user_id": *username_out (borrowed from obj, NULL when absent)
 * is left for the caller to resolve. */
enum err worker_from_json(json_t *obj, struct worker *w, const char **username_out,
                          struct err_info *info) MUST_CHECK;
/* A new allocation (not validated: allocation_validate needs the time). */
enum err allocation_from_json(json_t *obj, struct allocation *a, struct err_info *info) MUST_CHECK;
/* A new calendar entry {kind, starts_at, ends_at, title?}, validated. */
enum err entry_from_json(json_t *obj, struct availability_entry *e,
                         struct err_info *info) MUST_CHECK;

/* *out = the whole number at key (absent or null: unchanged, *present 0). E_INVALID when not
 * an integer or outside [min, max]. present may be NULL. */
enum err dirjson_int64(json_t *obj, const char *key, int64_t min, int64_t max, int64_t *out,
                       int *present, struct err_info *info) MUST_CHECK;

#endif
