import { randomBytes } from 'node:crypto';
import { ParleyError, type Parley, type User } from '@parley/core';

/** The account `parley chat` uses in-process; `.invalid` can never be a real mailbox. */
export const LOCAL_USER_EMAIL = 'local@parley.invalid';

/**
 * The local user, created on first run with a random password kept nowhere (nobody logs in as it;
 * the CLI acts for it directly). A concurrent first run that wins the insert is looked up instead.
 */
export async function ensureLocalUser(parley: Parley): Promise<User> {
  const existing = await parley.admin.findUser(LOCAL_USER_EMAIL).catch(notFound);
  if (existing) return existing;
  try {
    return await parley.admin.addUser({
      email: LOCAL_USER_EMAIL,
      password: randomBytes(24).toString('base64url'),
      displayName: 'Local user',
    });
  } catch (error) {
    if (!ParleyError.is(error, 'EMAIL_TAKEN')) throw error;
    return parley.admin.findUser(LOCAL_USER_EMAIL);
  }
}

function notFound(error: unknown): undefined {
  if (ParleyError.is(error, 'USER_NOT_FOUND')) return undefined;
  throw error;
}
