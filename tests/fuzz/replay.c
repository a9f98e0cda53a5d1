/*
 * replay: runs one fuzz harness over every file of its corpus without libFuzzer, so the unit
 * suites (gcc, plain and under ASan+UBSan) re-check each committed seed and each past crash on
 * every run. Usage: replay_NAME [DIR|FILE...]; with no argument it reads FUZZ_CORPUS, the
 * harness's directory under tests/fuzz/corpus (relative to the top of the tree, where
 * scripts/run-tests runs). Each input is one test: an input that crashes, leaks or breaks an
 * invariant stops the process (a sanitizer or abort), which the runner counts as a failure and
 * whose log names the input last started. Prints cmocka's summary lines so scripts/run-tests
 * counts the inputs passed.
 */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include "fuzz.h"

#ifndef FUZZ_CORPUS
#error "build with -DFUZZ_CORPUS=\"tests/fuzz/corpus/NAME\""
#endif

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads path whole; returns -1 (with a message) when it cannot. */
static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: could not open '%s': %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap)
            data = realloc(data, cap *= 2);
    }
    int failed = ferror(f) || !data;
    fclose(f);
    if (failed) {
        fprintf(stderr, "replay: could not read '%s'\n", path);
        free(data);
        return -1;
    }
    printf("[ RUN      ] %s\n", path);
    fflush(stdout);
    LLVMFuzzerTestOneInput(data, len);
    printf("[       OK ] %s\n", path);
    free(data);
    return 0;
}

/* Replays every regular file in dir, in name order; counts into *passed and *failed. */
static void replay_dir(const char *dir, int *passed, int *failed)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "replay: could not open '%s': %s\n", dir, strerror(errno));
        (*failed)++;
        return;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        names = realloc(names, (n + 1) * sizeof(*names));
        size_t size = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(size);
        snprintf(names[n++], size, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), compare_names);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            if (replay_file(names[i]) == 0)
                (*passed)++;
            else
                (*failed)++;
        }
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    if (argc < 2) {
        replay_dir(FUZZ_CORPUS, &passed, &failed);
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
            replay_dir(argv[i], &passed, &failed);
        else if (replay_file(argv[i]) == 0)
            passed++;
        else
            failed++;
    }
    if (passed + failed == 0) {
        fprintf(stderr, "replay: no inputs\n");
        failed = 1;
    }
    printf("[==========] %d input(s) replayed.\n", passed + failed);
    printf("[  PASSED  ] %d test(s).\n", passed);
    if (failed)
        printf("[  FAILED  ] %d test(s).\n", failed);
    return failed ? 1 : 0;
}
