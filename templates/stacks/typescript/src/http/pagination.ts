/**
 * `?page=&limit=` and the page they ask for, for the projects whose lists are
 * paginated (layer.toml ships this file to those only).
 */

import { type TSchema, Type } from "typebox";

/** The last page a client may ask for: its offset stays well inside 64 bits. */
const MAX_PAGE = 2_147_483_647;

/** `?page=` from 1 and `?limit=` from 1 to 100 (default 10); neither is ever clamped. */
export const PaginationQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
};

/** `{"data":[…],"page":1,"limit":10,"total":42}` */
export function Page<Item extends TSchema>(item: Item) {
  return Type.Object({
    data: Type.Array(item),
    page: Type.Integer(),
    limit: Type.Integer(),
    total: Type.Integer(),
  });
}
