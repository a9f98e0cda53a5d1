/*
 * febrl_eval: measures person matching (domain/match) on FEBRL dataset 4. It loads the 5,000
 * originals, indexes them by match_blocking_keys in an in-memory hash table (as the store does
 * in SQL), then searches for each of the 5,000 corrupted duplicates: fetch the persons sharing a
 * key (at most --cap per key), score each with match_score_prepared, rank by (outright, weight).
 * It prints recall@1 and recall@5 (the true original ranked first / in the first five; ties are
 * counted against us), blocking recall, candidates per query, and timings. It is a standalone
 * tool, not part of the server:
 *
 *   cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc tools/febrl_eval.c \
 *      src/domain/match.c src/domain/person_valid.c src/domain/nickname.c \
 *      src/domain/phonetic.c src/core/buf.c src/core/err.c src/core/xalloc.c -lm -o /tmp/fe
 *   /tmp/fe [--cap N] [--misses N] [--without id,address,...] [--all] [a.csv b.csv]
 *
 * --all scores every original for every query (no blocking), to judge the scoring alone.
 * --synth N adds N synthetic persons to the index as distractors, to see posting-list sizes,
 * candidates per query and recall at scale: each takes a given name, a family name, a street
 * with its suburb and postcode from three different originals chosen at random, a house number
 * uniform over 1-400, a date of birth uniform over 1920-2020 and a random 7-digit identifier. Names
 * and addresses are thus realistic in frequency but independent of each other, so they are easier
 * to tell apart than real relatives and neighbours are; FEBRL postcodes are 4-digit regions, far
 * coarser than UK postcodes, so "pc:" posting lists are far longer than UK ones would be.
 *
 * FEBRL fields map to generic ones: given_name, surname -> given, family; date_of_birth ->
 * dob; postcode -> postcode; street_number + address_1 + address_2 -> address; suburb ->
 * locality; soc_sec_id -> other_id (credit when equal or one typo apart, never outright). The
 * state is not used: a person record has no such field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "domain/match.h"

#define N_COLS 11
enum { C_ID, C_GIVEN, C_SURNAME, C_STNO, C_ADDR1, C_ADDR2, C_SUBURB, C_PC, C_STATE, C_DOB, C_SSN };

struct rec {
    const char *col[N_COLS];
    char address[256];
    struct match_person p;
    struct match_prep *prep; /* NULL for synthetic records: prepared when scored, as a store
                                reading rows would */
};

struct posting {
    char *key;
    size_t n, cap;
    size_t *ids;
};

struct index {
    size_t cap, n;
    struct posting *slots; /* open addressing */
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static struct posting *index_slot(struct index *ix, const char *key, int create)
{
    if (create && (ix->n + 1) * 2 > ix->cap) {
        struct index big = {ix->cap ? ix->cap * 2 : 1024, 0, NULL};
        big.slots = xcalloc(big.cap, sizeof(*big.slots));
        for (size_t i = 0; i < ix->cap; i++) {
            if (!ix->slots[i].key)
                continue;
            size_t j = hash_str(ix->slots[i].key) & (big.cap - 1);
            while (big.slots[j].key)
                j = (j + 1) & (big.cap - 1);
            big.slots[j] = ix->slots[i];
            big.n++;
        }
        free(ix->slots);
        *ix = big;
    }
    if (!ix->cap)
        return NULL;
    size_t j = hash_str(key) & (ix->cap - 1);
    while (ix->slots[j].key) {
        if (strcmp(ix->slots[j].key, key) == 0)
            return &ix->slots[j];
        j = (j + 1) & (ix->cap - 1);
    }
    if (!create)
        return NULL;
    ix->slots[j].key = xstrdup(key);
    ix->n++;
    return &ix->slots[j];
}

static void index_add(struct index *ix, const char *key, size_t id)
{
    struct posting *p = index_slot(ix, key, 1);
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 4;
        p->ids = xrealloc(p->ids, p->cap * sizeof(*p->ids));
    }
    p->ids[p->n++] = id;
}

static int parse_dob(const char *s, struct pdate *d)
{
    d->year = d->month = d->day = 0;
    if (strlen(s) != 8)
        return -1;
    for (int i = 0; i < 8; i++)
        if (s[i] < '0' || s[i] > '9')
            return -1;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[4] - '0') * 10 + (s[5] - '0');
    int dd = (s[6] - '0') * 10 + (s[7] - '0');
    struct pdate t = {y, m, dd};
    struct err_info info;
    if (person_valid_date_check(&t, "dob", &info) != E_OK || y == 0)
        return -1; /* corrupted into a non-date: treat as unknown, as a form would refuse it */
    *d = t;
    return 0;
}

/* Reads a FEBRL CSV into a growing array; returns the count. */
/* Fields left out for ablation runs (--without id,address,locality,postcode,dob). */
static const char *without = "";

static int used(const char *field)
{
    return strstr(without, field) == NULL;
}

static size_t load(const char *path, struct rec **out)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    size_t n = 0, cap = 0;
    struct rec *r = NULL;
    char line[4096];
    int header = 1;
    while (fgets(line, sizeof(line), f)) {
        if (header) {
            header = 0;
            continue;
        }
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0])
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8192;
            r = xrealloc(r, cap * sizeof(*r));
        }
        struct rec *x = &r[n];
        memset(x, 0, sizeof(*x));
        char *s = line;
        for (int c = 0; c < N_COLS; c++) {
            char *comma = strchr(s, ',');
            if (comma)
                *comma = '\0';
            while (*s == ' ')
                s++;
            x->col[c] = xstrdup(s);
            s = comma ? comma + 1 : s + strlen(s);
        }
        snprintf(x->address, sizeof(x->address), "%s %s %s", x->col[C_STNO], x->col[C_ADDR1],
                 x->col[C_ADDR2]);
        x->p.given = x->col[C_GIVEN];
        x->p.family = x->col[C_SURNAME];
        if (used("dob"))
            (void)parse_dob(x->col[C_DOB], &x->p.dob);
        x->p.postcode = used("postcode") ? x->col[C_PC] : NULL;
        x->p.address = used("address") ? x->address : NULL;
        x->p.locality = used("locality") ? x->col[C_SUBURB] : NULL;
        x->p.other_id = used("id") ? x->col[C_SSN] : NULL;
        n++;
    }
    fclose(f);
    *out = r;
    return n;
}

/* "rec-1070-org" / "rec-1070-dup-0" -> 1070 */
static long rec_number(const char *id)
{
    const char *p = strchr(id, '-');
    return p ? strtol(p + 1, NULL, 10) : -1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct cand {
    size_t id;
    struct match_result r;
};

static int cand_cmp(const void *x, const void *y)
{
    const struct cand *a = x, *b = y;
    if (a->r.outright != b->r.outright)
        return a->r.outright ? -1 : 1;
    return (a->r.weight < b->r.weight) - (a->r.weight > b->r.weight);
}

static int dbl_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static void print_rec(const char *tag, const struct rec *x)
{
    printf("  %-5s", tag);
    for (int c = 0; c < N_COLS; c++)
        printf("%s|", x->col[c]);
    printf("\n");
}

int main(int argc, char **argv)
{
    const char *pa = "/work/shared/data/febrl/dataset4a.csv";
    const char *pb = "/work/shared/data/febrl/dataset4b.csv";
    size_t cap = 200;
    int show_misses = 0, files = 0, exhaustive = 0;
    size_t n_synth = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--cap") == 0 && i + 1 < argc)
            cap = (size_t)strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--synth") == 0 && i + 1 < argc)
            n_synth = (size_t)strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--all") == 0)
            exhaustive = 1;
        else if (strcmp(argv[i], "--without") == 0 && i + 1 < argc)
            without = argv[++i];
        else if (strcmp(argv[i], "--misses") == 0 && i + 1 < argc)
            show_misses = (int)strtol(argv[++i], NULL, 10);
        else if (files == 0 && ++files)
            pa = argv[i];
        else
            pb = argv[i];
    }
    struct rec *orig, *dup;
    size_t n_orig = load(pa, &orig), n_dup = load(pb, &dup);

    /* Synthetic distractors go after the originals in the array; all are indexed in a
     * shuffled order so that a per-key cap does not favour the originals. */
    size_t n_all = n_orig + n_synth;
    orig = xrealloc(orig, n_all * sizeof(*orig));
    for (size_t i = 0; i < n_orig; i++) /* the array moved: address points into it */
        orig[i].p.address = orig[i].p.address ? orig[i].address : NULL;
    uint64_t rng = 0x9E3779B97F4A7C15ull;
#define RAND() (rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17, rng)
    for (size_t i = n_orig; i < n_all; i++) {
        struct rec *x = &orig[i];
        const struct rec *g = &orig[RAND() % n_orig], *f = &orig[RAND() % n_orig];
        const struct rec *a = &orig[RAND() % n_orig];
        memset(x, 0, sizeof(*x));
        for (int c = 0; c < N_COLS; c++)
            x->col[c] = a->col[c];
        x->col[C_ID] = "synthetic";
        x->col[C_GIVEN] = g->col[C_GIVEN];
        x->col[C_SURNAME] = f->col[C_SURNAME];
        x->col[C_DOB] = "";
        char id[16];
        snprintf(id, sizeof(id), "%07u", (unsigned)(RAND() % 10000000u));
        x->col[C_SSN] = xstrdup(id);
        snprintf(x->address, sizeof(x->address), "%u %s %s", 1 + (unsigned)(RAND() % 400),
                 a->col[C_ADDR1], a->col[C_ADDR2]);
        x->p = a->p;
        x->p.given = x->col[C_GIVEN];
        x->p.family = x->col[C_SURNAME];
        x->p.address = a->p.address ? x->address : NULL;
        x->p.other_id = a->p.other_id ? x->col[C_SSN] : NULL;
        if (used("dob")) {
            x->p.dob.year = 1920 + (int)(RAND() % 101);
            x->p.dob.month = 1 + (int)(RAND() % 12);
            x->p.dob.day = 1 + (int)(RAND() % 28);
        }
    }
    size_t *order = xmalloc(n_all * sizeof(*order));
    for (size_t i = 0; i < n_all; i++)
        order[i] = i;
    for (size_t i = n_all; n_synth && i > 1; i--) {
        size_t j = RAND() % i, t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }

    double t0 = now_s();
    struct index ix = {0, 0, NULL};
    size_t total_keys = 0;
    for (size_t o = 0; o < n_all; o++) {
        size_t i = order[o];
        struct match_keys k;
        struct match_prep tmp;
        if (i < n_orig) {
            orig[i].prep = xmalloc(sizeof(*orig[i].prep));
            match_prepare(&orig[i].p, orig[i].prep);
        } else {
            match_prepare(&orig[i].p, &tmp);
        }
        match_blocking_keys_prepared(i < n_orig ? orig[i].prep : &tmp, &k);
        total_keys += k.n;
        for (size_t j = 0; j < k.n; j++)
            index_add(&ix, k.key[j], i);
    }
    double t_index = now_s() - t0;

    /* Map a record number to the original's index. */
    long max_no = 0;
    for (size_t i = 0; i < n_orig; i++)
        if (rec_number(orig[i].col[C_ID]) > max_no)
            max_no = rec_number(orig[i].col[C_ID]);
    long *by_no = xmalloc((size_t)(max_no + 1) * sizeof(*by_no));
    for (long i = 0; i <= max_no; i++)
        by_no[i] = -1;
    for (size_t i = 0; i < n_orig; i++)
        by_no[rec_number(orig[i].col[C_ID])] = (long)i;

    size_t *stamp = xcalloc(n_all, sizeof(*stamp));
    struct cand *cands = xmalloc(n_all * sizeof(*cands));
    double *qtime = xmalloc(n_dup * sizeof(*qtime));
    size_t hit1 = 0, hit5 = 0, blocked = 0, total_cands = 0, max_cands = 0, n_eval = 0;
    size_t capped_keys = 0;
    int misses_shown = 0;
    t0 = now_s();
    for (size_t q = 0; q < n_dup; q++) {
        long no = rec_number(dup[q].col[C_ID]);
        long truth = no >= 0 && no <= max_no ? by_no[no] : -1;
        if (truth < 0)
            continue;
        n_eval++;
        double tq = now_s();
        struct match_prep qp;
        struct match_keys k;
        match_prepare(&dup[q].p, &qp);
        match_blocking_keys_prepared(&qp, &k);
        size_t nc = 0;
        for (size_t id = 0; exhaustive && id < n_orig; id++) {
            cands[nc].id = id;
            match_score_prepared(&qp, orig[id].prep, &cands[nc].r);
            nc++;
        }
        /* Bounded keys first; broad keys only if they found nobody. */
        for (int broad = 0; !exhaustive && broad < 2 && !(broad && nc); broad++) {
            for (size_t j = 0; j < k.n; j++) {
                if (match_key_is_broad(k.key[j]) != (broad == 1))
                    continue;
                struct posting *p = index_slot(&ix, k.key[j], 0);
                if (!p)
                    continue;
                if (p->n > cap)
                    capped_keys++;
                for (size_t m = 0; m < p->n && m < cap; m++) {
                    size_t id = p->ids[m];
                    if (stamp[id] == q + 1)
                        continue;
                    stamp[id] = q + 1;
                    cands[nc].id = id;
                    if (orig[id].prep) {
                        match_score_prepared(&qp, orig[id].prep, &cands[nc].r);
                    } else {
                        struct match_prep cp;
                        match_prepare(&orig[id].p, &cp);
                        match_score_prepared(&qp, &cp, &cands[nc].r);
                    }
                    nc++;
                }
            }
        }
        qsort(cands, nc, sizeof(*cands), cand_cmp);
        qtime[n_eval - 1] = now_s() - tq;
        total_cands += nc;
        if (nc > max_cands)
            max_cands = nc;
        long rank = -1;
        for (size_t c = 0; c < nc; c++) {
            if (cands[c].id == (size_t)truth) {
                /* Pessimistic rank: everything scoring at least as well comes first. */
                rank = 0;
                for (size_t o = 0; o < nc; o++)
                    if (o != c && cand_cmp(&cands[o], &cands[c]) <= 0)
                        rank++;
                break;
            }
        }
        if (rank >= 0)
            blocked++;
        if (rank == 0)
            hit1++;
        if (rank >= 0 && rank < 5)
            hit5++;
        if (rank != 0 && misses_shown < show_misses) {
            misses_shown++;
            printf("miss: rank %ld of %zu\n", rank, nc);
            print_rec("query", &dup[q]);
            print_rec("truth", &orig[truth]);
            struct match_result tr;
            match_score_prepared(&qp, orig[truth].prep, &tr);
            struct buf b = BUF_INIT;
            match_reasons_format(tr.reasons, &b);
            printf("  truth weight %.1f: %s\n", tr.weight, b.data);
            for (size_t c = 0; c < nc && c < 2; c++) {
                buf_reset(&b);
                match_reasons_format(cands[c].r.reasons, &b);
                print_rec(c ? "2nd" : "top", &orig[cands[c].id]);
                printf("  weight %.1f: %s\n", cands[c].r.weight, b.data);
            }
            buf_release(&b);
        }
    }
    double t_search = now_s() - t0;

    size_t max_post = 0, big_post = 0;
    char max_key[64] = "";
    for (size_t i = 0; i < ix.cap; i++) {
        if (!ix.slots[i].key)
            continue;
        if (ix.slots[i].n > max_post) {
            max_post = ix.slots[i].n;
            snprintf(max_key, sizeof(max_key), "%s", ix.slots[i].key);
        }
        if (ix.slots[i].n > cap)
            big_post++;
    }
    /* Posting-list sizes by key kind ("dob", "pc", "nm"...): how bounded each kind is. */
    static const char *const kinds[] = {"id", "dob", "pc", "ps", "nm",
                                        "fy", "gy",  "py", "ad", "sn"};
    printf("posting lists by key kind (size: mean / p99 / max):\n");
    for (size_t kd = 0; kd < sizeof(kinds) / sizeof(kinds[0]); kd++) {
        size_t nk = 0, sum = 0, mx = 0;
        double *sizes = xmalloc(ix.n * sizeof(*sizes));
        size_t klen = strlen(kinds[kd]);
        for (size_t i = 0; i < ix.cap; i++) {
            const char *key = ix.slots[i].key;
            if (!key || strncmp(key, kinds[kd], klen) != 0 || key[klen] != ':')
                continue;
            sizes[nk++] = (double)ix.slots[i].n;
            sum += ix.slots[i].n;
            if (ix.slots[i].n > mx)
                mx = ix.slots[i].n;
        }
        if (nk) {
            qsort(sizes, nk, sizeof(*sizes), dbl_cmp);
            printf("  %-4s %8zu keys  %7.1f / %5.0f / %5zu\n", kinds[kd], nk,
                   (double)sum / (double)nk, sizes[(size_t)((double)nk * 0.99)], mx);
        }
        free(sizes);
    }
    qsort(qtime, n_eval, sizeof(*qtime), dbl_cmp);
    printf("records %zu (%zu synthetic), queries %zu, keys per record %.1f, distinct keys %zu, "
           "largest posting %zu (%s; %zu keys over cap %zu)\n",
           n_all, n_synth, n_eval, (double)total_keys / (double)n_all, ix.n, max_post, max_key,
           big_post, cap);
    printf("recall@1 %.4f  recall@5 %.4f  blocking recall %.4f\n", (double)hit1 / (double)n_eval,
           (double)hit5 / (double)n_eval, (double)blocked / (double)n_eval);
    printf("candidates per query: mean %.1f, max %zu; capped key fetches %zu\n",
           (double)total_cands / (double)n_eval, max_cands, capped_keys);
    printf("index build %.1f ms (%.1f us/record); search %.1f ms total, per query mean %.1f us, "
           "p50 %.1f us, p99 %.1f us, max %.1f us\n",
           t_index * 1e3, t_index * 1e6 / (double)n_all, t_search * 1e3,
           t_search * 1e6 / (double)n_eval, qtime[n_eval / 2] * 1e6,
           qtime[(size_t)((double)n_eval * 0.99)] * 1e6, qtime[n_eval - 1] * 1e6);
    return 0;
}
