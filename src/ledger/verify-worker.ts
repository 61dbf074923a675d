// The worker thread of the audit: a page of a log's walk in, the walk after it (or the page's
// first bad event) out. The main thread reads the next pages meanwhile, so decompressing and
// hashing use the other cores.
import { serveTasks } from '../kernel/task-thread.ts';
import { checkPage, type LogWalk, type Page, type PageResult } from './verify-page.ts';

serveTasks((task: { walk: LogWalk; page: Page }): PageResult => checkPage(task.walk, task.page));
