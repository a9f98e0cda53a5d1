/*
 * error pages: "page not found" for unknown addresses and missing records, and "there is a
 * problem with the service" when the server fails or cannot be reached. They only render.
 */
import { heading, link, paragraph } from '../govuk.js';

export function notFoundPage(ctx, { title = 'Page not found', text = null } = {}) {
  ctx.setTitle(title);
  return [
    heading(title),
    paragraph(text || 'If you typed the web address, check it is correct.'),
    paragraph('You can ', link('/contacts', 'go to the list of contacts'), '.'),
  ];
}

export function problemPage(ctx) {
  ctx.setTitle('Sorry, there is a problem with the service');
  return [
    heading('Sorry, there is a problem with the service'),
    paragraph('Try again later.'),
  ];
}
