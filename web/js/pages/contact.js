/*
 * contact page (/contacts/{id}): one contact as a summary list. Reading it is audited by the
 * server. Arriving from the new-contact form (history state { created: id }) shows a success
 * banner. Below the details are the contact's deadlines (contact-deadlines.js). It does not
 * edit contacts.
 */
import { ApiError, getContact } from '../api.js';
import { backLink, heading, notificationBanner, summaryList } from '../govuk.js';
import { channelLabel } from '../labels.js';
import { formatDateTime } from '../time.js';
import { contactDeadlines } from './contact-deadlines.js';
import { notFoundPage } from './errors.js';

export async function contactPage(ctx) {
  let contact;
  try {
    contact = await getContact(ctx.params.id);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      return notFoundPage(ctx, {
        title: 'Contact not found',
        text: 'There is no contact with this number. Check the web address, or find the contact '
          + 'in the list.',
      });
    }
    throw err;
  }
  const deadlines = await contactDeadlines(contact.id);
  ctx.setTitle(`Contact ${contact.reference}`);
  const created = ctx.state && String(ctx.state.created) === String(contact.id);
  if (created) history.replaceState(null, '', location.href); /* say it once, not on Back */
  return [
    backLink('/contacts', 'Back to contacts'),
    created ? notificationBanner({
      success: true, text: `Contact ${contact.reference} has been recorded`,
    }) : null,
    heading(contact.reference, 'l', 'Contact'),
    summaryList([
      { key: 'Reference', value: contact.reference },
      { key: 'Received', value: formatDateTime(contact.received_at) },
      { key: 'Channel', value: channelLabel(contact.channel) },
      { key: 'Caller', value: contact.caller_name },
      { key: 'Summary', value: contact.summary, valueClass: 'app-preserve-lines' },
      { key: 'Recorded by', value: contact.created_by ? contact.created_by.name : '' },
      { key: 'Recorded', value: formatDateTime(contact.created_at) },
    ]),
    ...deadlines,
  ];
}
