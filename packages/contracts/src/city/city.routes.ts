import { defineRoutes } from '../common/endpoint.js';
import { ZCityBoard, ZCityBoardQuery } from './city.contract.js';

/** The city office's view over its districts (docs/ARCHITECTURE.md, "Tenancy"): read only. */
export const CITY_ROUTES = defineRoutes('city', {
  board: {
    method: 'get',
    path: '/city/board',
    summary:
      'The city board: per district of the caller’s city, units, plans submitted and approved, activities, participants, check-ins and exemplars of the year’s campaigns, and the city’s totals (their sum); read from totals kept as the data changes',
    who: 'city office',
    roles: ['city'],
    query: ZCityBoardQuery,
    response: ZCityBoard,
  },
});
