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
  /** Signed in with an initial or reset password: only the routes declaring `beforePasswordChange` are open. */
  mustChangePassword: boolean;
  /** The account's session generation now (a token the service signs for this user is of it). */
  sessionGeneration: number;
  /** The account's district, read from the database (docs/ARCHITECTURE.md, "Tenancy"); null: the city office's. */
  districtId: string | null;
  /** The city office's accounts (districtId null): the city whose districts they read. */
  cityId: string | null;
}

export interface KioskPrincipal {
  kind: 'kiosk';
  deviceId: string;
  campaignId: string;
  /** The screen's venue (null: issued before venues, it shows the main venue). */
  sessionId: string | null;
  /** The screen's district (its campaign's): the routes it reaches run in it. */
  districtId: string;
}

/** A desk opened from a desk link: checks people in at its venue's sessions, nothing else. */
export interface DeskPrincipal {
  kind: 'desk';
  deviceId: string;
  campaignId: string;
  /** The venue (CheckinSession.venue) whose sessions it serves. */
  venue: string;
  /** The desk's district (its campaign's): the routes it reaches run in it. */
  districtId: string;
}

export type Principal = UserPrincipal | KioskPrincipal | DeskPrincipal;

/** A desk link serves the sessions of its own venue in its own campaign. */
export const deskServes = (p: Principal | undefined, session: { campaignId: string; venue: string }): boolean =>
  p?.kind === 'desk' && p.campaignId === session.campaignId && p.venue === session.venue;

/**
 * Who may check people in at a session without its QR secret: staff and the organizer of its district,
 * a desk link of its venue. (The check-in route is public, so it runs in no district: the district is
 * compared here, docs/ARCHITECTURE.md, Tenancy.)
 */
export const checksInAt = (p: Principal | undefined, session: { campaignId: string; venue: string; districtId: string }): boolean =>
  (p?.kind === 'user' && hasRole(p, 'checkinStaff', 'organizer') && p.districtId === session.districtId) || deskServes(p, session);

/** A signed-in user as the apps see it (the sign-in answer, /auth/me). */
export const sessionUserOf = (p: UserPrincipal): TSessionUser => ({
  id: p.id,
  username: p.username,
  displayName: p.displayName,
  roles: p.roles,
  unitId: p.unitId,
  locale: p.locale,
  mustChangePassword: p.mustChangePassword,
});

export const hasRole = (p: UserPrincipal, ...roles: TRole[]) => roles.some((r) => p.roles.includes(r));

/** The workflow's view of a signed-in user. */
export const workflowActor = (p: UserPrincipal): TWorkflowActor => ({ kind: 'user', userId: p.id, roles: p.roles, unitId: p.unitId });

/** A unit's data is for the organizer, approvers and that unit's own coordinators (403 for anyone else). */
export function assertCanReadUnit(p: UserPrincipal, unitId: string): void {
  if (!hasRole(p, 'organizer', 'approver') && !isCoordinatorOf(workflowActor(p), unitId)) throw forbidden();
}
