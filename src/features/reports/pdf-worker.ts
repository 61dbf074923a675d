// The worker thread that renders report PDFs: laying out CJK text and embedding the font is
// long CPU work, which on the event loop would stall every request the server holds.
import { serveTasks } from '../../kernel/task-thread.ts';
import { renderPdf, type FontFiles, type PdfInput } from './pdf.ts';

serveTasks(async (task: { input: PdfInput; fonts?: FontFiles }) => new Uint8Array(await renderPdf(task.input, task.fonts)));
