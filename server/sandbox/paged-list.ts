import type { ParamValue } from './bracket-params.ts';

/** i'mport's paged list shape; `previous`/`next` are page numbers, 0 when there is none. */
export interface PagedList<T> {
  total: number;
  previous: number;
  next: number;
  list: T[];
}

/** Slices `items` for a `page` query value (1-based; anything unusable means page 1). */
export function pagedList<T>(
  items: T[],
  pageParam: ParamValue | undefined,
  limit: number,
): PagedList<T> {
  const requested = typeof pageParam === 'string' ? Number(pageParam) : 1;
  const page = Number.isInteger(requested) && requested >= 1 ? requested : 1;
  const start = (page - 1) * limit;
  return {
    total: items.length,
    previous: page > 1 ? page - 1 : 0,
    next: start + limit < items.length ? page + 1 : 0,
    list: items.slice(start, start + limit),
  };
}
