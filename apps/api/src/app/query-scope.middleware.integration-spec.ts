import { Controller, Get, INestApplication, Logger, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InjectDataSource } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource, In } from 'typeorm';

import { CurationSdkModule, DEFAULT_TENANT_ID, LocalBusinessEntity, NPlusOneMode } from '@curation/sdk';
import { createTestDatabase, TestDatabase } from '@curation/sdk/testing';

import { queryScopeMiddleware } from './query-scope.middleware';

@Controller('probe')
class ProbeController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('per-item')
  async perItem(): Promise<number> {
    const repo = this.dataSource.getRepository(LocalBusinessEntity);
    const ids = (await repo.find({ select: { id: true } })).map((b) => b.id);
    for (const id of ids) await repo.findOneByOrFail({ id });
    return ids.length;
  }

  @Get('set-based')
  async setBased(): Promise<number> {
    const repo = this.dataSource.getRepository(LocalBusinessEntity);
    const ids = (await repo.find({ select: { id: true } })).map((b) => b.id);
    return (await repo.findBy({ id: In(ids) })).length;
  }
}

describe('N+1 detector inside the API (one unit of work per request)', () => {
  let db: TestDatabase;
  const warnings: string[] = [];

  async function appWith(mode: NPlusOneMode): Promise<INestApplication> {
    @Module({ imports: [CurationSdkModule.forRoot({ url: db.url, poolMax: 2 })], controllers: [ProbeController] })
    class ProbeModule implements NestModule {
      configure(consumer: MiddlewareConsumer): void {
        consumer.apply(queryScopeMiddleware(mode)).forRoutes('*');
      }
    }
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    return moduleRef.createNestApplication({ logger: false }).init();
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.dataSource.manager.insert(
      LocalBusinessEntity,
      Array.from({ length: 5 }, (_, i) => ({ tenant_id: DEFAULT_TENANT_ID, business_name: `B${i}` })),
    );
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await db.drop();
  });

  beforeEach(() => warnings.splice(0));

  it('logs one warning naming the request and the call site for a per-item loop', async () => {
    const app = await appWith(NPlusOneMode.Warn);
    try {
      await request(app.getHttpServer()).get('/probe/per-item').expect(200);
      await request(app.getHttpServer()).get('/probe/set-based').expect(200);
    } finally {
      await app.close();
    }
    const nPlusOne = warnings.filter((w) => w.startsWith('N+1'));
    expect(nPlusOne).toHaveLength(1);
    expect(nPlusOne[0]).toMatch(
      /^N\+1 in GET \/probe\/per-item: 5x "SELECT .* from .*query-scope\.middleware\.integration-spec\.ts:\d+/,
    );
  });

  it('stays silent when off (the production default)', async () => {
    const app = await appWith(NPlusOneMode.Off);
    try {
      await request(app.getHttpServer()).get('/probe/per-item').expect(200);
    } finally {
      await app.close();
    }
    expect(warnings.filter((w) => w.startsWith('N+1'))).toEqual([]);
  });
});
