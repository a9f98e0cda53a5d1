/*
 * fuzz.h: what every harness in tests/fuzz shares. A harness is one function,
 * LLVMFuzzerTestOneInput, that hands the bytes to real library code, checks what it can cheaply
 * check about the result, and frees everything. It is built twice: by clang with libFuzzer for
 * `make fuzz`, and by the C compiler with tests/fuzz/replay.c, which feeds it every file of the
 * committed corpus in the unit suites. A broken invariant aborts, so both report it as a crash.
 */
#ifndef FD_TESTS_FUZZ_H
#define FD_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run, naming the broken invariant, so the fuzzer keeps the input that broke it. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* data[0..size) as a NUL-terminated heap string (embedded NULs end it early); caller frees. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Splits the input at '\n' into at most max NUL-terminated pieces inside copy (which the
 * caller frees); the last piece takes the rest of the input, line breaks and all; pieces past
 * the last found are "". Returns the number of pieces found. */
static inline size_t fuzz_split(const uint8_t *data, size_t size, char **copy, const char **out,
                                size_t max)
{
    char *s = fuzz_cstr(data, size);
    size_t n = 0;
    char *p = s;
    while (n < max) {
        out[n++] = p;
        char *nl = strchr(p, '\n');
        if (!nl || n == max)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    for (size_t i = n; i < max; i++)
        out[i] = "";
    *copy = s;
    return n;
}

#endif
