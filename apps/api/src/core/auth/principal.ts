import type { TLocale, TRole, TSessionUser } from '@learnweek/contracts';
import { forbidden } from '../errors/api.exception.js';
import { isCoordinatorOf, type TWorkflowActor } from '@learnweek/workflow';

export interface UserPrincipal {
  kind: 'user';
  id: string;
  username: string;
  displayName: string;
  roles: TRole[];
  unitId: string | null;
  locale: TLocale;
}

export interface KioskPrincipal {
  kind: 'kiosk';
  deviceId: string;
  campaignId: string;
}

export type Principal = UserPrincipal | KioskPrincipal;

/** A signed-in user as the apps see it (the sign-in answer, /auth/me). */
export const sessionUserOf = (p: UserPrincipal): TSessionUser => ({ id: p.id, username: p.username, displayName: p.displayName, roles: p.roles, unitId: p.unitId, locale: p.locale });

export const hasRole = (p: UserPrincipal, ...roles: TRole[]) => roles.some((r) => p.roles.includes(r));

/** The workflow's view of a signed-in user. */
export const workflowActor = (p: UserPrincipal): TWorkflowActor => ({ kind: 'user', userId: p.id, roles: p.roles, unitId: p.unitId });

/** A unit's data is for the organizer, approvers and that unit's own coordinators (403 for anyone else). */
export function assertCanReadUnit(p: UserPrincipal, unitId: string): void {
  if (!hasRole(p, 'organizer', 'approver') && !isCoordinatorOf(workflowActor(p), unitId)) throw forbidden();
}
