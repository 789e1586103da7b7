import type { ColumnType, Generated } from "kysely";

/** Written as RFC 3339 text; read back as a Date (PostgreSQL) or the text (SQLite). */
export type Timestamp = ColumnType<Date | string, string, string>;

/** From least to most trusted: every new user is an author. */
export type Role = "author" | "moderator" | "admin";

export interface UsersTable {
  id: Generated<number>;
  username: string;
  /** The username lower-cased (usernames are ASCII): unique, and what look-ups match. */
  username_key: string;
  /** Stored lower-cased, so the unique index makes emails unique without regard to case. */
  email: string;
  password_hash: string;
  bio: string | null;
  image: string | null;
  role: Role;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FollowsTable {
  follower_id: number;
  followed_id: number;
  created_at: Timestamp;
}

export interface ArticlesTable {
  id: Generated<number>;
  author_id: number;
  slug: string;
  title: string;
  description: string;
  body: string;
  /** Kept in step with `favorites` in the same transaction: lists never count rows. */
  favorites_count: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ArticleTagsTable {
  article_id: number;
  tag: string;
}

export interface FavoritesTable {
  user_id: number;
  article_id: number;
  created_at: Timestamp;
}

export interface CommentsTable {
  id: Generated<number>;
  article_id: number;
  author_id: number;
  body: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Database {
  users: UsersTable;
  follows: FollowsTable;
  articles: ArticlesTable;
  article_tags: ArticleTagsTable;
  favorites: FavoritesTable;
  comments: CommentsTable;
}
