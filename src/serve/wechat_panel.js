// The preview's "copy for the official account" button: fetches the
// story's fragment, shows it in a panel as the editor will (an iframe
// holding only the fragment), and puts it on the clipboard as text/html
// with a text/plain version. `L` (the labels) and `URL` are set by serve
// before this runs.
(function () {
  var btn = document.getElementById('bp-wechat');
  if (!btn) return;
  var dlg, frame, note, warnings, status, copyBtn, data;
  function el(tag, css, text) {
    var e = document.createElement(tag);
    if (css) e.style.cssText = css;
    if (text) e.textContent = text;
    return e;
  }
  var button = 'font:inherit;padding:.45rem 1rem;border-radius:6px;border:1px solid #6b1212;cursor:pointer;';
  function build() {
    dlg = el('dialog', 'width:min(720px,calc(100vw - 1rem));max-width:none;max-height:calc(100vh - 1rem);box-sizing:border-box;padding:1rem;border:0;border-radius:10px;background:#fff;color:#1a1a1a;font:15px/1.5 system-ui,sans-serif;box-shadow:0 4px 24px rgba(0,0,0,.35)');
    dlg.id = 'bp-wechat-panel';
    dlg.setAttribute('aria-labelledby', 'bp-wechat-title');
    var h = el('h2', 'margin:0 0 .25rem;font-size:1.15rem', L.title);
    h.id = 'bp-wechat-title';
    note = el('p', 'margin:0 0 .5rem;color:#444', L.note);
    warnings = el('ul', 'margin:0 0 .5rem;padding:.5rem .5rem .5rem 1.75rem;background:#fff8e1;color:#3b2a00;border:1px solid #b7791f;border-radius:6px');
    warnings.id = 'bp-wechat-warnings';
    frame = el('iframe', 'width:100%;height:min(60vh,640px);border:1px solid #888;border-radius:6px;background:#fff');
    frame.id = 'bp-wechat-preview';
    frame.title = L.preview;
    // No script runs in it; the page may still select its text.
    frame.setAttribute('sandbox', 'allow-same-origin');
    status = el('p', 'margin:.5rem 0;font-weight:600;min-height:1.5em');
    status.id = 'bp-wechat-status';
    status.setAttribute('role', 'status');
    var row = el('div', 'display:flex;gap:.5rem;flex-wrap:wrap');
    copyBtn = el('button', button + 'background:#9f1b1b;color:#fff', L.copy);
    copyBtn.type = 'button';
    copyBtn.id = 'bp-wechat-copy';
    copyBtn.onclick = copy;
    var close = el('button', button + 'background:#fff;color:#6b1212', L.close);
    close.type = 'button';
    close.onclick = function () { dlg.close(); };
    row.append(copyBtn, close);
    dlg.append(h, note, warnings, frame, status, row);
    document.body.append(dlg);
  }
  function say(text, bad) {
    status.textContent = text;
    status.style.color = bad ? '#9f1b1b' : '#14532d';
  }
  function show(ok, body) {
    data = ok ? body : null;
    copyBtn.hidden = !ok;
    frame.hidden = !ok;
    note.hidden = !ok;
    warnings.textContent = '';
    var list = ok && Array.isArray(body.warnings) ? body.warnings : [];
    list.forEach(function (w) {
      warnings.append(el('li', '', w.message + (w.hint ? L.hint.replace('{0}', w.hint) : '')));
    });
    warnings.hidden = list.length === 0;
    if (ok) {
      frame.srcdoc = '<!doctype html><meta charset="utf-8"><body>' + body.html + '</body>';
      say('');
    } else {
      say((body.error || L.failed) + (body.hint ? '\n' + body.hint : ''), true);
      status.style.whiteSpace = 'pre-wrap';
    }
  }
  async function open() {
    if (!dlg) build();
    show(false, { error: L.loading });
    status.style.color = '';
    if (!dlg.open) dlg.showModal();
    var body;
    var ok = false;
    try {
      var res = await fetch(URL + '?path=' + encodeURIComponent(btn.dataset.path), { cache: 'no-store' });
      body = await res.json();
      ok = res.ok;
    } catch (e) {
      body = { error: L.failed };
    }
    show(ok, body || {});
    (ok ? copyBtn : dlg.querySelector('button:not([hidden])')).focus();
  }
  async function copy() {
    if (!data) return;
    try {
      await navigator.clipboard.write([new ClipboardItem({
        'text/html': new Blob([data.html], { type: 'text/html' }),
        'text/plain': new Blob([data.text], { type: 'text/plain' }),
      })]);
      say(L.copied);
    } catch (e) {
      // Selected, the fragment copies with Ctrl+C (⌘C).
      try {
        var doc = frame.contentDocument;
        var range = doc.createRange();
        range.selectNodeContents(doc.body);
        var sel = doc.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        frame.focus();
      } catch (e2) { /* nothing to select */ }
      say(L.blocked, true);
    }
  }
  btn.addEventListener('click', open);
})();
