import type { TLocale, TRole } from '@learnweek/contracts';
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

export const hasRole = (p: UserPrincipal, ...roles: TRole[]) => roles.some((r) => p.roles.includes(r));

/** The workflow's view of a signed-in user. */
export const workflowActor = (p: UserPrincipal): TWorkflowActor => ({ kind: 'user', userId: p.id, roles: p.roles, unitId: p.unitId });

/** A unit's data is for the organizer, approvers and that unit's own coordinators (403 for anyone else). */
export function assertCanReadUnit(p: UserPrincipal, unitId: string): void {
  if (!hasRole(p, 'organizer', 'approver') && !isCoordinatorOf(workflowActor(p), unitId)) throw forbidden();
}
