//! Collecting the model's parts from parsed documents: branches (with their
//! parents), stories (kind, slug, joint branches, drafts) and plain pages,
//! and the check that no two of them write the same output path.

use crate::error::Code;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::links::{slug_from_file_name, slug_or};
use super::parts::{Branch, Docs, Headline, ModelOptions, Page, Parsed, Pending, Story};
use crate::config::Config;
use crate::content::{Role, Source};
use crate::error::{Diagnostic, Text};
use crate::markdown::Rendered;
use crate::review::{self, State};
use crate::schema::{StoryMeta, check_branch, check_page, check_story};
use crate::text::text;

pub(super) fn collect_branches(
    docs: &[Parsed],
    sources: &[Source],
    dirs: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Branch> {
    let mut branches = Vec::new();
    // A profile that exists but does not parse has its own error already.
    let profiled: BTreeSet<&str> = sources
        .iter()
        .filter_map(|s| match &s.role {
            Role::Branch { slug } => Some(slug.as_str()),
            _ => None,
        })
        .collect();
    for p in docs {
        let Role::Branch { slug } = &p.source.role else {
            continue;
        };
        if !crate::config::is_slug(slug) {
            diags.push(
                Diagnostic::error(Code::BranchFolder,
                    &p.source.path,
                    text!(
                        "支部文件夹名“{}”不能用作网址",
                        "branch folder name \"{}\" cannot be used in URLs",
                        slug
                    ),
                )
                .hint(Text::new(
                    "文件夹名只用小写字母、数字、- 和 _（如 imaging、internal-medicine），中文名称写在 _branch.md 的 name 中",
                    "use lowercase letters, digits, - and _ (e.g. imaging); the display name goes in `name`",
                )),
            );
            continue;
        }
        if let Some(meta) = check_branch(&p.source.path, &p.doc.front, diags) {
            branches.push(Branch {
                slug: slug.clone(),
                meta,
                parent: None,
                children: Vec::new(),
                path: format!("branches/{slug}/"),
                logo: None,
                cover: None,
                source: p.source.path.clone(),
                body: Rendered::default(),
                stories: Vec::new(),
            });
        }
    }
    for dir in dirs.iter().filter(|d| !profiled.contains(d.as_str())) {
        diags.push(Diagnostic::error(Code::BranchFolder, Path::new("content/branches").join(dir), text!(
            "支部文件夹“{}”缺少 _branch.md", "branch folder \"{}\" has no _branch.md", dir))
            .hint(Text::new("branches 下的每个文件夹都是一个支部，须有 _branch.md（至少写 name: 支部名称）",
                "every folder under branches/ is a branch and needs a _branch.md (at least `name: ...`)")));
    }
    branches.sort_by(|a, b| {
        (a.meta.order.unwrap_or(i64::MAX), &a.slug)
            .cmp(&(b.meta.order.unwrap_or(i64::MAX), &b.slug))
    });
    branches
}

pub(super) fn link_parents(branches: &mut [Branch], docs: &Docs, diags: &mut Vec<Diagnostic>) {
    let mut links = Vec::new();
    let lookup = BranchLookup::new(branches);
    for (i, b) in branches.iter().enumerate() {
        let (Some(parent), Some(doc)) = (&b.meta.parent, docs.get(b.source.as_path())) else {
            continue;
        };
        let error = |message| {
            doc.front
                .error_at(Code::BranchRelation, &b.source, "parent", message)
        };
        match lookup.get(parent) {
            Some(p) if p == i => diags.push(error(Text::new(
                "支部不能以自己为上级",
                "a branch cannot be its own parent",
            ))),
            Some(p) if branches[p].meta.parent.is_some() => diags.push(error(text!(
                "“{}”本身有上级：支部只能在党总支下嵌套一层",
                "\"{}\" has a parent itself: branches nest one level only",
                parent
            ))),
            Some(p) => links.push((i, p)),
            None => diags.push(
                error(text!(
                    "上级支部“{}”不存在",
                    "parent branch \"{}\" does not exist",
                    parent
                ))
                .hint(lookup.hint.clone()),
            ),
        }
    }
    for (i, p) in links {
        branches[i].parent = Some(p);
        branches[p].children.push(i);
    }
}

/// Finds branches by folder name (`imaging`) or by full name (医学影像党支部).
struct BranchLookup<'a> {
    index: BTreeMap<&'a str, usize>,
    hint: Text,
}

impl<'a> BranchLookup<'a> {
    fn new(branches: &'a [Branch]) -> Self {
        let mut index = BTreeMap::new();
        for (i, b) in branches.iter().enumerate() {
            index.insert(b.meta.name.as_str(), i);
            index.insert(b.slug.as_str(), i);
        }
        BranchLookup {
            index,
            hint: slug_hint(branches),
        }
    }

    fn get(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }
}

/// "请写支部的文件夹名：imaging（医学影像党支部）、…".
fn slug_hint(branches: &[Branch]) -> Text {
    let list = |sep: &str| {
        branches
            .iter()
            .map(|b| format!("{}（{}）", b.slug, b.meta.name))
            .collect::<Vec<_>>()
            .join(sep)
    };
    Text::new(
        format!("请写支部的文件夹名：{}", list("、")),
        format!("use a branch's folder name: {}", list(", ")),
    )
}

pub(super) fn collect_stories(
    docs: &[Parsed],
    branches: &[Branch],
    config: &Config,
    options: ModelOptions,
    diags: &mut Vec<Diagnostic>,
) -> (
    Vec<Story>,
    BTreeSet<PathBuf>,
    BTreeMap<PathBuf, Headline>,
    Vec<Pending>,
) {
    let lookup = BranchLookup::new(branches);
    let mut pending = Vec::new();
    // Sized once: a story is some 700 bytes, and a vector grown by doubling
    // held 4 MB of spare room at 10,000 stories until the build ended.
    let mut stories = Vec::with_capacity(docs.len());
    let mut draft_dirs = BTreeSet::new();
    let mut headlines = BTreeMap::new();
    let checked: Vec<(&Parsed, Option<StoryMeta>, Vec<Diagnostic>)> = docs
        .par_iter()
        .filter_map(|p| {
            let Role::Story { folder, .. } = &p.source.role else {
                return None;
            };
            let folder_kind = folder.as_deref().and_then(|f| config.kind_index(f));
            let mut found = Vec::new();
            let meta = check_story(
                &p.source.path,
                &p.doc.front,
                folder_kind,
                config,
                &mut found,
            );
            Some((p, meta, found))
        })
        .collect();
    for (p, meta, found) in checked {
        diags.extend(found);
        let Some(meta) = meta else { continue };
        headlines.insert(p.source.path.clone(), Headline::of(&meta));
        if let Some(held) = pending_of(p, &meta, config, diags) {
            pending.push(held);
        }
        if let Some(story) = make_story(p, meta, &lookup, config, options, &mut draft_dirs, diags) {
            stories.push(story);
        }
    }
    pending.sort_by(|a, b| a.source.cmp(&b.source));
    stories.shrink_to_fit();
    (stories, draft_dirs, headlines, pending)
}

/// The story's review state; None without `review:` in site.yaml.
fn review_state(p: &Parsed, meta: &StoryMeta, config: &Config) -> Option<State> {
    let rv = config.review.as_ref()?;
    let digest = review::digest(&p.doc);
    Some(review::state(rv, meta.draft, &meta.review, &digest))
}

/// What review holds back of a story (None for drafts and approved
/// stories); a story changed after approval is a warning too.
fn pending_of(
    p: &Parsed,
    meta: &StoryMeta,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Option<Pending> {
    let state = review_state(p, meta, config)?;
    state.next_stage()?;
    let Role::Story { branch, .. } = &p.source.role else {
        return None;
    };
    changed_warning(p, state, config, diags);
    Some(Pending {
        source: p.source.path.clone(),
        title: meta.title.clone(),
        branch: branch.clone(),
        state,
    })
}

/// BP1003 for a file changed after an approval.
fn changed_warning(p: &Parsed, state: State, config: &Config, diags: &mut Vec<Diagnostic>) {
    if let (State::Changed(stage), Some(rv)) = (state, &config.review) {
        let name = &rv.stages[stage];
        diags.push(
            p.doc
                .front
                .warning_at(
                    Code::ReviewChanged,
                    &p.source.path,
                    "reviewed",
                    Text::new(
                        "稿件在审核通过后又被修改，审核记录已失效，不会发布",
                        "the story was edited after it was approved: the approval no longer counts and the story is not published",
                    ),
                )
                .hint(text!(
                    "请重新送审，从“{}”开始",
                    "have it reviewed again, from \"{}\"",
                    name
                )),
        );
    }
}

/// One story, checked and made on its own (how `serve` updates a changed
/// file): None when its front matter has errors (in `diags`), it is a draft
/// left out, or its branch does not exist.
pub(super) fn single_story(
    p: &Parsed,
    branches: &[Branch],
    config: &Config,
    options: ModelOptions,
    diags: &mut Vec<Diagnostic>,
) -> Option<Story> {
    let Role::Story { folder, .. } = &p.source.role else {
        return None;
    };
    let folder_kind = folder.as_deref().and_then(|f| config.kind_index(f));
    let meta = check_story(&p.source.path, &p.doc.front, folder_kind, config, diags)?;
    let lookup = BranchLookup::new(branches);
    make_story(
        p,
        meta,
        &lookup,
        config,
        options,
        &mut BTreeSet::new(),
        diags,
    )
}

/// The story of a checked document: its owner, joint branches, slug and
/// output path. Drafts (unless included) only record their bundle folder.
fn make_story(
    p: &Parsed,
    meta: StoryMeta,
    lookup: &BranchLookup,
    config: &Config,
    options: ModelOptions,
    draft_dirs: &mut BTreeSet<PathBuf>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Story> {
    let Role::Story { branch, bundle, .. } = &p.source.role else {
        return None;
    };
    let owner = lookup.get(branch)?;
    let review = review_state(p, &meta, config);
    let held = meta.draft || review.is_some_and(|s| !s.is_approved());
    if held && !options.drafts {
        if *bundle {
            draft_dirs.insert(p.source.rel.parent().unwrap_or(Path::new("")).to_path_buf());
        }
        return None;
    }
    let with = joint_branches(p, &meta.with, owner, lookup, diags);
    let file_slug = if *bundle {
        p.source.rel.parent().and_then(Path::file_name)
    } else {
        p.source.rel.file_stem()
    }
    .map(|s| s.to_string_lossy().into_owned())
    .unwrap_or_default();
    let slug = slug_or(meta.slug.as_deref(), &file_slug);
    let kind = &config.kinds[meta.kind].key;
    Some(Story {
        path: format!("branches/{branch}/{kind}/{slug}/"),
        slug,
        branch: owner,
        with,
        cover: None,
        source: p.source.path.clone(),
        body: Rendered::default(),
        meta,
        review,
    })
}

/// Resolves the slugs in a story's `with` to branch indices (the owner and
/// repeats dropped); unknown slugs are errors.
fn joint_branches(
    p: &Parsed,
    slugs: &[String],
    owner: usize,
    lookup: &BranchLookup,
    diags: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let (path, front) = (&p.source.path, &p.doc.front);
    let mut with = Vec::new();
    for slug in slugs {
        match lookup.get(slug) {
            Some(b) if b == owner => diags.push(front.warning_at(
                Code::BranchRelation,
                path,
                "with",
                text!(
                    "with 中的“{}”就是本支部，已忽略",
                    "\"{}\" in `with` is the story's own branch; ignored",
                    slug
                ),
            )),
            Some(b) if !with.contains(&b) => with.push(b),
            Some(_) => {}
            None => diags.push(
                front
                    .error_at(
                        Code::BranchRelation,
                        path,
                        "with",
                        text!(
                            "联合开展的支部“{}”不存在",
                            "branch \"{}\" in `with` does not exist",
                            slug
                        ),
                    )
                    .hint(lookup.hint.clone()),
            ),
        }
    }
    with
}

pub(super) fn collect_pages(
    docs: &[Parsed],
    config: &Config,
    options: ModelOptions,
    diags: &mut Vec<Diagnostic>,
) -> (Option<Page>, Vec<Page>, Vec<Pending>) {
    let mut home = None;
    let mut pages = Vec::new();
    let mut pending = Vec::new();
    let review = config.review.as_ref().filter(|r| r.pages);
    for p in docs {
        let is_home = match p.source.role {
            Role::Home => true,
            Role::Page => false,
            _ => continue,
        };
        let record = review.map(|rv| review::check_record(&p.source.path, &p.doc.front, rv, diags));
        let Some(mut meta) = check_page(&p.source.path, &p.doc.front, review.is_some(), diags)
        else {
            continue;
        };
        if meta.title.is_none() && !is_home {
            // An untitled page is named after its file (写作指南.md → 写作指南).
            meta.title = p
                .source
                .rel
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned());
        }
        let state = review
            .zip(record)
            .map(|(rv, rec)| review::state(rv, meta.draft, &rec, &review::digest(&p.doc)));
        if let Some(state @ (State::Waiting(_) | State::Changed(_))) = state {
            changed_warning(p, state, config, diags);
            pending.push(Pending {
                source: p.source.path.clone(),
                title: meta.title.clone().unwrap_or_default(),
                branch: String::new(),
                state,
            });
        }
        let held = meta.draft || state.is_some_and(|s| !s.is_approved());
        if held && !options.drafts {
            continue;
        }
        let path = if is_home {
            String::new()
        } else {
            page_path(&p.source.rel, meta.slug.as_deref())
        };
        let page = Page {
            meta,
            path,
            source: p.source.path.clone(),
            body: Rendered::default(),
        };
        if is_home {
            home = Some(page)
        } else {
            pages.push(page)
        }
    }
    (home, pages, pending)
}

/// `about.md` → `about/`; `guide/index.md` or `guide/_index.md` → `guide/`.
fn page_path(rel: &Path, slug: Option<&str>) -> String {
    let mut parts: Vec<String> = rel
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .map(|c| slug_from_file_name(&c.as_os_str().to_string_lossy()))
        .collect();
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem != "index" && stem != "_index" {
        parts.push(slug_or(slug, &stem));
    } else if let Some(last) = parts.last_mut() {
        *last = slug_or(slug, last);
    }
    parts.iter().map(|p| format!("{p}/")).collect()
}

pub(super) fn check_duplicate_paths(
    stories: &[Story],
    pages: &[Page],
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut reserved: Vec<String> = crate::config::RESERVED_ROUTES
        .iter()
        .map(|s| s.to_string())
        .collect();
    reserved.extend(config.kinds.iter().map(|k| k.key.clone()));
    reserved.extend(config.taxonomies.iter().map(|t| t.name.clone()));
    let all = stories
        .iter()
        .map(|s| (s.path.as_str(), &s.source))
        .chain(pages.iter().map(|p| (p.path.as_str(), &p.source)));
    for (path, source) in all {
        if path.is_empty() {
            diags.push(replaces_home(source));
            continue;
        }
        if let Some(first) = seen.insert(path, source) {
            diags.push(path_taken(source, path, first));
        }
        if let Some(part) = path
            .split('/')
            .find(|p| crate::content::is_windows_device(p))
        {
            diags.push(windows_name(source, path, part));
        }
        let top = path.split('/').next().unwrap_or("");
        if pages.iter().any(|p| p.path == path) && reserved.iter().any(|r| r == top) {
            diags.push(section_taken(source, path, &reserved));
        }
    }
}

/// A page whose address is the home page's.
fn replaces_home(source: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::AddressTaken,
        source,
        Text::new("该页面会覆盖首页", "this page would replace the home page"),
    )
    .hint(Text::new(
        "首页内容请写在 content/_index.md 中",
        "the home page's text goes in content/_index.md",
    ))
}

/// A second file with the output path of `first`.
fn path_taken(source: &Path, path: &str, first: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::AddressTaken,
        source,
        text!(
            "输出路径 /{} 与 {} 重复",
            "output path /{} is also produced by {}",
            path,
            crate::error::slash(first)
        ),
    )
    .hint(Text::new(
        "改文件名，或在 front matter 中写不同的 slug",
        "rename the file or set a different `slug`",
    ))
}

/// An address with a name Windows reserves: the site builds here, but not
/// on a writer's Windows computer.
fn windows_name(source: &Path, path: &str, part: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::WindowsName,
        source,
        text!(
            "网址 /{} 中的“{}”是 Windows 保留的名字：在 Windows 电脑上无法生成这个页面",
            "\"{1}\" in the address /{0} is a name Windows reserves: the page cannot be built on Windows",
            path,
            part
        ),
    )
    .hint(Text::new(
        "改文件名，或在 front matter 中写另一个 slug（CON、PRN、AUX、NUL、COM1–9、LPT1–9 都不行）",
        "rename the file or set another `slug` (not CON, PRN, AUX, NUL, COM1–9 or LPT1–9)",
    ))
}

/// A page at the address of one of the site's own sections.
fn section_taken(source: &Path, path: &str, reserved: &[String]) -> Diagnostic {
    Diagnostic::error(
        Code::AddressTaken,
        source,
        text!(
            "页面路径 /{} 与网站自带的栏目冲突",
            "page path /{} collides with a built-in section",
            path
        ),
    )
    .hint(Text::new(
        format!("这些路径已被占用：{}", reserved.join("、")),
        format!("reserved: {}", reserved.join(", ")),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_follow_file_names() {
        assert_eq!(page_path(Path::new("about.md"), None), "about/");
        assert_eq!(page_path(Path::new("guide/index.md"), None), "guide/");
        assert_eq!(
            page_path(Path::new("docs/写作指南.md"), None),
            "docs/xie-zuo-zhi-nan/"
        );
        assert_eq!(page_path(Path::new("about.md"), Some("关于")), "guan-yu/");
    }
}
