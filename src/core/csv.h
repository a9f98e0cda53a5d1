/*
 * csv: reading comma-separated values as RFC 4180 writes them — fields separated by commas,
 * records by CRLF (LF and a lone CR are accepted too), a field in double quotes may hold commas,
 * line breaks and doubled quotes ("") — plus the header row that names the columns, so importers
 * find a column by name and never by position. It reads from memory (the caller maps or reads
 * the file) and copies nothing but the current record. It is not a writer, does not guess
 * separators or encodings (input is UTF-8; a leading UTF-8 byte-order mark is skipped), and
 * does not validate values: that is the importer's job, row by row.
 *
 * Rows are counted as a spreadsheet shows them: the header is row 1, the first data record
 * row 2, and an empty line still counts as a row (csv_next skips it) — so "row 7" in an error
 * report is the row a person sees when they open the file.
 */
#ifndef FD_CORE_CSV_H
#define FD_CORE_CSV_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

enum {
    CSV_MAX_FIELDS = 256,      /* fields in one record */
    CSV_FIELD_MAX = 64 * 1024, /* bytes in one field */
};

struct csv_reader {
    const char *p;                      /* next byte to read; borrowed */
    const char *end;                    /* end of the input */
    size_t line;                        /* physical line (1-based) at p */
    size_t row;                         /* row number of the current record (header = 1) */
    size_t record_line;                 /* physical line the current record started on */
    size_t n_fields;                    /* fields in the current record */
    const char *fields[CSV_MAX_FIELDS]; /* NUL-terminated; borrowed until the next csv_next */
    size_t offsets[CSV_MAX_FIELDS];
    struct buf text; /* owned: the current record's field text */
};

/* Starts reading data[0..len). data is borrowed: it must outlive the reader. */
void csv_reader_init(struct csv_reader *r, const char *data, size_t len);
/* Frees what the reader holds; r is then as after csv_reader_init of nothing. */
void csv_reader_release(struct csv_reader *r);

/* Reads the next record into r->fields / r->n_fields, skipping empty lines. E_NOTFOUND at the
 * end of the input; E_INVALID for a malformed record (an unterminated quote, a quote inside an
 * unquoted field, text after a closing quote, a NUL byte) and E_TOOBIG over CSV_MAX_FIELDS or
 * CSV_FIELD_MAX, each with info->message naming the row; the reader cannot go on after an
 * error. */
enum err csv_next(struct csv_reader *r, struct err_info *info) MUST_CHECK;
/* Field i of the current record, or "" when the record has fewer fields. Borrowed. */
const char *csv_field(const struct csv_reader *r, size_t i);

/* The column names of a file, from its first record. */
struct csv_header {
    size_t n;
    char *names[CSV_MAX_FIELDS]; /* owned; trimmed and lower-cased */
};

/* Reads the first record as the header. Names are trimmed of spaces and lower-cased; an empty
 * name or a name given twice is E_INVALID naming it; an empty file is E_INVALID too. *h is
 * owned by the caller: csv_header_release. */
enum err csv_header_read(struct csv_reader *r, struct csv_header *h,
                         struct err_info *info) MUST_CHECK;
void csv_header_release(struct csv_header *h);
/* Index of the column called name (compared case-insensitively), or -1. */
int csv_header_find(const struct csv_header *h, const char *name);
/* Field of the current record in the column called name, trimmed of leading and trailing
 * spaces and tabs into out (at most out_len - 1 bytes, cut at a character boundary); "" when
 * the column is absent. Returns out. */
const char *csv_get(const struct csv_reader *r, const struct csv_header *h, const char *name,
                    char *out, size_t out_len);

#endif
