"""The benchmark runner (`make bench`) and the tutorial design it compares against."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta, timezone

from sqlalchemy import create_engine, select

from bench import tutorial_app
from bench.__main__ import BEGIN, END, run, write_section

DOC = """# Benchmarks

Introduction, written by hand.

## Reply parser throughput

Hand-written figures.
"""


def test_first_run_puts_the_section_after_the_introduction(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text(DOC)
    write_section(f"{BEGIN}\nrun one\n{END}", doc)
    text = doc.read_text()
    assert text.index("Introduction") < text.index("run one") < text.index("## Reply parser")
    assert text.replace(f"{BEGIN}\nrun one\n{END}\n\n", "") == DOC


def test_next_run_replaces_the_section_and_nothing_else(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text(DOC)
    write_section(f"{BEGIN}\nrun one\n{END}", doc)
    write_section(f"{BEGIN}\nrun two\n{END}", doc)
    text = doc.read_text()
    assert "run one" not in text and text.count(BEGIN) == 1
    assert text.replace(f"{BEGIN}\nrun two\n{END}\n\n", "") == DOC


def test_a_failing_benchmark_is_reported_with_its_last_stderr_line():
    lines, error = run(["bench.parse", "--texts", "many"], {})
    assert error.startswith("exit status 2: ")
    assert "invalid int value: 'many'" in error


def comparable(state: dict) -> dict:
    return {**state, "trigger": state["trigger"].__getstate__()}  # triggers have no __eq__


def test_bulk_filled_store_holds_the_rows_the_stock_store_writes(tmp_path):
    first = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(hours=1)
    bulk, stock = (f"sqlite:///{tmp_path / name}" for name in ("bulk.db", "stock.db"))
    tutorial_app.bulk_add(bulk, range(5), first)
    tutorial_app.stock_add(stock, range(5), first)

    def rows(url):
        engine = create_engine(url)
        table = tutorial_app.SQLAlchemyJobStore(engine=engine).jobs_t
        with engine.connect() as connection:
            found = [(row.id, row.next_run_time, comparable(pickle.loads(row.job_state)))
                     for row in connection.execute(select(table).order_by(table.c.id))]
        engine.dispose()
        return found

    stored = rows(bulk)
    assert len(stored) == 5 and stored == rows(stock)
    assert all(first.timestamp() <= nrt < first.timestamp() + tutorial_app.SPREAD for _, nrt, _ in stored)


def test_the_burst_figure_fails_when_a_patient_was_texted_twice_or_not_at_all():
    from bench.burst import once_each

    assert once_each([{"to": "+1"}, {"to": "+2"}], 2).startswith("ok")
    # Two texts arrived, so a count of the server's messages alone would say "done".
    assert once_each([{"to": "+1"}, {"to": "+1"}], 2) == (
        "FAILED: of 2 patients, 1 texted more than once and 1 not at all")
