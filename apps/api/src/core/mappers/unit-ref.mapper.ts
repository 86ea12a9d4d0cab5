import { ZUnitKind, type TUnitRef } from '@learnweek/contracts';
import type { Town, Unit } from '@learnweek/db';

/** A unit as the rows of participations, nominations and the gallery name it. */
export const toUnitRef = (u: Unit & { town: Town }): TUnitRef => ({
  id: u.id,
  code: u.code,
  name: u.name,
  kind: ZUnitKind.parse(u.kind),
  town: u.town.name,
});
