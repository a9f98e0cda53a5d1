/*
 * labels: the words staff see for the API's codes (contact channels, user roles). One place, so
 * a form, a table and a summary list never disagree. Where the server sends its own label (a
 * user's role_label), that is preferred. It does not validate anything.
 */

/* Channels in the order the form offers them; values are the API's. */
export const CHANNELS = [
  { value: 'phone', text: 'Phone' },
  { value: 'email', text: 'Email' },
  { value: 'letter', text: 'Letter' },
  { value: 'web', text: 'Web form' },
  { value: 'face_to_face', text: 'Face to face' },
];

const ROLES = {
  agent: 'Contact centre agent',
  practitioner: 'Practitioner',
  manager: 'Team manager',
  duty_manager: 'Duty manager',
  coordinator: 'Locality co-ordinator',
  analyst: 'Performance analyst',
  admin: 'Administrator',
};

export function channelLabel(value) {
  const found = CHANNELS.find((c) => c.value === value);
  return found ? found.text : String(value ?? '');
}

export function roleLabel(value) {
  return ROLES[value] || String(value ?? '');
}
