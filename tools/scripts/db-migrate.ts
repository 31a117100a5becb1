// npm run db:migrate applies pending migrations; npm run db:revert undoes the newest one.
// Uses DATABASE_URL, or the embedded development database when it is unset.
// The images run the same commands as `node main.js migrate` and `node main.js revert`.
import { runDatabaseCommand } from '@curation/sdk';

void runDatabaseCommand(process.argv.includes('--revert') ? 'revert' : 'migrate', process.env).then((code) =>
  process.exit(code),
);
