"""Department centralities in the co-responsibility network, by hand on the small fixture."""

from __future__ import annotations

import csv

from click.testing import CliRunner

from policykg.cli import main
from policykg.graph.io import write_json
from policykg.viz.stats import co_responsibility, department_stats

from testkit.small_graph import HOSTILE, make_small_kg


def test_co_responsibility_network():
    graph = co_responsibility(make_small_kg())
    assert graph.number_of_nodes() == 4
    assert graph["dept:西安市/市科学技术局"]["dept:西安市/市发展和改革委员会"]["weight"] == 2
    assert graph.has_edge("dept:成都市/市科学技术局", "dept:成都市/" + HOSTILE)
    assert "group:西安市/相关区县政府" not in graph  # only Department nodes


def test_department_rows():
    rows = {r["department"]: r for r in department_stats(make_small_kg())}
    keji = rows["西安市科学技术局"]
    assert (keji["leads"], keji["supports"], keji["partners"], keji["shared_tasks"]) == (2, 0, 1, 2)
    assert rows["西安市发展和改革委员会"]["supports"] == 1
    assert keji["degree_centrality"] == round(1 / 3, 6)
    assert all(r["betweenness"] == 0 for r in rows.values())
    assert keji["eigenvector"] > rows["成都市科学技术局"]["eigenvector"]


def test_stats_command_writes_csv(tmp_path):
    write_json(make_small_kg(), tmp_path / "graph.json")
    out = tmp_path / "stats.csv"
    result = CliRunner().invoke(main, ["stats", "--graph", str(tmp_path), "--csv", str(out),
                                       "--department", "市科技局"])
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["department"] for r in rows} == {"西安市科学技术局", "成都市科学技术局",
                                               "西安市发展和改革委员会", " ".join(HOSTILE.split())}
    missing = CliRunner().invoke(main, ["stats", "--graph", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "no graph here" in missing.output
