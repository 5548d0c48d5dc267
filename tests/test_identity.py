"""Plan identity: two documents are one plan only on evidence (same title and document number,
or the same tasks); otherwise two plans with ids of their own and a warning naming the titles
that collide. Whatever a later source of one plan reads otherwise is named in a warning: no
task or edge is ever dropped silently (a property test over random pairs of documents)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.graph.build import GraphBuilder, Problem
from policykg.loaders.clean import clean
from policykg.loaders.extract import Extraction, extract_source
from policykg.loaders.text import SourceText

TITLES = ["乙市智能网联汽车产业发展行动方案", "首页"]
NUMBERS = [None, "乙政办发〔2022〕7号", "乙政办发〔2023〕12号"]
TASKS = [  # (title, lead, support)
    ("建设车路协同测试道路", "市交通运输局", "市公安局交警支队"),
    ("培育整车龙头企业", "市工业和信息化局", "市发展改革委"),
    ("开放自动驾驶应用场景", "市交通运输局", "各区县人民政府"),
    ("建设数据安全监测平台", "市委网信办", "市大数据局"),
    ("引进高层次研发人才", "市人力资源社会保障局", "市科技局"),
]


def plan_text(title: str, number: str | None, tasks: list[tuple[str, str, str]]) -> str:
    lines = [title] + ([number] if number else []) + ["一、主要任务"]
    lines += [f"{n}. {t}。加快推进相关工作。（牵头单位：{lead}；配合单位：{support}）"
              for n, (t, lead, support) in enumerate(tasks, 1)]
    return "\n".join(lines) + "\n"


def read(name: str, text: str) -> Extraction:
    return extract_source(clean(SourceText.identity(name, text)))


def build(*documents: tuple[str, str]) -> tuple[GraphBuilder, list[Problem]]:
    problems: list[Problem] = []
    builder = GraphBuilder(on_problem=problems.append)
    for name, text in documents:
        builder.add(read(name, text))
    return builder, problems


def plans(builder: GraphBuilder) -> list[dict]:
    return sorted(builder.kg.nodes("Plan"), key=lambda p: p["id"])


def test_one_title_and_one_document_number_are_one_plan():
    title, number = TITLES[0], NUMBERS[1]
    builder, problems = build(("a.txt", plan_text(title, number, TASKS[:2])),
                              ("b.txt", plan_text(title, number, TASKS[:2])))
    (plan,) = plans(builder)
    assert plan["sources"] == ["a.txt", "b.txt"]
    assert len(list(builder.kg.neighbours(plan["id"], "HAS_TASK"))) == 2
    assert problems == []


def test_the_same_tasks_make_one_plan_without_a_document_number():
    builder, problems = build(("a.txt", plan_text(TITLES[0], NUMBERS[1], TASKS[:3])),
                              ("b.txt", plan_text(TITLES[0], None, TASKS[:3])))
    (plan,) = plans(builder)
    assert plan["doc_number"] == NUMBERS[1]
    assert problems == []


def test_a_later_source_reading_a_unit_otherwise_is_named_with_the_task():
    other = [(TASKS[0][0], TASKS[0][1], "市住房城乡建设局"), TASKS[1]]
    builder, problems = build(("a.txt", plan_text(TITLES[0], NUMBERS[1], TASKS[:2])),
                              ("b.txt", plan_text(TITLES[0], NUMBERS[1], other)))
    assert len(plans(builder)) == 1
    (problem,) = problems
    assert problem.path == "b.txt"
    assert "a.txt" in problem.message and "same document number" in problem.message
    assert f"SUPPORTS 市住房城乡建设局 on task 1. {TASKS[0][0]}" in problem.message


def test_one_title_with_other_tasks_and_numbers_is_two_plans_and_a_warning():
    builder, problems = build(("2022.txt", plan_text(TITLES[0], NUMBERS[1], TASKS[:2])),
                              ("2023.txt", plan_text(TITLES[0], NUMBERS[2], TASKS[2:])))
    first, second = plans(builder)
    assert first["id"] == "plan:" + TITLES[0]
    assert second["id"] == f"plan:{TITLES[0]}@乙政办发[2023]12号"
    for plan, n in ((first, 2), (second, 3)):
        assert len(list(builder.kg.neighbours(plan["id"], "HAS_TASK"))) == n
    (problem,) = problems
    assert problem.path == "2023.txt" and TITLES[0] in problem.message
    assert "collides" in problem.message and second["id"] in problem.message


def test_many_pages_titled_alike_stay_apart_by_file():
    pages = [(f"page{n}.html", plan_text("首页", None, [task])) for n, task in enumerate(TASKS)]
    builder, problems = build(*pages)
    ids = [p["id"] for p in plans(builder)]
    assert len(ids) == len(TASKS) == len(set(ids))
    assert "plan:首页@page3.html" in ids
    assert sum(1 for t in builder.kg.nodes("Task")) == len(TASKS)
    assert [p.path for p in problems] == [f"page{n}.html" for n in range(1, len(TASKS))]


# -- the property: nothing dropped without a warning naming the file --------------------------
DOCUMENT = st.tuples(
    st.sampled_from(TITLES), st.sampled_from(NUMBERS),
    st.lists(st.sampled_from(TASKS), max_size=4),
    st.lists(st.sampled_from(["市交通运输局", "市科技局", "各区县人民政府"]), max_size=4))


def with_supports(tasks, supports):
    """Tasks whose supporting unit is replaced, one by one, by the units in ``supports``."""
    return [(t, lead, supports[i] if i < len(supports) else support)
            for i, (t, lead, support) in enumerate(tasks)]


@settings(max_examples=150, deadline=None)
@given(DOCUMENT, DOCUMENT)
def test_no_task_or_edge_of_either_document_is_dropped_without_a_warning(a, b):
    texts = {name: plan_text(title, number, with_supports(tasks, supports))
             for name, (title, number, tasks, supports) in (("a.txt", a), ("b.txt", b))}
    builder, problems = build(*texts.items())
    kg = builder.kg
    for name, text in texts.items():
        said = " ".join(p.message for p in problems if p.path == name)
        (doc,) = read(name, text).documents
        plan = next(p["id"] for p in kg.nodes("Plan") if name in p["sources"])
        tasks = list(kg.neighbours(plan, "HAS_TASK"))
        for task in doc.tasks:
            found = [t for t in tasks if t["number"] == task.number and t["title"] == task.title]
            if not found:
                assert f"task {task.number} {task.title}" in said
                continue
            (node,) = found
            edges = {(e["type"], alias) for e in kg.edges() if e["target"] == node["id"]
                     for alias in kg.node(e["source"])["aliases"]}
            for role in task.units:
                assert (role.edge, role.surface) in edges or (
                    f"{role.edge} {role.surface} on task {task.number} {task.title}" in said)
    ids = [p["id"] for p in plans(builder)]
    if len(ids) == 2 and a[0] == b[0]:  # one title, two plans: the collision is reported
        assert any("collides" in p.message and p.path == "b.txt" for p in problems)
    if len(ids) == 1:  # one plan: on evidence only
        assert a[0] == b[0]
        assert (a[1] and a[1] == b[1]) or [t[0] for t in a[2]] == [t[0] for t in b[2]]


def test_strict_turns_a_collision_into_exit_1(tmp_path):
    from click.testing import CliRunner

    from policykg.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(plan_text(TITLES[0], NUMBERS[1], TASKS[:2]), encoding="utf-8")
    (folder / "b.txt").write_text(plan_text(TITLES[0], NUMBERS[2], TASKS[2:]), encoding="utf-8")
    args = ["build", str(folder), "--out", str(tmp_path / "out"), "--quiet", "--no-cache"]
    relaxed = CliRunner().invoke(main, args)
    strict = CliRunner().invoke(main, [*args, "--strict"])
    assert relaxed.exit_code == 0 and strict.exit_code == 1
    for result in (relaxed, strict):
        assert f"{folder / 'b.txt'}: plan title '{TITLES[0]}' collides" in result.stderr


def test_an_annotation_before_the_first_plan_of_a_compilation_is_named():
    plans_text = [plan_text("丙市数字政府建设实施方案", None, TASKS[:1]),
                  plan_text("丁市智慧医疗行动计划", None, TASKS[1:2])]
    text = ("目录\n1. 丙市数字政府建设实施方案 3\n2. 丁市智慧医疗行动计划 9\n"
            "前言：编印说明。（牵头单位：市档案馆）\n" + "".join(plans_text))
    extraction = read("book.txt", text)
    assert [d.title for d in extraction.documents] == ["丙市数字政府建设实施方案", "丁市智慧医疗行动计划"]
    assert extraction.problems == [
        "line 4: responsibility annotation before the first plan, not read: （牵头单位：市档案馆）"]
