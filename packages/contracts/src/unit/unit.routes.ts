import { defineRoutes, MEDIA } from '../common/endpoint.js';
import { ZCreateTownRequest, ZImportUnitsQuery, ZImportUnitsResponse, ZListTownsResponse, ZListUnitsQuery, ZListUnitsResponse, ZTown, ZUnit, ZUpdateUnitRequest } from './unit.contract.js';

export const UNIT_ROUTES = defineRoutes('units', {
  towns: { method: 'get', path: '/towns', summary: 'The district’s towns and streets, in order', who: 'signed in', response: ZListTownsResponse },
  createTown: { method: 'post', path: '/towns', summary: 'Add a town or street (409 if it exists)', who: 'organizer', roles: ['organizer'], writes: 'none', body: ZCreateTownRequest, response: ZTown, status: 201 },
  list: {
    method: 'get',
    path: '/units',
    summary: 'Units with their coordinators, paged; filters q (name or code), kind, town (by name), active',
    who: 'organizer, approver',
    roles: ['organizer', 'approver'],
    query: ZListUnitsQuery,
    response: ZListUnitsResponse,
  },
  template: {
    method: 'get',
    path: '/units/template.xlsx',
    summary: 'The unit import template: the bureau’s headers (required ones marked *), one example row, the towns and unit kinds on a second sheet',
    who: 'organizer',
    roles: ['organizer'],
    produces: MEDIA.xlsx,
    audit: { download: false },
  },
  setActive: { method: 'put', path: '/units/:id', summary: 'Deactivate or reactivate a unit', who: 'organizer', roles: ['organizer'], writes: 'none', body: ZUpdateUnitRequest, response: ZUnit },
  import: {
    method: 'post',
    path: '/units.xlsx',
    summary: 'Import units and coordinators (the .xlsx as the body): created or updated by code, new accounts with a one-time password; all rows or none, 422 by row and column; campaignId invites them',
    who: 'organizer',
    roles: ['organizer'],
    writes: 'queryCampaignId',
    query: ZImportUnitsQuery,
    upload: { kind: 'xlsx' },
    response: ZImportUnitsResponse,
    status: 201,
    refusals: [404, 422],
  },
});
