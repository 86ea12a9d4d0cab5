import { onBeforeUnmount, ref, type Ref } from 'vue';

/** Below this width the console lays itself out for a phone. */
export const PHONE_QUERY = '(max-width: 767px)';

/** Whether the window is phone-sized now; follows rotation and resizing while the component lives. */
export function usePhone(): Ref<boolean> {
  const query = window.matchMedia(PHONE_QUERY);
  const phone = ref(query.matches);
  const follow = (e: MediaQueryListEvent) => (phone.value = e.matches);
  query.addEventListener('change', follow);
  onBeforeUnmount(() => query.removeEventListener('change', follow));
  return phone;
}
