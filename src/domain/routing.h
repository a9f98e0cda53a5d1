/*
 * routing: the answer the front door gives at once when a caller asks for a named worker or
 * team (requirements W1-W4, H8, H9). From the allocation check for each person the contact is
 * about (domain/allocation), the named worker's availability (domain/availability) and how many
 * of their colleagues are free now, it decides one of five answers: pass it on; the worker is
 * allocated but busy and back today (leave a message, promise a call-back); the worker is away
 * for the day and a colleague can take it; someone else is allocated (say who, no transfer); or
 * the front door deals with it (nobody allocated, or the worker away and no colleague free,
 * W4). For a person whose restricted record the asker may not open it says that the record is
 * restricted and to pass the call to the duty manager, never who holds the case (W13). It also
 * words the answer — persons by name, never by their internal id — and, for each person, one
 * line saying only whether the asked-for worker or team holds their case (what to do is the
 * answer's alone), and the "next free" time in Europe/London ("today at 2:30pm"). It does not
 * look anything up (http/routing gathers the facts from the store) and does no I/O.
 */
#ifndef FD_DOMAIN_ROUTING_H
#define FD_DOMAIN_ROUTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/allocation.h"
#include "domain/availability.h"

enum routing_answer {
    ROUTING_PASS_ON = 0,   /* allowed, and the worker is free now (or a team was asked) */
    ROUTING_UNAVAILABLE,   /* allowed, not free now, back later today: message + call-back */
    ROUTING_COLLEAGUE,     /* allowed, away for the day, a colleague in the team is free now */
    ROUTING_NOT_ALLOCATED, /* someone else holds the person: route there, no transfer */
    ROUTING_FRONT_DOOR,    /* nobody allocated, or away and no colleague: the front door (W4) */
    ROUTING_ANSWER_COUNT
};

#define ROUTING_REASON_MAX 4096
#define ROUTING_WHEN_MAX 64

/* The facts the answer is decided on. Strings and arrays are borrowed. */
struct routing_facts {
    int64_t now_ms;
    int64_t worker_id; /* asked for; 0 when not */
    const char *worker_name;
    int64_t team_id; /* asked for; 0 when not */
    const char *team_name;
    size_t n_persons; /* the persons the contact is about, at least one */
    const int64_t *person_ids;
    /* one per person, or NULL: the display name ("Kayleigh Price"); NULL or "" when not known */
    const char *const *person_names;
    /* one per person, or NULL: the person's record is restricted and not open to whoever asks
     * (W13): they are "this person" / "the person (restricted record)", never named */
    const bool *person_withheld;
    const struct allocation_verdict *verdicts; /* one per person, allocation_check's answer */
    /* the asked-for worker's availability; only read when worker_id and availability_known */
    bool availability_known;
    struct availability availability;
    size_t n_colleagues_free; /* colleagues of the worker free now */
    /* who holds the case of the first person the request is refused for whose case someone
     * else holds ("Shane Doyle (Personal adviser (PA))"); NULL or "" when not known */
    const char *holder;
    /* that person's record is restricted and not open to whoever asks (W13): the answer does
     * not say who holds the case, and sends the call to the duty manager instead */
    bool holder_withheld;
};

struct routing_result {
    enum routing_answer answer;
    bool transfer_allowed;   /* W1: allocated to every person, or the team responsible */
    bool front_door_manages; /* W4 */
    bool back_today;         /* the worker is next free later today (Europe/London) */
    char reason[ROUTING_REASON_MAX];
};

/* "pass_on", "unavailable", "colleague", "not_allocated", "front_door". Static. */
const char *routing_answer_name(enum routing_answer a);

/*
 * Decides the answer. The request is allowed only when it is allowed for every person the
 * contact is about. When it is not: "not_allocated" if someone else holds any of them (the
 * reason names the first such person and, unless holder_withheld, who holds the case), else
 * "front_door". When it is and a worker was asked for: "pass_on" if they are free now,
 * "unavailable" if they are next free later the same Europe/London day, otherwise (away: next
 * free another day, or not known) "colleague" when a colleague is free now, else "front_door".
 * A team asked for without a worker is "pass_on" when responsible. E_INVALID when neither a
 * worker nor a team was asked, or there are no persons.
 */
enum err routing_decide(const struct routing_facts *f, struct routing_result *out,
                        struct err_info *info) MUST_CHECK;

/*
 * The line for person i of f (i < f->n_persons) beside the answer, into out[len]: only whether
 * the asked-for worker is allocated to them and whether the asked-for team is responsible for
 * them ("Natalie Brooks is allocated to Kayleigh Price as Personal adviser (PA)", "Priya Shah is
 * not allocated to Kayleigh Price", "nobody is allocated to Kayleigh Price"), never what to do.
 * held_as is the kind of the allocation that matched ("Personal adviser (PA)"), NULL or "" when
 * not known. For a person withheld from the asker (W13) it names neither them nor who holds
 * the case, and says the record is restricted. Text cut at len stays valid UTF-8.
 */
void routing_person_reason(const struct routing_facts *f, size_t i, const char *held_as,
                           char *out, size_t len);

/* Whether instants a and b (UTC ms) fall on the same Europe/London day. */
bool routing_same_local_day(int64_t a_ms, int64_t b_ms);
/* Writes when next_ms is, as an agent would say it relative to now_ms, into
 * out[ROUTING_WHEN_MAX], in GOV.UK style as web/js/schedule.js whenWords does: "now", "today at
 * 2:30pm", "tomorrow at 9am", "Tuesday 3 March at 9am", "midday", "midnight"; "not known" for
 * 0. */
void routing_when_text(int64_t next_ms, int64_t now_ms, char out[static ROUTING_WHEN_MAX]);

/* Checks free text recorded with routing, messages, referrals and tasks: valid UTF-8, at most
 * max characters, and (when required) not blank. NULL and "" are absent. E_INVALID naming
 * field, with a message about `what` ("what happened"). */
enum err routing_text_check(const char *s, long max, bool required, const char *field,
                            const char *what, struct err_info *info) MUST_CHECK;

#endif
