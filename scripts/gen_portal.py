#!/usr/bin/env python3
"""Generate a synthetic branchpress portal for benchmarking.

Usage:
    python3 scripts/gen_portal.py --stories N --out DIR [--seed 1]

Writes a complete portal into DIR, in the content format of
/work/shared/DESIGN.md ("Content", "Branch profile", "Story"):

    DIR/site.yaml                      title, base_url, language, paginate only
    DIR/content/_index.md              home page
    DIR/content/about.md               a plain page
    DIR/content/branches/bNNNN/_branch.md
    DIR/content/branches/bNNNN/<kind>/<YYYY-MM-DD>-s<index>.md

There are 50 stories per branch (the last branch takes the remainder when N is
not a multiple of 50). Every 10th branch is a general branch (党总支) and the two
branches after it name it as their `parent`. Stories are about 60% activities,
25% honors and 15% techniques, dated 2021-01-01..2025-12-31, with Chinese
bodies of 300-1,500 characters of prose plus, in some stories, a bullet list,
a table or a fenced code block. 5% of activities are joint (`with`), 1% of all
stories are drafts.

If DIR exists and holds a site.yaml (a portal generated earlier), it is deleted
first; any other non-empty DIR is refused. The output depends only on --stories
and --seed: the same arguments always produce byte-identical files.

Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import time
from pathlib import Path
from random import Random

STORIES_PER_BRANCH = 50
GENERAL_EVERY = 10  # every 10th branch is a general branch (党总支) ...
CHILDREN_PER_GENERAL = 2  # ... and the 2 branches after it are its children

FIRST_DATE = dt.date(2021, 1, 1)
LAST_DATE = dt.date(2025, 12, 31)
MIN_PROSE, MAX_PROSE = 300, 1500  # characters of prose per story body

# --- Vocabularies ----------------------------------------------------------

KINDS = ["activities", "honors", "techniques"]
KIND_WEIGHTS = [60, 25, 15]

ACTIVITY_TYPES = ["主题党日", "三会一课", "义诊", "志愿服务", "联学共建",
                  "党课", "廉政教育", "技能竞赛", "其他"]
HONOR_LEVELS = ["国家级", "省级", "市级", "县级", "院级"]
MILESTONES = ["国内首例", "省内首例", "市内首例", "县内首例", "院内首例"]

# Exactly 30 tags, as the benchmark calls for.
TAGS = ["党建引领", "医疗服务", "志愿服务", "义诊", "健康宣教", "学习教育",
        "廉洁从医", "科技创新", "人才培养", "护理服务", "急诊急救", "公共卫生",
        "基层帮扶", "乡村振兴", "医联体", "患者安全", "优质服务", "青年先锋",
        "党员示范岗", "微创手术", "多学科协作", "慢病管理", "妇幼健康", "老年医学",
        "心理健康", "中医药", "智慧医院", "文明创建", "群众满意", "品牌建设"]
assert len(TAGS) == 30

DEPARTMENTS = ["心血管内科", "呼吸与危重症医学科", "消化内科", "神经内科", "内分泌科",
               "肾内科", "肿瘤科", "普外科", "骨科", "神经外科", "心胸外科", "泌尿外科",
               "妇产科", "儿科", "眼科", "耳鼻咽喉科", "口腔科", "皮肤科", "急诊科",
               "重症医学科", "麻醉科", "医学影像科", "超声医学科", "检验科", "病理科",
               "药学部", "护理部", "康复医学科", "中医科", "感染性疾病科", "医务部",
               "院办", "财务科", "后勤保障部", "信息中心"]

LOCATIONS = ["门诊楼一楼大厅", "住院部学术报告厅", "行政楼三楼会议室", "党员活动室",
             "明湖社区卫生服务中心", "青山镇卫生院", "东城街道新时代文明实践站",
             "市革命历史纪念馆", "红色教育基地", "南湖公园广场", "市第一中学",
             "幸福里养老院", "光明村党群服务中心", "高铁站候车大厅", "市民中心",
             "科教楼示教室", "线上会议平台", "对口帮扶县人民医院"]

AWARDING_BODIES = ["中共中央组织部", "国家卫生健康委员会", "中华医学会", "省委组织部",
                   "省卫生健康委员会", "省总工会", "省医学会", "市委", "市卫生健康委员会",
                   "市委宣传部", "市文明办", "县委", "县卫生健康局", "院党委", "医院工会"]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘"
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉鹏红玉兰晨宇浩然欣怡思雨"

# Words for story titles, per kind; titles are built by joining a few of them.
TITLE_WORDS = {
    "activities": ["开展", "组织", "举办", "走进社区", "主题党日活动", "义诊进乡村",
                   "志愿服务", "健康宣讲", "联学共建", "专题党课", "廉政教育",
                   "技能比武", "学习贯彻", "红色教育", "送医下乡", "爱心献血",
                   "党员先锋行", "健康守护", "暖心行动", "重温入党誓词"],
    "honors": ["荣获", "喜获", "先进基层党组织", "优秀共产党员", "五四红旗团支部",
               "巾帼文明岗", "工人先锋号", "青年文明号", "称号", "表彰",
               "科技进步奖", "优秀党务工作者", "示范党支部", "服务明星", "殊荣"],
    "techniques": ["成功开展", "完成", "首例", "微创手术", "介入治疗", "新技术",
                   "腹腔镜", "机器人辅助", "达芬奇", "冷冻消融", "射频消融",
                   "经导管", "瓣膜置换", "精准放疗", "填补空白", "新项目"],
}

# Words for body prose: nouns, verbs, and longer phrases from hospital work
# and Party building, mixed so that sentences read as plausible Chinese.
SUBJECTS = ["支部党员", "全体医护人员", "党支部书记", "青年医生", "护理团队", "专家组",
            "志愿者", "科室骨干", "宣传委员", "入党积极分子", "多学科团队", "医院党委",
            "支委会", "党小组", "退休老党员", "规培医师"]
VERBS = ["深入开展", "认真学习", "积极推进", "扎实做好", "全面落实", "持续优化",
         "不断提升", "主动对接", "精心组织", "广泛宣传", "系统梳理", "集中研讨",
         "细化完善", "带头践行", "统筹协调", "努力打造"]
OBJECTS = ["健康宣教", "义诊服务", "党建工作", "医疗质量", "患者安全", "服务流程",
           "三会一课制度", "主题党日活动", "志愿服务项目", "学科建设", "人才培养",
           "廉洁从医教育", "急危重症救治能力", "基层医疗水平", "慢病管理", "随访工作",
           "院感防控", "新技术新项目", "医德医风", "便民措施", "家庭医生签约服务",
           "分级诊疗", "医联体建设", "健康档案", "党建品牌"]
PHRASES = ["以党建引领业务发展", "把支部建在科室上", "坚持以人民健康为中心",
           "切实解决群众急难愁盼问题", "让群众少跑腿", "推动党建和业务深度融合",
           "发挥党员先锋模范作用", "守护人民群众生命健康", "打通服务群众最后一公里",
           "不忘初心、牢记使命", "践行大医精诚精神", "提升患者就医获得感",
           "形成可复制可推广的经验", "把好事办好、实事办实", "营造风清气正的行医环境",
           "筑牢基层战斗堡垒", "持续改进医疗服务", "在急难险重任务中冲锋在前"]
ADVERBIALS = ["在院党委的统一部署下", "活动当天", "近年来", "会上", "会后",
              "在社区卫生服务中心", "在门诊大厅", "围绕年度重点任务", "结合科室实际",
              "通过线上线下相结合的方式", "在手术室", "面对突发情况", "按照工作方案",
              "在对口帮扶医院", "下一步"]
RESULTS = ["取得了良好成效", "受到群众一致好评", "参与热情高涨", "效果显著",
           "得到上级部门充分肯定", "进一步增强了凝聚力", "患者满意度明显提升",
           "服务能力稳步提高", "为后续工作奠定了基础", "营造了比学赶超的氛围"]

SUBHEADINGS = ["活动过程", "主要做法", "工作成效", "经验体会", "下一步打算",
               "背景与意义", "技术亮点", "群众反响", "专家点评", "工作安排"]

# Table rows are (work item, number, result); headers that fit those columns.
TABLE_HEADERS = [("项目", "数量", "成效"), ("工作内容", "人次", "效果"),
                 ("服务内容", "次数", "成效"), ("重点任务", "完成数", "评价")]


# --- Text helpers ----------------------------------------------------------

def q(value) -> str:
    """Render a scalar or list as YAML (JSON is valid YAML flow syntax)."""
    return json.dumps(value, ensure_ascii=False)


def person(rng: Random) -> str:
    """A Chinese personal name of 2 or 3 characters."""
    given = "".join(rng.choices(GIVEN_CHARS, k=rng.choice((1, 2))))
    return rng.choice(SURNAMES) + given


def title(rng: Random, kind: str) -> str:
    """A Chinese title of 8-20 characters made of whole title words."""
    target = rng.randint(8, 20)
    words = TITLE_WORDS[kind]
    text = ""
    # Every kind has 2-character words, so there is always one that fits
    # while at least 2 characters of room are left.
    while len(text) < target and 20 - len(text) >= 2:
        word = rng.choice(words)
        if len(text) + len(word) <= 20:
            text += word
    return text


def clause(rng: Random) -> str:
    """A main clause: subject + verb + object, a verb with an enumeration
    joined by 、, or a set phrase."""
    form = rng.random()
    if form < 0.45:
        return rng.choice(SUBJECTS) + rng.choice(VERBS) + rng.choice(OBJECTS)
    if form < 0.75:
        return rng.choice(VERBS) + "、".join(rng.sample(OBJECTS, rng.randint(2, 4)))
    return rng.choice(PHRASES)


def sentence(rng: Random) -> str:
    """An optional adverbial, 1-3 main clauses and an optional result,
    separated by ，or ；and ending with 。."""
    parts = [rng.choice(ADVERBIALS)] if rng.random() < 0.3 else []
    parts += [clause(rng) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.25:
        parts.append(rng.choice(RESULTS))
    out = parts[0]
    for part in parts[1:]:
        out += ("；" if rng.random() < 0.15 else "，") + part
    return out + "。"


def paragraph(rng: Random, length: int) -> str:
    """Sentences appended until the paragraph has at least `length` characters."""
    text = sentence(rng)
    while len(text) < length:
        text += sentence(rng)
    return text


def bullet_list(rng: Random) -> str:
    return "\n".join("- " + clause(rng) + "。" for _ in range(rng.randint(3, 6)))


def table(rng: Random) -> str:
    """A 3-column Markdown table with 3-5 body rows."""
    header = rng.choice(TABLE_HEADERS)
    lines = ["| " + " | ".join(header) + " |", "| --- | ---: | --- |"]
    for _ in range(rng.randint(3, 5)):
        row = (rng.choice(OBJECTS), str(rng.randint(1, 500)), rng.choice(RESULTS))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def code_block(rng: Random) -> str:
    """A fenced code block of 4-10 lines in python, yaml, json or bash."""
    lang = rng.choice(("python", "yaml", "json", "bash"))
    n = rng.randint(4, 10)
    keys = ["participants", "patients_served", "volunteer_hours", "cases", "wards",
            "follow_ups", "screenings", "referrals", "beds", "visits"]
    if lang == "python":
        lines = ["# 统计本次活动服务人次", "records = load_records(\"activity.csv\")"]
        pool = ["total = sum(r.patients for r in records)",
                "by_dept = group_by(records, key=\"department\")",
                "counts = {d: len(rows) for d, rows in by_dept.items()}",
                "print(counts)",
                "average = total / max(len(records), 1)",
                "report.append({\"total\": total})",
                "assert total >= 0",
                "save_report(report, \"summary.json\")"]
        lines += [pool[i % len(pool)] for i in range(n - 2)]
    elif lang == "yaml":
        lines = ["# 活动配置"]
        lines += [f"{keys[i % len(keys)]}: {rng.randint(1, 300)}" for i in range(n - 1)]
    elif lang == "json":
        entries = [f"  \"{keys[i % len(keys)]}\": {rng.randint(1, 300)}" for i in range(n - 2)]
        lines = ["{", ",\n".join(entries), "}"]
    else:
        pool = ["set -euo pipefail", "cd /srv/portal", "git pull --ff-only",
                "branchpress check", "branchpress build --base-url https://bench.example/",
                "branchpress stats --format csv > stats.csv", "ls public | wc -l",
                "echo \"done\"", "date", "du -sh public"]
        lines = [pool[i % len(pool)] for i in range(n)]
    return f"```{lang}\n" + "\n".join(lines) + "\n```"


def body(rng: Random) -> str:
    """A story body: 2-6 paragraphs of 300-1,500 characters of prose in all,
    one `## ` subheading, and optionally a bullet list, a table and a code block."""
    # Draw whole sentences until the target length is reached, never going
    # past MAX_PROSE (a sentence that would is redrawn, or ends the prose
    # when the room left is too small for any sentence).
    target = rng.randint(MIN_PROSE, MAX_PROSE)
    sentences: list[str] = []
    length = 0
    while length < target:
        s = sentence(rng)
        if length + len(s) > MAX_PROSE:
            if MAX_PROSE - length < 40:
                break
            continue
        sentences.append(s)
        length += len(s)
    # Split the sentences into 2-6 paragraphs at random sentence boundaries.
    count = min(rng.randint(2, 6), len(sentences))
    cuts = [0] + sorted(rng.sample(range(1, len(sentences)), count - 1)) + [len(sentences)]
    paragraphs = ["".join(sentences[a:b]) for a, b in zip(cuts, cuts[1:])]

    blocks = [paragraphs[0], "## " + rng.choice(SUBHEADINGS)] + paragraphs[1:]
    extras = []
    if rng.random() < 0.40:
        extras.append(bullet_list(rng))
    if rng.random() < 0.25:
        extras.append(table(rng))
    if rng.random() < 0.10:
        extras.append(code_block(rng))
    for extra in extras:
        # Insert after the subheading (index 1), anywhere up to the end.
        blocks.insert(rng.randint(2, len(blocks)), extra)
    return "\n\n".join(blocks) + "\n"


# --- Portal pieces -----------------------------------------------------------

def branch_slug(number: int) -> str:
    return f"b{number:04d}"


def is_general(number: int) -> bool:
    return number % GENERAL_EVERY == 0


def parent_of(number: int, branches: int) -> int | None:
    """The general branch a branch belongs to, if any."""
    general = number - number % GENERAL_EVERY
    if 0 < general < number <= general + CHILDREN_PER_GENERAL and general <= branches:
        return general
    return None


def branch_file(rng: Random, number: int, branches: int) -> str:
    kind_name = "党总支" if is_general(number) else "党支部"
    lines = ["---",
             f"name: {q(f'第{number:04d}{kind_name}')}",
             f"secretary: {q(person(rng))}",
             f"members: {rng.randint(10, 40)}",
             f"departments: {q(rng.sample(DEPARTMENTS, rng.randint(1, 3)))}",
             f"order: {number}"]
    parent = parent_of(number, branches)
    if parent is not None:
        lines.append(f"parent: {branch_slug(parent)}")
    lines += ["---", "", paragraph(rng, rng.randint(80, 200)), ""]
    return "\n".join(lines)


def story_file(rng: Random, kind: str, date: dt.date, own: int, branches: int) -> str:
    lines = ["---",
             f"title: {q(title(rng, kind))}",
             f"date: {date.isoformat()}",
             f"tags: {q(rng.sample(TAGS, rng.randint(1, 3)))}"]
    if kind == "activities":
        activity_type = rng.choice(ACTIVITY_TYPES)
        lines.append(f"type: {activity_type}")
        lines.append(f"location: {q(rng.choice(LOCATIONS))}")
        metrics = {}
        if rng.random() < 0.85:
            metrics["participants"] = rng.randint(5, 300)
        if activity_type in ("义诊", "志愿服务") or rng.random() < 0.2:
            metrics["patients_served"] = rng.randint(20, 2000)
        if activity_type == "志愿服务" or rng.random() < 0.15:
            metrics["volunteer_hours"] = rng.randint(2, 400)
        if not metrics:
            metrics["participants"] = rng.randint(5, 300)
        lines.append("metrics:")
        lines += [f"  {key}: {value}" for key, value in metrics.items()]
        if branches > 1 and rng.random() < 0.05:
            other = rng.randint(1, branches - 1)
            other += other >= own  # any branch but this one
            lines.append(f"with: [{branch_slug(other)}]")
    elif kind == "honors":
        lines.append(f"level: {rng.choice(HONOR_LEVELS)}")
        lines.append(f"awarded_by: {q(rng.choice(AWARDING_BODIES))}")
    else:
        lines.append(f"milestone: {rng.choice(MILESTONES)}")
        lines.append(f"department: {q(rng.choice(DEPARTMENTS))}")
        lines.append(f"cases: {rng.randint(1, 120)}")
    if rng.random() < 0.01:
        lines.append("draft: true")
    lines += ["---", "", body(rng)]
    return "\n".join(lines)


SITE_YAML = """\
title: 基准测试门户
base_url: https://bench.example/
language: zh-CN
paginate: 20
"""


def prepare_out(out: Path) -> None:
    """Delete a previously generated portal at `out`; refuse anything else."""
    if out.exists() and not out.is_dir():
        sys.exit(f"error: {out} exists and is not a directory")
    if out.is_dir() and any(out.iterdir()):
        # A portal we generated has site.yaml; never delete a source tree.
        if (out / ".git").exists() or (out / "Cargo.toml").exists():
            sys.exit(f"error: {out} looks like a source tree (has .git or Cargo.toml); refusing to delete it")
        if not (out / "site.yaml").is_file():
            sys.exit(f"error: {out} is not empty and has no site.yaml; refusing to delete it")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def generate(stories: int, out: Path, seed: int) -> tuple[int, int]:
    """Write the portal; return (branches, bytes of Markdown written)."""
    rng = Random(seed)
    branches = -(-stories // STORIES_PER_BRANCH)  # ceiling division
    width = max(5, len(str(stories)))
    written = 0

    def write(path: Path, text: str) -> None:
        nonlocal written
        data = text.encode("utf-8")
        path.write_bytes(data)
        written += len(data)

    prepare_out(out)
    # site.yaml first: an interrupted run still leaves a folder that the next
    # run recognises as a generated portal and deletes.
    (out / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    content = out / "content"
    content.mkdir()
    write(content / "_index.md",
          f"---\ntitle: 基准测试门户\n---\n\n{paragraph(rng, 120)}\n")
    write(content / "about.md",
          f"---\ntitle: 关于本站\n---\n\n{paragraph(rng, 200)}\n")

    span = (LAST_DATE - FIRST_DATE).days
    index = 0
    for number in range(1, branches + 1):
        folder = content / "branches" / branch_slug(number)
        folder.mkdir(parents=True)
        write(folder / "_branch.md", branch_file(rng, number, branches))
        made = set()
        for _ in range(min(STORIES_PER_BRANCH, stories - index)):
            index += 1
            kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
            date = FIRST_DATE + dt.timedelta(days=rng.randint(0, span))
            if kind not in made:
                (folder / kind).mkdir()
                made.add(kind)
            name = f"{date.isoformat()}-s{index:0{width}d}.md"
            write(folder / kind / name, story_file(rng, kind, date, number, branches))
    return branches, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, required=True, help="number of stories (>= 1)")
    parser.add_argument("--out", type=Path, required=True, help="portal folder to (re)create")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()
    if args.stories < 1:
        parser.error("--stories must be at least 1")

    start = time.perf_counter()
    branches, written = generate(args.stories, args.out, args.seed)
    elapsed = time.perf_counter() - start
    print(f"generated {args.stories} stories in {branches} branches, "
          f"{written:,} bytes of Markdown, in {elapsed:.2f} s -> {args.out}")


if __name__ == "__main__":
    main()
