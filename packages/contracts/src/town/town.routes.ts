import { defineRoutes } from '../common/endpoint.js';
import { ZTownScope, ZTownUnitsResponse } from './town.contract.js';

/** A town centre's supervision of its town's units: read only (docs/PRODUCT.md, "Town supervision"). */
export const TOWN_ROUTES = defineRoutes('town', {
  scope: {
    method: 'get',
    path: '/town/scope',
    summary: 'The town the signed-in user supervises (their unit is its community education centre), or null',
    who: 'signed in',
    response: ZTownScope,
  },
  units: {
    method: 'get',
    path: '/campaigns/:id/town-units',
    summary:
      'The units of the caller’s town in a campaign, late ones first, with state, overdue marks and each unit’s contact person and phone (read only; 403 unless the caller coordinates the town’s community education centre)',
    who: 'coordinator of a community education centre',
    roles: ['coordinator'],
    response: ZTownUnitsResponse,
  },
});
