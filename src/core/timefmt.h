/*
 * timefmt: the wall clock and UTC ISO-8601 text for instants. Instants are int64 milliseconds
 * since the Unix epoch, UTC, everywhere in frontdoor. Local (Europe/London) time and working
 * time are not here: see core/ukclock and domain/calendar.
 */
#ifndef FD_CORE_TIMEFMT_H
#define FD_CORE_TIMEFMT_H

#include <stdint.h>

#include "core/err.h"

#define TIMEFMT_LEN 48

/* Current UTC time in milliseconds. */
int64_t timefmt_now_ms(void);
/* Monotonic clock in microseconds, for durations. */
int64_t timefmt_mono_us(void);
/* Writes "2026-11-23T09:15:00Z" (milliseconds shown only when non-zero) into out. */
void timefmt_utc(int64_t at_ms, char out[TIMEFMT_LEN]);
/* Parses ISO-8601 date-time with a designator: Z or +hh:mm/-hh:mm (or +hhmm), optional
 * fractional seconds. Strict: no trailing text, real calendar dates. */
enum err timefmt_parse(const char *text, int64_t *at_ms_out) MUST_CHECK;

#endif
