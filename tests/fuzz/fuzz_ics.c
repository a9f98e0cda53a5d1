/*
 * fuzz_ics: an uploaded calendar (.ics) through ics_parse, as a worker's calendar import reads
 * it, at a fixed "now" so a run is repeatable. Checks what ics.h promises of the entries: at
 * most ICS_MAX_ENTRIES, each inside the import window, and each one that
 * availability_entry_validate accepts — the rules a hand-made entry must pass (an end after the
 * start, at most 400 days, a title of valid UTF-8 without control characters) — since imported
 * entries are stored and shown the same way.
 */
#include "domain/availability.h"
#include "domain/ics.h"
#include "fuzz.h"

#define NOW_MS 1795000000000LL /* 2026-11-18 */

static void check_entry(const struct availability_entry *e)
{
    struct err_info info = {0};
    FUZZ_CHECK(memchr(e->title, '\0', sizeof(e->title)) != NULL);
    FUZZ_CHECK(memchr(e->uid, '\0', sizeof(e->uid)) != NULL);
    FUZZ_CHECK(strcmp(e->source, "ics") == 0);
    FUZZ_CHECK(e->ends_at >= NOW_MS - ICS_WINDOW_PAST_MS);
    FUZZ_CHECK(availability_entry_validate(e, &info) == E_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    struct ics_import imp;
    struct err_info info = {0};
    if (ics_parse(text, NOW_MS, &imp, &info) == E_OK) {
        FUZZ_CHECK(imp.n <= ICS_MAX_ENTRIES);
        FUZZ_CHECK(imp.n == 0 || imp.entries != NULL);
        for (size_t i = 0; i < imp.n; i++)
            check_entry(&imp.entries[i]);
    }
    ics_import_release(&imp);
    free(text);
    return 0;
}
