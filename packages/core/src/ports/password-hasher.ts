/** Password hashing, behind a port so embedders can swap the KDF or its cost. */
export interface PasswordHasher {
  /** A self-describing hash string (algorithm, parameters, salt, digest). */
  hash(password: string): Promise<string>;
  /** True when `password` matches `hash`; false for any malformed hash. */
  verify(password: string, hash: string): Promise<boolean>;
}
