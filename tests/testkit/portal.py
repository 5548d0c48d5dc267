"""Government portal pages made from plain-text plans, for tests and benchmarks.

``portal_page(text, ...)`` wraps the text of a plan (its first line is the title) in a page as
Chinese government sites serve them: a welcome banner (optional), navigation, breadcrumbs, a
metadata table (索引号, 发布机构, 发文字号, 成文日期, 名称), the title in ``<h1>`` (also in
``<title>`` and ``<meta name="ArticleTitle">``), the body, a print bar, related links and a
footer. Three layouts, unlike each other as sites are: a ``div`` page with a metadata table, an
old table-layout page whose title is no ``<h1>``, and a page with a metadata list. The texts
in ``tests/data/plans/`` are plans written for these tests, not taken from the corpus.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

PLANS = Path(__file__).resolve().parents[1] / "data" / "plans"
LAYOUTS = ("divs", "tables", "list")


@dataclass(frozen=True)
class Metadata:
    issuer: str
    number: str
    date: str  # 2023年4月12日


def plan_texts() -> dict[str, str]:
    """The test plans by file stem."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(PLANS.glob("*.txt"))}


def site_of(title: str) -> str:
    """The place whose portal serves a plan: the leading place name of its title."""
    m = re.match(r"(.{2,4}?[省市])", title)
    return m.group(1) if m else "本市"


def _paragraphs(lines: list[str]) -> str:
    out = []
    for line in lines:
        escaped = html.escape(line, quote=False).replace("“", "&ldquo;").replace("”", "&rdquo;")
        if re.match(r"[一二三四五六七八九十]+、", line):
            out.append(f'<p style="text-indent:2em;"><strong>{escaped}</strong></p>')
        elif re.match(r"\d{4}年\d{1,2}月\d{1,2}日$|.{2,20}(人民政府|办公厅)$", line):
            out.append(f'<p style="text-align:right;">{escaped}</p>')
        else:
            out.append(f'<p style="text-indent:2em;">&nbsp;&nbsp;{escaped}</p>')
    return "\n".join(out)


def _banner(site: str) -> str:
    return (f'<div class="top-bar"><span>欢迎访问{site}人民政府门户网站</span>'
            '<a href="#">无障碍</a>|<a href="#">移动版</a>|<a href="#">简体</a> '
            '<a href="#">繁體</a> <input type="text" placeholder="请输入关键字"> '
            '<a href="#">搜索</a></div>\n'
            f'<div class="logo"><img src="logo.png" alt="{site}人民政府"></div>\n')


NAV = ('<div class="nav"><ul><li><a href="#">首页</a></li><li><a href="#">要闻动态</a></li>'
       '<li><a href="#">政务公开</a></li><li><a href="#">政策文件</a></li>'
       '<li><a href="#">政务服务</a></li><li><a href="#">互动交流</a></li>'
       '<li><a href="#">走进本市</a></li></ul></div>\n')
CRUMBS = ('<div class="position">当前位置：<a href="#">首页</a> &gt; <a href="#">政务公开</a> '
          '&gt; <a href="#">政策文件</a> &gt; 正文</div>\n')
PRINT_BAR = ('<div class="article-tools">【<a href="javascript:window.print()">打印本页</a>】'
             '【<a href="javascript:window.close()">关闭窗口</a>】</div>\n')
RELATED = ('<div class="related"><h3>相关文件</h3><ul><li><a href="#">关于进一步优化营商环境的'
           '若干措施</a></li><li><a href="#">政策解读：图解数字经济发展规划</a></li></ul></div>\n')


def _footer(site: str) -> str:
    return (f'<div class="footer"><p>主办单位：{site}人民政府办公厅　承办单位：{site}大数据中心</p>'
            '<p>网站标识码：5201000001　<a href="#">黔ICP备05001234号</a>　'
            '<a href="#">公网安备 52010202000123号</a></p>'
            '<p><a href="#">网站地图</a> | <a href="#">联系我们</a></p></div>\n')


def portal_page(text: str, meta: Metadata, *, layout: str = "divs", banner: bool = True,
                charset: str = "utf-8", repeat_title: bool = False) -> str:
    """The page of the plan ``text`` as a portal serves it (see the module docstring)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title, body = lines[0], lines[1:] if not repeat_title else lines
    site = site_of(title)
    t = html.escape(title)
    head = (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="{charset}">\n'
            f'<meta name="ArticleTitle" content="{t}">\n<meta name="PubDate" content="2024-01-05">'
            f'\n<title>{t}_政策文件_{site}人民政府门户网站</title>\n'
            '<style>.nav li{display:inline}</style>\n<script>var _hmt=[];</script>\n</head>\n')
    table_rows = [("索引号", "11520100MB1234567X/2024-00123"), ("主题分类", "工业、交通"),
                  ("发布机构", meta.issuer), ("发文字号", meta.number),
                  ("成文日期", meta.date), ("发布日期", "2024年01月05日"), ("名称", title)]
    content = _paragraphs(body)
    if layout == "divs":
        cells = "".join(f"<tr><th>{k}：</th><td>{html.escape(v)}</td></tr>"
                        for k, v in table_rows)
        main = (f'<div class="xxgk-table"><table>{cells}</table></div>\n'
                f'<div class="article"><h1>{t}</h1>\n'
                '<div class="article-info">来源：市政府办公厅　发布时间：2024-01-05　'
                '【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>\n'
                f'<div class="article-content" id="zoom">\n{content}\n</div>\n'
                f'{PRINT_BAR}</div>\n')
    elif layout == "tables":
        pairs = [table_rows[i:i + 2] for i in range(0, len(table_rows), 2)]
        cells = "".join("<tr>" + "".join(f'<td class="label">{k}：</td><td>{html.escape(v)}</td>'
                                         for k, v in pair) + "</tr>" for pair in pairs)
        main = (f'<table width="1000" align="center"><tr><td width="250" valign="top">'
                '<div class="left-menu"><ul><li><a href="#">规范性文件</a></li>'
                '<li><a href="#">政府文件</a></li><li><a href="#">部门文件</a></li></ul></div>'
                '</td><td valign="top">\n'
                f'<table class="info" border="1">{cells}</table>\n'
                f'<table width="100%"><tr><td class="title" align="center"><b>{t}</b></td></tr>\n'
                f'<tr><td class="content">\n{content}\n</td></tr></table>\n'
                f'{PRINT_BAR}</td></tr></table>\n')
    else:
        items = "".join(f"<li><span>{k}：</span>{html.escape(v)}</li>" for k, v in table_rows)
        main = (f'<div class="main"><div class="meta"><ul>{items}</ul></div>\n'
                f'<h1 class="doc-title">{t}</h1>\n<div class="share">分享到：<a href="#">微信</a>'
                f' <a href="#">微博</a></div>\n<div class="TRS_Editor">\n{content}\n</div>\n'
                f'<div class="qr">扫一扫在手机打开当前页</div>\n{PRINT_BAR}</div>\n')
    page = (head + "<body>\n" + (_banner(site) if banner else "") + NAV + CRUMBS + main
            + RELATED + _footer(site) + "</body>\n</html>\n")
    return page


def page_bytes(page: str, charset: str) -> bytes:
    return page.encode("gb18030" if charset.lower() in ("gb2312", "gbk", "gb18030") else charset)


def metadata_for(stem: str, text: str) -> Metadata:
    """Front matter for the page of a plan: what its text says, or made up for it."""
    number = re.search(r"^\S{1,6}〔\d{4}〕\d{1,4}号$", text, re.M)
    date = re.search(r"^\d{4}年\d{1,2}月\d{1,2}日$", text, re.M)
    title = text.splitlines()[0]
    site = site_of(title)
    issuer = (m.group(1) if (m := re.match(r"(.+?(?:办公厅|人民政府))关于", title))
              else f"{site}人民政府办公厅")
    n = int(stem[:2])
    return Metadata(issuer, number.group() if number else f"政办发〔2024〕{n}号",
                    date.group() if date else f"2024年{n % 12 + 1}月{n + 3}日")


def write_pages(folder: Path, *, banner: bool = True) -> dict[str, Path]:
    """Write the page of every test plan into ``folder`` (layouts and encodings in turn;
    every third page in GB18030); the paths by plan stem."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for i, (stem, text) in enumerate(plan_texts().items()):
        charset = "gb2312" if i % 3 == 1 else "utf-8"
        page = portal_page(text, metadata_for(stem, text), layout=LAYOUTS[i % 3],
                           banner=banner, charset=charset, repeat_title=i % 4 == 0)
        path = folder / f"{stem}.html"
        path.write_bytes(page_bytes(page, charset))
        paths[stem] = path
    return paths
