import { createApp } from 'vue';
import CheckinView from './checkin/CheckinView.vue';
import WallView from './wall/WallView.vue';

/** /kiosk/ is the ceremony wall; /kiosk/checkin/<session> the phone check-in page (self or staff). */
const checkin = /\/checkin\/([0-9a-f-]{36})/.exec(location.pathname);
createApp(checkin ? CheckinView : WallView, checkin ? { sessionId: checkin[1] } : {}).mount('#app');
