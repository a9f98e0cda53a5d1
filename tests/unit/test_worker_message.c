/* The wording frontdoor sends a practitioner (domain/worker_message): the email to a worker
 * without a sign-in says whom to telephone (their team's duty line, else their line manager,
 * else the front door) rather than "waiting in frontdoor"; the written-item message carries what
 * the item is and where it is stored in-app, and only the reference by email. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "domain/worker_message.h"

static void test_email_without_a_sign_in_names_whom_to_ask(void **state)
{
    (void)state;
    char subject[160], body[768];
    struct worker_reach r = {.team_name = "Leaving Care Service",
                             .duty_line = "0306 999 0004",
                             .line_manager_name = "Graham Osei"};
    worker_message_email_no_sign_in("C-2026-000123", &r, subject, sizeof(subject), body,
                                    sizeof(body));
    assert_non_null(strstr(subject, "C-2026-000123"));
    assert_non_null(strstr(body, "C-2026-000123"));
    assert_non_null(strstr(body, "Leaving Care Service, 0306 999 0004"));
    assert_non_null(strstr(body, "do not have a frontdoor sign-in"));
    assert_null(strstr(body, "waiting in frontdoor"));

    r.duty_line = "";
    worker_message_email_no_sign_in("C-2026-000123", &r, subject, sizeof(subject), body,
                                    sizeof(body));
    assert_non_null(strstr(body, "ask your line manager, Graham Osei"));
    r.line_manager_name = "";
    worker_message_email_no_sign_in("C-2026-000123", &r, subject, sizeof(subject), body,
                                    sizeof(body));
    assert_non_null(strstr(body, "telephone the front door"));

    /* with a sign-in the message is in frontdoor */
    worker_message_email("C-2026-000123", subject, sizeof(subject), body, sizeof(body));
    assert_non_null(strstr(body, "waiting in frontdoor"));
}

static void test_written_item_message_keeps_the_narrative_in_app(void **state)
{
    (void)state;
    struct written_item w = {.description = "Letter from the GP about Jordan",
                             .stored_at = "Post room safe",
                             .acknowledged_by = WRITTEN_ACK_FRONT_DOOR,
                             .wants_original = TRI_YES,
                             .person_told = "Priya is on leave until Monday"};
    char subject[160], body[2048];
    written_item_in_app(&w, "C-2026-000124", subject, sizeof(subject), body, sizeof(body));
    assert_non_null(strstr(subject, "C-2026-000124"));
    assert_non_null(strstr(body, "Letter from the GP about Jordan"));
    assert_non_null(strstr(body, "Post room safe"));
    assert_non_null(strstr(body, "the front door"));
    assert_non_null(strstr(body, "on leave until Monday"));

    written_item_email("C-2026-000124", true, NULL, subject, sizeof(subject), body, sizeof(body));
    assert_non_null(strstr(body, "C-2026-000124"));
    assert_null(strstr(body, "Jordan"));
    assert_null(strstr(body, "Post room"));

    struct worker_reach r = {.team_name = "Leaving Care Service", .duty_line = "0306 999 0004"};
    written_item_email("C-2026-000124", false, &r, subject, sizeof(subject), body, sizeof(body));
    assert_non_null(strstr(body, "0306 999 0004"));
    assert_null(strstr(body, "Jordan"));
    assert_null(strstr(body, "recorded in frontdoor"));
}

/* Work done on behalf of the team: the email carries the kind and the reference, never the
 * details, and without a sign-in says whom to telephone. */
static void test_on_behalf_email(void **state)
{
    (void)state;
    struct on_behalf_action a = {.kind = ON_BEHALF_SUSPEND_SERVICE,
                                 .details = "Meals on wheels stopped while Mr A is in hospital"};
    char subject[200], body[768];
    on_behalf_email(&a, "C-2026-000125", true, NULL, subject, sizeof(subject), body, sizeof(body));
    assert_non_null(strstr(subject, "C-2026-000125"));
    assert_non_null(strstr(body, "details are in frontdoor"));
    assert_null(strstr(body, "Meals on wheels"));
    struct worker_reach r = {.team_name = "Adults East", .duty_line = "01632 960100"};
    on_behalf_email(&a, "C-2026-000125", false, &r, subject, sizeof(subject), body, sizeof(body));
    assert_non_null(strstr(body, "Adults East, 01632 960100"));
    assert_non_null(strstr(body, "do not have a frontdoor sign-in"));
    assert_null(strstr(body, "details are in frontdoor"));
    assert_null(strstr(body, "Meals on wheels"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_email_without_a_sign_in_names_whom_to_ask),
        cmocka_unit_test(test_written_item_message_keeps_the_narrative_in_app),
        cmocka_unit_test(test_on_behalf_email),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
