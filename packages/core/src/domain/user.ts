/** A Parley account as services and surfaces see it: never carries the password hash. */
export interface User {
  id: string;
  email: string;
  displayName: string | null;
  createdAt: Date;
}

/** What the store keeps for a user; only the auth service reads `passwordHash`. */
export interface UserRecord extends User {
  passwordHash: string | null;
}
