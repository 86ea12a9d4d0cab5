import { defineRoutes } from '../common/endpoint.js';
import { ZBackupStatus } from './operations.contract.js';

export const OPERATIONS_ROUTES = defineRoutes('operations', {
  backups: {
    method: 'get',
    path: '/operations/backups',
    summary:
      'The scheduled backups: the last one and the last restore drill, when the next runs, the age of the last good one, and the alerts (drill failed, older than 26 hours)',
    who: 'organizer',
    roles: ['organizer'],
    response: ZBackupStatus,
  },
});
