/*
 * ics: reading a worker's calendar from an iCalendar (.ics, RFC 5545) export — Outlook,
 * Google and Thunderbird all write one — into availability entries (requirement H8: "look at
 * the PA's calendar for when they are next free"). Parsing is libical's; this module decides
 * what an event means for availability:
 *  - events marked free (TRANSP:TRANSPARENT, or Outlook's busy status FREE) and cancelled ones
 *    are left out: they do not take the worker away;
 *  - the kind comes from CATEGORIES, else from words in the SUMMARY (leave, holiday, sick,
 *    supervision, travel, training, course ...), else Outlook's "out of office" status means
 *    leave, else it is an appointment;
 *  - times in UTC, in Europe/London (by TZID or as floating local time) and all-day dates are
 *    read with core/ukclock; other time zones through the VTIMEZONE in the file or the system's
 *    zone data;
 *  - repeating events (RRULE, less EXDATE and the occurrences a RECURRENCE-ID event replaces)
 *    are expanded over a window around now; single events that ended before the window are
 *    dropped as history.
 * It does not store anything (store/store_worker does) and does not talk to a calendar server.
 */
#ifndef FD_DOMAIN_ICS_H
#define FD_DOMAIN_ICS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/availability.h"

#define ICS_MAX_ENTRIES 5000
#define ICS_WINDOW_PAST_MS (31LL * 24 * 3600 * 1000)    /* keep what ended this long ago */
#define ICS_WINDOW_FUTURE_MS (400LL * 24 * 3600 * 1000) /* expand repeats this far ahead */

struct ics_import {
    struct availability_entry *entries; /* owned; worker_id 0, source "ics" */
    size_t n;
    size_t n_events;  /* VEVENTs in the file */
    size_t n_skipped; /* free, cancelled, zero-length, too long or outside the window */
};

/* Parses text (NUL-terminated iCalendar) at time now_ms. *out is owned by the caller:
 * ics_import_release, also after an error. E_INVALID when the text is not iCalendar or an
 * event's time cannot be read (info->message says which event); E_TOOBIG over ICS_MAX_ENTRIES
 * entries. */
enum err ics_parse(const char *text, int64_t now_ms, struct ics_import *out,
                   struct err_info *info) MUST_CHECK;
void ics_import_release(struct ics_import *imp);

#endif
