import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { Account } from "../plugins/authentication.js";
import type { Profile } from "../schemas.js";

/** What makes usernames unique without regard to case: they are ASCII, so lower-casing is all. */
export const usernameKey = (username: string) => username.toLowerCase();

export function byUsername(db: Kysely<Database>, username: string): Promise<Account | undefined> {
  return db
    .selectFrom("users")
    .selectAll()
    .where("username_key", "=", usernameKey(username))
    .executeTakeFirst();
}

export function byEmail(db: Kysely<Database>, email: string): Promise<Account | undefined> {
  return db
    .selectFrom("users")
    .selectAll()
    .where("email", "=", email.toLowerCase())
    .executeTakeFirst();
}

/** Which of username and email an account other than `userId` holds. */
export async function takenFields(
  db: Kysely<Database>,
  userId: number,
  username: string | undefined,
  email: string | undefined,
): Promise<Record<string, string>> {
  const taken: Record<string, string> = {};
  if (username) {
    const other = await byUsername(db, username);
    if (other && other.id !== userId) {
      taken.username = "has already been taken";
    }
  }
  if (email) {
    const other = await byEmail(db, email);
    if (other && other.id !== userId) {
      taken.email = "has already been taken";
    }
  }
  // A race lost and already undone (the other account is gone again) still names a field.
  return Object.keys(taken).length > 0 ? taken : { username: "has already been taken" };
}

export async function follows(
  db: Kysely<Database>,
  followerId: number | undefined,
  followedId: number,
): Promise<boolean> {
  if (followerId === undefined) {
    return false;
  }
  const row = await db
    .selectFrom("follows")
    .select("follower_id")
    .where("follower_id", "=", followerId)
    .where("followed_id", "=", followedId)
    .executeTakeFirst();
  return row !== undefined;
}

export function profileOf(
  user: { username: string; bio: string | null; image: string | null },
  following: boolean,
): Profile {
  return { username: user.username, bio: user.bio, image: user.image, following };
}
