// The unread count behind the side menu's inbox badge, shared by the layout and the inbox page.
import { ref } from 'vue';
import { unreadCount } from '@/api/notice';

export const unread = ref(0);

/** Reloads the count; failures (e.g. signed out) leave it as it was. */
export async function refreshUnread(): Promise<void> {
  try {
    unread.value = await unreadCount();
  } catch {
    // silent: the badge is a convenience
  }
}
