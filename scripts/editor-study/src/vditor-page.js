// Not bundled: loaded after vendored node_modules/vditor/dist/index.min.js. All Vditor assets
// (lute.min.js, i18n, icons) are fetched from the local study origin via `cdn`, never a CDN.
window.makeEditor = (el, md) => new Promise((resolve, reject) => {
  const t = setTimeout(() => reject(new Error('vditor after() timeout')), 20000);
  const v = new Vditor(el, {
    mode: 'ir', cdn: location.origin + '/node_modules/vditor', cache: { enable: false },
    height: 600, lang: 'zh_CN', value: '',
    after() {
      clearTimeout(t);
      v.setValue(md, true);
      resolve({ get: () => v.getValue(), destroy: () => v.destroy() });
    },
  });
});
