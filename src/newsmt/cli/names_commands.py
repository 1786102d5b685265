"""`newsmt names …`: house style for names, transliteration, the gold-set evaluation."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from newsmt.cli.common import app, fail, settings

names_app = typer.Typer(help="Names and places in house style.", no_args_is_help=True)
app.add_typer(names_app, name="names")

StyleOption = Annotated[
    str | None, typer.Option("--style", help="default, duden-strict, english or an editor style.")
]


def _styler(style: str | None):  # type: ignore[no-untyped-def]
    """The house styler; rows of the editors' names files it skips are named on stderr
    (the command goes on without them, as the pipeline does)."""
    from newsmt.names import StyleError, house_styler
    from newsmt.names.styles import load_styles_reporting

    s = settings(create_home=False)  # a filter must not leave a newsmt-data/ folder behind
    try:
        styler = house_styler(style or s.names_style, s.names_dir)
    except StyleError as exc:
        raise fail(str(exc)) from exc
    skipped = load_styles_reporting(s.names_dir / "styles.yaml")[1]
    for problem in [*styler.gazetteer.problems, *skipped]:
        print(f"newsmt: übersprungen: {problem}", file=sys.stderr)
    return styler


@names_app.command("apply")
def names_apply(style: StyleOption = None) -> None:
    """JSON lines on stdin ({"src_lang", "src", "mt"}) → the same plus "fixed", "changes",
    "unknown" on stdout, one line each. A bad line gets an "error" field; the rest go on."""
    styler = _styler(style)
    failed = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("each line must be a JSON object")
            for key in ("src_lang", "src", "mt"):
                if not isinstance(item.get(key), str):
                    raise ValueError(f"missing or non-string field {key!r}")
            result = styler.apply(item["src"], item["mt"], item["src_lang"])
            out = {**item, **result.as_dict()}
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            failed += 1
            out = {"error": f"line {number}: {exc}"}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


@names_app.command("translit")
def names_translit(
    words: Annotated[list[str], typer.Argument(help="Cyrillic words or names.")],
    lang: Annotated[str, typer.Option("--lang", help="uk or ru.")] = "uk",
    system: Annotated[
        str, typer.Option("--system", help="duden, national or scientific (ISO 9).")
    ] = "duden",
) -> None:
    """Print one transliteration per argument."""
    from newsmt.names import transliterate

    try:
        for word in words:
            print(transliterate(word, lang=lang, system=system))
    except ValueError as exc:
        raise fail(str(exc)) from exc


@names_app.command("eval")
def names_eval(
    gold: Annotated[
        Path | None, typer.Option(help="Gold set (JSON lines); default: the bundled one.")
    ] = None,
    style: StyleOption = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    show_errors: Annotated[int, typer.Option(help="Print up to N failing cases.")] = 10,
    references: Annotated[
        bool,
        typer.Option(
            "--references",
            help="Run over the human references of ../shared/eval instead; print every "
            "change and compare with the reviewed list (exit 1 on any difference).",
        ),
    ] = False,
    expected: Annotated[
        Path | None,
        typer.Option(help="With --references: the reviewed list (default: the bundled one)."),
    ] = None,
) -> None:
    """Exact-match accuracy, precision and recall of changes on the gold set; with
    --references, the changes made on real human translations against the reviewed list."""
    from newsmt.names.evaluate import evaluate_gold, load_gold

    if references:
        _references_gate(style, expected, as_json)
        return

    try:
        cases = load_gold(gold)
    except (OSError, ValueError) as exc:
        raise fail(str(exc)) from exc
    report = evaluate_gold(cases, _styler(style))
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    print(f"cases {report.cases} ({report.unchanged_cases} must stay unchanged)")
    print(f"exact match {report.exact_match:.2%}")
    print(f"changes precision {report.precision:.2%} recall {report.recall:.2%}")
    print(f"changes made on must-stay-unchanged sentences: {report.unchanged_violations}")
    for failure in report.failures[:show_errors]:
        print(f"  ✗ {failure['id']}: expected {failure['expected']!r}")
        print(f"    got      {failure['got']!r}")


def _references_gate(style: str | None, expected: Path | None, as_json: bool) -> None:
    from newsmt.names.references import (
        GateReport,
        changes_on_references,
        load_expected,
        tsv_line,
    )
    from newsmt.translate.evaluate import EvalDataError, find_eval_dir

    styler = _styler(style)
    default_list = "reference-changes.tsv" if styler.style.name == "default" else None
    try:
        eval_dir = find_eval_dir()
        made = changes_on_references(styler, eval_dir)
        if expected is None and default_list is None:
            from importlib import resources

            bundled = f"names/reference-changes-{styler.style.name}.tsv"
            with resources.as_file(resources.files("newsmt.data").joinpath(bundled)) as path:
                wanted = load_expected(path) if path.exists() else []
        else:
            wanted = load_expected(expected)
    except (EvalDataError, OSError, ValueError) as exc:
        raise fail(str(exc)) from exc
    report = GateReport(made, wanted)
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        print("set\tline\tfrom\tto\twhy")
        for change in made:
            print(tsv_line(change))
        print(
            f"# {len(made)} changes on the references; {len(report.unexpected)} not on the "
            f"reviewed list, {len(report.missing)} of the list not made",
            file=sys.stderr,
        )
        for change in report.unexpected:
            print(f"# unexpected: {tsv_line(change)}", file=sys.stderr)
        for change in report.missing:
            print(f"# missing: {tsv_line(change)}", file=sys.stderr)
    if not report.passed:
        raise typer.Exit(1)
