/*
 * fuzz_csv: an uploaded CSV file (persons, directory) through the reader as the importers use
 * it: the header row, then every record, each column fetched by name with csv_get. Checks that
 * a record has 1..CSV_MAX_FIELDS fields of at most CSV_FIELD_MAX bytes, that rows only go
 * forward, that the fields of a record never hold more bytes than the input, that csv_get
 * stays inside its buffer and does not cut a character of valid UTF-8 in two, and that the
 * header's names are unique, trimmed and lower-case.
 */
#include <ctype.h>
#include <strings.h>

#include "core/csv.h"
#include "domain/contact.h"
#include "fuzz.h"

static void check_header(const struct csv_header *h)
{
    FUZZ_CHECK(h->n >= 1 && h->n <= CSV_MAX_FIELDS);
    for (size_t i = 0; i < h->n; i++) {
        const char *name = h->names[i];
        size_t len = strlen(name);
        FUZZ_CHECK(len > 0);
        FUZZ_CHECK(name[0] != ' ' && name[0] != '\t');
        FUZZ_CHECK(name[len - 1] != ' ' && name[len - 1] != '\t');
        for (const char *p = name; *p; p++)
            FUZZ_CHECK(!isupper((unsigned char)*p));
        FUZZ_CHECK(csv_header_find(h, name) == (int)i);
    }
}

static void check_get(const struct csv_reader *r, const struct csv_header *h, const char *name)
{
    char small[8];
    csv_get(r, h, name, small, sizeof(small));
    FUZZ_CHECK(strlen(small) < sizeof(small));
    int col = csv_header_find(h, name);
    if (col >= 0 && utf8_length(csv_field(r, (size_t)col)) >= 0)
        FUZZ_CHECK(utf8_length(small) >= 0);
}

static void check_record(const struct csv_reader *r, size_t size)
{
    FUZZ_CHECK(r->n_fields >= 1 && r->n_fields <= CSV_MAX_FIELDS);
    size_t total = 0;
    for (size_t i = 0; i < r->n_fields; i++) {
        size_t len = strlen(csv_field(r, i));
        FUZZ_CHECK(len <= CSV_FIELD_MAX);
        total += len;
    }
    FUZZ_CHECK(total <= size);
    FUZZ_CHECK(csv_field(r, r->n_fields)[0] == '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv_reader r;
    struct csv_header h;
    struct err_info info = {0};
    csv_reader_init(&r, (const char *)data, size);
    if (csv_header_read(&r, &h, &info) == E_OK) {
        check_header(&h);
        size_t last_row = r.row;
        while (csv_next(&r, &info) == E_OK) {
            FUZZ_CHECK(r.row > last_row);
            last_row = r.row;
            check_record(&r, size);
            for (size_t i = 0; i < h.n; i++)
                check_get(&r, &h, h.names[i]);
            check_get(&r, &h, "no such column");
        }
        csv_header_release(&h);
    }
    csv_reader_release(&r);
    return 0;
}
