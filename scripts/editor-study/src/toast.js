import Editor from '@toast-ui/editor';
import '@toast-ui/editor/dist/toastui-editor.css';
window.makeEditor = async (el, md) => {
  const editor = new Editor({ el, initialEditType: 'markdown', previewStyle: 'tab', height: '600px', usageStatistics: false });
  editor.setMarkdown(md);
  editor.changeMode('wysiwyg');
  return { get: () => editor.getMarkdown(), destroy: () => editor.destroy() };
};
