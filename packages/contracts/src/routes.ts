import { ACCOUNT_ROUTES } from './account/account.routes.js';
import { AUDIT_ROUTES } from './audit/audit.routes.js';
import { AUTH_ROUTES } from './auth/auth.routes.js';
import { CAMPAIGN_ROUTES } from './campaign/campaign.routes.js';
import { CHECKIN_ROUTES } from './checkin/checkin.routes.js';
import { CITY_ROUTES } from './city/city.routes.js';
import type { TEndpoint } from './common/endpoint.js';
import { CONSOLE_ROUTES } from './console/console.routes.js';
import { SYSTEM_ROUTES } from './health/system.routes.js';
import { KIOSK_ROUTES } from './kiosk/kiosk.routes.js';
import { NOMINATION_ROUTES } from './nomination/nomination.routes.js';
import { NOTIFICATION_ROUTES } from './notification/notification.routes.js';
import { OPERATIONS_ROUTES } from './operations/operations.routes.js';
import { PARTICIPATION_ROUTES } from './participation/participation.routes.js';
import { TOWN_ROUTES } from './town/town.routes.js';
import { UNIT_ROUTES } from './unit/unit.routes.js';

/**
 * The REST surface (docs/PRODUCT.md §6) as data, one declaration per endpoint beside its contract
 * (`<area>/<area>.routes.ts`), grouped by OpenAPI tag: `ROUTES.participations.updatePlan`. The
 * OpenAPI document at /api/docs-json is generated from it, the API validates with its schemas, the
 * apps call through it (@learnweek/client), and tests compare it with the routes the server registers.
 */
export const ROUTES = {
  system: SYSTEM_ROUTES,
  auth: AUTH_ROUTES,
  campaigns: CAMPAIGN_ROUTES,
  units: UNIT_ROUTES,
  participations: PARTICIPATION_ROUTES,
  console: CONSOLE_ROUTES,
  exemplars: NOMINATION_ROUTES,
  checkin: CHECKIN_ROUTES,
  kiosk: KIOSK_ROUTES,
  notifications: NOTIFICATION_ROUTES,
  audit: AUDIT_ROUTES,
  accounts: ACCOUNT_ROUTES,
  town: TOWN_ROUTES,
  operations: OPERATIONS_ROUTES,
  city: CITY_ROUTES,
} as const;

/** Every declaration, tag by tag (the order of the OpenAPI document). */
export const API_ROUTES: readonly TEndpoint[] = Object.values(ROUTES).flatMap((group) => Object.values<TEndpoint>(group));

/** The name every consumer of the flat list already uses. */
export type TRouteContract = TEndpoint;
