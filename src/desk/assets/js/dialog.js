// Modal dialogs: open one, focus inside it, give the focus back on closing.
// Each feature builds its own dialog.

const FOCUSABLE = 'input:not([disabled]), textarea:not([disabled]), select:not([disabled]), button:not([disabled]), a[href]';

export const dialogs = {};

// Opens a modal dialog, focuses `focusEl` (or its first control) and, on
// closing, gives focus back to `opener` (or what had it before).
export function openDialog(d, focusEl, opener = document.activeElement) {
  d.returnValue = '';
  if (!d.open) d.showModal();
  const target = focusEl || d.querySelector(FOCUSABLE);
  if (target) target.focus();
  d.addEventListener('close', () => {
    if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
  }, { once: true });
}
