import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CurationFilter, filterSql } from '@curation/sdk';
import { DataSource } from 'typeorm';

export interface ListRequest {
  readonly table: string;
  /** Columns returned for each item (from the resource's whitelist). */
  readonly columns: readonly string[];
  readonly filters: readonly CurationFilter[];
  /** A whitelisted column; ties are broken on id in the same direction, so pages never overlap. */
  readonly sortBy: string;
  readonly descending: boolean;
  readonly page: number;
  readonly size: number;
}

export interface ListPage<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly size: number;
  readonly pages: number;
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Paginated lists in exactly two statements (count, page), whatever the page size. */
@Injectable()
export class CurationListService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list<T>(request: ListRequest): Promise<ListPage<T>> {
    const where = filterSql(request.filters, 1);
    const direction = request.descending ? 'DESC' : 'ASC';
    const table = ident(request.table);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM ${table} WHERE ${where.sql}`, where.params);
    const limit = `$${where.params.length + 1}`;
    const offset = `$${where.params.length + 2}`;
    const items: T[] = await this.dataSource.query(
      `SELECT ${request.columns.map(ident).join(', ')} FROM ${table} WHERE ${where.sql}
        ORDER BY ${ident(request.sortBy)} ${direction} NULLS LAST, "id" ${direction} LIMIT ${limit} OFFSET ${offset}`,
      [...where.params, request.size, (request.page - 1) * request.size],
    );
    return { items, total, page: request.page, size: request.size, pages: Math.ceil(total / request.size) };
  }
}
