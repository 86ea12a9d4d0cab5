import { defineRoutes } from '../common/endpoint.js';
import { ZKioskWall } from './kiosk.contract.js';

export const KIOSK_ROUTES = defineRoutes('kiosk', {
  wall: {
    method: 'get',
    path: '/kiosk/wall',
    summary: 'The campaign of this screen (403 for anything but a screen token)',
    who: 'kiosk device token',
    access: 'kiosk',
    response: ZKioskWall,
  },
});
