import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'curation:public-route';

/** Routes anyone may call (health checks, docs): everything else needs a bearer token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
