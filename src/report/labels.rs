//! The words of a report, in the portal's language.

use crate::text::Lang;

/// Every label a report prints.
#[derive(Clone, Copy, Debug)]
#[allow(missing_docs)]
pub struct Labels {
    /// `年度党建工作成果报告`, after the branch's name and the year.
    pub title_suffix: &'static str,
    /// The organisation's title, after the site's title and the year.
    pub org_title_suffix: &'static str,
    /// Between a name and the year in a title (none in Chinese).
    pub space: &'static str,
    pub profile: &'static str,
    pub secretary: &'static str,
    pub members: &'static str,
    pub departments: &'static str,
    pub brand: &'static str,
    pub figures: &'static str,
    pub item: &'static str,
    pub this_year: &'static str,
    pub last_year: &'static str,
    pub change: &'static str,
    pub stories: &'static str,
    pub joint: &'static str,
    pub with: &'static str,
    pub photos: &'static str,
    pub problems: &'static str,
    pub problems_prompt: &'static str,
    pub plans: &'static str,
    pub plans_prompt: &'static str,
    pub nothing: &'static str,
    pub no_joint: &'static str,
    pub overview: &'static str,
    pub overview_note: &'static str,
    pub branch: &'static str,
    pub date: &'static str,
    pub title: &'static str,
    pub kind: &'static str,
    pub group: &'static str,
    pub summary_sheet: &'static str,
    pub by: &'static str,
    pub open: &'static str,
    pub close: &'static str,
    pub colon: &'static str,
    pub separator: &'static str,
    pub yes: &'static str,
    pub source: &'static str,
}

const ZH: Labels = Labels {
    title_suffix: "年度党建工作成果报告",
    org_title_suffix: "年度党建工作成果汇总",
    space: "",
    profile: "支部概况",
    secretary: "支部书记",
    members: "党员人数",
    departments: "所在科室",
    brand: "支部品牌",
    figures: "主要数据（与上一年对比）",
    item: "项目",
    this_year: "本年",
    last_year: "上年",
    change: "增减",
    stories: "稿件总数",
    joint: "与其他支部联合开展",
    with: "联合支部",
    photos: "活动照片",
    problems: "存在问题",
    problems_prompt: "（请支部书记填写：本年度工作中存在的主要问题和不足。）",
    plans: "下一步打算",
    plans_prompt: "（请支部书记填写：下一年度的工作思路和主要措施。）",
    nothing: "本年度没有已发布的稿件。",
    no_joint: "本年度没有与其他支部联合开展的工作。",
    overview: "各支部数据一览",
    overview_note: "各支部按网站上的顺序列出，不作排名。",
    branch: "支部",
    date: "日期",
    title: "标题",
    kind: "类别",
    group: "类型/级别/首创范围",
    summary_sheet: "汇总",
    by: "按",
    open: "（",
    close: "）",
    colon: "：",
    separator: "；",
    yes: "是",
    source: "数据来自网站已发布的稿件，与网站“数据统计”一致。",
};

const EN: Labels = Labels {
    title_suffix: " annual report of Party-building work",
    org_title_suffix: " annual summary of Party-building work",
    space: " ",
    profile: "Profile",
    secretary: "Secretary",
    members: "Party members",
    departments: "Departments",
    brand: "Brand",
    figures: "Figures, beside last year's",
    item: "Item",
    this_year: "This year",
    last_year: "Last year",
    change: "Change",
    stories: "Stories",
    joint: "Joint work with other branches",
    with: "With",
    photos: "Photos",
    problems: "Problems",
    problems_prompt: "(For the branch secretary: the main problems and shortcomings of the year.)",
    plans: "Plans",
    plans_prompt: "(For the branch secretary: the plans and main measures for next year.)",
    nothing: "No story was published this year.",
    no_joint: "No joint work with other branches this year.",
    overview: "Branches at a glance",
    overview_note: "Branches are listed in the portal's order, not ranked.",
    branch: "Branch",
    date: "Date",
    title: "Title",
    kind: "Kind",
    group: "Type / level / milestone",
    summary_sheet: "Summary",
    by: "by ",
    open: " (",
    close: ")",
    colon: ": ",
    separator: "; ",
    yes: "yes",
    source: "Figures from the portal's published stories, as its statistics page shows them.",
};

impl Labels {
    /// The labels of `lang`.
    pub fn of(lang: Lang) -> &'static Labels {
        match lang {
            Lang::ZhCn => &ZH,
            Lang::En => &EN,
        }
    }

    /// `内科党支部2024年度党建工作成果报告`.
    pub fn branch_title(&self, name: &str, year: i16) -> String {
        format!("{name}{}{year}{}", self.space, self.title_suffix)
    }

    /// `明湖医院党建成果网2024年度党建工作成果汇总`.
    pub fn org_title(&self, site: &str, year: i16) -> String {
        format!("{site}{}{year}{}", self.space, self.org_title_suffix)
    }
}
