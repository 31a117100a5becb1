/** Environment keys global-setup hands to the test workers. */
export const TEST_SERVER_URL_ENV = 'CURATION_TEST_SERVER_URL';
export const TEST_TEMPLATE_DB_ENV = 'CURATION_TEST_TEMPLATE_DB';
/** Prefix of every database a test run creates, so teardown can find leftovers of crashed runs. */
export const TEST_DB_PREFIX = 'curation_t_';

export function testServerUrl(): string {
  const url = process.env[TEST_SERVER_URL_ENV];
  if (!url)
    throw new Error(
      `${TEST_SERVER_URL_ENV} is not set: run integration tests through jest.int.config.cjs (its globalSetup starts the database)`,
    );
  return url;
}

export function testTemplateDatabase(): string {
  const name = process.env[TEST_TEMPLATE_DB_ENV];
  if (!name) throw new Error(`${TEST_TEMPLATE_DB_ENV} is not set: run integration tests through jest.int.config.cjs`);
  return name;
}
