// The work due process leaves to someone: an agency's queue (proposals to notify or decide,
// objections and repair applications to decide) and the escalations, the objections and
// applications past their deadline, which the oversight roles follow.
import { AppError } from '../../kernel/problems.ts';
import { isOversight, type AgencyPrincipal, type Principal } from '../../kernel/principal.ts';
import type { ListQueue, ListService } from '../lists/list.service.ts';
import type { ObjectionService, ObjectionView } from './objection.service.ts';
import type { RepairService, RepairView } from './repair.service.ts';

export interface AgencyQueue extends ListQueue {
  objections: ObjectionView[];
  repairs: RepairView[];
}

export interface Escalations {
  objections: ObjectionView[];
  repairs: RepairView[];
}

export class QueueService {
  constructor(
    private readonly lists: ListService,
    private readonly objections: ObjectionService,
    private readonly repairs: RepairService,
  ) {}

  /** An agency's work: its list entries to notify or decide, its objections and repair applications to decide. */
  async agencyQueue(agency: AgencyPrincipal): Promise<AgencyQueue> {
    return {
      ...(await this.lists.queueOf(agency.code)),
      objections: await this.objections.queue(agency.code),
      repairs: await this.repairs.queue(agency.code),
    };
  }

  /** Objections and repair applications past their deadline: for administrators and auditors. */
  async escalations(p: Principal): Promise<Escalations> {
    if (!isOversight(p)) throw new AppError('forbidden', 'this operation is for administrators and auditors');
    return { objections: await this.objections.overdue(), repairs: await this.repairs.overdue() };
  }
}
