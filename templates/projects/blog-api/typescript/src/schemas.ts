/**
 * Request and response bodies, wrapped as RealWorld wraps them (`{"user": {…}}`).
 *
 * A JSON body is checked strictly (http/validation.ts): `5` is not a string
 * and `null` is not a value for a field that must be one; every broken rule
 * is a 422 naming the field (plugins/realworld.ts). Lengths count code points.
 */

import { type Static, type TSchema, Type } from "typebox";
import { Id, MAX_ID, Text, Timestamp } from "./http/fields.js";

// Usernames end up in paths (/api/profiles/{username}), so they keep to
// characters no URL needs to escape.
export const USERNAME_PATTERN = "^[A-Za-z0-9_-]+$";
// Deliberately loose: one @, no spaces or control characters, a dot in the
// domain. Real validation is a confirmation mail; this only catches typos.
export const EMAIL_PATTERN =
  "^[^@ \\u0000-\\u001f\\u007f]+@[^@ \\u0000-\\u001f\\u007f]+\\.[^@ \\u0000-\\u001f\\u007f]+$";
export const SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$";
export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 256;
export const MAX_TAGS = 10;
export const ROLES = ["author", "moderator", "admin"] as const;

const Username = Type.String({
  minLength: 1,
  maxLength: 32,
  pattern: USERNAME_PATTERN,
  "x-message": "may only contain letters, digits, _ and -",
});
const Email = Type.String({
  minLength: 1,
  maxLength: 254,
  pattern: EMAIL_PATTERN,
  "x-message": "is invalid",
});
const Password = Text({ minLength: MIN_PASSWORD, maxLength: MAX_PASSWORD });
const Title = Text({ minLength: 1, maxLength: 200 });
const Description = Text({ minLength: 1, maxLength: 1000 });
const ArticleBody = Text({ minLength: 1, maxLength: 100_000 });
const Tag = Text({ minLength: 1, maxLength: 32 });
const TagList = Type.Array(Tag, {
  maxItems: MAX_TAGS,
  description: "Stored as a set, shown sorted.",
});
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const RegisterBody = Type.Object({
  user: Type.Object({ username: Username, email: Email, password: Password }),
});

export const LoginBody = Type.Object({
  user: Type.Object({
    email: Text({ minLength: 1, maxLength: 254 }),
    // No minimum beyond non-empty: a password too short to exist is wrong (401), not malformed.
    password: Text({ minLength: 1, maxLength: MAX_PASSWORD }),
  }),
});

export const UpdateUserBody = Type.Object({
  user: Type.Object({
    username: Type.Optional(Username),
    email: Type.Optional(Email),
    password: Type.Optional(
      Type.String({
        maxLength: MAX_PASSWORD,
        pattern: `^([^\\u0000]{${MIN_PASSWORD},}|)$`,
        "x-message": `must be at least ${MIN_PASSWORD} characters`,
        description: `At least ${MIN_PASSWORD} characters; empty keeps the current password.`,
      }),
    ),
    bio: Type.Optional(Nullable(Text({ maxLength: 1000 }))),
    image: Type.Optional(Nullable(Text({ maxLength: 2000 }))),
  }),
});
export type UserChanges = Static<typeof UpdateUserBody>["user"];

export const NewArticleBody = Type.Object({
  article: Type.Object({
    title: Title,
    description: Description,
    body: ArticleBody,
    tagList: Type.Optional(TagList),
  }),
});
export type NewArticle = Static<typeof NewArticleBody>["article"];

export const UpdateArticleBody = Type.Object({
  article: Type.Object({
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    body: Type.Optional(ArticleBody),
    tagList: Type.Optional(TagList),
  }),
});
export type ArticleChanges = Static<typeof UpdateArticleBody>["article"];

export const NewCommentBody = Type.Object({
  comment: Type.Object({ body: Text({ minLength: 1, maxLength: 10_000 }) }),
});

export const RoleChange = Type.Object({ role: Type.Enum([...ROLES]) });

// ---- paths and queries -------------------------------------------------------

export const UsernameParams = Type.Object({
  username: Type.String({ maxLength: 32, pattern: USERNAME_PATTERN }),
});
export const SlugParams = Type.Object({
  slug: Type.String({
    maxLength: 100,
    pattern: SLUG_PATTERN,
    description: "An article's current slug.",
  }),
});
export const CommentParams = Type.Object({
  slug: SlugParams.properties.slug,
  id: Id,
});

const Paging = {
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ID, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};
export const PageQuery = Type.Object(Paging);
// ?tag=, ?author= and ?favorited=: any text that could be stored, so no filter is ever a 500.
export const ArticlesQuery = Type.Object({
  tag: Type.Optional(Text({ maxLength: 1000 })),
  author: Type.Optional(Text({ maxLength: 1000 })),
  favorited: Type.Optional(Text({ maxLength: 1000 })),
  ...Paging,
});

// ---- responses ---------------------------------------------------------------

const RoleSchema = Type.Enum([...ROLES]);

export const User = Type.Object({
  email: Type.String(),
  token: Type.String(),
  username: Type.String(),
  bio: Nullable(Type.String()),
  image: Nullable(Type.String()),
  role: RoleSchema,
});
export const UserResponse = Type.Object({ user: User });

export const Profile = Type.Object({
  username: Type.String(),
  bio: Nullable(Type.String()),
  image: Nullable(Type.String()),
  following: Type.Boolean(),
});
export type Profile = Static<typeof Profile>;
export const ProfileResponse = Type.Object({ profile: Profile });

const articleFields = {
  slug: Type.String(),
  title: Type.String(),
  description: Type.String(),
  tagList: Type.Array(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  favorited: Type.Boolean(),
  favoritesCount: Type.Integer({ minimum: 0 }),
  author: Profile,
};
/** An article in a list: everything but its body. */
export const ListedArticle = Type.Object(articleFields);
export type ListedArticle = Static<typeof ListedArticle>;
export const Article = Type.Object({ ...articleFields, body: Type.String() });
export type Article = Static<typeof Article>;
export const ArticleResponse = Type.Object({ article: Article });
export const ArticlePage = Type.Object({
  articles: Type.Array(ListedArticle),
  articlesCount: Type.Integer({ minimum: 0 }),
});

export const Comment = Type.Object({
  id: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  body: Type.String(),
  author: Profile,
});
export type Comment = Static<typeof Comment>;
export const CommentResponse = Type.Object({ comment: Comment });
export const CommentList = Type.Object({ comments: Type.Array(Comment) });

export const TagsResponse = Type.Object({ tags: Type.Array(Type.String()) });

/** What an admin sees of each user. */
export const AdminUser = Type.Object({
  username: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  createdAt: Timestamp,
});
export const AdminUserPage = Type.Object({
  users: Type.Array(AdminUser),
  usersCount: Type.Integer({ minimum: 0 }),
});
