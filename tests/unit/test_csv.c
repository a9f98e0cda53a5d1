/* core/csv: RFC 4180 records, quoting, line endings, the header, and malformed input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"

static void test_plain_records(void **state)
{
    (void)state;
    static const char data[] = "name,type\r\nLeaving Care,leaving_care\r\nEDT,emergency_duty\r\n";
    struct csv_reader r;
    struct err_info info;
    csv_reader_init(&r, data, strlen(data));
    assert_int_equal(csv_next(&r, &info), E_OK);
    assert_int_equal(r.n_fields, 2);
    assert_string_equal(csv_field(&r, 0), "name");
    assert_int_equal(r.row, 1);
    assert_int_equal(csv_next(&r, &info), E_OK);
    assert_string_equal(csv_field(&r, 0), "Leaving Care");
    assert_string_equal(csv_field(&r, 1), "leaving_care");
    assert_string_equal(csv_field(&r, 7), ""); /* past the end */
    assert_int_equal(r.row, 2);
    assert_int_equal(csv_next(&r, &info), E_OK);
    assert_string_equal(csv_field(&r, 0), "EDT");
    assert_int_equal(r.row, 3);
    assert_int_equal(csv_next(&r, &info), E_NOTFOUND);
    csv_reader_release(&r);
}

static void test_quoting(void **state)
{
    (void)state;
    /* a comma, a doubled quote, a line break inside quotes; LF endings; no final newline */
    static const char data[] = "a,b,c\n\"Smith, Jo\",\"said \"\"hello\"\"\",\"line one\r\nline "
                               "two\"\n\"\",plain,\"\"\"\"";
    struct csv_reader r;
    struct err_info info;
    csv_reader_init(&r, data, strlen(data));
    assert_int_equal(csv_next(&r, &info), E_OK);
    assert_int_equal(csv_next(&r, &info), E_OK);
    assert_int_equal(r.n_fields, 3);
    assert_string_equal(csv_field(&r, 0), "Smith, Jo");
    assert_string_equal(csv_field(&r, 1), "said \"hello\"");
    assert_string_equal(csv_field(&r, 2), "line one\r\nline two");
    assert_int_equal(r.record_line, 2);
    assert_int_equal(csv_next(&r, &info), E_OK);
    assert_int_equal(r.row, 3);
    assert_int_equal(r.record_line, 4); /* the quoted line break moved the line on */
    assert_string_equal(csv_field(&r, 0), "");
    assert_string_equal(csv_field(&r, 1), "plain");
    assert_string_equal(csv_field(&r, 2), "\"");
    assert_int_equal(csv_next(&r, &info), E_NOTFOUND);
    csv_reader_release(&r);
}

static void test_empty_fields_bom_and_blank_lines(void **state)
{
    (void)state;
    static const char data[] = "\xEF\xBB\xBFname,,x\n\n,,\nlast,\n";
    struct csv_reader r;
    struct err_info info;
    csv_reader_init(&r, data, strlen(data));
    assert_int_equal(csv_next(&r, &info), E_OK);
    assert_string_equal(csv_field(&r, 0), "name"); /* BOM skipped */
    assert_int_equal(r.n_fields, 3);
    assert_int_equal(csv_next(&r, &info), E_OK);
    assert_int_equal(r.row, 3); /* the blank row 2 is counted but skipped */
    assert_int_equal(r.n_fields, 3);
    assert_string_equal(csv_field(&r, 2), "");
    assert_int_equal(csv_next(&r, &info), E_OK);
    assert_int_equal(r.n_fields, 2);
    assert_string_equal(csv_field(&r, 0), "last");
    assert_int_equal(csv_next(&r, &info), E_NOTFOUND);
    csv_reader_release(&r);
}

static void expect_bad(const char *data, enum err code, const char *needle)
{
    struct csv_reader r;
    struct err_info info = {{0}, {0}};
    csv_reader_init(&r, data, strlen(data));
    enum err rc;
    while ((rc = csv_next(&r, &info)) == E_OK)
        ;
    assert_int_equal(rc, code);
    if (!strstr(info.message, needle))
        fail_msg("message '%s' lacks '%s'", info.message, needle);
    /* the reader stops after an error */
    assert_int_equal(csv_next(&r, &info), E_NOTFOUND);
    csv_reader_release(&r);
}

static void test_malformed(void **state)
{
    (void)state;
    expect_bad("a,b\n\"open,field\n", E_INVALID, "row 2");
    expect_bad("a,b\n\"open,field\n", E_INVALID, "not closed");
    expect_bad("a,b\nx,y\nab\"c,d\n", E_INVALID, "row 3");
    expect_bad("a,b\nx,y\nab\"c,d\n", E_INVALID, "quote inside an unquoted field");
    expect_bad("a\n\"closed\"junk\n", E_INVALID, "text follows a closing quote");
    static const char with_nul[] = "a,b\nx\0y,z\n";
    struct csv_reader r;
    struct err_info info;
    csv_reader_init(&r, with_nul, sizeof(with_nul) - 1);
    assert_int_equal(csv_next(&r, &info), E_OK);
    assert_int_equal(csv_next(&r, &info), E_INVALID);
    assert_non_null(strstr(info.message, "NUL"));
    csv_reader_release(&r);

    struct buf wide = BUF_INIT;
    for (int i = 0; i < CSV_MAX_FIELDS + 1; i++)
        buf_adds(&wide, i ? ",x" : "x");
    expect_bad(wide.data, E_TOOBIG, "more than 256 fields");
    buf_release(&wide);
    struct buf big = BUF_INIT;
    buf_adds(&big, "\"");
    for (int i = 0; i < CSV_FIELD_MAX + 10; i++)
        buf_addc(&big, 'y');
    buf_adds(&big, "\"\n");
    expect_bad(big.data, E_TOOBIG, "longer than 64 KiB");
    buf_release(&big);
}

static void test_header(void **state)
{
    (void)state;
    static const char data[] = " Name ,TYPE,Locality\nTeam A , leaving_care ,North\nOnly\n";
    struct csv_reader r;
    struct csv_header h;
    struct err_info info;
    char v[16];
    csv_reader_init(&r, data, strlen(data));
    assert_int_equal(csv_header_read(&r, &h, &info), E_OK);
    assert_int_equal(h.n, 3);
    assert_string_equal(h.names[0], "name");
    assert_int_equal(csv_header_find(&h, "type"), 1);
    assert_int_equal(csv_header_find(&h, "Locality"), 2);
    assert_int_equal(csv_header_find(&h, "email"), -1);
    assert_int_equal(csv_next(&r, &info), E_OK);
    assert_string_equal(csv_get(&r, &h, "name", v, sizeof(v)), "Team A");
    assert_string_equal(csv_get(&r, &h, "type", v, sizeof(v)), "leaving_care");
    assert_string_equal(csv_get(&r, &h, "email", v, sizeof(v)), "");
    assert_string_equal(csv_get(&r, &h, "type", v, 5), "leav"); /* cut to the buffer */
    assert_int_equal(csv_next(&r, &info), E_OK);
    assert_string_equal(csv_get(&r, &h, "locality", v, sizeof(v)), ""); /* short record */
    csv_header_release(&h);
    csv_reader_release(&r);

    static const char dup[] = "name,Name\n";
    csv_reader_init(&r, dup, strlen(dup));
    assert_int_equal(csv_header_read(&r, &h, &info), E_INVALID);
    assert_non_null(strstr(info.message, "appears twice"));
    csv_reader_release(&r);
    static const char blank[] = "name,,type\n";
    csv_reader_init(&r, blank, strlen(blank));
    assert_int_equal(csv_header_read(&r, &h, &info), E_INVALID);
    assert_non_null(strstr(info.message, "column 2 has no name"));
    csv_reader_release(&r);
    csv_reader_init(&r, "", 0);
    assert_int_equal(csv_header_read(&r, &h, &info), E_INVALID);
    assert_non_null(strstr(info.message, "empty"));
    csv_reader_release(&r);
}

/* 100,000 rows read and every field seen: a check that the reader does not go quadratic. */
static void test_many_rows(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_adds(&b, "id,name,note\n");
    for (int i = 0; i < 100000; i++)
        buf_addf(&b, "%d,\"Person %d\",\"a, b\"\n", i, i);
    struct csv_reader r;
    struct err_info info;
    csv_reader_init(&r, b.data, b.len);
    assert_int_equal(csv_next(&r, &info), E_OK);
    long sum = 0, n = 0;
    while (csv_next(&r, &info) == E_OK) {
        sum += strtol(csv_field(&r, 0), NULL, 10);
        assert_string_equal(csv_field(&r, 2), "a, b");
        n++;
    }
    assert_int_equal(n, 100000);
    assert_int_equal(sum, 99999L * 100000L / 2);
    csv_reader_release(&r);
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_records),
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_empty_fields_bom_and_blank_lines),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_many_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
