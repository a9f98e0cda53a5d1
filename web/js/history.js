/*
 * history: the change history of one configured item (a line's greeting script, an outcome
 * code) as an administrator's page shows it beside the item chosen. Only the answer for the
 * item chosen last counts: choosing another while a history is loading drops the older answer,
 * so a slow reply never shows one item's history under another's name.
 */
import { ApiError, request } from './api.js';

/*
 * historyLoader(ctx, draw): an object whose .versions is null while loading (or when nothing
 * is chosen), { failed: true } when the history could not be read, or else the versions,
 * newest first. .load(path) reads GET path and then calls draw(); .forget() drops whatever is
 * loading or shown. A 401 sends the user to sign in (ctx.signedOut).
 */
export function historyLoader(ctx, draw) {
  let seq = 0;
  const loader = {
    versions: null,
    forget() {
      seq++;
      loader.versions = null;
    },
    async load(path) {
      loader.forget();
      const mine = seq;
      try {
        const res = await request('GET', path);
        if (mine !== seq) return;
        loader.versions = res.items || [];
      } catch (err) {
        if (mine !== seq) return;
        if (err instanceof ApiError && err.status === 401) {
          ctx.signedOut();
          return;
        }
        loader.versions = { failed: true };
      }
      draw();
    },
  };
  return loader;
}
