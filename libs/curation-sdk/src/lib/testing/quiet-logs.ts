import { Logger } from '@nestjs/common';

// Tests read their own assertions, not the framework's info logs; warnings and errors still show.
Logger.overrideLogger(process.env.TEST_LOG_LEVEL === 'debug' ? ['error', 'warn', 'log', 'debug'] : ['error', 'warn']);
process.env.TZ = 'UTC';
