import { Column, ColumnOptions, CreateDateColumn, UpdateDateColumn } from 'typeorm';

import { PgBackedEnum } from '../enums/pg-enum';

/**
 * A column typed with a registered Postgres enum. The type name comes from the registry, never from
 * TypeORM's `<table>_<column>_enum` default, and TypeORM binds the string values, which are the labels.
 */
export function EnumColumn(def: PgBackedEnum, options: ColumnOptions = {}): PropertyDecorator {
  return Column({ ...options, type: 'enum', enum: def.labels as string[], enumName: def.pgType });
}

/** `created_at timestamptz NOT NULL DEFAULT now()`. */
export function CreatedAtColumn(): PropertyDecorator {
  return CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' });
}

/** `updated_at timestamptz NOT NULL DEFAULT now()`, bumped by TypeORM saves and by the SDK's set-based updates. */
export function UpdatedAtColumn(): PropertyDecorator {
  return UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' });
}
