// npm run enum-check: compares every registered enum with the database's pg_enum, read-only.
// Exit codes: 0 all match, 1 drift (diff printed), 2 could not check (connection or config problem).
// The images run the same command as `node main.js enum-check`.
import { runDatabaseCommand } from '@curation/sdk';

void runDatabaseCommand('enum-check', process.env).then((code) => process.exit(code));
