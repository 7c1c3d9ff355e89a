"""`fanmesh topology check` and `fanmesh node` as a user meets them: exit codes and errors that name the place."""

import pathlib
import subprocess

from conftest import REPO, fanmesh_binary, write_topology


def run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([fanmesh_binary(), *arguments], cwd=REPO, capture_output=True, text=True, timeout=30)


def test_every_shipped_topology_checks_ok():
    for path in sorted((REPO / "topology").glob("*.yaml")):
        result = run("topology", "check", str(path.relative_to(REPO)))
        assert result.returncode == 0, f"{path}: {result.stderr}"
        assert "ok" in result.stdout


def test_a_broken_topology_exits_1_with_every_problem_as_file_line_field(tmp_dir):
    topology = write_topology(tmp_dir, {"seoul": 1, "tokyo": 1})
    text = topology.read_text().replace("capacity: 1000", "capacity: -5", 1) + "colour: blue\n"
    text = text.replace("settings: tokyo.yaml", "settings: missing.yaml")
    topology.write_text(text)
    result = run("topology", "check", str(topology))
    assert result.returncode == 1
    lines = text.splitlines()
    capacity_line = next(i for i, line in enumerate(lines, 1) if "capacity: -5" in line)
    colour_line = next(i for i, line in enumerate(lines, 1) if line.startswith("colour:"))
    assert f"{topology}:{capacity_line}:" in result.stderr and "capacity" in result.stderr
    assert f"{topology}:{colour_line}: colour:" in result.stderr
    assert "missing.yaml" in result.stderr
    assert len(result.stderr.strip().splitlines()) >= 3, result.stderr


def test_usage_errors_exit_64_and_a_missing_file_exits_1():
    assert run("topology", "check").returncode == 64
    missing = run("topology", "check", "no/such/topology.yaml")
    assert missing.returncode == 1 and "no/such/topology.yaml" in missing.stderr


def test_node_refuses_an_unknown_node_id_and_names_the_known_ones():
    result = run("node", "--topology", "topology/local.yaml", "--node", "atlantis-1")
    assert result.returncode == 1
    assert "atlantis-1" in result.stderr and "seoul-1" in result.stderr


def test_node_says_which_data_dir_it_cannot_use(tmp_dir):
    topology = write_topology(tmp_dir, {"seoul": 1})
    blocker = tmp_dir / "not-a-directory"
    blocker.write_text("a file where the data directory should be")
    result = run("node", "--topology", str(topology), "--node", "seoul-1", "--data-dir", str(blocker / "seoul-1"))
    assert result.returncode == 1
    assert str(blocker) in result.stderr, result.stderr
