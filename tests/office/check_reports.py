#!/usr/bin/env python3
"""The yearly reports read by the libraries offices' own tools are built on:
python-docx opens the Word document, openpyxl the workbook, as WPS, Word and
Excel would. Run by scripts/office-test.sh on reports of the `report` fixture.

    check_reports.py DOCX XLSX
"""
import datetime
import sys

import docx
import openpyxl

failures = 0


def check(ok: bool, what: str) -> None:
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures += 1


def main() -> None:
    docx_path, xlsx_path = sys.argv[1:3]

    d = docx.Document(docx_path)
    section = d.sections[0]
    check(abs(section.page_width.mm - 210) < 1 and abs(section.page_height.mm - 297) < 1,
          f"A4 ({section.page_width.mm:.0f} x {section.page_height.mm:.0f} mm)")
    # A paragraph without a style of its own has none (docx-rs marks no default style).
    paragraphs = [(p.style.name if p.style is not None else "", p.text) for p in d.paragraphs]
    check(paragraphs[0][1] == "内科党支部2024年度党建工作成果报告", f"title: {paragraphs[0][1]}")
    headings = [t for s, t in paragraphs if s.startswith("Heading 1")]
    for h in ["支部概况", "主要数据（与上一年对比）", "党建活动（按活动类型）", "荣誉（按级别）",
              "新技术新项目（按首创范围）", "与其他支部联合开展", "存在问题", "下一步打算"]:
        check(h in headings, f"heading 1: {h}")
    text = "\n".join(t for _, t in paragraphs)
    for title in ["春季社区义诊", "内外科联合主题党日", "首例床旁超声引导穿刺", "省级优秀党支部"]:
        check(title in text, f"story: {title}")
    check("还没写完的活动" not in text, "no draft")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for t in d.tables for r in t.rows}
    check(rows.get("稿件总数") == ["4", "2", "+2"], f"稿件总数: {rows.get('稿件总数')}")
    check(rows.get("参与人数（人）") == ["70", "20", "+50"], f"参与人数: {rows.get('参与人数（人）')}")

    wb = openpyxl.load_workbook(xlsx_path)
    check(wb.sheetnames == ["汇总", "内科党支部", "外科党支部"], f"sheets: {wb.sheetnames}")
    summary = wb["汇总"]
    check(summary.freeze_panes == "B3", f"summary frozen at {summary.freeze_panes}")
    check(summary["A3"].value == "内科党支部", "a row per branch")
    check(summary["B3"].value == 4 and isinstance(summary["B3"].value, (int, float)), "stories as a number")
    check(summary["C3"].value == 2, "last year's beside it")
    check(summary.column_dimensions["A"].width >= 10, f"branch column wide enough ({summary.column_dimensions['A'].width})")
    neike = wb["内科党支部"]
    check(neike.freeze_panes == "A2", f"branch sheet frozen at {neike.freeze_panes}")
    dates = [neike.cell(row=r, column=1).value for r in range(2, neike.max_row + 1)]
    check(all(isinstance(v, datetime.datetime) and v.year == 2024 for v in dates), f"dates are dates: {dates}")
    check(dates == sorted(dates), "stories in date order")
    participants = sum(neike.cell(row=r, column=5).value or 0 for r in range(2, neike.max_row + 1))
    check(participants == 70, f"participants as numbers, summing to 70 ({participants})")

    print("office readers: " + ("all checks passed" if not failures else f"{failures} check(s) failed"))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
