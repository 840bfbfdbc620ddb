// 长辈模式 (large text), the switch in the header of every page. The class
// `care` on <html> is set before first paint by the small inline script in
// base.html's <head> (from localStorage "bp-care" or ?care=1 / ?care=0), so
// nothing moves on load; this file only wires the button. No dependencies.
(function () {
  var root = document.documentElement;
  var button = document.querySelector('.care-switch');
  if (!button) return;
  function show() {
    button.setAttribute('aria-pressed', root.classList.contains('care') ? 'true' : 'false');
  }
  show();
  button.addEventListener('click', function () {
    var on = root.classList.toggle('care');
    try {
      localStorage.setItem('bp-care', on ? '1' : '0');
    } catch (e) { /* private mode: the choice lasts for this page */ }
    // A link's ?care=1 has done its work: drop it, so a reload keeps the choice.
    var url = new URL(location.href);
    if (url.searchParams.has('care')) {
      url.searchParams.delete('care');
      history.replaceState(history.state, '', url);
    }
    show();
  });
})();
