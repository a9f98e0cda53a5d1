/*
 * teams: the /api/teams resource — the directory of teams and services (issue 3): list and
 * search them, read one with its members, opening hours and whether it is open now, create and
 * change them, and record the days a team is closed. Reads are not audited (the directory
 * holds no one's case); writes are, and need PERM_DIRECTORY_ADMIN.
 */
#ifndef FD_HTTP_TEAMS_H
#define FD_HTTP_TEAMS_H

#include "http/server.h"

void teams_list(struct request *req);
void teams_get(struct request *req);
void teams_create(struct request *req);
void teams_update(struct request *req);
void teams_close_day(struct request *req);

#endif
