import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { buildDataSourceOptions, ConnectionSettings } from './data-source-options';

/** Registers the SDK's DataSource (explicit entities and migrations, synchronize off) in a Nest app. */
@Module({})
export class CurationSdkModule {
  static forRoot(settings: ConnectionSettings): DynamicModule {
    return {
      module: CurationSdkModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...buildDataSourceOptions(settings), retryAttempts: 3, retryDelay: 1000 }),
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
