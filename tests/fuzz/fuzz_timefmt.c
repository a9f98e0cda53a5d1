/*
 * fuzz_timefmt: instants as the API receives them ("2026-11-23T09:15:00+01:00") through
 * timefmt_parse, and the same bytes' first eight as an instant in milliseconds through
 * timefmt_utc. Checks that what parses is written back by timefmt_utc as text that parses to the
 * same instant, and that timefmt_utc's text fits its buffer for any instant.
 */
#include "core/timefmt.h"
#include "fuzz.h"

static void check_round_trip(int64_t at_ms)
{
    char text[TIMEFMT_LEN];
    timefmt_utc(at_ms, text);
    FUZZ_CHECK(strlen(text) < TIMEFMT_LEN);
    int64_t again = 0;
    FUZZ_CHECK(timefmt_parse(text, &again) == E_OK);
    FUZZ_CHECK(again == at_ms);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    int64_t at_ms = 0;
    if (timefmt_parse(text, &at_ms) == E_OK && at_ms >= -2208988800000LL /* 1900 */ &&
        at_ms < 7258118400000LL /* 2200 */)
        check_round_trip(at_ms);
    free(text);

    if (size >= sizeof(int64_t)) {
        int64_t any;
        memcpy(&any, data, sizeof(any));
        char out[TIMEFMT_LEN];
        timefmt_utc(any, out);
        FUZZ_CHECK(strlen(out) < TIMEFMT_LEN);
    }
    return 0;
}
