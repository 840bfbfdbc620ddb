// The table form of the body's toolbar: rows, columns and a header row,
// inserted as a Markdown table, so a writer never types its pipes.

import { insertBlock, tableMarkdown } from './body.js';
import { dialogs, openDialog } from './dialog.js';
import { el } from './dom.js';
import { t } from './messages.js';
import { S } from './state.js';

function numberField(id, label, value, max) {
  return el('div', { class: 'bp-field' },
    el('label', { for: id, class: 'bp-label', text: label }),
    el('input', { id, type: 'number', min: '1', max: String(max), step: '1', inputmode: 'numeric', value: String(value) }));
}

export function buildTableDialog() {
  const d = el('dialog', { id: 'bp-table-dialog', class: 'bp-dialog', 'aria-labelledby': 'bp-table-h' });
  const form = el('form', { method: 'dialog' },
    el('h2', { id: 'bp-table-h', text: t('tableTitle') }),
    el('div', { class: 'bp-row' }, numberField('bp-table-rows', t('tableRows'), 3, 50), numberField('bp-table-cols', t('tableCols'), 2, 12)),
    el('div', { class: 'bp-check' },
      el('input', { id: 'bp-table-header', type: 'checkbox', checked: true }),
      el('label', { for: 'bp-table-header', text: t('tableHeader') })),
    el('div', { class: 'bp-dialog-actions' },
      el('button', { type: 'submit', id: 'bp-table-ok', class: 'bp-btn bp-btn-primary' }, t('tableInsert')),
      el('button', { type: 'button', id: 'bp-table-cancel', class: 'bp-btn', onclick: () => d.close() }, t('cancel'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    d.close();
    insertTable();
  });
  d.append(form);
  return d;
}

export function openTableDialog() {
  const d = dialogs.table;
  openDialog(d, d.querySelector('#bp-table-rows'), S.ed && S.ed.els.body);
}

export function insertTable() {
  const E = S.ed;
  if (!E) return;
  const d = dialogs.table;
  const rows = Number(d.querySelector('#bp-table-rows').value);
  const cols = Number(d.querySelector('#bp-table-cols').value);
  const header = d.querySelector('#bp-table-header').checked;
  const md = tableMarkdown(rows, cols, header, (i) => t('tableHeaderCell', i + 1));
  // The cursor lands in the first cell to fill.
  const first = md.indexOf('\n', md.indexOf('\n') + 1) + 3;
  insertBlock(E.els.body, md, header ? 2 : first, header ? 2 + t('tableHeaderCell', 1).length : first);
}
