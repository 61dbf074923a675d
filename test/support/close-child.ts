// A process that opens the store at the URL it is given, uses the pool and notifications, says
// "ready", closes the store when told (a line on stdin), says "closed", and should then exit:
// nothing of the store may keep it alive, whatever the server does.
import { openDatabase } from '../../src/store/open.ts';

const db = await openDatabase({ databaseUrl: process.argv[2], poolSize: 2 });
await db.listen('xinyong_close_test', () => undefined);
await Promise.all([db.query('SELECT pg_sleep(0.05)'), db.query('SELECT pg_sleep(0.05)')]);
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();
await db.close();
process.stdout.write('closed\n');
