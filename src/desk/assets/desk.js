// The writing desk of `branchpress serve`: a story from its first line to
// publication in the browser. Plain JavaScript, no build step, no external
// requests. Served as /__branchpress/desk/desk.js.
(() => {
  'use strict';

  const LANG = /^en\b/i.test(document.documentElement.lang) ? 'en' : 'zh-CN';
  const TOKEN = (document.querySelector('meta[name="bp-token"]') || {}).content || '';
  const API = '/__branchpress/desk/api/';
  const MAX_UPLOAD = 30 * 1024 * 1024;
  const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
  const LOCAL_PREFIX = 'bp-desk:';
  const AUTHOR_KEY = 'bp-desk-author';
  const LAST_BRANCH_KEY = 'bp-desk-last-branch';
  const PREVIEW_DELAY = 400;
  const LIST_SPLIT = /[、,，]/;

  // ---------------------------------------------------------------- strings

  const T = {
    'zh-CN': {
      deskTitle: '写作台', navLabel: '写作台导航', navHome: '写作台首页', backToPreview: '返回预览',
      loading: '正在加载…', colon: '：', listSep: '、',
      network: '无法连接写作台服务。请确认运行 branchpress serve 的窗口没有关闭。',
      httpError: '出错了（HTTP {0}）', loadFailed: '加载失败：{0}',
      // home
      newStory: '新建稿件', newBranch: '新建支部', publish: '发布',
      stories: '稿件', branches: '支部', filters: '筛选稿件',
      filterBranch: '支部', filterKind: '类型', filterYear: '年份', filterDraft: '状态', filterQ: '搜索标题',
      allBranches: '全部支部', allKinds: '全部类型', allYears: '全部年份',
      draftAll: '全部', draftOnly: '只看草稿', publishedOnly: '只看已发布',
      storyCount: '共 {0} 篇', storyCountFiltered: '显示 {0} 篇，共 {1} 篇',
      noStories: '还没有稿件。点“新建稿件”开始写第一篇。', noMatch: '没有符合条件的稿件。',
      draftBadge: '草稿', errorBadge: '有错误', localBadge: '本机有未保存的修改',
      untitled: '（无标题）', noBranches: '还没有支部。点“新建支部”添加。',
      localNew: '有一篇还没保存的新稿件：{0}', localNewOpen: '继续写',
      // editor
      newStoryHeading: '新建稿件', editStoryHeading: '编辑稿件',
      requiredNote: '标 * 的为必填项。',
      sectionBasic: '基本信息', sectionBody: '正文', sectionMore: '数据、标签和封面',
      title: '标题', date: '日期', branch: '支部', kind: '稿件类型',
      choose: '请选择', chooseBranch: '请选择支部', none: '（不填）',
      noBranchYet: '还没有支部：请先回到写作台首页“新建支部”。',
      locked: '已保存的稿件不能在这里换支部或类型。',
      metrics: '数据', metricsHelp: '只填数字，单位会自动显示；不适用的留空。',
      tags: '标签', tagsHelp: '多个标签用顿号“、”或逗号隔开，如：义诊、志愿服务',
      listHelp: '多项用顿号“、”或逗号隔开',
      with: '联合支部', withHelp: '一起开展的其他支部；稿件会同时出现在这些支部的页面上。',
      noOtherBranches: '没有其他支部。',
      summary: '摘要', summaryHelp: '一两句话；不填则取正文第一段。',
      cover: '封面照片', coverNone: '无',
      coverHelp: '封面显示在列表和分享卡片中。在正文中添加照片后就可以在这里选择。',
      draft: '草稿（不发布）', draftHelp: '草稿只在预览中可见，不会发布，也不计入统计。',
      body: '正文', bodyHelp: '可以把照片直接拖到正文框里，或在正文框里粘贴截图（如微信截图）。',
      bodyPlaceholder: '从这里开始写正文……',
      toolbar: '正文编辑工具',
      tbHeading: '标题', tbBold: '加粗', tbList: '列表', tbQuote: '引用', tbLink: '链接',
      tbPhoto: '照片', tbTable: '表格', tbStat: '数据',
      tbHeadingTip: '小标题（行首加 ##）', tbBoldTip: '加粗（Ctrl+B）', tbListTip: '列表（行首加 -）',
      tbQuoteTip: '引用（行首加 >）', tbLinkTip: '插入链接', tbPhotoTip: '添加照片（JPG、PNG、WebP）',
      tbTableTip: '插入表格', tbStatTip: '突出显示一个数字',
      sampleHeading: '小标题', sampleBold: '加粗文字', sampleList: '列表项', sampleQuote: '引用的话',
      sampleLink: '链接文字',
      sampleTable: '| 项目 | 内容 |\n| --- | --- |\n| 时间 |  |\n| 地点 |  |',
      sampleStat: '{{ stat(value="300", unit="人次", label="服务群众") }}',
      save: '保存', saving: '正在保存…', saved: '已保存', savedWarnings: '已保存（有 {0} 个警告，见标出的地方）',
      back: '返回', viewOnSite: '在网站中查看',
      notSavedFix: '未保存：请先改正标出的问题', notSaved: '未保存：{0}',
      changedLocal: '未保存：修改已暂存在本机浏览器中，点“保存”写入网站',
      restored: '已从本地恢复未保存的内容', restoredAt: '这是你在 {0} 没有保存的内容。', discardLocal: '放弃恢复',
      badNumber: '请填写数字',
      preview: '预览', previewLoading: '正在更新预览…',
      previewNeedsBranch: '选好支部和稿件类型后显示预览。',
      previewNeedsTitle: '填写标题和日期后显示预览。',
      previewFailed: '预览失败：{0}', previewStale: '有错误，预览暂停更新（改正标出的问题后继续）。',
      diagTitle: '需要注意的问题', error: '错误', warning: '警告', lineMsg: '第 {0} 行：',
      // photos
      photoTooBig: '“{0}”有 {1} MB，超过 30 MB，无法上传。请先把照片缩小（例如另存为较小的 JPG）再上传。',
      photoBadType: '“{0}”不是 JPG、PNG 或 WebP 照片。苹果手机的 HEIC 照片请先另存为 JPG。',
      photoNeeds: '添加照片前请先填写这一项',
      photoNeedsStatus: '添加照片前请先填写标题、日期并选好支部和稿件类型。',
      uploading: '正在上传“{0}”…', uploadFailed: '照片“{0}”没有上传：{1}',
      uploaded: '照片“{0}”已上传并插入正文', uploadedOnly: '照片“{0}”已上传，没有插入正文（可以选作封面）',
      coverAutoSet: '，并设为封面', dropHere: '松开即可添加照片',
      captionTitle: '照片说明', captionLabel: '图片说明（供视障读者和搜索使用）', captionFile: '照片：{0}',
      captionHelp: '用一句话写照片里是什么，如“医生为村民测血压”。点“取消”则只上传照片，不插入正文。',
      ok: '确定', cancel: '取消', close: '关闭',
      // conflict
      conflictTitle: '这篇稿件已在别处被修改',
      conflictText: '打开这篇稿件之后，它的文件又被改过（可能是在另一个窗口或另一台电脑上）。请选择保留哪一份。现在还没有覆盖任何内容。',
      conflictMine: '我的修改', conflictDisk: '磁盘上的版本', conflictGone: '（文件已被删除或无法读取）',
      keepMine: '保留我的修改', useDisk: '使用磁盘上的版本',
      conflictStatus: '未保存：文件已在别处被修改，请选择保留哪一份',
      loadedDisk: '已载入磁盘上的版本',
      conflictSummary: '标题：{0}\n日期：{1}\n\n{2}',
      // branch
      branchHeading: '新建支部', branchName: '支部名称', branchNameHelp: '支部全称，如“医学影像党支部”。',
      branchSlug: '文件夹名',
      branchSlugHelp: '只能用小写英文字母、数字、- 和 _。它是网址的一部分（如 imaging 的网址是 /branches/imaging/），建好后不宜再改。',
      branchSlugSuggested: '已根据名称建议了一个文件夹名，可以修改。',
      branchCreate: '新建支部', branchCreating: '正在新建支部…', branchCreated: '已新建支部：{0}',
      slugInvalid: '文件夹名只能用小写英文字母、数字、- 和 _，并以字母或数字开头',
      nameRequired: '请填写支部名称', slugRequired: '请填写文件夹名，例如 imaging',
      // publish
      publishTitle: '发布到网站', publishLoading: '正在检查有哪些修改…',
      publishNoRepo: '这个网站文件夹还不是 git 仓库（或没有远程仓库），发布需要先设置。请技术人员参考 README 的“发布”一节。',
      publishHelpLink: '查看“发布”的设置说明',
      publishRemote: '发布到：{0}', publishChanges: '将要发布的修改（{0} 个文件）',
      publishNoChanges: '没有需要发布的修改。',
      publishMessage: '这次更新了什么', publishName: '你的名字', publishEmail: '电子邮箱',
      publishAuthorHelp: '名字和邮箱会记录在网站的修改历史中。',
      publishGo: '发布', publishing: '正在发布，请稍候…',
      published: '已发布：提交 {0}', publishFailed: '发布失败：{0}', publishOutput: 'git 的输出',
      publishDefault: '更新稿件：{0}', publishGeneric: '更新网站内容', publishMore: '等 {0} 篇',
      st_M: '修改', st_A: '新增', st_D: '删除', 'st_??': '新文件', st_R: '改名', st_C: '复制', st_U: '冲突',
    },
    en: {
      deskTitle: 'Writing desk', navLabel: 'Desk navigation', navHome: 'Desk home', backToPreview: 'Back to the preview',
      loading: 'Loading…', colon: ': ', listSep: ', ',
      network: 'Cannot reach the desk. Is the window running branchpress serve still open?',
      httpError: 'Something went wrong (HTTP {0})', loadFailed: 'Could not load: {0}',
      newStory: 'New story', newBranch: 'New branch', publish: 'Publish',
      stories: 'Stories', branches: 'Branches', filters: 'Filter stories',
      filterBranch: 'Branch', filterKind: 'Kind', filterYear: 'Year', filterDraft: 'Status', filterQ: 'Search titles',
      allBranches: 'All branches', allKinds: 'All kinds', allYears: 'All years',
      draftAll: 'All', draftOnly: 'Drafts only', publishedOnly: 'Published only',
      storyCount: '{0} stories', storyCountFiltered: 'Showing {0} of {1} stories',
      noStories: 'No stories yet. Choose “New story” to write the first one.', noMatch: 'No story matches.',
      draftBadge: 'Draft', errorBadge: 'Has errors', localBadge: 'Unsaved changes on this computer',
      untitled: '(untitled)', noBranches: 'No branches yet. Choose “New branch” to add one.',
      localNew: 'There is a new story that was not saved: {0}', localNewOpen: 'Continue writing',
      newStoryHeading: 'New story', editStoryHeading: 'Edit story',
      requiredNote: 'Fields marked * are required.',
      sectionBasic: 'Basics', sectionBody: 'Text', sectionMore: 'Figures, tags and cover',
      title: 'Title', date: 'Date', branch: 'Branch', kind: 'Kind of story',
      choose: 'Choose…', chooseBranch: 'Choose a branch', none: '(none)',
      noBranchYet: 'There is no branch yet: go back to the desk home and create one.',
      locked: 'A saved story cannot change its branch or kind here.',
      metrics: 'Figures', metricsHelp: 'Numbers only; units are shown for you. Leave out what does not apply.',
      tags: 'Tags', tagsHelp: 'Separate tags with commas, e.g. free clinic, volunteering',
      listHelp: 'Separate items with commas',
      with: 'Joint branches', withHelp: 'Other branches that took part; the story also appears on their pages.',
      noOtherBranches: 'There are no other branches.',
      summary: 'Summary', summaryHelp: 'One or two sentences; without it the first paragraph is used.',
      cover: 'Cover photo', coverNone: 'None',
      coverHelp: 'The cover shows in lists and share cards. Add photos to the text to choose one here.',
      draft: 'Draft (not published)', draftHelp: 'Drafts show only in the preview: not published, not counted.',
      body: 'Text', bodyHelp: 'Drag photos onto the text box, or paste a screenshot into it.',
      bodyPlaceholder: 'Start writing here…',
      toolbar: 'Text formatting',
      tbHeading: 'Heading', tbBold: 'Bold', tbList: 'List', tbQuote: 'Quote', tbLink: 'Link',
      tbPhoto: 'Photo', tbTable: 'Table', tbStat: 'Figure',
      tbHeadingTip: 'Subheading (## at the start of the line)', tbBoldTip: 'Bold (Ctrl+B)',
      tbListTip: 'List (- at the start of the line)', tbQuoteTip: 'Quote (> at the start of the line)',
      tbLinkTip: 'Insert a link', tbPhotoTip: 'Add photos (JPG, PNG, WebP)', tbTableTip: 'Insert a table',
      tbStatTip: 'Highlight a number',
      sampleHeading: 'Subheading', sampleBold: 'bold text', sampleList: 'item', sampleQuote: 'quoted words',
      sampleLink: 'link text',
      sampleTable: '| Item | Details |\n| --- | --- |\n| Time |  |\n| Place |  |',
      sampleStat: '{{ stat(value="300", unit="visits", label="Patients served") }}',
      save: 'Save', saving: 'Saving…', saved: 'Saved', savedWarnings: 'Saved ({0} warnings, shown where they are)',
      back: 'Back', viewOnSite: 'View on the site',
      notSavedFix: 'Not saved: first correct the problems marked', notSaved: 'Not saved: {0}',
      changedLocal: 'Not saved: your changes are kept in this browser; choose “Save” to write them to the site',
      restored: 'Unsaved changes restored from this browser', restoredAt: 'These are the changes you left unsaved at {0}.',
      discardLocal: 'Discard them',
      badNumber: 'Enter a number',
      preview: 'Preview', previewLoading: 'Updating the preview…',
      previewNeedsBranch: 'Choose a branch and a kind to see the preview.',
      previewNeedsTitle: 'Fill in the title and date to see the preview.',
      previewFailed: 'Preview failed: {0}', previewStale: 'There are errors; the preview waits until they are corrected.',
      diagTitle: 'Problems to look at', error: 'Error', warning: 'Warning', lineMsg: 'Line {0}: ',
      photoTooBig: '“{0}” is {1} MB, over 30 MB, and cannot be uploaded. Make it smaller first (e.g. save it as a smaller JPG).',
      photoBadType: '“{0}” is not a JPG, PNG or WebP photo. Save iPhone HEIC photos as JPG first.',
      photoNeeds: 'Fill this in before adding photos',
      photoNeedsStatus: 'Before adding photos, fill in the title and date and choose the branch and kind.',
      uploading: 'Uploading “{0}”…', uploadFailed: 'Photo “{0}” was not uploaded: {1}',
      uploaded: 'Photo “{0}” uploaded and inserted', uploadedOnly: 'Photo “{0}” uploaded but not inserted (it can be the cover)',
      coverAutoSet: ', and made the cover', dropHere: 'Drop to add the photos',
      captionTitle: 'Photo caption', captionLabel: 'Caption (for blind readers and for search)', captionFile: 'Photo: {0}',
      captionHelp: 'Say in one sentence what the photo shows, e.g. “A doctor takes a villager’s blood pressure”. “Cancel” uploads the photo without inserting it.',
      ok: 'OK', cancel: 'Cancel', close: 'Close',
      conflictTitle: 'This story was changed elsewhere',
      conflictText: 'Since you opened this story its file was changed (perhaps in another window or on another computer). Choose which to keep. Nothing has been overwritten.',
      conflictMine: 'My changes', conflictDisk: 'The version on disk', conflictGone: '(the file was deleted or cannot be read)',
      keepMine: 'Keep my changes', useDisk: 'Use the version on disk',
      conflictStatus: 'Not saved: the file was changed elsewhere; choose which version to keep',
      loadedDisk: 'The version on disk is loaded',
      conflictSummary: 'Title: {0}\nDate: {1}\n\n{2}',
      branchHeading: 'New branch', branchName: 'Branch name', branchNameHelp: 'Its full name, e.g. “Medical Imaging Party Branch”.',
      branchSlug: 'Folder name',
      branchSlugHelp: 'Lowercase letters, digits, - and _ only. It is part of the web address (imaging gives /branches/imaging/); better not changed later.',
      branchSlugSuggested: 'A folder name was suggested from the name; you can change it.',
      branchCreate: 'Create branch', branchCreating: 'Creating the branch…', branchCreated: 'Branch created: {0}',
      slugInvalid: 'Use lowercase letters, digits, - and _ only, starting with a letter or digit',
      nameRequired: 'Enter the branch name', slugRequired: 'Enter a folder name, e.g. imaging',
      publishTitle: 'Publish to the site', publishLoading: 'Checking what changed…',
      publishNoRepo: 'This site folder is not a git repository yet (or has no remote), so publishing must be set up first. Ask a technician to follow the “Publishing” section of the README.',
      publishHelpLink: 'How to set up publishing',
      publishRemote: 'Publishing to: {0}', publishChanges: 'Changes to publish ({0} files)',
      publishNoChanges: 'There is nothing to publish.',
      publishMessage: 'What changed', publishName: 'Your name', publishEmail: 'Email',
      publishAuthorHelp: 'Your name and email are recorded in the site’s history.',
      publishGo: 'Publish', publishing: 'Publishing, please wait…',
      published: 'Published: commit {0}', publishFailed: 'Not published: {0}', publishOutput: 'What git said',
      publishDefault: 'Update stories: {0}', publishGeneric: 'Update the site', publishMore: ' and {1} more',
      st_M: 'changed', st_A: 'added', st_D: 'deleted', 'st_??': 'new', st_R: 'renamed', st_C: 'copied', st_U: 'conflict',
    },
  };

  function t(key, ...args) {
    const s = T[LANG][key] ?? T.en[key] ?? key;
    return s.replace(/\{(\d+)\}/g, (_, i) => String(args[i] ?? ''));
  }

  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
    'August', 'September', 'October', 'November', 'December'];

  function formatDate(s) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s || '');
    if (!m) return s || '';
    const [y, mo, d] = [m[1], Number(m[2]), Number(m[3])];
    return LANG === 'en' ? `${d} ${MONTHS[mo - 1] || mo} ${y}` : `${y}年${mo}月${d}日`;
  }

  // ---------------------------------------------------------------- helpers

  const hasOwn = (o, k) => o != null && Object.prototype.hasOwnProperty.call(o, k);
  const isObj = (v) => v != null && typeof v === 'object' && !Array.isArray(v);
  const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  const sameJSON = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const errId = (field) => 'bp-err-' + String(field).replace(/\./g, '-');

  function toList(v) {
    if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter(Boolean);
    if (typeof v === 'string') return v.split(LIST_SPLIT).map((x) => x.trim()).filter(Boolean);
    if (v == null) return [];
    return [String(v)];
  }

  // Creates an element. Props: class, text, on<event>, value/checked (set
  // as properties), anything else as an attribute (true = present).
  function el(tag, props, ...kids) {
    const node = document.createElement(tag);
    const later = [];
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k === 'value' || k === 'checked') later.push([k, v]);
      else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid == null || kid === false) continue;
      node.append(kid instanceof Node ? kid : String(kid));
    }
    for (const [k, v] of later) node[k] = v;
    return node;
  }

  function option(value, label, selected) {
    const o = el('option', { value }, label);
    if (selected) o.selected = true;
    return o;
  }

  function readJSON(key) {
    try { const s = localStorage.getItem(key); return s ? JSON.parse(s) : null; } catch { return null; }
  }
  function writeJSON(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* storage full or off */ }
  }
  function removeKey(key) {
    try { localStorage.removeItem(key); } catch { /* storage off */ }
  }

  function query(params) {
    return Object.entries(params)
      .filter(([, v]) => v != null)
      .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v))
      .join('&');
  }

  // One call to the desk's API: {status, ok, data}; never throws.
  async function api(method, name, opts = {}) {
    const url = API + name + (opts.query ? '?' + query(opts.query) : '');
    const headers = { 'X-Branchpress-Token': TOKEN };
    let body;
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.raw !== undefined) {
      headers['Content-Type'] = 'application/octet-stream';
      body = opts.raw;
    }
    let res;
    try {
      res = await fetch(url, { method, headers, body, cache: 'no-store', credentials: 'same-origin' });
    } catch {
      return { status: 0, ok: false, data: { error: t('network') } };
    }
    let data;
    try { data = await res.json(); } catch { data = {}; }
    if (!isObj(data)) data = {};
    if (!res.ok && typeof data.error !== 'string') data.error = t('httpError', res.status);
    return { status: res.status, ok: res.ok, data };
  }

  // ---------------------------------------------------------------- state

  const S = {
    schema: null,
    stories: null,
    filters: { branch: '', kind: '', year: '', draft: '', q: '' },
    pendingStatus: null,
    routeSeq: 0,
    ed: null, // the open story form
  };
  let view, statusEl;
  const dialogs = {};
  const BINDING_OF = new WeakMap();

  const branchName = (slug) => (S.schema.branches.find((b) => b.slug === slug) || {}).name || slug || '';
  const kindOf = (key) => S.schema.kinds.find((k) => k.key === key) || null;
  const kindName = (key) => (kindOf(key) || {}).name || key || '';

  // ---------------------------------------------------------------- status

  // The one status line (#bp-status): moved into each view's slot.
  function statusSlot() {
    statusEl.textContent = '';
    delete statusEl.dataset.kind;
    delete statusEl.dataset.key;
    return statusEl;
  }

  function setStatus(text, kind = 'info', key = '') {
    statusEl.textContent = '';
    statusEl.dataset.kind = kind;
    statusEl.dataset.key = key;
    statusEl.textContent = text || '';
  }

  function mount(...nodes) {
    view.replaceChildren(...nodes);
    if (S.pendingStatus) {
      setStatus(S.pendingStatus.text, S.pendingStatus.kind);
      S.pendingStatus = null;
    }
  }

  function focusHeading() {
    const h = view.querySelector('h1');
    if (h) h.focus({ preventScroll: false });
  }

  // ---------------------------------------------------------------- dialogs

  const FOCUSABLE = 'input:not([disabled]), textarea:not([disabled]), select:not([disabled]), button:not([disabled]), a[href]';

  // Opens a modal dialog, focuses `focusEl` (or its first control) and, on
  // closing, gives focus back to `opener` (or what had it before).
  function openDialog(d, focusEl, opener = document.activeElement) {
    d.returnValue = '';
    if (!d.open) d.showModal();
    const target = focusEl || d.querySelector(FOCUSABLE);
    if (target) target.focus();
    d.addEventListener('close', () => {
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
    }, { once: true });
  }

  function buildDialogs(main) {
    dialogs.caption = buildCaptionDialog();
    dialogs.conflict = buildConflictDialog();
    dialogs.publish = buildPublishDialog();
    main.append(dialogs.caption, dialogs.conflict, dialogs.publish);
  }

  function buildCaptionDialog() {
    return el('dialog', { id: 'bp-caption', class: 'bp-dialog', 'aria-labelledby': 'bp-caption-h' },
      el('form', { method: 'dialog' },
        el('h2', { id: 'bp-caption-h', text: t('captionTitle') }),
        el('p', { id: 'bp-caption-file', class: 'bp-desc' }),
        el('div', { class: 'bp-field' },
          el('label', { for: 'bp-caption-text', class: 'bp-label', text: t('captionLabel') }),
          el('input', { id: 'bp-caption-text', type: 'text', autocomplete: 'off', 'aria-describedby': 'bp-caption-help' }),
          el('p', { id: 'bp-caption-help', class: 'bp-desc', text: t('captionHelp') })),
        el('div', { class: 'bp-dialog-actions' },
          el('button', { type: 'submit', id: 'bp-caption-ok', class: 'bp-btn bp-btn-primary', value: 'ok' }, t('ok')),
          el('button', { type: 'submit', id: 'bp-caption-cancel', class: 'bp-btn', value: 'cancel', formnovalidate: true }, t('cancel')))));
  }

  // Asks for a photo's caption: the text, or null when cancelled.
  function askCaption(name) {
    const d = dialogs.caption;
    const input = d.querySelector('#bp-caption-text');
    d.querySelector('#bp-caption-file').textContent = t('captionFile', name);
    input.value = '';
    return new Promise((resolve) => {
      d.addEventListener('close', () => resolve(d.returnValue === 'ok' ? input.value.trim() : null), { once: true });
      openDialog(d, input, S.ed ? S.ed.els.body : undefined);
    });
  }

  function buildConflictDialog() {
    const area = (id) => el('textarea', { id, readonly: true, rows: 14, class: 'bp-conflict-text' });
    const d = el('dialog', { id: 'bp-conflict', class: 'bp-dialog bp-dialog-wide', 'aria-labelledby': 'bp-conflict-h' },
      el('h2', { id: 'bp-conflict-h', text: t('conflictTitle') }),
      el('p', { text: t('conflictText') }),
      el('div', { class: 'bp-conflict-cols' },
        el('div', { class: 'bp-field' },
          el('label', { for: 'bp-conflict-mine-text', class: 'bp-label', text: t('conflictMine') }),
          area('bp-conflict-mine-text')),
        el('div', { class: 'bp-field' },
          el('label', { for: 'bp-conflict-disk-text', class: 'bp-label', text: t('conflictDisk') }),
          area('bp-conflict-disk-text'))),
      el('div', { class: 'bp-dialog-actions' },
        el('button', { type: 'button', id: 'bp-conflict-keep', class: 'bp-btn bp-btn-primary', onclick: () => resolveConflict('mine') }, t('keepMine')),
        el('button', { type: 'button', id: 'bp-conflict-use-disk', class: 'bp-btn', onclick: () => resolveConflict('disk') }, t('useDisk'))));
    return d;
  }

  function buildPublishDialog() {
    return el('dialog', { id: 'bp-publish-dialog', class: 'bp-dialog', 'aria-labelledby': 'bp-publish-h' },
      el('h2', { id: 'bp-publish-h', text: t('publishTitle') }),
      el('div', { id: 'bp-publish-body' }),
      el('div', { class: 'bp-dialog-actions' },
        el('button', { type: 'button', id: 'bp-publish-close', class: 'bp-btn', onclick: () => dialogs.publish.close() }, t('close'))));
  }

  // ---------------------------------------------------------------- routing

  function parseHash() {
    const h = location.hash.replace(/^#/, '') || '/';
    const i = h.indexOf('?');
    const path = (i < 0 ? h : h.slice(0, i)) || '/';
    return { path, params: new URLSearchParams(i < 0 ? '' : h.slice(i + 1)) };
  }

  function leaveEditor() {
    const E = S.ed;
    if (!E) return;
    clearTimeout(E.previewTimer);
    S.ed = null;
  }

  async function route(initial) {
    leaveEditor();
    const seq = ++S.routeSeq;
    const r = parseHash();
    if (r.path === '/new') await showEditor(seq, null, r.params);
    else if (r.path === '/edit' && r.params.get('path')) await showEditor(seq, r.params.get('path'), r.params);
    else if (r.path === '/branch') showBranchForm();
    else await showHome(seq);
    if (initial !== true && seq === S.routeSeq) focusHeading();
  }

  async function loadStories() {
    const r = await api('GET', 'stories');
    if (r.ok && Array.isArray(r.data.stories)) S.stories = r.data.stories;
    return r;
  }

  async function reloadSchema() {
    const r = await api('GET', 'schema');
    if (r.ok) S.schema = normaliseSchema(r.data);
    return r;
  }

  function normaliseSchema(s) {
    return {
      title: s.title || '',
      today: s.today || new Date().toISOString().slice(0, 10),
      kinds: Array.isArray(s.kinds) ? s.kinds : [],
      metrics: Array.isArray(s.metrics) ? s.metrics : [],
      branches: Array.isArray(s.branches) ? s.branches : [],
      tags: Array.isArray(s.tags) ? s.tags : [],
      git: !!s.git,
    };
  }

  // ---------------------------------------------------------------- home

  async function showHome(seq) {
    const sch = S.schema;
    const listBox = el('div', { class: 'bp-story-box' }, el('p', { class: 'bp-loading', text: t('loading') }));
    mount(el('div', { class: 'bp-page' },
      el('h1', { tabindex: '-1', text: t('deskTitle') }),
      el('div', { class: 'bp-actions' },
        el('button', { type: 'button', id: 'bp-new-story', class: 'bp-btn bp-btn-primary', onclick: () => { location.hash = '#/new'; } }, t('newStory')),
        el('button', { type: 'button', id: 'bp-new-branch', class: 'bp-btn', onclick: () => { location.hash = '#/branch'; } }, t('newBranch')),
        el('button', { type: 'button', id: 'bp-publish', class: 'bp-btn', onclick: openPublish }, t('publish')),
        el('a', { href: '/', class: 'bp-btn bp-btn-link' }, t('backToPreview'))),
      el('p', { class: 'bp-status-row' }, statusSlot()),
      localNewNotice(),
      el('section', { class: 'bp-section', 'aria-labelledby': 'bp-stories-h' },
        el('h2', { id: 'bp-stories-h', text: t('stories') }),
        listBox),
      el('section', { class: 'bp-section', 'aria-labelledby': 'bp-branches-h' },
        el('h2', { id: 'bp-branches-h', text: t('branches') }),
        sch.branches.length
          ? el('ul', { class: 'bp-branch-list' }, sch.branches.map((b) =>
            el('li', {}, el('span', { class: 'bp-branch-name', text: b.name || b.slug }), ' ', el('code', { text: b.slug }))))
          : el('p', { text: t('noBranches') }))));
    const r = await loadStories();
    if (seq !== S.routeSeq) return;
    if (!r.ok) {
      listBox.replaceChildren(errorLine(t('loadFailed', r.data.error)));
      return;
    }
    renderStoryBrowser(listBox);
  }

  function errorLine(text) {
    return el('p', { class: 'bp-error-line' }, el('span', { class: 'bp-icon', 'aria-hidden': 'true', text: '✖' }), text);
  }

  function localNewNotice() {
    const stored = readJSON(LOCAL_PREFIX + 'new');
    if (!stored || !isObj(stored.front)) return null;
    const title = String(stored.front.title || '') || t('untitled');
    return el('p', { class: 'bp-notice' }, t('localNew', title), ' ', el('a', { href: '#/new' }, t('localNewOpen')));
  }

  function filterSelect(id, label, key, options) {
    const sel = el('select', { id }, options.map(([v, l]) => option(v, l, S.filters[key] === v)));
    return el('div', { class: 'bp-field' }, el('label', { for: id, class: 'bp-label', text: label }), sel);
  }

  function renderStoryBrowser(box) {
    const sch = S.schema;
    const stories = S.stories || [];
    const years = [...new Set(stories.map((s) => (s.date || '').slice(0, 4)).filter((y) => /^\d{4}$/.test(y)))].sort().reverse();
    const list = el('ul', { class: 'bp-story-list' });
    const count = el('p', { class: 'bp-count' });
    const q = el('input', { id: 'bp-filter-q', type: 'search', value: S.filters.q, autocomplete: 'off' });
    const form = el('form', { class: 'bp-filters', role: 'search', 'aria-label': t('filters'), onsubmit: (e) => e.preventDefault() },
      filterSelect('bp-filter-branch', t('filterBranch'), 'branch', [['', t('allBranches')], ...sch.branches.map((b) => [b.slug, b.name || b.slug])]),
      filterSelect('bp-filter-kind', t('filterKind'), 'kind', [['', t('allKinds')], ...sch.kinds.map((k) => [k.key, k.name || k.key])]),
      filterSelect('bp-filter-year', t('filterYear'), 'year', [['', t('allYears')], ...years.map((y) => [y, LANG === 'en' ? y : y + '年'])]),
      filterSelect('bp-filter-draft', t('filterDraft'), 'draft', [['', t('draftAll')], ['draft', t('draftOnly')], ['published', t('publishedOnly')]]),
      el('div', { class: 'bp-field bp-field-grow' }, el('label', { for: 'bp-filter-q', class: 'bp-label', text: t('filterQ') }), q));
    const update = () => {
      S.filters = {
        branch: form.querySelector('#bp-filter-branch').value,
        kind: form.querySelector('#bp-filter-kind').value,
        year: form.querySelector('#bp-filter-year').value,
        draft: form.querySelector('#bp-filter-draft').value,
        q: q.value,
      };
      renderStoryList(list, count, stories);
    };
    form.addEventListener('input', update);
    form.addEventListener('change', update);
    box.replaceChildren(form, count, list);
    renderStoryList(list, count, stories);
  }

  function storyMatches(s, f) {
    if (f.branch && s.branch !== f.branch) return false;
    if (f.kind && s.kind !== f.kind) return false;
    if (f.year && !(s.date || '').startsWith(f.year)) return false;
    if (f.draft === 'draft' && !s.draft) return false;
    if (f.draft === 'published' && s.draft) return false;
    const q = f.q.trim().toLowerCase();
    return !q || String(s.title || '').toLowerCase().includes(q);
  }

  function renderStoryList(list, count, stories) {
    const shown = stories.filter((s) => storyMatches(s, S.filters));
    count.textContent = shown.length === stories.length
      ? t('storyCount', stories.length)
      : t('storyCountFiltered', shown.length, stories.length);
    if (!stories.length) { list.replaceChildren(el('li', { class: 'bp-empty', text: t('noStories') })); return; }
    if (!shown.length) { list.replaceChildren(el('li', { class: 'bp-empty', text: t('noMatch') })); return; }
    list.replaceChildren(...shown.map(storyItem));
  }

  function storyItem(s) {
    const local = readJSON(LOCAL_PREFIX + s.path);
    const meta = [branchName(s.branch), kindName(s.kind), formatDate(s.date)].filter(Boolean).join(' · ');
    return el('li', { class: 'bp-story' },
      el('div', { class: 'bp-story-head' },
        el('a', { class: 'bp-story-title', href: '#/edit?path=' + encodeURIComponent(s.path) }, String(s.title || '') || t('untitled')),
        s.draft && el('span', { class: 'bp-badge bp-badge-draft', text: t('draftBadge') }),
        s.error && el('span', { class: 'bp-badge bp-badge-error' }, el('span', { 'aria-hidden': 'true', text: '✖ ' }), t('errorBadge')),
        local && el('span', { class: 'bp-badge bp-badge-local', text: t('localBadge') })),
      el('p', { class: 'bp-story-meta', text: meta }),
      s.error && el('p', { class: 'bp-story-error', text: s.error }));
  }

  // ---------------------------------------------------------------- branch form

  // Common hospital department words and their folder names, longest first
  // wins, so that "医学影像党支部" suggests "imaging".
  const SLUG_WORDS = [
    ['医学影像', 'imaging'], ['影像', 'imaging'], ['放射', 'radiology'], ['超声', 'ultrasound'],
    ['检验', 'laboratory'], ['病理', 'pathology'], ['药学', 'pharmacy'], ['药剂', 'pharmacy'],
    ['护理', 'nursing'], ['急诊', 'emergency'], ['重症', 'icu'], ['麻醉', 'anesthesia'],
    ['外科', 'surgery'], ['内科', 'internal-medicine'], ['儿科', 'pediatrics'], ['妇产', 'obstetrics'],
    ['骨科', 'orthopedics'], ['眼科', 'ophthalmology'], ['口腔', 'stomatology'], ['耳鼻喉', 'ent'],
    ['皮肤', 'dermatology'], ['中医', 'tcm'], ['康复', 'rehabilitation'], ['肿瘤', 'oncology'],
    ['心血管', 'cardiology'], ['心内', 'cardiology'], ['神经内', 'neurology'], ['神经外', 'neurosurgery'],
    ['呼吸', 'respiratory'], ['消化', 'gastroenterology'], ['肾内', 'nephrology'], ['内分泌', 'endocrinology'],
    ['感染', 'infectious-diseases'], ['全科', 'general-practice'], ['体检', 'health-check'],
    ['门诊', 'outpatient'], ['医技', 'medical-technology'], ['机关', 'administration'],
    ['行政', 'administration'], ['后勤', 'logistics'], ['信息', 'it'], ['离退休', 'retirees'],
  ].sort((a, b) => b[0].length - a[0].length);

  function suggestSlug(name) {
    const n = name.trim();
    if (!n) return '';
    if (/^[\x20-\x7e]+$/.test(n)) {
      return n.toLowerCase().replace(/\bparty\b|\bbranch\b/g, ' ').trim()
        .replace(/[^a-z0-9_]+/g, '-').replace(/^-+|-+$/g, '');
    }
    const hit = SLUG_WORDS.find(([word]) => n.includes(word));
    return hit ? hit[1] : '';
  }

  function showBranchForm() {
    const name = el('input', { id: 'bp-branch-name', type: 'text', autocomplete: 'off', required: true, 'aria-required': 'true', 'aria-describedby': 'bp-branch-name-help' });
    const slug = el('input', {
      id: 'bp-branch-slug', type: 'text', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false',
      required: true, 'aria-required': 'true', placeholder: 'imaging', 'aria-describedby': 'bp-branch-slug-help',
    });
    const slugNote = el('p', { class: 'bp-desc', id: 'bp-branch-slug-note', hidden: true, text: t('branchSlugSuggested') });
    let slugEdited = false;
    name.addEventListener('input', () => {
      clearSimpleError(name);
      if (slugEdited) return;
      slug.value = suggestSlug(name.value);
      slugNote.hidden = !slug.value;
    });
    slug.addEventListener('input', () => { slugEdited = slug.value !== ''; slugNote.hidden = true; clearSimpleError(slug); });
    const form = el('form', { class: 'bp-form bp-branch-form', novalidate: true },
      el('p', { class: 'bp-desc', text: t('requiredNote') }),
      el('div', { class: 'bp-field' },
        el('label', { for: 'bp-branch-name', class: 'bp-label' }, t('branchName'), reqMark()),
        name,
        el('p', { class: 'bp-desc', id: 'bp-branch-name-help', text: t('branchNameHelp') }),
        el('div', { class: 'bp-field-error', id: 'bp-err-branch-name', hidden: true })),
      el('div', { class: 'bp-field' },
        el('label', { for: 'bp-branch-slug', class: 'bp-label' }, t('branchSlug'), reqMark()),
        slug,
        el('p', { class: 'bp-desc', id: 'bp-branch-slug-help', text: t('branchSlugHelp') }),
        slugNote,
        el('div', { class: 'bp-field-error', id: 'bp-err-branch-slug', hidden: true })),
      el('div', { class: 'bp-actions' },
        el('button', { type: 'submit', id: 'bp-branch-create', class: 'bp-btn bp-btn-primary' }, t('branchCreate')),
        el('a', { href: '#/', class: 'bp-btn bp-btn-link' }, t('back'))),
      el('p', { class: 'bp-status-row' }, statusSlot()));
    form.addEventListener('submit', (e) => { e.preventDefault(); createBranch(name, slug); });
    mount(el('div', { class: 'bp-page bp-page-narrow' }, el('h1', { tabindex: '-1', text: t('branchHeading') }), form));
  }

  function simpleError(input, message) {
    const box = document.getElementById(input.id === 'bp-branch-name' ? 'bp-err-branch-name' : 'bp-err-branch-slug');
    box.replaceChildren(diagLine({ severity: 'error', message }));
    box.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', input.id + '-help ' + box.id);
  }

  function clearSimpleError(input) {
    const box = document.getElementById(input.id === 'bp-branch-name' ? 'bp-err-branch-name' : 'bp-err-branch-slug');
    if (!box) return;
    box.hidden = true;
    box.textContent = '';
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', input.id + '-help');
  }

  let creatingBranch = false;
  async function createBranch(name, slug) {
    if (creatingBranch) return;
    clearSimpleError(name);
    clearSimpleError(slug);
    const n = name.value.trim();
    const s = slug.value.trim();
    const problems = [];
    if (!n) problems.push([name, t('nameRequired')]);
    if (!s) problems.push([slug, t('slugRequired')]);
    else if (!/^[a-z0-9][a-z0-9_-]*$/.test(s)) problems.push([slug, t('slugInvalid')]);
    if (problems.length) {
      problems.forEach(([input, msg]) => simpleError(input, msg));
      problems[0][0].focus();
      setStatus(problems[0][1], 'error');
      return;
    }
    creatingBranch = true;
    setStatus(t('branchCreating'), 'busy');
    const r = await api('POST', 'branch', { json: { slug: s, name: n } });
    creatingBranch = false;
    if (!r.ok) {
      const input = r.data.field === 'name' ? name : r.data.field === 'slug' ? slug : null;
      if (input) { simpleError(input, r.data.error); input.focus(); }
      setStatus(r.data.error, 'error');
      return;
    }
    await reloadSchema();
    S.pendingStatus = { text: t('branchCreated', n), kind: 'ok' };
    location.hash = '#/';
  }

  // ---------------------------------------------------------------- story form: fields

  function reqMark() {
    return el('span', { class: 'bp-req', 'aria-hidden': 'true', text: ' *' });
  }

  function setBaseDescribedBy(node, ids) {
    node.dataset.describedby = ids.join(' ');
    if (ids.length) node.setAttribute('aria-describedby', ids.join(' '));
    else node.removeAttribute('aria-describedby');
  }

  // The label, control, help and error box of one field.
  function fieldShell(o, control) {
    const described = [];
    let unitEl = null;
    let helpEl = null;
    if (o.unit) { unitEl = el('span', { class: 'bp-unit', id: o.id + '-unit', text: o.unit }); described.push(unitEl.id); }
    if (o.help) { helpEl = el('p', { class: 'bp-desc', id: o.id + '-help', text: o.help }); described.push(helpEl.id); }
    if (o.required) { control.required = true; control.setAttribute('aria-required', 'true'); }
    setBaseDescribedBy(control, described);
    const errEl = el('div', { class: 'bp-field-error', id: errId(o.errKey), hidden: true });
    const label = el('label', { for: o.id, class: 'bp-label' }, o.label, o.required && reqMark());
    const row = unitEl ? el('div', { class: 'bp-unit-row' }, control, unitEl) : control;
    const wrap = o.switch
      ? el('div', { class: 'bp-field bp-switch-field' }, el('div', { class: 'bp-switch-row' }, control, label), helpEl, errEl)
      : el('div', { class: 'bp-field' }, label, row, helpEl, errEl);
    return { wrap, errEl };
  }

  // A binding: how one front-matter key maps to its control(s).
  function binding(key, errKey, wrap, controls, errEl, fns, describe) {
    const b = { key, errKey, wrap, controls, errEl, describe: describe || controls, touched: false, ...fns };
    for (const c of controls) BINDING_OF.set(c, b);
    return b;
  }

  function textBinding(key, id, label, o = {}) {
    const control = o.multiline
      ? el('textarea', { id, rows: o.rows || 3 })
      : el('input', { id, type: 'text', autocomplete: 'off' });
    const { wrap, errEl } = fieldShell({ id, errKey: o.errKey || key, label, required: o.required, help: o.help }, control);
    return binding(key, o.errKey || key, wrap, [control], errEl, {
      read: () => (control.value.trim() === '' ? undefined : control.value.trim()),
      write: (v) => { control.value = v == null ? '' : (typeof v === 'object' ? JSON.stringify(v) : String(v)); },
      isEmpty: () => control.value.trim() === '',
    });
  }

  function numberBinding(key, id, label, o = {}) {
    const control = el('input', { id, type: 'number', step: o.integer ? '1' : 'any', inputmode: o.integer ? 'numeric' : 'decimal' });
    const { wrap, errEl } = fieldShell({ id, errKey: o.errKey || key, label, required: o.required, help: o.help, unit: o.unit }, control);
    return binding(key, o.errKey || key, wrap, [control], errEl, {
      read: () => {
        const s = control.value.trim();
        const n = Number(s);
        return s === '' || !Number.isFinite(n) ? undefined : n;
      },
      write: (v) => {
        const ok = typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));
        control.value = ok ? String(v).trim() : '';
      },
      isEmpty: () => control.value.trim() === '' && !control.validity.badInput,
      badInput: () => control.validity.badInput,
    });
  }

  function dateBinding(key, id, label, o = {}) {
    const control = el('input', { id, type: 'date' });
    const { wrap, errEl } = fieldShell({ id, errKey: o.errKey || key, label, required: o.required, help: o.help }, control);
    return binding(key, o.errKey || key, wrap, [control], errEl, {
      read: () => control.value || undefined,
      write: (v) => { control.value = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : ''; },
      isEmpty: () => !control.value,
    });
  }

  function selectBinding(key, id, label, values, o = {}) {
    const control = el('select', { id },
      option('', o.required ? t('choose') : t('none')),
      values.map((v) => option(String(v), String(v))));
    const { wrap, errEl } = fieldShell({ id, errKey: o.errKey || key, label, required: o.required, help: o.help }, control);
    return binding(key, o.errKey || key, wrap, [control], errEl, {
      read: () => {
        if (control.value === '') return undefined;
        return o.numeric && Number.isFinite(Number(control.value)) ? Number(control.value) : control.value;
      },
      write: (v) => {
        const s = v == null ? '' : String(v);
        if (s && ![...control.options].some((opt) => opt.value === s)) control.append(option(s, s));
        control.value = s;
      },
      isEmpty: () => control.value === '',
    });
  }

  function switchBinding(key, id, label, o = {}) {
    const control = el('input', { id, type: 'checkbox', role: 'switch' });
    const { wrap, errEl } = fieldShell({ id, errKey: o.errKey || key, label, help: o.help, switch: true }, control);
    return binding(key, o.errKey || key, wrap, [control], errEl, {
      // Unchecked: false if the key was written (or is required), else absent.
      read: (base) => (control.checked ? true : (hasOwn(base, key) || o.required ? false : undefined)),
      write: (v) => { control.checked = v === true || v === 'true'; },
      isEmpty: () => !control.checked,
    });
  }

  // A text input of items separated by 、 , or ，; with `suggest`, a
  // datalist that completes the item being typed.
  function listBinding(key, id, label, o = {}) {
    const control = el('input', { id, type: 'text', autocomplete: 'off' });
    let datalist = null;
    if (o.suggest && o.suggest.length) {
      datalist = el('datalist', { id: id + '-list' });
      control.setAttribute('list', datalist.id);
      const refresh = () => {
        const v = control.value;
        const cut = Math.max(v.lastIndexOf('、'), v.lastIndexOf(','), v.lastIndexOf('，'));
        const prefix = cut < 0 ? '' : v.slice(0, cut + 1);
        const have = new Set(toList(prefix));
        datalist.replaceChildren(...o.suggest.filter((s) => !have.has(s)).slice(0, 50).map((s) => el('option', { value: prefix + s })));
      };
      control.addEventListener('input', refresh);
      control.addEventListener('focus', refresh);
      refresh();
    }
    const { wrap, errEl } = fieldShell({ id, errKey: o.errKey || key, label, required: o.required, help: o.help || t('listHelp') }, control);
    if (datalist) wrap.append(datalist);
    return binding(key, o.errKey || key, wrap, [control], errEl, {
      read: () => { const l = toList(control.value); return l.length ? l : undefined; },
      write: (v) => { control.value = toList(v).join(t('listSep')); },
      isEmpty: () => toList(control.value).length === 0,
    });
  }

  // A fieldset of checkboxes whose checked values form a list.
  function checkGroupBinding(key, legend, options, o = {}) {
    const boxes = options.map(([value, label]) => el('input', { type: 'checkbox', name: o.name || key, value, id: o.idPrefix + value }));
    const errEl = el('div', { class: 'bp-field-error', id: errId(o.errKey || key), hidden: true });
    const helpEl = o.help ? el('p', { class: 'bp-desc', id: o.idPrefix + 'help', text: o.help }) : null;
    const fieldset = el('fieldset', { class: 'bp-fieldset', id: o.id },
      el('legend', { class: 'bp-label' }, legend, o.required && reqMark()),
      helpEl,
      boxes.length
        ? el('div', { class: 'bp-checks' }, boxes.map((box, i) => el('div', { class: 'bp-check' }, box, el('label', { for: box.id, text: options[i][1] }))))
        : el('p', { class: 'bp-desc', text: o.empty || '' }),
      errEl);
    setBaseDescribedBy(fieldset, helpEl ? [helpEl.id] : []);
    return binding(key, o.errKey || key, fieldset, boxes, errEl, {
      read: (base) => {
        const checked = boxes.filter((b) => b.checked).map((b) => b.value);
        const before = toList(base[key]).filter((v) => checked.includes(v));
        const list = before.concat(checked.filter((v) => !before.includes(v)));
        return list.length ? list : undefined;
      },
      write: (v) => { const l = toList(v); boxes.forEach((b) => { b.checked = l.includes(b.value); }); },
      isEmpty: () => !boxes.some((b) => b.checked),
    }, [fieldset]);
  }

  // The binding for one field of a kind, from the schema.
  function kindFieldBinding(f) {
    const id = 'bp-f-' + f.key;
    const label = f.label || f.key;
    const o = { required: !!f.required, help: f.help || null };
    const values = Array.isArray(f.values) ? f.values : [];
    const numeric = f.type === 'integer' || f.type === 'number';
    if (f.type === 'bool') return switchBinding(f.key, id, label, o);
    if (f.type === 'list' && values.length) {
      return checkGroupBinding(f.key, label, values.map((v) => [String(v), String(v)]), { ...o, id, idPrefix: id + '-', name: f.key });
    }
    if (values.length) return selectBinding(f.key, id, label, values, { ...o, numeric });
    if (numeric) return numberBinding(f.key, id, label, { ...o, integer: f.type === 'integer' });
    if (f.type === 'date') return dateBinding(f.key, id, label, o);
    if (f.type === 'list') return listBinding(f.key, id, label, o);
    return textBinding(f.key, id, label, { ...o, multiline: f.type === 'text' });
  }

  // ---------------------------------------------------------------- story form: front matter

  function allBindings() {
    const E = S.ed;
    const b = E.b;
    return [b.title, b.date, ...E.kindBindings, ...E.metricBindings, b.tags, b.with, b.summary, b.cover, b.draft];
  }

  // Sets the form's values into `target`; an untouched control keeps the
  // original value exactly as written (even a blank one), so a story opened
  // and saved unchanged stays byte-identical.
  function applyBindings(target, base, bindings) {
    for (const b of bindings) {
      const has = hasOwn(base, b.key);
      if (has && !b.touched) continue;
      const v = b.read(base);
      if (v === undefined) delete target[b.key];
      else if (has && sameJSON(base[b.key], v)) target[b.key] = base[b.key];
      else target[b.key] = v;
    }
  }

  // The front matter from the form: the original object with the form's
  // keys set in place (new ones at the end) or deleted when empty.
  function buildFront() {
    const E = S.ed;
    const base = E.baseFront;
    const f = clone(base);
    applyBindings(f, base, [E.b.title, E.b.date]);
    // `kind` only where it was written, and only if it names another kind
    // (the folder decides; "activity" for "activities" stays as written).
    if (hasOwn(base, 'kind') && base.kind !== E.kind && base.kind !== (kindOf(E.kind) || {}).singular) f.kind = E.kind;
    applyBindings(f, base, E.kindBindings);
    const baseM = isObj(base.metrics) ? base.metrics : {};
    const m = isObj(f.metrics) ? f.metrics : {};
    const keepOddMetrics = hasOwn(base, 'metrics') && !isObj(base.metrics) && !E.metricBindings.some((b) => b.touched);
    if (!keepOddMetrics) {
      applyBindings(m, baseM, E.metricBindings);
      // An empty `metrics: {}` nobody touched stays as written.
      if (Object.keys(m).length) f.metrics = m;
      else if (!hasOwn(base, 'metrics') || E.metricBindings.some((b) => b.touched)) delete f.metrics;
    }
    applyBindings(f, base, [E.b.tags, E.b.with, E.b.summary, E.b.cover, E.b.draft]);
    return f;
  }

  function fillForm(front, body) {
    const E = S.ed;
    const metrics = isObj(front.metrics) ? front.metrics : {};
    for (const b of allBindings()) {
      b.write(E.metricBindings.includes(b) ? metrics[b.key] : front[b.key]);
      b.touched = false;
    }
    E.els.body.value = body || '';
    if (E.isNew && !E.els.date.value) E.els.date.value = S.schema.today;
  }

  const snapshot = () => JSON.stringify([buildFront(), S.ed.els.body.value, S.ed.branch, S.ed.kind]);
  const isDirty = () => !!S.ed && snapshot() !== S.ed.savedSnapshot;
  const localKey = () => LOCAL_PREFIX + (S.ed.isNew ? 'new' : S.ed.path);

  function storeLocal() {
    const E = S.ed;
    if (!isDirty()) { removeKey(localKey()); return; }
    writeJSON(localKey(), {
      front: buildFront(), body: E.els.body.value, path: E.path, branch: E.branch, kind: E.kind,
      version: E.version, savedAt: new Date().toISOString(), photos: E.photos,
    });
  }

  // ---------------------------------------------------------------- story form: opening

  async function showEditor(seq, path, params) {
    mount(el('div', { class: 'bp-page' }, el('h1', { tabindex: '-1', text: path ? t('editStoryHeading') : t('newStoryHeading') }),
      el('p', { class: 'bp-loading', text: t('loading') })));
    let story = null;
    if (path) {
      const [r] = await Promise.all([api('GET', 'story', { query: { path } }), S.stories ? null : loadStories()]);
      if (seq !== S.routeSeq) return;
      if (!r.ok) {
        mount(el('div', { class: 'bp-page' }, el('h1', { tabindex: '-1', text: t('editStoryHeading') }),
          errorLine(r.data.error), el('p', {}, el('a', { href: '#/', class: 'bp-btn' }, t('back')))));
        return;
      }
      story = r.data;
    }
    S.ed = newEditorState(story, params);
    renderEditor();
    fillForm(S.ed.baseFront, story ? story.body : '');
    S.ed.savedSnapshot = snapshot();
    restoreLocal();
    runPreview();
  }

  function newEditorState(story, params) {
    const sch = S.schema;
    if (story) {
      const listed = (S.stories || []).find((s) => s.path === story.path);
      return {
        isNew: false, path: story.path, branch: story.branch, kind: story.kind,
        baseFront: isObj(story.front) ? story.front : {}, version: story.version || null,
        photos: Array.isArray(story.photos) ? story.photos : [], url: listed ? listed.url : null,
        ...editorRuntime(),
      };
    }
    const wantBranch = params.get('branch') || readJSON(LAST_BRANCH_KEY);
    const branch = sch.branches.some((b) => b.slug === wantBranch) ? wantBranch
      : sch.branches.length === 1 ? sch.branches[0].slug : '';
    const wantKind = params.get('kind');
    const kind = sch.kinds.some((k) => k.key === wantKind) ? wantKind : (sch.kinds[0] || {}).key || '';
    return { isNew: true, path: null, branch, kind, baseFront: {}, version: null, photos: [], url: null, ...editorRuntime() };
  }

  function editorRuntime() {
    return {
      b: {}, kindBindings: [], metricBindings: [], els: {}, targets: new Map(), localErrors: new Map(),
      savedSnapshot: '', previewTimer: 0, previewSeq: 0, saving: false, saveAttempted: false,
      uploads: Promise.resolve(), lastDiagnostics: [],
    };
  }

  // Restores what this browser kept of unsaved changes, if it differs.
  function restoreLocal() {
    const E = S.ed;
    const stored = readJSON(localKey());
    if (!stored || !isObj(stored.front)) return;
    const loaded = JSON.stringify([buildFront(), E.els.body.value]);
    if (JSON.stringify([stored.front, String(stored.body || '')]) === loaded) { removeKey(localKey()); return; }
    const saved = E.savedSnapshot;
    E.baseFront = stored.front;
    if (typeof stored.version === 'string' || stored.version === null) E.version = stored.version;
    if (E.isNew) {
      if (S.schema.branches.some((b) => b.slug === stored.branch)) E.branch = stored.branch;
      if (kindOf(stored.kind)) E.kind = stored.kind;
      E.path = typeof stored.path === 'string' ? stored.path : null;
      E.photos = Array.isArray(stored.photos) ? stored.photos : [];
    }
    renderEditor();
    fillForm(stored.front, String(stored.body || ''));
    E.savedSnapshot = saved;
    const when = stored.savedAt ? new Date(stored.savedAt).toLocaleString(LANG) : '';
    const box = document.getElementById('bp-restore');
    box.replaceChildren(
      el('span', { text: t('restored') + (LANG === 'en' ? '. ' : '。') + (when ? t('restoredAt', when) : '') }), ' ',
      el('button', { type: 'button', id: 'bp-discard-local', class: 'bp-btn', onclick: discardLocal }, t('discardLocal')));
    box.hidden = false;
    setStatus(t('restored'), 'warning', 'restored');
  }

  function discardLocal() {
    removeKey(localKey());
    route();
  }

  // ---------------------------------------------------------------- story form: rendering

  function renderEditor() {
    const E = S.ed;
    E.targets = new Map();
    const sch = S.schema;
    const title = textBinding('title', 'bp-title', t('title'), { required: true });
    const date = dateBinding('date', 'bp-date', t('date'), { required: true });
    E.b = { title, date };
    E.els.title = title.controls[0];
    E.els.date = date.controls[0];

    const branchSel = el('select', { id: 'bp-branch', disabled: !E.isNew },
      !sch.branches.some((b) => b.slug === E.branch) && option('', E.branch || t('chooseBranch')),
      sch.branches.map((b) => option(b.slug, b.name || b.slug, b.slug === E.branch)));
    const kindSel = el('select', { id: 'bp-kind', disabled: !E.isNew },
      !kindOf(E.kind) && option('', E.kind || t('choose')),
      sch.kinds.map((k) => option(k.key, k.name || k.key, k.key === E.kind)));
    E.els.branch = branchSel;
    E.els.kind = kindSel;
    const lockHelp = !E.isNew ? t('locked') : (!sch.branches.length ? t('noBranchYet') : null);
    const branchField = fieldShell({ id: 'bp-branch', errKey: 'branch', label: t('branch'), required: true, help: lockHelp }, branchSel);
    const kindField = fieldShell({ id: 'bp-kind', errKey: 'kind', label: t('kind'), required: true }, kindSel);
    addTarget('branch', { controls: [branchSel], describe: [branchSel], errEl: branchField.errEl, pristine: () => !E.branch });
    addTarget('kind', { controls: [kindSel], describe: [kindSel], errEl: kindField.errEl, pristine: () => !E.kind });
    branchSel.addEventListener('change', onBranchChange);
    kindSel.addEventListener('change', onKindChange);

    E.kindBox = el('div', { class: 'bp-kind-fields' });
    E.withBox = el('div', { class: 'bp-with-box' });
    renderKindFields();

    const metricsBox = el('fieldset', { class: 'bp-fieldset', id: 'bp-metrics', 'aria-describedby': 'bp-metrics-help' },
      el('legend', { class: 'bp-label', text: t('metrics') }),
      el('p', { class: 'bp-desc', id: 'bp-metrics-help', text: t('metricsHelp') }));
    E.metricBindings = sch.metrics.map((m) =>
      numberBinding(m.key, 'bp-m-' + m.key, m.label || m.key, { errKey: 'metrics.' + m.key, unit: m.unit }));
    const metricsErr = el('div', { class: 'bp-field-error', id: errId('metrics'), hidden: true });
    metricsBox.append(el('div', { class: 'bp-metric-grid' }, E.metricBindings.map((b) => b.wrap)), metricsErr);
    E.metricBindings.forEach(addBindingTarget);
    addTarget('metrics', { controls: [], describe: [metricsBox], errEl: metricsErr, pristine: () => true });

    E.b.tags = listBinding('tags', 'bp-tags', t('tags'), { help: t('tagsHelp'), suggest: sch.tags });
    E.b.summary = textBinding('summary', 'bp-summary', t('summary'), { multiline: true, rows: 3, help: t('summaryHelp') });
    E.b.cover = coverBinding();
    E.b.draft = switchBinding('draft', 'bp-draft', t('draft'), { help: t('draftHelp') });
    renderWith();
    [title, date, E.b.tags, E.b.summary, E.b.cover, E.b.draft].forEach(addBindingTarget);

    const bodySection = renderBodySection();
    const form = el('form', { id: 'bp-story-form', class: 'bp-form', novalidate: true },
      el('div', { class: 'bp-section' },
        el('h2', { text: t('sectionBasic') }),
        el('p', { class: 'bp-desc', text: t('requiredNote') }),
        title.wrap,
        el('div', { class: 'bp-row' }, date.wrap, branchField.wrap, kindField.wrap),
        E.kindBox),
      bodySection,
      el('div', { class: 'bp-section' },
        el('h2', { text: t('sectionMore') }),
        sch.metrics.length ? metricsBox : null,
        E.b.tags.wrap, E.withBox, E.b.summary.wrap, E.b.cover.wrap, E.b.draft.wrap),
      renderActions());
    form.addEventListener('input', onFormInput);
    form.addEventListener('change', onFormInput);
    form.addEventListener('submit', (e) => { e.preventDefault(); save(); });

    const general = el('section', { id: 'bp-diagnostics', class: 'bp-diagnostics', hidden: true, tabindex: '-1', 'aria-labelledby': 'bp-diagnostics-h' },
      el('h2', { id: 'bp-diagnostics-h', text: t('diagTitle') }), el('ul', { class: 'bp-diag-list' }));
    E.els.general = general;
    mount(el('div', { class: 'bp-page bp-page-wide' },
      el('h1', { tabindex: '-1', id: 'bp-editor-h', text: E.isNew ? t('newStoryHeading') : t('editStoryHeading') }),
      el('div', { id: 'bp-restore', class: 'bp-notice', hidden: true }),
      general,
      el('div', { class: 'bp-editor' }, el('div', { class: 'bp-editor-main' }, form), renderPreviewPane())));
    updateViewLink();
  }

  function addTarget(field, target) { S.ed.targets.set(field, target); }

  function addBindingTarget(b) {
    addTarget(b.errKey, { controls: b.controls, describe: b.describe, errEl: b.errEl, binding: b, pristine: () => !b.touched && b.isEmpty() });
  }

  function renderKindFields() {
    const E = S.ed;
    for (const b of E.kindBindings) E.targets.delete(b.errKey);
    const kind = kindOf(E.kind);
    E.kindBindings = (kind && Array.isArray(kind.fields) ? kind.fields : [])
      .filter((f) => !['title', 'date', 'tags', 'with', 'summary', 'cover', 'draft', 'metrics', 'kind'].includes(f.key))
      .map(kindFieldBinding);
    E.kindBindings.forEach(addBindingTarget);
    E.kindBox.replaceChildren(...E.kindBindings.map((b) => b.wrap));
  }

  // The joint-branch checkboxes: every branch but the story's own (and any
  // unknown folder name already written).
  function renderWith() {
    const E = S.ed;
    const known = S.schema.branches.filter((b) => b.slug !== E.branch).map((b) => [b.slug, b.name || b.slug]);
    const extra = toList(E.baseFront.with).filter((s) => s !== E.branch && !known.some(([k]) => k === s)).map((s) => [s, s]);
    const old = E.b.with;
    if (old) E.targets.delete(old.errKey);
    E.b.with = checkGroupBinding('with', t('with'), known.concat(extra),
      { id: 'bp-with', idPrefix: 'bp-with-', name: 'with', help: t('withHelp'), empty: t('noOtherBranches') });
    if (old) {
      const v = old.read(E.baseFront) || [];
      E.b.with.write(v);
      E.b.with.touched = old.touched;
    }
    addBindingTarget(E.b.with);
    E.withBox.replaceChildren(E.b.with.wrap);
  }

  function coverBinding() {
    const E = S.ed;
    const b = selectBinding('cover', 'bp-cover', t('cover'), [], { help: t('coverHelp') });
    const control = b.controls[0];
    control.options[0].textContent = t('coverNone');
    b.refresh = () => {
      const current = control.value;
      const names = [...new Set(E.photos.concat(current ? [current] : []))];
      control.replaceChildren(option('', t('coverNone')), ...names.map((n) => option(n, n)));
      control.value = current;
    };
    b.refresh();
    const write = b.write;
    b.write = (v) => { write(v); b.refresh(); };
    return b;
  }

  const TOOLS = [
    ['heading', 'H', 'tbHeading', 'tbHeadingTip'], ['bold', 'B', 'tbBold', 'tbBoldTip'],
    ['list', '•', 'tbList', 'tbListTip'], ['quote', '❝', 'tbQuote', 'tbQuoteTip'],
    ['link', '', 'tbLink', 'tbLinkTip'], ['photo', '', 'tbPhoto', 'tbPhotoTip'],
    ['table', '', 'tbTable', 'tbTableTip'], ['stat', '', 'tbStat', 'tbStatTip'],
  ];

  function renderBodySection() {
    const E = S.ed;
    const body = el('textarea', {
      id: 'bp-body', rows: 18, class: 'bp-body', placeholder: t('bodyPlaceholder'), spellcheck: 'false',
    });
    E.els.body = body;
    setBaseDescribedBy(body, ['bp-body-help']);
    const toolbar = el('div', { id: 'bp-toolbar', class: 'bp-toolbar', role: 'toolbar', 'aria-label': t('toolbar'), 'aria-controls': 'bp-body' },
      TOOLS.map(([action, glyph, label, tip], i) => el('button', {
        type: 'button', class: 'bp-tool', 'data-action': action, 'aria-label': t(label), title: t(tip), tabindex: i === 0 ? '0' : '-1',
        onclick: () => toolAction(action),
      }, glyph && el('span', { class: 'bp-tool-glyph', 'aria-hidden': 'true', 'data-glyph': glyph }), el('span', { class: 'bp-tool-text', text: t(label) }))));
    toolbar.addEventListener('keydown', toolbarKeys);
    const fileInput = el('input', {
      type: 'file', id: 'bp-photo-input', accept: 'image/jpeg,image/png,image/webp', multiple: true,
      class: 'bp-visually-hidden', tabindex: '-1', 'aria-label': t('tbPhotoTip'),
    });
    fileInput.addEventListener('change', () => { const files = [...fileInput.files]; fileInput.value = ''; queuePhotos(files); });
    E.els.fileInput = fileInput;
    const bodyErr = el('div', { class: 'bp-field-error', id: errId('body'), hidden: true });
    const bodyDiags = el('ul', { id: 'bp-body-diagnostics', class: 'bp-diag-list', hidden: true });
    E.els.bodyDiags = bodyDiags;
    addTarget('body', { controls: [body], describe: [body], errEl: bodyErr, pristine: () => !body.value });
    const wrap = el('div', { class: 'bp-body-wrap', 'data-drop': t('dropHere') }, body);
    wireDrop(wrap);
    body.addEventListener('paste', onPaste);
    body.addEventListener('keydown', bodyKeys);
    return el('div', { class: 'bp-section' },
      el('h2', { id: 'bp-body-h', text: t('sectionBody') }),
      el('label', { for: 'bp-body', class: 'bp-visually-hidden', text: t('body') }),
      toolbar, fileInput, wrap,
      el('p', { class: 'bp-desc', id: 'bp-body-help', text: t('bodyHelp') }),
      bodyErr, bodyDiags);
  }

  function renderActions() {
    const E = S.ed;
    E.els.save = el('button', { type: 'submit', id: 'bp-save', class: 'bp-btn bp-btn-primary' }, t('save'));
    E.els.viewLink = el('span', { class: 'bp-view-slot' });
    return el('div', { class: 'bp-form-actions' },
      el('div', { class: 'bp-actions' }, E.els.save, el('a', { href: '#/', class: 'bp-btn bp-btn-link', id: 'bp-back' }, t('back')), E.els.viewLink),
      el('p', { class: 'bp-status-row' }, statusSlot()));
  }

  function updateViewLink() {
    const E = S.ed;
    const ok = typeof E.url === 'string' && E.url.startsWith('/') && !E.url.startsWith('//');
    E.els.viewLink.replaceChildren(ok
      ? el('a', { href: E.url, id: 'bp-view-site', class: 'bp-btn bp-btn-link', target: '_blank', rel: 'noopener' }, t('viewOnSite'))
      : '');
  }

  function renderPreviewPane() {
    const E = S.ed;
    E.frame = el('iframe', { id: 'bp-preview', sandbox: 'allow-same-origin', title: t('preview') });
    E.els.previewNote = el('p', { class: 'bp-desc bp-preview-note', id: 'bp-preview-note' });
    return el('section', { class: 'bp-preview-pane', 'aria-labelledby': 'bp-preview-h' },
      el('h2', { id: 'bp-preview-h', text: t('preview') }), E.els.previewNote, E.frame);
  }

  // ---------------------------------------------------------------- story form: changes

  function onFormInput(ev) {
    const E = S.ed;
    if (!E) return;
    const b = BINDING_OF.get(ev.target);
    if (b) {
      b.touched = true;
      E.localErrors.delete(b.errKey);
    }
    onChange();
  }

  function onChange() {
    const E = S.ed;
    if (!E) return;
    storeLocal();
    if (isDirty()) {
      if (statusEl.dataset.key !== 'changed') setStatus(t('changedLocal'), 'info', 'changed');
    } else if (statusEl.dataset.key === 'changed') {
      setStatus('');
    }
    schedulePreview();
  }

  function onBranchChange() {
    const E = S.ed;
    E.branch = E.els.branch.value;
    E.localErrors.delete('branch');
    if (E.branch) writeJSON(LAST_BRANCH_KEY, E.branch);
    renderWith();
  }

  function onKindChange() {
    const E = S.ed;
    const carry = {};
    for (const b of E.kindBindings) if (!b.isEmpty()) carry[b.key] = b.read({});
    E.kind = E.els.kind.value;
    E.localErrors.delete('kind');
    renderKindFields();
    for (const b of E.kindBindings) {
      if (carry[b.key] !== undefined) { b.write(carry[b.key]); b.touched = true; }
    }
  }

  function schedulePreview() {
    const E = S.ed;
    clearTimeout(E.previewTimer);
    E.previewTimer = setTimeout(runPreview, PREVIEW_DELAY);
  }

  async function runPreview() {
    const E = S.ed;
    if (!E) return;
    clearTimeout(E.previewTimer);
    if (!E.branch || !E.kind) { E.els.previewNote.textContent = t('previewNeedsBranch'); return; }
    if (!E.path && (!E.els.title.value.trim() || !E.els.date.value)) {
      E.els.previewNote.textContent = t('previewNeedsTitle');
      return;
    }
    const seq = ++E.previewSeq;
    E.els.previewNote.textContent = t('previewLoading');
    const r = await api('POST', 'preview', {
      json: { path: E.path, branch: E.branch, kind: E.kind, front: buildFront(), body: E.els.body.value },
    });
    if (S.ed !== E || seq !== E.previewSeq) return;
    if (!r.ok) {
      E.els.previewNote.textContent = t('previewFailed', r.data.error);
      if (Array.isArray(r.data.diagnostics)) showDiagnostics(r.data.diagnostics, false);
      return;
    }
    const html = r.data.html;
    if (typeof html === 'string') {
      E.els.previewNote.textContent = '';
      setPreviewHtml(html);
    } else {
      E.els.previewNote.textContent = t('previewStale');
    }
    showDiagnostics(Array.isArray(r.data.diagnostics) ? r.data.diagnostics : [], false);
  }

  // Replaces the preview, keeping where the writer had scrolled to.
  function setPreviewHtml(html) {
    const frame = S.ed.frame;
    let x = 0;
    let y = 0;
    try { x = frame.contentWindow.scrollX; y = frame.contentWindow.scrollY; } catch { /* not readable */ }
    frame.addEventListener('load', () => {
      try { frame.contentWindow.scrollTo(x, y); } catch { /* not readable */ }
    }, { once: true });
    frame.srcdoc = html;
  }

  // ---------------------------------------------------------------- diagnostics

  function diagLine(d, prefix) {
    const sev = d.severity === 'warning' ? 'warning' : 'error';
    return el('span', { class: 'bp-diag bp-diag-' + sev },
      el('span', { class: 'bp-diag-sev', text: t(sev) + t('colon') }),
      el('span', { class: 'bp-diag-msg', text: (prefix || '') + String(d.message || '') }),
      d.hint ? el('span', { class: 'bp-diag-hint', text: String(d.hint) }) : null);
  }

  function findTarget(field) {
    const targets = S.ed.targets;
    if (targets.has(field)) return targets.get(field);
    const head = String(field).split(/[.[]/)[0];
    return targets.get(head) || null;
  }

  function clearFieldErrors() {
    const E = S.ed;
    for (const target of E.targets.values()) {
      target.errEl.hidden = true;
      target.errEl.textContent = '';
      target.controls.forEach((c) => c.removeAttribute('aria-invalid'));
      target.describe.forEach((n) => setBaseDescribedBy(n, (n.dataset.describedby || '').split(' ').filter(Boolean)));
    }
    E.els.bodyDiags.hidden = true;
    E.els.bodyDiags.textContent = '';
    E.els.general.hidden = true;
    E.els.general.querySelector('ul').textContent = '';
  }

  // Shows problems at their fields, at their body lines, or in the list
  // above the form. Before the first save of a new story, problems of
  // fields not yet filled in are left out.
  function showDiagnostics(diags, fromSave) {
    const E = S.ed;
    E.lastDiagnostics = diags;
    clearFieldErrors();
    const local = [...E.localErrors].map(([field, message]) => ({ severity: 'error', field, message }));
    const general = [];
    const lines = [];
    for (const d of local.concat(diags)) {
      if (!isObj(d)) continue;
      const target = d.field ? findTarget(d.field) : null;
      if (target) {
        if (!fromSave && E.isNew && !E.saveAttempted && !E.localErrors.has(d.field) && target.pristine()) continue;
        showAtTarget(target, d);
      } else if (d.body_line) lines.push(d);
      else general.push(d);
    }
    if (lines.length) {
      E.els.bodyDiags.replaceChildren(...lines.map((d) => el('li', {},
        el('button', { type: 'button', class: 'bp-diag-line', onclick: () => selectBodyLine(d.body_line) },
          diagLine(d, t('lineMsg', d.body_line))))));
      E.els.bodyDiags.hidden = false;
      const body = E.els.body;
      body.setAttribute('aria-describedby', (body.getAttribute('aria-describedby') || '') + ' bp-body-diagnostics');
      if (lines.some((d) => d.severity !== 'warning')) body.setAttribute('aria-invalid', 'true');
    }
    if (general.length) {
      E.els.general.querySelector('ul').replaceChildren(...general.map((d) => el('li', {}, diagLine(d))));
      E.els.general.hidden = false;
    }
  }

  function showAtTarget(target, d) {
    target.errEl.append(diagLine(d));
    if (!target.errEl.hidden) return;
    target.errEl.hidden = false;
    if (d.severity !== 'warning') target.controls.forEach((c) => c.setAttribute('aria-invalid', 'true'));
    target.describe.forEach((n) => {
      const ids = (n.dataset.describedby || '').split(' ').filter(Boolean);
      n.setAttribute('aria-describedby', ids.concat(target.errEl.id).join(' '));
    });
  }

  function focusFirstInvalid() {
    const E = S.ed;
    const candidates = [];
    for (const target of E.targets.values()) {
      if (target.errEl.hidden || !target.errEl.querySelector('.bp-diag-error')) continue;
      const c = target.controls.find((x) => !x.disabled) || target.describe[0];
      if (c) candidates.push(c);
    }
    const bodyError = E.els.bodyDiags.querySelector('.bp-diag-error');
    if (bodyError) candidates.push(bodyError.closest('button'));
    candidates.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const first = candidates[0] || (E.els.general.hidden ? null : E.els.general);
    if (!first) return;
    if (first.tabIndex < 0 && !first.hasAttribute('tabindex')) first.setAttribute('tabindex', '-1');
    first.focus();
  }

  function selectBodyLine(n) {
    const ta = S.ed.els.body;
    const lines = ta.value.split('\n');
    const i = Math.max(0, Math.min(lines.length - 1, n - 1));
    let start = 0;
    for (let k = 0; k < i; k++) start += lines[k].length + 1;
    ta.focus();
    ta.setSelectionRange(start, start + lines[i].length);
    const lh = parseFloat(getComputedStyle(ta).lineHeight) || 28;
    ta.scrollTop = Math.max(0, (i - 2) * lh);
  }

  // ---------------------------------------------------------------- saving

  async function save(version) {
    const E = S.ed;
    if (!E || E.saving) return;
    E.saveAttempted = true;
    const bad = allBindings().filter((b) => b.badInput && b.badInput());
    bad.forEach((b) => E.localErrors.set(b.errKey, t('badNumber')));
    if (bad.length) {
      showDiagnostics(E.lastDiagnostics, true);
      focusFirstInvalid();
      setStatus(t('notSavedFix'), 'error');
      return;
    }
    E.saving = true;
    E.els.save.setAttribute('aria-disabled', 'true');
    setStatus(t('saving'), 'busy');
    const front = buildFront();
    const body = E.els.body.value;
    const r = await api('POST', 'save', {
      json: { path: E.path, branch: E.branch, kind: E.kind, front, body, version: version !== undefined ? version : E.version },
    });
    E.saving = false;
    E.els.save.removeAttribute('aria-disabled');
    if (S.ed !== E) {
      if (r.ok && r.data.ok) removeKey(LOCAL_PREFIX + (E.isNew ? 'new' : E.path));
      return;
    }
    if (r.ok && r.data.ok) onSaved(r.data, front, body);
    else if (r.status === 409 && isObj(r.data.conflict)) showConflict(r.data.conflict, front, body);
    else if (Array.isArray(r.data.diagnostics)) {
      showDiagnostics(r.data.diagnostics, true);
      focusFirstInvalid();
      setStatus(t('notSavedFix'), 'error');
    } else {
      if (r.data.field && findTarget(r.data.field)) {
        E.localErrors.set(r.data.field, r.data.error);
        showDiagnostics(E.lastDiagnostics, true);
        focusFirstInvalid();
      }
      setStatus(t('notSaved', r.data.error), 'error');
    }
  }

  function onSaved(data, front, body) {
    const E = S.ed;
    const wasNew = E.isNew;
    removeKey(localKey());
    if (E.path) removeKey(LOCAL_PREFIX + E.path);
    E.path = data.path || E.path;
    removeKey(LOCAL_PREFIX + E.path);
    E.version = data.version || null;
    E.isNew = false;
    E.url = data.url || null;
    E.baseFront = front;
    S.stories = null;
    if (wasNew) {
      history.replaceState(null, '', '#/edit?path=' + encodeURIComponent(E.path));
      E.els.branch.disabled = true;
      E.els.kind.disabled = true;
      document.getElementById('bp-editor-h').textContent = t('editStoryHeading');
    }
    // What was sent is what is on disk; edits made while saving stay unsaved.
    E.savedSnapshot = JSON.stringify([front, body, E.branch, E.kind]);
    storeLocal();
    updateViewLink();
    document.getElementById('bp-restore').hidden = true;
    const warnings = Array.isArray(data.diagnostics) ? data.diagnostics : [];
    showDiagnostics(warnings, true);
    setStatus(warnings.length ? t('savedWarnings', warnings.length) : t('saved'), 'ok', 'saved');
  }

  // ---------------------------------------------------------------- conflicts

  function conflictText(front, body) {
    if (!isObj(front)) return t('conflictGone');
    return t('conflictSummary', String(front.title ?? ''), String(front.date ?? ''), String(body ?? ''));
  }

  function showConflict(conflict, front, body) {
    const d = dialogs.conflict;
    for (const [id, text] of [['#bp-conflict-mine-text', conflictText(front, body)], ['#bp-conflict-disk-text', conflictText(conflict.front, conflict.body)]]) {
      const area = d.querySelector(id);
      area.textContent = text; // also its text, for whoever reads the dialog's text
      area.value = text;
    }
    d.querySelector('#bp-conflict-use-disk').disabled = !isObj(conflict.front);
    dialogs.conflictData = conflict;
    setStatus(t('conflictStatus'), 'error');
    openDialog(d, d.querySelector('#bp-conflict-keep'), S.ed.els.save);
  }

  function resolveConflict(choice) {
    const conflict = dialogs.conflictData;
    dialogs.conflict.close();
    const E = S.ed;
    if (!E || !conflict) return;
    if (choice === 'mine') { save(conflict.version ?? null); return; }
    E.baseFront = isObj(conflict.front) ? conflict.front : {};
    E.version = conflict.version ?? null;
    fillForm(E.baseFront, String(conflict.body ?? ''));
    E.savedSnapshot = snapshot();
    removeKey(localKey());
    setStatus(t('loadedDisk'), 'ok');
    runPreview();
  }

  // ---------------------------------------------------------------- editing the body

  // Replaces start..end with text (undoable where the browser allows), then
  // selects selFrom..selTo within the inserted text.
  function replaceRange(ta, start, end, text, selFrom, selTo) {
    ta.focus();
    ta.setSelectionRange(start, end);
    let done = false;
    try { done = document.execCommand('insertText', false, text); } catch { done = false; }
    if (!done || ta.value.slice(start, start + text.length) !== text) {
      ta.setRangeText(text, start, end, 'end');
      ta.dispatchEvent(new Event('input', { bubbles: true }));
    }
    ta.setSelectionRange(start + selFrom, start + selTo);
  }

  function wrapSelection(ta, before, after, sample) {
    const { selectionStart: s, selectionEnd: e, value } = ta;
    const inner = value.slice(s, e) || sample;
    replaceRange(ta, s, e, before + inner + after, before.length, before.length + inner.length);
  }

  // Adds (or, when every line has it, removes) a prefix on the selected lines.
  function prefixLines(ta, prefix, sample, strip) {
    const { value } = ta;
    let s = ta.selectionStart;
    let e = ta.selectionEnd;
    if (e > s && value[e - 1] === '\n') e -= 1;
    const ls = value.lastIndexOf('\n', s - 1) + 1;
    let le = value.indexOf('\n', e);
    if (le < 0) le = value.length;
    const block = value.slice(ls, le);
    if (!block.trim()) {
      replaceRange(ta, ls, le, prefix + sample, prefix.length, prefix.length + sample.length);
      return;
    }
    const lines = block.split('\n');
    const all = lines.every((l) => !l.trim() || l.startsWith(prefix));
    const out = lines.map((l) => {
      if (!l.trim()) return l;
      if (all) return l.slice(prefix.length);
      return prefix + (strip ? l.replace(strip, '') : l);
    }).join('\n');
    replaceRange(ta, ls, le, out, 0, out.length);
  }

  // Inserts a block (photo, table, figure) as its own paragraph at the cursor.
  function insertBlock(ta, block, selFrom = block.length, selTo = selFrom) {
    const pos = ta.selectionEnd;
    const before = ta.value.slice(0, pos);
    const after = ta.value.slice(pos);
    const pre = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
    const post = after === '' ? '\n' : after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
    replaceRange(ta, pos, pos, pre + block + post, pre.length + selFrom, pre.length + selTo);
  }

  function toolAction(action) {
    const ta = S.ed.els.body;
    switch (action) {
      case 'heading': prefixLines(ta, '## ', t('sampleHeading'), /^#+\s*/); break;
      case 'bold': wrapSelection(ta, '**', '**', t('sampleBold')); break;
      case 'list': prefixLines(ta, '- ', t('sampleList')); break;
      case 'quote': prefixLines(ta, '> ', t('sampleQuote')); break;
      case 'link': {
        const { selectionStart: s, selectionEnd: e, value } = ta;
        const text = value.slice(s, e) || t('sampleLink');
        const md = '[' + text + '](https://)';
        replaceRange(ta, s, e, md, text.length + 3, md.length - 1);
        break;
      }
      case 'photo': if (!photoBlocked()) S.ed.els.fileInput.click(); break;
      case 'table': insertBlock(ta, t('sampleTable'), 0, t('sampleTable').length); break;
      case 'stat': {
        const stat = t('sampleStat');
        const at = stat.indexOf('"') + 1;
        insertBlock(ta, stat, at, stat.indexOf('"', at));
        break;
      }
      default: break;
    }
  }

  // Arrow keys move between the toolbar's buttons (one tab stop).
  function toolbarKeys(ev) {
    const buttons = [...ev.currentTarget.querySelectorAll('button')];
    const i = buttons.indexOf(document.activeElement);
    if (i < 0) return;
    let j = -1;
    if (ev.key === 'ArrowRight' || ev.key === 'ArrowDown') j = (i + 1) % buttons.length;
    else if (ev.key === 'ArrowLeft' || ev.key === 'ArrowUp') j = (i - 1 + buttons.length) % buttons.length;
    else if (ev.key === 'Home') j = 0;
    else if (ev.key === 'End') j = buttons.length - 1;
    if (j < 0) return;
    ev.preventDefault();
    buttons.forEach((b, k) => b.setAttribute('tabindex', k === j ? '0' : '-1'));
    buttons[j].focus();
  }

  function bodyKeys(ev) {
    if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && ev.key.toLowerCase() === 'b') {
      ev.preventDefault();
      toolAction('bold');
    }
  }

  // ---------------------------------------------------------------- photos

  function wireDrop(zone) {
    let depth = 0;
    const hasFiles = (ev) => ev.dataTransfer && [...ev.dataTransfer.types].includes('Files');
    zone.addEventListener('dragenter', (ev) => {
      if (!hasFiles(ev)) return;
      ev.preventDefault();
      depth += 1;
      zone.classList.add('bp-drop-active');
    });
    zone.addEventListener('dragover', (ev) => {
      if (!hasFiles(ev)) return;
      ev.preventDefault();
      ev.dataTransfer.dropEffect = 'copy';
    });
    zone.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (!depth) zone.classList.remove('bp-drop-active');
    });
    zone.addEventListener('drop', (ev) => {
      if (!hasFiles(ev)) return;
      ev.preventDefault();
      ev.stopPropagation();
      depth = 0;
      zone.classList.remove('bp-drop-active');
      queuePhotos([...ev.dataTransfer.files]);
    });
  }

  function onPaste(ev) {
    const data = ev.clipboardData;
    if (!data) return;
    // Text wins: office programs put a picture of copied text beside it.
    if ((data.getData('text/plain') || '').trim()) return;
    const files = [...data.files].filter((f) => f.type.startsWith('image/'));
    if (!files.length) return;
    ev.preventDefault();
    queuePhotos(files.map((f) => (f.name && f.name !== 'image.png' ? f : renamed(f))));
  }

  function renamed(file) {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    const stamp = `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
    const ext = { 'image/jpeg': 'jpg', 'image/webp': 'webp' }[file.type] || 'png';
    try { return new File([file], `screenshot-${stamp}.${ext}`, { type: file.type }); } catch { return file; }
  }

  // Uploads photos one after the other (each asks for its caption).
  function queuePhotos(files) {
    const E = S.ed;
    if (!E || !files.length) return;
    E.uploads = E.uploads.then(async () => {
      for (const file of files) {
        if (S.ed !== E || !(await uploadPhoto(file))) break;
      }
    });
  }

  // What a new story lacks before its first photo: the fields to fill in.
  function missingForPhoto() {
    const E = S.ed;
    const missing = [];
    if (!E.els.title.value.trim()) missing.push(['title', E.els.title]);
    if (!E.els.date.value) missing.push(['date', E.els.date]);
    if (!E.branch) missing.push(['branch', E.els.branch]);
    if (!E.kind) missing.push(['kind', E.els.kind]);
    return missing;
  }

  // A new story needs its title, date, branch and kind before its first
  // photo (they name its folder): says so at the fields.
  function photoBlocked() {
    const E = S.ed;
    if (E.path) return false;
    const missing = missingForPhoto();
    if (!missing.length) return false;
    missing.forEach(([field]) => E.localErrors.set(field, t('photoNeeds')));
    showDiagnostics(E.lastDiagnostics, true);
    missing[0][1].focus();
    setStatus(t('photoNeedsStatus'), 'error');
    return true;
  }

  async function uploadPhoto(file) {
    const E = S.ed;
    const name = file.name || 'photo.jpg';
    if (file.type && !PHOTO_TYPES.includes(file.type)) { setStatus(t('photoBadType', name), 'error'); return false; }
    if (file.size > MAX_UPLOAD) {
      setStatus(t('photoTooBig', name, (file.size / 1048576).toFixed(1)), 'error');
      return false;
    }
    if (photoBlocked()) return false;
    const params = E.path ? { path: E.path, name }
      : { branch: E.branch, kind: E.kind, title: E.els.title.value.trim(), date: E.els.date.value, name };
    setStatus(t('uploading', name), 'busy');
    const r = await api('POST', 'upload', { query: params, raw: file });
    if (S.ed !== E) return false;
    if (!r.ok) {
      if (r.data.field && findTarget(r.data.field)) {
        E.localErrors.set(r.data.field, r.data.error);
        showDiagnostics(E.lastDiagnostics, true);
      }
      setStatus(t('uploadFailed', name, r.data.error), 'error');
      return false;
    }
    return photoUploaded(E, r.data, name);
  }

  async function photoUploaded(E, data, given) {
    const hadPhotos = E.photos.length > 0;
    const saved = String(data.name || given);
    if (data.path && data.path !== E.path) movePath(E, data.path);
    if (typeof data.version === 'string') E.version = data.version;
    E.photos = Array.isArray(data.photos) ? data.photos : E.photos.concat(saved);
    E.b.cover.refresh();
    let coverSet = false;
    const cover = E.b.cover.controls[0];
    if (!hadPhotos && !cover.value) {
      cover.value = saved;
      E.b.cover.touched = true;
      coverSet = true;
    }
    // The dialog takes the focus; Chromium may reset the text area's
    // selection when it gets it back, so the cursor is kept here.
    const ta = E.els.body;
    const [selStart, selEnd] = [ta.selectionStart, ta.selectionEnd];
    const caption = await askCaption(saved);
    if (S.ed !== E) return false;
    if (caption !== null) {
      ta.setSelectionRange(selStart, selEnd);
      const alt = caption.replace(/([\\[\]])/g, '\\$1');
      const dest = /[\s()<>]/.test(saved) ? '<' + saved + '>' : saved;
      insertBlock(E.els.body, `![${alt}](${dest})`);
    }
    onChange();
    setStatus(t(caption !== null ? 'uploaded' : 'uploadedOnly', saved) + (coverSet ? t('coverAutoSet') : ''), 'ok');
    return true;
  }

  // The story now lives at another path (a one-file story became a bundle,
  // or a new story got its folder).
  function movePath(E, path) {
    const oldKey = E.isNew ? null : localKey();
    E.path = path;
    if (!E.isNew) {
      if (oldKey) removeKey(oldKey);
      history.replaceState(null, '', '#/edit?path=' + encodeURIComponent(path));
    }
  }

  // ---------------------------------------------------------------- publishing

  function changedTitles(changes) {
    const stories = S.stories || [];
    const titles = [];
    for (const c of changes) {
      const p = String(c.path || '');
      const s = stories.find((x) => {
        const dir = x.path.endsWith('/index.md') ? x.path.slice(0, -'index.md'.length) : null;
        return x.path === p || (dir && p.startsWith(dir)) || (p.endsWith('/') && x.path.startsWith(p));
      });
      if (s && s.title && !titles.includes(s.title)) titles.push(String(s.title));
    }
    return titles;
  }

  function defaultMessage(changes) {
    const titles = changedTitles(changes);
    if (!titles.length) return t('publishGeneric');
    const shown = titles.slice(0, 3).join(t('listSep'));
    const more = titles.length > 3 ? t('publishMore', titles.length, titles.length - 3) : '';
    return t('publishDefault', shown + more);
  }

  async function openPublish(ev) {
    const d = dialogs.publish;
    const box = d.querySelector('#bp-publish-body');
    box.replaceChildren(el('p', { class: 'bp-loading', text: t('publishLoading') }));
    openDialog(d, d.querySelector('#bp-publish-close'), ev && ev.currentTarget);
    const [r] = await Promise.all([api('GET', 'publish'), S.stories ? null : loadStories()]);
    if (!d.open) return;
    if (!r.ok) { box.replaceChildren(errorLine(r.data.error)); return; }
    const p = r.data;
    if (!p.repo || !p.remote) {
      const help = typeof p.help === 'string' && /^(https?:\/\/|\/[^/])/.test(p.help) ? p.help : null;
      box.replaceChildren(el('p', { text: t('publishNoRepo') }),
        help && el('p', {}, el('a', { href: help, target: '_blank', rel: 'noopener' }, t('publishHelpLink'))));
      return;
    }
    renderPublishForm(box, p);
  }

  function renderPublishForm(box, p) {
    const changes = Array.isArray(p.changes) ? p.changes : [];
    const stored = readJSON(AUTHOR_KEY) || {};
    const author = isObj(p.author) ? p.author : {};
    const message = el('textarea', { id: 'bp-publish-message', rows: 2 });
    message.value = defaultMessage(changes);
    const nameIn = el('input', { id: 'bp-publish-name', type: 'text', autocomplete: 'name', value: author.name || stored.name || '', 'aria-describedby': 'bp-publish-author-help' });
    const emailIn = el('input', { id: 'bp-publish-email', type: 'email', autocomplete: 'email', value: author.email || stored.email || '', 'aria-describedby': 'bp-publish-author-help' });
    const result = el('p', { id: 'bp-publish-result', class: 'bp-status', role: 'status', 'aria-live': 'polite' });
    const outputH = el('h3', { id: 'bp-publish-output-h', class: 'bp-label', hidden: true, text: t('publishOutput') });
    const output = el('pre', { id: 'bp-publish-output', class: 'bp-output', tabindex: '0', hidden: true });
    const go = el('button', { type: 'button', id: 'bp-publish-go', class: 'bp-btn bp-btn-primary', disabled: !changes.length }, t('publishGo'));
    go.addEventListener('click', () => doPublish({ go, message, nameIn, emailIn, result, output, outputH }, changes));
    box.replaceChildren(
      p.remote && el('p', { class: 'bp-desc', text: t('publishRemote', String(p.remote) + (p.branch ? ` (${p.branch})` : '')) }),
      changes.length
        ? el('div', {}, el('h3', { class: 'bp-label', text: t('publishChanges', changes.length) }),
          el('ul', { class: 'bp-changes' }, changes.map((c) => el('li', {},
            el('span', { class: 'bp-change-status', text: T[LANG]['st_' + c.status] || T[LANG]['st_' + String(c.status).charAt(0)] || String(c.status) }),
            el('span', { class: 'bp-change-path', text: String(c.path) })))))
        : el('p', { text: t('publishNoChanges') }),
      el('div', { class: 'bp-field' }, el('label', { for: 'bp-publish-message', class: 'bp-label', text: t('publishMessage') }), message),
      el('div', { class: 'bp-row' },
        el('div', { class: 'bp-field' }, el('label', { for: 'bp-publish-name', class: 'bp-label', text: t('publishName') }), nameIn),
        el('div', { class: 'bp-field' }, el('label', { for: 'bp-publish-email', class: 'bp-label', text: t('publishEmail') }), emailIn)),
      el('p', { class: 'bp-desc', id: 'bp-publish-author-help', text: t('publishAuthorHelp') }),
      el('div', { class: 'bp-actions' }, go),
      result, outputH, output);
    if (changes.length) message.focus();
  }

  async function doPublish(ui, changes) {
    if (ui.go.disabled) return;
    ui.go.disabled = true;
    ui.result.dataset.kind = 'busy';
    ui.result.textContent = t('publishing');
    const name = ui.nameIn.value.trim();
    const email = ui.emailIn.value.trim();
    const r = await api('POST', 'publish', {
      json: { message: ui.message.value.trim() || defaultMessage(changes), name: name || null, email: email || null },
    });
    const out = typeof r.data.output === 'string' ? r.data.output : '';
    ui.output.textContent = out;
    ui.output.hidden = ui.outputH.hidden = !out;
    if (r.ok && r.data.ok) {
      if (name || email) writeJSON(AUTHOR_KEY, { name, email });
      ui.result.dataset.kind = 'ok';
      ui.result.textContent = t('published', String(r.data.commit || ''));
    } else {
      ui.go.disabled = false;
      ui.result.dataset.kind = 'error';
      ui.result.textContent = t('publishFailed', r.data.error || '');
    }
  }

  // ---------------------------------------------------------------- start

  function onBeforeUnload(ev) {
    if (isDirty()) {
      ev.preventDefault();
      ev.returnValue = '';
    }
  }

  function onKey(ev) {
    if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && ev.key.toLowerCase() === 's' && S.ed && !document.querySelector('dialog[open]')) {
      ev.preventDefault();
      save();
    }
  }

  // A photo dropped beside the drop zone must not replace the desk.
  function guardDrops() {
    for (const type of ['dragover', 'drop']) {
      window.addEventListener(type, (ev) => {
        if (ev.dataTransfer && [...ev.dataTransfer.types].includes('Files')) ev.preventDefault();
      });
    }
  }

  function buildHeader() {
    document.getElementById('bp-brand-desk').textContent = t('deskTitle');
    const nav = document.getElementById('bp-nav');
    nav.setAttribute('aria-label', t('navLabel'));
    nav.replaceChildren(el('a', { href: '#/' }, t('navHome')), el('a', { href: '/' }, t('backToPreview')));
  }

  async function init() {
    view = document.getElementById('bp-view');
    const main = document.getElementById('bp-main');
    statusEl = el('span', { id: 'bp-status', class: 'bp-status', role: 'status', 'aria-live': 'polite' });
    buildHeader();
    buildDialogs(main);
    guardDrops();
    window.addEventListener('hashchange', () => route());
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('keydown', onKey);
    mount(el('div', { class: 'bp-page' }, el('p', { class: 'bp-loading', text: t('loading') })));
    const r = await reloadSchema();
    if (!r.ok) {
      mount(el('div', { class: 'bp-page' }, el('h1', { tabindex: '-1', text: t('deskTitle') }), errorLine(t('loadFailed', r.data.error))));
      return;
    }
    const brand = document.querySelector('.bp-brand-site');
    if (brand && brand.textContent.includes('{{')) brand.textContent = S.schema.title;
    const site = S.schema.title || (document.title.includes('{{') ? '' : document.title);
    document.title = site ? `${t('deskTitle')} · ${site}` : t('deskTitle');
    await route(true);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
