/*
 * access: what the signed-in user's role lets them use, so the web app shows only the
 * navigation and actions that role can use. It mirrors the permission table in
 * src/domain/role.c and the clock rules in src/http/clocks.c; it decides nothing in the end —
 * the server checks every request again and its 403 answer wins.
 */

/* Roles holding PERM_REPORT_READ: they may see the deadlines dashboard. */
const REPORT_ROLES = new Set(['manager', 'duty_manager', 'analyst', 'admin']);

/* Roles that may acknowledge any clock or record any breach reason (clocks.c: any_clock). */
const ANY_CLOCK_ROLES = new Set(['manager', 'duty_manager', 'admin']);

export function canSeeDeadlines(user) {
  return Boolean(user && REPORT_ROLES.has(user.role));
}

export function canActOnAnyClock(user) {
  return Boolean(user && ANY_CLOCK_ROLES.has(user.role));
}

/*
 * canActOnClock(user, clock): whether the user may acknowledge the clock's escalation or give
 * its breach reason: a manager, duty manager or administrator; the clock's owner; or someone
 * the clock's history says was told about it.
 */
export function canActOnClock(user, clock) {
  if (!user || !clock) return false;
  if (canActOnAnyClock(user)) return true;
  if (clock.owner && clock.owner.user_id === user.id) return true;
  const history = Array.isArray(clock.history) ? clock.history : [];
  return history.some((e) => e.told && e.told.user_id === user.id);
}
