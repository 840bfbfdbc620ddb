import { Editor, rootCtx, defaultValueCtx, editorViewCtx } from '@milkdown/kit/core';
import { commonmark } from '@milkdown/kit/preset/commonmark';
import { gfm } from '@milkdown/kit/preset/gfm';
import { history } from '@milkdown/kit/plugin/history';
import { getMarkdown } from '@milkdown/kit/utils';
import '@milkdown/kit/prose/view/style/prosemirror.css';
import '@milkdown/kit/prose/tables/style/tables.css';
window.makeEditor = async (el, md) => {
  const editor = await Editor.make()
    .config(ctx => { ctx.set(rootCtx, el); ctx.set(defaultValueCtx, md); })
    .use(commonmark).use(gfm).use(history).create();
  return {
    get: () => editor.action(getMarkdown()),
    destroy: () => editor.destroy(),
  };
};
