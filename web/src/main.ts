// Entry point: installs Pinia, the router, i18n and Element Plus, and wires the HTTP wrapper's hooks.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus, { ElMessage } from 'element-plus';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { i18n, savedLocale, setLocale } from './locales';
import { router } from './router';
import { configureHttp } from './api/http';
import { useAuthStore } from './stores/auth';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(ElementPlus);
setLocale(savedLocale());

const auth = useAuthStore(pinia);
configureHttp({
  csrfToken: () => auth.csrf_token,
  notify: (title, detail) =>
    ElMessage({
      type: 'error',
      message: detail && detail !== title ? `${title}: ${detail}` : title,
      showClose: true,
      grouping: true,
    }),
  onUnauthenticated: () => {
    auth.clear();
    if (router.currentRoute.value.name !== 'login') void router.push({ name: 'login' });
  },
});

app.use(router);
app.mount('#app');
