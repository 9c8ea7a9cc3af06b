// The files page (/files): not in the menu; pages of other capabilities attach
// files through components/FileUpload.vue, this page lists what the caller may read.
import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: 'files',
    name: 'files',
    component: () => import('./FileList.vue'),
  },
];
