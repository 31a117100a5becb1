import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { CurationFilter, filterSql, ident } from '@curation/sdk';

/** Static SQL from a resource descriptor: the listed table is always aliased `t`. */
export interface ListSource {
  /** FROM clause, e.g. `"sitemap_files" t LEFT JOIN "domains" d ON d."id" = t."domain_id"`. */
  readonly from: string;
  /** Select expressions, e.g. `t."url" AS "sitemap_url"`. */
  readonly columns: readonly string[];
}

export interface ListRequest extends ListSource {
  readonly filters: readonly CurationFilter[];
  /** A whitelisted column of `t`; ties are broken on `t.id` in the same direction, so pages never overlap. */
  readonly sortBy: string;
  readonly descending: boolean;
  readonly limit: number;
  readonly offset: number;
}

export interface ListResult<T> {
  readonly items: T[];
  readonly total: number;
}

export interface ListPage<T> extends ListResult<T> {
  readonly page: number;
  readonly size: number;
  readonly pages: number;
}

/** Lists in exactly two statements (count, page), whatever the page size. */
@Injectable()
export class CurationListService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list<T>(request: ListRequest): Promise<ListResult<T>> {
    const where = filterSql(request.filters, 1, 't');
    const direction = request.descending ? 'DESC' : 'ASC';
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM ${request.from} WHERE ${where.sql}`,
      where.params,
    );
    const n = where.params.length;
    const items: T[] = await this.dataSource.query(
      `SELECT ${request.columns.join(', ')} FROM ${request.from} WHERE ${where.sql}
        ORDER BY t.${ident(request.sortBy)} ${direction}, t."id" ${direction} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...where.params, request.limit, request.offset],
    );
    return { items, total };
  }

  /** The page/size flavour the reference used for most lists. */
  async page<T>(request: Omit<ListRequest, 'limit' | 'offset'>, page: number, size: number): Promise<ListPage<T>> {
    const { items, total } = await this.list<T>({ ...request, limit: size, offset: (page - 1) * size });
    return { items, total, page, size, pages: Math.ceil(total / size) };
  }
}

/** `t."a", t."b"` for plain columns of the listed table. */
export function columnsOf(names: readonly string[]): string[] {
  return names.map((name) => `t.${ident(name)}`);
}
