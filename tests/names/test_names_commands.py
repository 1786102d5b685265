"""The `newsmt names` contract: apply (JSON lines), translit, eval."""

from __future__ import annotations

import json
import subprocess
import sys

from ..test_cli import newsmt


def test_names_apply_reads_and_writes_json_lines(tmp_path):
    lines = [
        {
            "src_lang": "ru",
            "src": "Владимир Зеленский прибыл в Харьков.",
            "mt": "Wladimir Selenski kam in Charkow an.",
        },
        {
            "src_lang": "uk",
            "src": "Про це повідомили в Генштабі.",
            "mt": "Dies teilte der Generalstab mit.",
        },
        {"src_lang": "uk", "src": "Зустріч у Києві.", "mt": "Treffen in Kyiv.", "id": 7},
    ]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"
    result = subprocess.run(
        [sys.executable, "-m", "newsmt.cli", "names", "apply", "--style", "default"],
        input=stdin,
        capture_output=True,
        text=True,
        env={"NEWSMT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 3
    first = out[0]
    assert first["src"] == lines[0]["src"] and first["mt"] == lines[0]["mt"]
    assert first["fixed"] == "Wolodymyr Selenskyj kam in Charkiw an."
    assert {"from", "to", "entity", "kind", "reason"} == set(first["changes"][0])
    assert first["unknown"] == []
    assert out[1]["fixed"] == lines[1]["mt"] and out[1]["changes"] == []
    assert out[2]["id"] == 7 and out[2]["fixed"] == "Treffen in Kiew."


def test_names_apply_reports_a_bad_line_and_goes_on(tmp_path):
    stdin = 'not json\n{"src_lang": "ru", "src": "Киев", "mt": "Kyiv"}\n{"src_lang": "pl", "src": "x", "mt": "y"}\n'
    result = subprocess.run(
        [sys.executable, "-m", "newsmt.cli", "names", "apply"],
        input=stdin,
        capture_output=True,
        text=True,
        env={"NEWSMT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.returncode == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0]["error"].startswith("line 1:")
    assert out[1]["fixed"] == "Kiew"
    assert "src_lang must be ru or uk" in out[2]["error"]


def test_names_translit_prints_one_line_per_word(tmp_path):
    result = newsmt("names", "translit", "--lang", "uk", "Київ", "Запоріжжя", home=tmp_path)
    assert result.stdout.splitlines() == ["Kyjiw", "Saporischschja"]
    national = newsmt(
        "names", "translit", "--lang", "uk", "--system", "national", "Київ", home=tmp_path
    )
    assert national.stdout.strip() == "Kyiv"
    ru = newsmt(
        "names", "translit", "--lang", "ru", "--system", "scientific", "Щёлкино", home=tmp_path
    )
    assert ru.stdout.strip() == "Ŝëlkino"
    bad = newsmt("names", "translit", "--lang", "uk", "--system", "bgn", "Київ", home=tmp_path)
    assert bad.returncode == 2


def test_names_eval_meets_the_target_on_the_gold_set(tmp_path):
    result = newsmt("names", "eval", "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["cases"] >= 250
    assert report["unchanged_cases"] >= 60
    assert report["exact_match"] >= 0.98
    assert report["unchanged_violations"] == 0
    assert report["precision"] >= 0.98 and report["recall"] >= 0.98


def test_names_apply_as_a_filter_leaves_no_folder_behind(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMT_")}
    line = json.dumps({"src_lang": "ru", "src": "В Харькове.", "mt": "In Charkow."})
    result = subprocess.run(
        [sys.executable, "-m", "newsmt.cli", "names", "apply"],
        input=line + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["fixed"] == "In Charkiw."
    assert list(tmp_path.iterdir()) == []


def test_names_eval_references_passes_the_gate(tmp_path):
    result = newsmt("names", "eval", "--references", "--json", home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["passed"] and report["changes"] == report["expected"] >= 1


def test_the_gold_files_have_unique_stable_ids():
    from newsmt.names.evaluate import load_gold

    cases = load_gold()
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)) >= 600
    assert sum(c["id"].startswith("trap-") for c in cases) >= 100
