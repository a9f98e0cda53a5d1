/*
 * person_synth: the generator. Random numbers are splitmix64. Weighted lists are drawn by a
 * linear walk over cumulative weights (lists are short). Household h lives at house number
 * 2*(h % 15)+1 of the street of postcode h / 15, so a postcode holds 15 households (about 36
 * persons), as a real unit postcode does.
 */
#include "cli/person_synth.h"

#include <stdio.h>
#include <string.h>

#include "domain/nickname.h"

struct weighted {
    const char *name;
    int weight;
};

/* Common surnames in Britain, weighted roughly per 10,000 people. */
static const struct weighted families[] = {
    {"Smith", 126},     {"Jones", 75},       {"Williams", 61}, {"Taylor", 50},  {"Brown", 48},
    {"Davies", 46},     {"Evans", 36},       {"Wilson", 32},   {"Thomas", 30},  {"Johnson", 29},
    {"Roberts", 28},    {"Robinson", 25},    {"Thompson", 25}, {"Wright", 24},  {"Walker", 24},
    {"White", 23},      {"Edwards", 22},     {"Hughes", 22},   {"Green", 21},   {"Hall", 21},
    {"Lewis", 20},      {"Harris", 20},      {"Clarke", 19},   {"Patel", 19},   {"Jackson", 19},
    {"Wood", 18},       {"Turner", 18},      {"Martin", 17},   {"Cooper", 17},  {"Hill", 17},
    {"Ward", 16},       {"Morris", 16},      {"Moore", 16},    {"Clark", 16},   {"Lee", 15},
    {"King", 15},       {"Baker", 15},       {"Harrison", 14}, {"Morgan", 14},  {"Allen", 14},
    {"James", 14},      {"Scott", 13},       {"Phillips", 13}, {"Watson", 13},  {"Davis", 13},
    {"Parker", 12},     {"Price", 12},       {"Bennett", 12},  {"Young", 12},   {"Griffiths", 12},
    {"Mitchell", 11},   {"Kelly", 11},       {"Cook", 11},     {"Carter", 11},  {"Richardson", 11},
    {"Bailey", 10},     {"Collins", 10},     {"Bell", 10},     {"Shaw", 10},    {"Murphy", 10},
    {"Miller", 10},     {"Cox", 10},         {"Richards", 9},  {"Khan", 9},     {"Marshall", 9},
    {"Anderson", 9},    {"Simpson", 9},      {"Ellis", 9},     {"Adams", 9},    {"Singh", 9},
    {"Begum", 8},       {"Wilkinson", 8},    {"Foster", 8},    {"Chapman", 8},  {"Powell", 8},
    {"Webb", 8},        {"Rogers", 8},       {"Gray", 8},      {"Mason", 8},    {"Ali", 8},
    {"Hunt", 7},        {"Hussain", 7},      {"Campbell", 7},  {"Matthews", 7}, {"Owen", 7},
    {"Palmer", 7},      {"Holmes", 7},       {"Mills", 7},     {"Barnes", 7},   {"Knight", 7},
    {"Lloyd", 6},       {"Butler", 6},       {"Russell", 6},   {"Barker", 6},   {"Fisher", 6},
    {"Stevens", 6},     {"Jenkins", 6},      {"Murray", 6},    {"Dixon", 6},    {"Harvey", 6},
    {"Graham", 5},      {"Pearson", 5},      {"Ahmed", 5},     {"Fletcher", 5}, {"Walsh", 5},
    {"Kaur", 5},        {"Gibson", 5},       {"Howard", 5},    {"Andrews", 5},  {"Stewart", 5},
    {"Elliott", 5},     {"Reynolds", 5},     {"Saunders", 5},  {"Payne", 5},    {"Fox", 5},
    {"Ford", 4},        {"Pearce", 4},       {"Day", 4},       {"Brooks", 4},   {"West", 4},
    {"Lawrence", 4},    {"Cole", 4},         {"Atkinson", 4},  {"Bradley", 4},  {"Spencer", 4},
    {"Gill", 4},        {"Dawson", 4},       {"Ball", 4},      {"Burton", 4},   {"O'Brien", 4},
    {"Watts", 4},       {"Rose", 4},         {"Booth", 4},     {"Perry", 4},    {"Ryan", 4},
    {"Grant", 3},       {"Wells", 3},        {"Armstrong", 3}, {"Francis", 3},  {"Rees", 3},
    {"Hayes", 3},       {"Hart", 3},         {"Hudson", 3},    {"Newman", 3},   {"Barrett", 3},
    {"Webster", 3},     {"Hunter", 3},       {"Gregory", 3},   {"Carr", 3},     {"Lowe", 3},
    {"Page", 3},        {"Marsh", 3},        {"Riley", 3},     {"Dunn", 3},     {"Woods", 3},
    {"Nowak", 2},       {"Kowalska", 2},     {"Okafor", 2},    {"Adeyemi", 2},  {"Mensah", 2},
    {"Nguyen", 2},      {"Chen", 2},         {"Silva", 2},     {"Santos", 2},   {"Rossi", 2},
    {"Smith-Jones", 1}, {"Ashworth-Lee", 1}, {"MacLeod", 2},   {"McDonald", 3}, {"O'Connor", 2},
};

/* Invented rarer surnames: one of each, prefix + suffix. */
static const char *const tail_prefix[] = {
    "Ash",  "Bram", "Brook", "Cald",  "Carn", "Chad", "Clay",  "Cran", "Dal",   "Dray",
    "Elm",  "Fair", "Fern",  "Frith", "Gar",  "Gold", "Hal",   "Harl", "Hol",   "Kem",
    "Kirk", "Lang", "Lind",  "Mar",   "Mel",  "Mor",  "Nor",   "Oak",  "Pen",   "Ral",
    "Rad",  "Rook", "Sal",   "Sand",  "Shel", "Stan", "Stock", "Sum",  "Thorn", "Tyr",
    "Wad",  "Wal",  "Wes",   "Whit",  "Wil",  "Win",  "Wor",   "Yar",  "Bex",   "Cor",
};
static const char *const tail_suffix[] = {
    "by",   "croft", "dale", "den",   "ford",   "gate",  "ham",   "hurst",
    "ley",  "low",   "mere", "more",  "ridge",  "shaw",  "stead", "ton",
    "wick", "well",  "wood", "worth", "bourne", "combe", "field", "hill",
};

static const struct weighted female[] = {
    {"Olivia", 30},   {"Amelia", 28},   {"Isla", 20},      {"Ava", 22},       {"Mia", 18},
    {"Emily", 25},    {"Sophie", 20},   {"Grace", 18},     {"Lily", 18},      {"Ella", 15},
    {"Jessica", 20},  {"Chloe", 18},    {"Charlotte", 18}, {"Hannah", 16},    {"Lucy", 16},
    {"Sarah", 25},    {"Emma", 22},     {"Laura", 18},     {"Rebecca", 18},   {"Rachel", 16},
    {"Claire", 16},   {"Nicola", 14},   {"Michelle", 14},  {"Lisa", 14},      {"Helen", 16},
    {"Susan", 18},    {"Margaret", 18}, {"Patricia", 12},  {"Elizabeth", 22}, {"Mary", 20},
    {"Karen", 14},    {"Julie", 14},    {"Joanne", 12},    {"Victoria", 14},  {"Katherine", 12},
    {"Jennifer", 12}, {"Amy", 14},      {"Zoe", 10},       {"Aisha", 8},      {"Fatima", 8},
    {"Priya", 6},     {"Amira", 6},     {"Zainab", 6},     {"Maya", 8},       {"Freya", 10},
    {"Poppy", 10},    {"Evie", 10},     {"Ruby", 12},      {"Daisy", 10},     {"Alice", 12},
    {"Dorothy", 8},   {"Joan", 8},      {"Irene", 6},      {"Agnieszka", 3},  {"Chiamaka", 3},
};

static const struct weighted male[] = {
    {"Oliver", 28},   {"George", 26},  {"Harry", 24},     {"Noah", 20},        {"Jack", 24},
    {"Leo", 16},      {"Arthur", 14},  {"Muhammad", 16},  {"Oscar", 14},       {"Charlie", 18},
    {"Thomas", 24},   {"James", 26},   {"William", 24},   {"Joshua", 18},      {"Daniel", 22},
    {"Matthew", 20},  {"Samuel", 16},  {"Benjamin", 16},  {"Jacob", 14},       {"Ethan", 14},
    {"David", 26},    {"John", 28},    {"Michael", 24},   {"Paul", 20},        {"Mark", 20},
    {"Andrew", 20},   {"Richard", 18}, {"Robert", 20},    {"Christopher", 18}, {"Stephen", 16},
    {"Peter", 16},    {"Anthony", 14}, {"Kevin", 12},     {"Gary", 10},        {"Ian", 10},
    {"Simon", 12},    {"Lee", 8},      {"Craig", 8},      {"Liam", 12},        {"Ryan", 12},
    {"Adam", 14},     {"Luke", 14},    {"Alexander", 14}, {"Edward", 12},      {"Henry", 12},
    {"Mohammed", 10}, {"Ahmed", 6},    {"Kwame", 3},      {"Tomasz", 3},       {"Kofi", 3},
    {"Alfie", 12},    {"Freddie", 10}, {"Archie", 12},    {"Dylan", 10},       {"Kenneth", 8},
};

static const char *const streets[] = {
    "Acacia",    "Albert",   "Alexandra", "Ash",       "Balmoral", "Beech",     "Birch",
    "Bridge",    "Brook",    "Castle",    "Cedar",     "Chapel",   "Chestnut",  "Church",
    "Clarence",  "Cromwell", "Elm",       "Fern",      "Garden",   "George",    "Grange",
    "Green",     "Grove",    "Hawthorn",  "Heather",   "High",     "Highfield", "Hill",
    "Holly",     "Kings",    "Lime",      "Linden",    "Manor",    "Maple",     "Market",
    "Meadow",    "Mill",     "Moor",      "New",       "North",    "Oak",       "Orchard",
    "Park",      "Pine",     "Poplar",    "Priory",    "Queens",   "Railway",   "Rectory",
    "Riverside", "Rose",     "St John's", "Salisbury", "School",   "Spring",    "Station",
    "Sycamore",  "Victoria", "Vicarage",  "West",      "Willow",   "Windsor",   "York",
};
static const char *const street_kinds[] = {"Road",  "Street", "Avenue",   "Close",   "Lane",
                                           "Drive", "Way",    "Crescent", "Gardens", "Terrace"};

/* Postcode areas with a town for each (geography, not people). */
static const struct {
    const char *area, *town;
} areas[] = {
    {"LS", "Leeds"},      {"M", "Manchester"},    {"B", "Birmingham"},     {"BS", "Bristol"},
    {"NE", "Newcastle"},  {"S", "Sheffield"},     {"L", "Liverpool"},      {"NG", "Nottingham"},
    {"LE", "Leicester"},  {"CV", "Coventry"},     {"BD", "Bradford"},      {"HU", "Hull"},
    {"SR", "Sunderland"}, {"PL", "Plymouth"},     {"SO", "Southampton"},   {"PO", "Portsmouth"},
    {"DE", "Derby"},      {"ST", "Stoke"},        {"WV", "Wolverhampton"}, {"NR", "Norwich"},
    {"EX", "Exeter"},     {"YO", "York"},         {"CA", "Carlisle"},      {"LN", "Lincoln"},
    {"IP", "Ipswich"},    {"OX", "Oxford"},       {"CB", "Cambridge"},     {"GL", "Gloucester"},
    {"WR", "Worcester"},  {"HR", "Hereford"},     {"TR", "Truro"},         {"DH", "Durham"},
    {"PR", "Preston"},    {"BB", "Blackburn"},    {"BL", "Bolton"},        {"OL", "Oldham"},
    {"WF", "Wakefield"},  {"HD", "Huddersfield"}, {"DN", "Doncaster"},     {"TS", "Middlesbrough"},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define HOUSEHOLDS_PER_POSTCODE 15

static uint64_t next64(struct person_synth *g)
{
    uint64_t z = (g->state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint64_t person_synth_below(struct person_synth *g, uint64_t n)
{
    return n ? next64(g) % n : 0;
}

static int percent(struct person_synth *g, int p)
{
    return (int)person_synth_below(g, 100) < p;
}

static const char *pick_weighted(struct person_synth *g, const struct weighted *w, size_t n)
{
    int total = 0;
    for (size_t i = 0; i < n; i++)
        total += w[i].weight;
    int r = (int)person_synth_below(g, (uint64_t)total);
    for (size_t i = 0; i < n; i++) {
        if (r < w[i].weight)
            return w[i].name;
        r -= w[i].weight;
    }
    return w[n - 1].name;
}

static void pick_family(struct person_synth *g, char *out, size_t len)
{
    if (percent(g, 55)) {
        snprintf(out, len, "%s", pick_weighted(g, families, N(families)));
        return;
    }
    /* the long tail: invented names, some double-barrelled */
    const char *a = tail_prefix[person_synth_below(g, N(tail_prefix))];
    const char *b = tail_suffix[person_synth_below(g, N(tail_suffix))];
    if (percent(g, 3)) {
        const char *c = tail_prefix[person_synth_below(g, N(tail_prefix))];
        const char *d = tail_suffix[person_synth_below(g, N(tail_suffix))];
        snprintf(out, len, "%s%s-%s%s", a, b, c, d);
    } else {
        snprintf(out, len, "%s%s", a, b);
    }
}

static int days_in(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return d[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

static void random_date_in_year(struct person_synth *g, int year, struct pdate *out)
{
    out->year = year;
    out->month = 1 + (int)person_synth_below(g, 12);
    out->day = 1 + (int)person_synth_below(g, (uint64_t)days_in(year, out->month));
    if (out->year == g->today->year &&
        (out->month > g->today->month ||
         (out->month == g->today->month && out->day > g->today->day))) {
        out->month = 1;
        out->day = 1;
    }
}

static void nhs_number(struct person_synth *g, char out[PERSON_NHS_SIZE])
{
    for (;;) {
        int d[10], sum = 0;
        d[0] = 4 + (int)person_synth_below(g, 6); /* 4..9, as issued in England */
        for (int i = 1; i < 9; i++)
            d[i] = (int)person_synth_below(g, 10);
        for (int i = 0; i < 9; i++)
            sum += d[i] * (10 - i);
        int check = 11 - sum % 11;
        if (check == 11)
            check = 0;
        if (check == 10)
            continue;
        d[9] = check;
        bool same = true;
        for (int i = 1; i < 10; i++)
            same = same && d[i] == d[0];
        if (same)
            continue;
        for (int i = 0; i < 10; i++)
            out[i] = (char)('0' + d[i]);
        out[10] = '\0';
        return;
    }
}

static void new_household(struct person_synth *g)
{
    int64_t h = g->n_households++;
    int64_t pc = h / HOUSEHOLDS_PER_POSTCODE;
    /* postcode number pc: area, district 1-40, sector 0-9, unit digit + two letters */
    static const char unit_letters[] = "ABDEFGHJLNPQRSTUWXYZ";
    size_t n_area = N(areas);
    size_t area = (size_t)(pc % (int64_t)n_area);
    int64_t rest = pc / (int64_t)n_area;
    int district = 1 + (int)(rest % 40);
    rest /= 40;
    int sector = (int)(rest % 10);
    rest /= 10;
    char u1 = unit_letters[rest % 20];
    rest /= 20;
    char u2 = unit_letters[rest % 20];
    snprintf(g->postcode, sizeof(g->postcode), "%s%d %d%c%c", areas[area].area, district, sector,
             u1, u2);
    snprintf(g->locality, sizeof(g->locality), "%s", areas[area].town);
    uint64_t street_hash = (uint64_t)pc * 0x9e3779b97f4a7c15ull;
    snprintf(g->line1, sizeof(g->line1), "%d %s %s", (int)(h % HOUSEHOLDS_PER_POSTCODE) * 2 + 1,
             streets[(street_hash >> 33) % N(streets)],
             street_kinds[(street_hash >> 17) % N(street_kinds)]);
    pick_family(g, g->family, sizeof(g->family));
    /* household size: 1 to 5, about 2.4 on average */
    static const int sizes[] = {1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 4, 5};
    g->left_in_household = sizes[person_synth_below(g, N(sizes))];
    /* the first member: an adult aged 18 to 95, fewer of the old */
    int age = 18 + (int)person_synth_below(g, 50);
    if (percent(g, 30))
        age += (int)person_synth_below(g, 28);
    g->adult_birth_year = g->today->year - age;
}

void person_synth_init(struct person_synth *g, uint64_t seed, const struct pdate *today)
{
    memset(g, 0, sizeof(*g));
    g->state = seed ? seed : 1;
    g->today = today;
}

void person_synth_next(struct person_synth *g, struct person *p)
{
    if (g->left_in_household <= 0)
        new_household(g);
    int member = g->left_in_household--;
    g->n_made++;
    person_init(p);
    p->sex = percent(g, 50) ? 'F' : 'M';
    snprintf(p->given, sizeof(p->given), "%s",
             p->sex == 'F' ? pick_weighted(g, female, N(female)) : pick_weighted(g, male, N(male)));
    if (percent(g, 15)) { /* a second given name */
        size_t len = strlen(p->given);
        snprintf(p->given + len, sizeof(p->given) - len, " %s",
                 p->sex == 'F' ? pick_weighted(g, female, N(female))
                               : pick_weighted(g, male, N(male)));
    }
    /* family name: the household's, or a partner's own */
    if (percent(g, 80))
        snprintf(p->family, sizeof(p->family), "%s", g->family);
    else
        pick_family(g, p->family, sizeof(p->family));
    /* age: adults around the first member's age, then children */
    int year;
    if (member == 1 || percent(g, 40)) {
        year = g->adult_birth_year + (int)person_synth_below(g, 9) - 4;
    } else {
        int parent_age = g->today->year - g->adult_birth_year;
        int oldest_child = parent_age - 18 < 17 ? parent_age - 18 : 17;
        if (oldest_child < 0)
            oldest_child = 0;
        year = g->today->year - (int)person_synth_below(g, (uint64_t)oldest_child + 1);
    }
    if (year > g->today->year)
        year = g->today->year;
    if (year < g->today->year - 105)
        year = g->today->year - 105;
    if (percent(g, 97))
        random_date_in_year(g, year, &p->dob);
    else if (percent(g, 50)) /* month and year only */
        p->dob = (struct pdate){year, 1 + (int)person_synth_below(g, 6), 0};
    p->n_addresses = 1;
    struct person_address *a = &p->addresses[0];
    snprintf(a->line1, sizeof(a->line1), "%s", g->line1);
    snprintf(a->locality, sizeof(a->locality), "%s", g->locality);
    snprintf(a->postcode, sizeof(a->postcode), "%s", g->postcode);
    snprintf(a->country, sizeof(a->country), "GB");
    if (percent(g, 60))
        nhs_number(g, p->nhs);
    if (percent(g, 45)) {
        p->n_phones = 1;
        snprintf(p->phones[0].number, sizeof(p->phones[0].number), "07%09llu",
                 (unsigned long long)person_synth_below(g, 1000000000ull));
        p->phones[0].kind = PERSON_PHONE_MOBILE;
    }
    if (p->sex == 'F' && percent(g, 10) && g->today->year - year > 20) {
        p->n_names = 1;
        p->names[0].kind = PERSON_NAME_PREVIOUS;
        pick_family(g, p->names[0].family, sizeof(p->names[0].family));
    }
}

/* One random edit of a letter after the first: replace, drop, double or swap. */
static void typo(struct person_synth *g, char *s, size_t size)
{
    size_t len = strlen(s);
    if (len < 3)
        return;
    size_t i = 1 + (size_t)person_synth_below(g, len - 1);
    switch (person_synth_below(g, 4)) {
    case 0:
        s[i] = (char)('a' + person_synth_below(g, 26));
        break;
    case 1:
        memmove(s + i, s + i + 1, len - i);
        break;
    case 2:
        if (len + 1 < size) {
            memmove(s + i + 1, s + i, len - i + 1);
        }
        break;
    default:
        if (i + 1 < len) {
            char t = s[i];
            s[i] = s[i + 1];
            s[i + 1] = t;
        }
        break;
    }
}

/* A short form of given (its first word), when the nickname table has one. */
static bool nickname_of(struct person_synth *g, const char *given, char *out, size_t size)
{
    char first[64];
    size_t n = strcspn(given, " ");
    if (n >= sizeof(first))
        return false;
    for (size_t i = 0; i < n; i++)
        first[i] = (char)(given[i] >= 'A' && given[i] <= 'Z' ? given[i] + 32 : given[i]);
    first[n] = '\0';
    const char *options[32];
    size_t n_opt = 0;
    for (size_t i = 0; i < nickname_count() && n_opt < 32; i++) {
        const char *full;
        const char *variant = nickname_row(i, &full);
        if (variant && strcmp(full, first) == 0)
            options[n_opt++] = variant;
    }
    if (!n_opt)
        return false;
    snprintf(out, size, "%s", options[person_synth_below(g, n_opt)]);
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 32);
    return true;
}

void person_synth_blur(struct person_synth *g, const struct person *p, struct person *out)
{
    *out = *p;
    out->id = 0;
    if (percent(g, 30))
        typo(g, out->family, sizeof(out->family));
    if (percent(g, 25)) {
        if (!nickname_of(g, p->given, out->given, sizeof(out->given)))
            typo(g, out->given, sizeof(out->given));
    }
    if (percent(g, 15))
        memset(&out->dob, 0, sizeof(out->dob));
    else if (percent(g, 10) && out->dob.day && out->dob.day <= 12) {
        int t = out->dob.day;
        out->dob.day = out->dob.month;
        out->dob.month = t;
    }
    if (percent(g, 30))
        out->n_addresses = 0;
    /* a caller rarely knows the identifiers */
    out->nhs[0] = '\0';
    out->n_phones = 0;
    out->n_names = 0;
}
